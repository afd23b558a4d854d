package httpapi_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

func TestSitesGeoJSONEndpoint(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	tests := []struct {
		query  string
		status int
		want   []string
	}{
		{"", 200, []string{"parc-bruay", "bridgestone-bethune", "usine-lille"}},
		{"?territory=epci-200072460&status=REOCCUPIED", 200, []string{"bridgestone-bethune"}},
		{"?bbox=2.5,50.4,2.7,50.55", 200, []string{"parc-bruay", "bridgestone-bethune"}},
		{"?near=50.5303,2.6408,5&activity=batteries", 200, []string{"bridgestone-bethune"}},
		{"?status=OPERATING,CLOSED&limit=1", 200, []string{"parc-bruay"}},
		{"?bbox=1,2,3", 400, nil},
		{"?near=50,2,-1", 400, nil},
		{"?status=OPEN", 400, nil},
		{"?limit=0", 400, nil},
	}
	for _, tt := range tests {
		res, err := http.Get(srv.URL + "/sites.geojson" + tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Type      string
			Features  []struct{ ID string }
			Matched   int
			Truncated bool
			Omitted   struct{ Total, WithoutLocation, OverLimit int }
		}
		_ = json.NewDecoder(res.Body).Decode(&fc)
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.query, res.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/geo+json" || fc.Type != "FeatureCollection" {
			t.Errorf("%s: content type %q, type %q", tt.query, ct, fc.Type)
		}
		got := []string{}
		for _, f := range fc.Features {
			got = append(got, f.ID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.query, got, tt.want)
		}
		// What the map leaves out is counted: by the limit, or for lack of a point.
		if len(fc.Features)+fc.Omitted.Total != fc.Matched || fc.Omitted.Total != fc.Omitted.WithoutLocation+fc.Omitted.OverLimit ||
			fc.Truncated != (fc.Omitted.Total > 0) {
			t.Errorf("%s: %d features, matched %d, truncated %v, omitted %+v", tt.query, len(fc.Features), fc.Matched, fc.Truncated, fc.Omitted)
		}
		if tt.query == "?status=OPERATING,CLOSED&limit=1" && (fc.Omitted.OverLimit < 1 || !fc.Truncated) {
			t.Errorf("%s: the limit cut the list: omitted %+v", tt.query, fc.Omitted)
		}
	}
}
