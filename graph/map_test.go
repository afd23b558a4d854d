package graph_test

import (
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

// mapAnswer is what a GeoJSON answer says about what it leaves out.
type mapAnswer struct {
	Features  []struct{ ID string }
	Matched   int
	Truncated bool
	Omitted   struct{ Total, WithoutLocation, OverLimit int }
}

// checkMap checks that a map answer accounts for every record that matched.
func checkMap(t *testing.T, name string, m mapAnswer, matched, features, withoutLocation, overLimit int) {
	t.Helper()
	if m.Matched != matched || len(m.Features) != features || m.Omitted.WithoutLocation != withoutLocation ||
		m.Omitted.OverLimit != overLimit || m.Omitted.Total != withoutLocation+overLimit ||
		m.Truncated != (withoutLocation+overLimit > 0) {
		t.Errorf("%s: matched %d, %d features, truncated %v, omitted %+v; want matched %d, %d features, %d without a point, %d over the limit",
			name, m.Matched, len(m.Features), m.Truncated, m.Omitted, matched, features, withoutLocation, overLimit)
	}
	if len(m.Features)+m.Omitted.Total != m.Matched {
		t.Errorf("%s: %d features + %d omitted != %d matched", name, len(m.Features), m.Omitted.Total, m.Matched)
	}
}

func TestMapsSayWhatTheyLeaveOut(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	var got struct {
		All, Ten, Sites, OneSite, None mapAnswer
	}
	srv.Query(t, `{
	  all: territoriesGeoJSON(filter: {parent: "epci-200072460", kind: [COMMUNE]})
	  ten: territoriesGeoJSON(filter: {parent: "epci-200072460", kind: [COMMUNE]}, first: 10)
	  sites: sitesGeoJSON
	  oneSite: sitesGeoJSON(first: 1)
	  none: sitesGeoJSON(filter: {name: "no site has this name"})
	}`, nil).Decode(t, &got)
	// The 100 communes of the agglomeration of Béthune-Bruay: 56 have a point.
	checkMap(t, "communes", got.All, 100, 56, 44, 0)
	checkMap(t, "communes, first 10", got.Ten, 100, 10, 44, 46)
	// Every curated site has a point (its own, or its commune's centre).
	n := got.Sites.Matched
	if n < 2 {
		t.Fatalf("sites: %+v", got.Sites)
	}
	checkMap(t, "sites", got.Sites, n, n, 0, 0)
	checkMap(t, "sites, first 1", got.OneSite, n, 1, 0, n-1)
	checkMap(t, "no site", got.None, 0, 0, 0, 0)
}
