package graphiql_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/graphiql"
)

// Every example query runs on the curated dataset without errors and returns data.
func TestExamplesOnTheDataset(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	for _, ex := range append(append([]graphiql.Example{}, graphiql.Stories...), graphiql.Examples...) {
		t.Run(ex.Name, func(t *testing.T) {
			resp := srv.Query(t, ex.Query, ex.Variables)
			var data map[string]any
			resp.Decode(t, &data)
			n := apitest.Leaves(data)
			isMap := strings.Contains(ex.Query, "GeoJSON")
			switch {
			case isMap:
				// Sites take their commune's point when they have none of their own.
				raw, _ := json.Marshal(data)
				if !strings.Contains(string(raw), `"FeatureCollection"`) || !strings.Contains(string(raw), `"Point"`) {
					t.Errorf("not a FeatureCollection with points: %s", raw)
				}
			case n < 3:
				raw, _ := json.Marshal(data)
				t.Errorf("example returns almost nothing: %s", raw)
			}
		})
	}
}

// Each story shows what its title promises on the curated dataset.
func TestStoriesShowTheirFigures(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	want := map[string][]string{
		"Bridgestone, five years on":                 {"REOCCUPIED", "Black-Star", "Azur Datacenter", "1961"},
		"Where did the workers go?":                  {"PERMANENT_CONTRACT", "769", "823", "863", "98"},
		"Who took over the site?":                    {"SIG", "Mecaware", "46000"},
		"Public money in the territory":              {"21768438", "France Relance", "PRIVATE_COMPANY", "4689915"},
		"The battery valley":                         {"VALUE_CHAIN", "ACC"},
		"Who says so? Disagreements between sources": {"bridgestone-bethune/closure-date", "2021-05-01", "124", "148"},
	}
	// Nor say what the code does not: the public money without the company's, jobs
	// created counted once.
	wrong := map[string][]string{
		"Public money in the territory": {"26458353"},
	}
	for _, story := range graphiql.Stories {
		resp := srv.Query(t, story.Query, story.Variables)
		var data map[string]any
		resp.Decode(t, &data)
		raw, _ := json.Marshal(data)
		for _, w := range want[story.Name] {
			if !strings.Contains(string(raw), w) {
				t.Errorf("story %q does not show %q", story.Name, w)
			}
		}
		for _, w := range wrong[story.Name] {
			if strings.Contains(string(raw), w) {
				t.Errorf("story %q shows %q", story.Name, w)
			}
		}
		delete(want, story.Name)
	}
	for name := range want {
		t.Errorf("story %q missing", name)
	}
}

// The examples show the figures their descriptions promise.
func TestExamplesShowTheirFigures(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	want := map[string][]string{
		"Aggregates: jobs created against targets, by year":           {`"sum":978`, `"setAside":1`, "convention-revitalisation-bridgestone/jobs-created"},
		"Aggregates: public money by programme for the agglomeration": {"21768438", "STATE"},
		"Time of knowledge: what was public on 1 March 2021":          {"2021-02-26"},
		"Corrections: what changed in the published figures":          {"2026.12", "2026-12-jobs-created-counted-once"},
	}
	wrong := map[string][]string{
		"Aggregates: jobs created against targets, by year":           {"1956"},
		"Aggregates: public money by programme for the agglomeration": {"26458353", "PRIVATE_COMPANY"},
		"Time of knowledge: what was public on 1 March 2021":          {"2025-09-01", "550000"},
	}
	for _, ex := range graphiql.Examples {
		if want[ex.Name] == nil {
			continue
		}
		resp := srv.Query(t, ex.Query, ex.Variables)
		var data map[string]any
		resp.Decode(t, &data)
		raw, _ := json.Marshal(data)
		for _, w := range want[ex.Name] {
			if !strings.Contains(string(raw), w) {
				t.Errorf("example %q does not show %q", ex.Name, w)
			}
		}
		for _, w := range wrong[ex.Name] {
			if strings.Contains(string(raw), w) {
				t.Errorf("example %q shows %q", ex.Name, w)
			}
		}
		delete(want, ex.Name)
	}
	for name := range want {
		t.Errorf("example %q missing", name)
	}
}
