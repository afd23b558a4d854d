package compiled

import (
	"strconv"
	"testing"
)

// The plan cache answers what it was told, per document and operation name, and never
// holds more than maxPlans operations.
func TestPlanCacheIsBounded(t *testing.T) {
	var c planCache
	c.put(planKey{"{ a }", ""}, "")
	c.put(planKey{"{ a }", "A"}, "Query.a")
	if missing, ok := c.get(planKey{"{ a }", ""}); !ok || missing != "" {
		t.Errorf("unnamed operation: %q %v", missing, ok)
	}
	if missing, ok := c.get(planKey{"{ a }", "A"}); !ok || missing != "Query.a" {
		t.Errorf("named operation: %q %v", missing, ok)
	}
	for i := range 3 * maxPlans {
		c.put(planKey{"{ a" + strconv.Itoa(i) + " }", ""}, "")
		if len(c.plans) > maxPlans {
			t.Fatalf("%d plans kept, at most %d", len(c.plans), maxPlans)
		}
	}
}
