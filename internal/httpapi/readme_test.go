package httpapi_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

// graphqlBlocks returns the ```graphql blocks of a Markdown file.
func graphqlBlocks(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, part := range strings.Split(string(raw), "```graphql\n")[1:] {
		out = append(out, part[:strings.Index(part, "```")])
	}
	return out
}

// The README's queries (and those of the docs for journalists) run on the curated
// dataset and say what the README says: 978 jobs created in 2023, counted once;
// 21 768 438 € of public money for the agglomeration, never added to the company's.
func TestTheReadmeSaysWhatTheAPIAnswers(t *testing.T) {
	srv := apitest.Seeded(t)
	blocks := append(graphqlBlocks(t, "../../README.md"), graphqlBlocks(t, "../../docs/money.md")...)
	if len(blocks) < 8 {
		t.Fatalf("only %d GraphQL examples found", len(blocks))
	}
	checked := map[string]bool{}
	for _, q := range blocks {
		resp := srv.Query(t, q, nil)
		var data map[string]any
		resp.Decode(t, &data)
		raw, _ := json.Marshal(data)
		if strings.Contains(q, `observationAggregate(filter: {metric: "jobs_created"}, groupBy: [YEAR, STATUS])`) {
			checked["jobs"] = true
			var d struct {
				ObservationAggregate struct {
					SetAside int
					Groups   []struct {
						Year     *int
						Status   string
						Count    int
						SetAside int
						Sum      float64
					}
				}
			}
			_ = json.Unmarshal(raw, &d)
			found := false
			for _, g := range d.ObservationAggregate.Groups {
				if g.Year != nil && *g.Year == 2023 && g.Status == "ACTUAL" {
					found = g.Sum == 978 && g.Count == 1 && g.SetAside == 1
				}
			}
			if !found || strings.Contains(string(raw), "1956") {
				t.Errorf("the README's jobs created: %s", raw)
			}
		}
		if strings.Contains(q, `subsidyAggregate(filter: {territory: "epci-200072460", public: true}`) {
			checked["public"] = true
			if !strings.Contains(string(raw), `"sumEur":21768438`) || strings.Contains(string(raw), "26458353") {
				t.Errorf("the README's public money: %s", raw)
			}
		}
		if strings.Contains(q, `groupBy: [FUNDER_KIND]`) {
			checked["byFunder"] = true
			if !strings.Contains(string(raw), `"funderKind":"PRIVATE_COMPANY"`) || strings.Contains(string(raw), "26458353") {
				t.Errorf("the money by funder: %s", raw)
			}
		}
	}
	for _, k := range []string{"jobs", "public", "byFunder"} {
		if !checked[k] {
			t.Errorf("the example %q is gone from the README or docs/money.md", k)
		}
	}
}
