package graph_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
)

// slugs runs a root list query and returns the slugs of its nodes, in order.
func slugs(t *testing.T, srv *apitest.Server, field, args string) []string {
	t.Helper()
	resp := srv.Query(t, fmt.Sprintf(`{ list: %s(first: 100%s) { totalCount nodes { slug } } }`, field, args), nil)
	var data struct {
		List struct {
			TotalCount int
			Nodes      []struct{ Slug string }
		}
	}
	resp.Decode(t, &data)
	out := []string{}
	for _, n := range data.List.Nodes {
		out = append(out, n.Slug)
	}
	if data.List.TotalCount != len(out) {
		t.Errorf("%s(%s): totalCount %d, %d nodes", field, args, data.List.TotalCount, len(out))
	}
	return out
}

func gid(typ, slug string) string { return graph.GlobalID(typ, slug) }

func TestExploreFilters(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	tests := []struct {
		name, field, args string
		want              []string
	}{
		// Names sort by code point, the same on both stores: "Bruay" before "Béthune".
		{"territories by kind", "territories", `, filter: {kind: [COMMUNE]}`, []string{"commune-62119", "commune-62178", "commune-59350"}},
		{"territories by parent", "territories", `, filter: {parent: "epci-200072460"}`, []string{"commune-62119", "commune-62178"}},
		{"territories by code", "territories", `, filter: {code: "62119"}`, []string{"commune-62119"}},
		// The name filter reads the search text, which holds the parent's name too.
		{"territories by name without accents", "territories", `, filter: {name: "bethune"}`, []string{"commune-62119", "commune-62178", "epci-200072460"}},
		{"territories within, by code", "territories", `, filter: {within: "departement-62", kind: [COMMUNE]}, orderBy: CODE`, []string{"commune-62119", "commune-62178"}},
		{"sites in a territory and below", "sites", `, filter: {territory: "epci-200072460"}`, []string{"friche-sans-point", "parc-bruay", "bridgestone-bethune"}},
		{"sites by status", "sites", `, filter: {status: [OPERATING]}`, []string{"parc-bruay", "usine-lille"}},
		{"sites by occupant activity", "sites", `, filter: {activity: "BATTERIE"}`, []string{"bridgestone-bethune"}},
		{"sites by description", "sites", `, filter: {activity: "fumisterie"}`, []string{"usine-lille"}},
		{"sites by company activity, accents ignored", "sites", `, filter: {activity: "cheminees"}`, []string{"usine-lille"}},
		{"sites by operator activity", "sites", `, filter: {activity: "immobilier"}`, []string{"bridgestone-bethune"}},
		{"sites by operator", "sites", `, filter: {operator: "fonciere-artois"}`, []string{"bridgestone-bethune"}},
		{"sites by occupant", "sites", `, filter: {occupant: "black-star"}`, []string{"bridgestone-bethune"}},
		{"sites in a bounding box", "sites", `, filter: {bbox: {south: 50.4, west: 2.5, north: 50.55, east: 2.7}}`, []string{"parc-bruay", "bridgestone-bethune"}},
		{"sites within 5 km of Béthune", "sites", `, filter: {near: {latitude: 50.5303, longitude: 2.6408, radiusKm: 5}}`, []string{"bridgestone-bethune"}},
		{"sites within 15 km of Béthune", "sites", `, filter: {near: {latitude: 50.5303, longitude: 2.6408, radiusKm: 15}}`, []string{"parc-bruay", "bridgestone-bethune"}},
		{"sites within 40 km of Béthune, largest first", "sites", `, filter: {near: {latitude: 50.5303, longitude: 2.6408, radiusKm: 40}}, orderBy: AREA_DESC`, []string{"bridgestone-bethune", "parc-bruay", "usine-lille"}},
		{"companies by activity", "companies", `, filter: {activity: "logistique"}`, []string{"black-star"}},
		{"companies by occupancy activity", "companies", `, filter: {activity: "metaux"}`, []string{"mecaware"}},
		{"companies by territory", "companies", `, filter: {territory: "epci-200072460"}`, []string{"black-star", "fonciere-artois", "mecaware"}},
		{"companies by SIREN", "companies", `, filter: {siren: "880000002"}`, []string{"cheminees-philippe"}},
		{"companies on a site", "companies", `, filter: {site: "bridgestone-bethune"}`, []string{"black-star", "fonciere-artois", "mecaware"}},
		{"subsidies by programme and its children", "subsidies", `, filter: {programme: "france-relance"}`, []string{"sub-territoire", "sub-mecaware", "sub-black-star"}},
		{"subsidies by territory", "subsidies", `, filter: {territory: "commune-62119"}`, []string{"sub-mecaware", "sub-black-star"}},
		{"subsidies by recipient", "subsidies", `, filter: {recipient: "mecaware"}`, []string{"sub-mecaware"}},
		{"subsidies by period", "subsidies", `, filter: {from: "2022", to: "2022"}`, []string{"sub-territoire", "sub-black-star"}},
		{"subsidies from a year, open end", "subsidies", `, filter: {from: "2023"}`, []string{"sub-cheminees"}},
		{"subsidies by amount range", "subsidies", `, filter: {minAmountEur: 300000, maxAmountEur: 2000000}`, []string{"sub-mecaware", "sub-black-star", "sub-cheminees"}},
		{"subsidies by status", "subsidies", `, filter: {status: [ANNOUNCED]}`, []string{"sub-cheminees"}},
		{"subsidies by period order", "subsidies", `, orderBy: PERIOD`, []string{"sub-territoire", "sub-mecaware", "sub-black-star", "sub-cheminees"}},
		{"subsidies by period, recent first", "subsidies", `, orderBy: PERIOD_DESC`, []string{"sub-cheminees", "sub-black-star", "sub-mecaware", "sub-territoire"}},
		{"observations by metric and status", "observations", `, filter: {metric: "jobs", status: [TARGET]}`, []string{"obs-01"}},
		{"observations by subject", "observations", fmt.Sprintf(`, filter: {subject: %q}`, gid("Company", "black-star")), []string{"obs-01", "obs-02", "obs-03", "obs-04"}},
		{"observations by rank", "observations", `, filter: {rank: [DEPRECATED]}`, []string{"obs-04"}},
		{"observations by source", "observations", `, filter: {source: "source-2021"}`, []string{"obs-01", "obs-07"}},
		{"observations by period", "observations", `, filter: {metric: "jobs_created", from: "2022", to: "2022"}`, []string{"obs-06", "obs-07", "obs-10"}},
		{"observations in a territory and its communes", "observations", `, filter: {territory: "epci-200072460", metric: "jobs_created"}`, []string{"obs-05", "obs-06", "obs-07", "obs-08"}},
		{"observations about sites and companies of a territory", "observations", `, filter: {territory: "commune-62119", metric: "jobs"}`, []string{"obs-09", "obs-01", "obs-02", "obs-03", "obs-04"}},
		{"observations of a breakdown", "observations", `, filter: {category: "PERMANENT_CONTRACT"}`, []string{"obs-09"}},
		{"observations without breakdowns, recent first", "observations", `, filter: {metric: "jobs", withoutBreakdown: true}, orderBy: DATE_DESC`, []string{"obs-04", "obs-03", "obs-02", "obs-01"}},
		{"observations known in 2022", "observations", `, filter: {metric: "jobs", asOf: "2022"}`, []string{"obs-01"}},
		{"events by kind", "events", `, filter: {kind: [CLOSURE]}`, []string{"fermeture"}},
		{"events by period", "events", `, filter: {from: "2021", to: "2023-05"}`, []string{"fermeture", "arrivee-mecaware"}},
		{"events by subject", "events", fmt.Sprintf(`, filter: {subject: %q}`, gid("Site", "bridgestone-bethune")), []string{"annonce-fermeture", "fermeture"}},
		{"events, recent first", "events", `, orderBy: DATE_DESC`, []string{"arrivee-mecaware", "fermeture", "annonce-fermeture"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slugs(t, srv, tt.field, tt.args)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s(%s)\n got %v\nwant %v", tt.field, tt.args, got, tt.want)
			}
		})
	}
}

func TestExploreFilterPagination(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Network(t, s.DB, 25)
	srv := apitest.New(t, s)
	// Keyset pages through a distance filter: every site once, in order.
	var all []string
	after := ""
	for page := 0; page < 10; page++ {
		resp := srv.Query(t, `query($after: String) { sites(first: 7, after: $after, filter: {near: {latitude: 50, longitude: 2.5, radiusKm: 50}, activity: "batteries"}) {
		  pageInfo { hasNextPage endCursor } nodes { slug } } }`, map[string]any{"after": nilIfEmpty(after)})
		var data struct {
			Sites struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Nodes []struct{ Slug string }
			}
		}
		resp.Decode(t, &data)
		for _, n := range data.Sites.Nodes {
			all = append(all, n.Slug)
		}
		if !data.Sites.PageInfo.HasNextPage {
			break
		}
		after = data.Sites.PageInfo.EndCursor
	}
	if len(all) != 25 || all[0] != "nx-site-0000" || all[24] != "nx-site-0024" {
		t.Errorf("paged %d sites: %v", len(all), all)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestExploreBadInput(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	for _, q := range []string{
		`{ sites(filter: {near: {latitude: 50, longitude: 2, radiusKm: 0}}) { totalCount } }`,
		`{ sites(filter: {bbox: {south: 51, west: 2, north: 50, east: 3}}) { totalCount } }`,
		`{ subsidies(filter: {minAmountEur: 10, maxAmountEur: 1}) { totalCount } }`,
		`{ search(text: "a") { slug } }`,
		`{ search(text: "bethune", first: 500) { slug } }`,
		`{ graph(from: "` + gid("Company", "mecaware") + `", depth: 4) { nodes { id } } }`,
		`{ timeSeries(subject: "` + gid("Company", "black-star") + `", metric: "nope") { points { value } } }`,
		`{ sitesGeoJSON(first: 0) }`,
	} {
		resp := srv.Query(t, q, nil)
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: want BAD_USER_INPUT, got %s", q, resp.Raw)
		}
	}
}

type hit struct {
	Kind  string
	Score float64
	Match string
	Name  string
	Slug  string
	Node  struct {
		ID       string
		Typename string `json:"__typename"`
	}
}

func search(t *testing.T, srv *apitest.Server, text string, extra string) []hit {
	t.Helper()
	resp := srv.Query(t, `query($text: String!) { search(text: $text`+extra+`) { kind score match name slug node { id __typename } } }`, map[string]any{"text": text})
	var data struct{ Search []hit }
	resp.Decode(t, &data)
	return data.Search
}

func TestSearch(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	tests := []struct {
		text, extra string
		want        []string // kind:slug:match, in order
	}{
		{"bethune", "", []string{
			"TERRITORY:commune-62119:EXACT",
			"SITE:bridgestone-bethune:WORD_PREFIX",
			"TERRITORY:epci-200072460:WORD_PREFIX",
			"EVENT:annonce-fermeture:WORD_PREFIX",
			"COMPANY:black-star:OTHER",
			"COMPANY:mecaware:OTHER",
			"TERRITORY:commune-62178:OTHER",
		}},
		{"Béthune", ", kinds: [TERRITORY]", []string{"TERRITORY:commune-62119:EXACT", "TERRITORY:epci-200072460:WORD_PREFIX", "TERRITORY:commune-62178:OTHER"}},
		{"mecaware", ", first: 2", []string{"COMPANY:mecaware:EXACT", "EVENT:arrivee-mecaware:WORD_PREFIX"}},
		{"MECAWARE", ", kinds: [COMPANY]", []string{"COMPANY:mecaware:EXACT"}},
		{"cheminees", "", []string{"COMPANY:cheminees-philippe:PREFIX"}},
		{"cheminées philippe", "", []string{"COMPANY:cheminees-philippe:EXACT"}},
		{"relance", "", []string{"PROGRAMME:france-relance:WORD_PREFIX"}},
		{"star", "", []string{"COMPANY:black-star:WORD_PREFIX"}},
		{"ways", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.text+tt.extra, func(t *testing.T) {
			hits := search(t, srv, tt.text, tt.extra)
			got := []string{}
			for _, h := range hits {
				got = append(got, h.Kind+":"+h.Slug+":"+h.Match)
				if h.Node.ID == "" || h.Score <= 0 || h.Score > 1 {
					t.Errorf("hit %+v: no node or bad score", h)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("search %q\n got %v\nwant %v", tt.text, got, tt.want)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("scores must not increase down the list: %+v then %+v", hits[i-1], hits[i])
				}
			}
		})
	}
}

func TestAggregates(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	t.Run("public money by programme for a territory and its communes", func(t *testing.T) {
		resp := srv.Query(t, `{ subsidyAggregate(filter: {territory: "epci-200072460"}, groupBy: [PROGRAMME]) {
		  count sumEur minEur maxEur groups { programme { slug } count sumEur minEur maxEur } } }`, nil)
		var data struct {
			SubsidyAggregate struct {
				Count                  int
				SumEur, MinEur, MaxEur float64
				Groups                 []struct {
					Programme              struct{ Slug string }
					Count                  int
					SumEur, MinEur, MaxEur float64
				}
			}
		}
		resp.Decode(t, &data)
		a := data.SubsidyAggregate
		if a.Count != 3 || a.SumEur != 24_268_438 || a.MinEur != 500_000 || a.MaxEur != 21_768_438 {
			t.Errorf("totals: %+v", a)
		}
		got := map[string][4]float64{}
		for _, g := range a.Groups {
			got[g.Programme.Slug] = [4]float64{float64(g.Count), g.SumEur, g.MinEur, g.MaxEur}
		}
		want := map[string][4]float64{
			"fonds-acceleration": {2, 2_500_000, 500_000, 2_000_000},
			"france-relance":     {1, 21_768_438, 21_768_438, 21_768_438},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("groups %v, want %v", got, want)
		}
		if resp.Statements() > 3 {
			t.Errorf("%d statements, want at most 3 (aggregate, programmes)", resp.Statements())
		}
	})
	t.Run("subsidies by year and status", func(t *testing.T) {
		resp := srv.Query(t, `{ subsidyAggregate(groupBy: [YEAR, STATUS]) { groups { year status count sumEur } } }`, nil)
		var data struct {
			SubsidyAggregate struct {
				Groups []struct {
					Year   *int
					Status string
					Count  int
					SumEur float64
				}
			}
		}
		resp.Decode(t, &data)
		var got []string
		for _, g := range data.SubsidyAggregate.Groups {
			got = append(got, fmt.Sprintf("%d/%s/%d/%.0f", *g.Year, g.Status, g.Count, g.SumEur))
		}
		want := []string{"2020/ACTUAL/1/21768438", "2021/ACTUAL/1/2000000", "2022/ACTUAL/1/500000", "2023/ANNOUNCED/1/300000"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("subsidies by territory and recipient", func(t *testing.T) {
		resp := srv.Query(t, `{ subsidyAggregate(groupBy: [TERRITORY, RECIPIENT]) { groups { territory { slug } recipient { slug } sumEur } } }`, nil)
		var data struct {
			SubsidyAggregate struct {
				Groups []struct {
					Territory *struct{ Slug string }
					Recipient *struct{ Slug string }
					SumEur    float64
				}
			}
		}
		resp.Decode(t, &data)
		var got []string
		for _, g := range data.SubsidyAggregate.Groups {
			tr, rc := "-", "-"
			if g.Territory != nil {
				tr = g.Territory.Slug
			}
			if g.Recipient != nil {
				rc = g.Recipient.Slug
			}
			got = append(got, fmt.Sprintf("%s/%s/%.0f", tr, rc, g.SumEur))
		}
		// Territory ids in creation order: Béthune (6) before Lille (8), the EPCI (5) first.
		want := []string{"epci-200072460/-/21768438", "commune-62119/mecaware/2000000", "commune-62119/black-star/500000", "commune-59350/cheminees-philippe/300000"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("jobs created against targets by year", func(t *testing.T) {
		resp := srv.Query(t, `{ observationAggregate(filter: {metric: "jobs_created", territory: "epci-200072460"}, groupBy: [YEAR, STATUS]) {
		  count groups { year status unit count sum min max } } }`, nil)
		var data struct {
			ObservationAggregate struct {
				Count  int
				Groups []struct {
					Year          int
					Status, Unit  string
					Count         int
					Sum, Min, Max float64
				}
			}
		}
		resp.Decode(t, &data)
		var got []string
		for _, g := range data.ObservationAggregate.Groups {
			got = append(got, fmt.Sprintf("%d/%s/%s/%d/%.0f/%.0f/%.0f", g.Year, g.Status, g.Unit, g.Count, g.Sum, g.Min, g.Max))
		}
		want := []string{"2021/ACTUAL/JOBS/1/100/100/100", "2022/ACTUAL/JOBS/1/150/150/150", "2022/TARGET/JOBS/1/200/200/200", "2023/ACTUAL/JOBS/1/120/120/120"}
		if !reflect.DeepEqual(got, want) || data.ObservationAggregate.Count != 4 {
			t.Errorf("got %v (count %d), want %v", got, data.ObservationAggregate.Count, want)
		}
		// The aggregate, and the metric its filter names (resolved before it).
		if resp.Statements() != 2 {
			t.Errorf("%d statements, want 2", resp.Statements())
		}
	})
	t.Run("observations by metric, subject and rank", func(t *testing.T) {
		resp := srv.Query(t, `{ observationAggregate(filter: {metric: "jobs", withoutBreakdown: true}, groupBy: [METRIC, SUBJECT, RANK]) {
		  groups { metric { code } subject { ... on Company { slug } } rank count max } } }`, nil)
		var data struct {
			ObservationAggregate struct {
				Groups []struct {
					Metric  struct{ Code string }
					Subject struct{ Slug string }
					Rank    string
					Count   int
					Max     float64
				}
			}
		}
		resp.Decode(t, &data)
		var got []string
		for _, g := range data.ObservationAggregate.Groups {
			got = append(got, fmt.Sprintf("%s/%s/%s/%d/%.0f", g.Metric.Code, g.Subject.Slug, g.Rank, g.Count, g.Max))
		}
		// Each fact once: the withdrawn 70 is set aside (its group counts 0).
		want := []string{"jobs/black-star/DEPRECATED/0/0", "jobs/black-star/PREFERRED/3/90"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("every claim, on request", func(t *testing.T) {
		resp := srv.Query(t, `{ observationAggregate(filter: {metric: "jobs", withoutBreakdown: true}, groupBy: [RANK], claims: ALL) {
		  claims count setAside groups { rank count setAside max } } }`, nil)
		var data struct {
			ObservationAggregate struct {
				Claims          string
				Count, SetAside int
				Groups          []struct {
					Rank            string
					Count, SetAside int
					Max             float64
				}
			}
		}
		resp.Decode(t, &data)
		a := data.ObservationAggregate
		if a.Claims != "ALL" || a.Count != 4 || a.SetAside != 0 || len(a.Groups) != 2 || a.Groups[0].Rank != "DEPRECATED" || a.Groups[0].Count != 1 {
			t.Errorf("got %+v", a)
		}
		resp = srv.Query(t, `{ observationAggregate(filter: {metric: "jobs", withoutBreakdown: true}, groupBy: []) {
		  claims count setAside setAsideClaims { slug rank } groups { count setAside } } }`, nil)
		var def struct {
			ObservationAggregate struct {
				Claims          string
				Count, SetAside int
				SetAsideClaims  []struct{ Slug, Rank string }
			}
		}
		resp.Decode(t, &def)
		d := def.ObservationAggregate
		if d.Claims != "PREFERRED" || d.Count != 3 || d.SetAside != 1 || len(d.SetAsideClaims) != 1 || d.SetAsideClaims[0].Rank != "DEPRECATED" {
			t.Errorf("default: %+v", d)
		}
	})
	t.Run("nothing matches", func(t *testing.T) {
		resp := srv.Query(t, `{ subsidyAggregate(filter: {minAmountEur: 1e12}, groupBy: []) { count sumEur groups { count } } }`, nil)
		var data struct {
			SubsidyAggregate struct {
				Count  int
				SumEur float64
				Groups []any
			}
		}
		resp.Decode(t, &data)
		if data.SubsidyAggregate.Count != 0 || len(data.SubsidyAggregate.Groups) != 0 {
			t.Errorf("got %+v", data.SubsidyAggregate)
		}
	})
}

func TestTimeSeries(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	type obs struct {
		Value  float64
		Date   string
		Status string
		Rank   string
	}
	query := `query($s: ID!, $asOf: Date, $dep: Boolean, $claims: Claims) { timeSeries(subject: $s, metric: "jobs", asOf: $asOf, includeDeprecated: $dep, claims: $claims) {
	  subject { ... on Company { slug } } metric { code unit } asOf setAside
	  points { value date status rank citation { source { slug } } }
	  actual { value date } target { value date } other { value }
	  latestActual { value date rank } latestTarget { value } } }`
	var data struct {
		TimeSeries *struct {
			Subject      struct{ Slug string }
			Metric       struct{ Code, Unit string }
			SetAside     int
			Points       []obs
			Actual       []obs
			Target       []obs
			LatestActual *obs
			LatestTarget *obs
		}
	}
	srv.Query(t, query, map[string]any{"s": gid("Company", "black-star")}).Decode(t, &data)
	ts := data.TimeSeries
	if ts == nil || ts.Subject.Slug != "black-star" || ts.Metric.Code != "jobs" {
		t.Fatalf("series: %+v", ts)
	}
	// Each fact once: the withdrawn 70 is set aside.
	if len(ts.Points) != 3 || len(ts.Actual) != 2 || len(ts.Target) != 1 || ts.Target[0].Value != 90 || ts.Target[0].Date != "2022" || ts.SetAside != 1 {
		t.Errorf("points %+v actual %+v target %+v set aside %d", ts.Points, ts.Actual, ts.Target, ts.SetAside)
	}
	if ts.LatestActual == nil || ts.LatestActual.Value != 75 || ts.LatestActual.Rank != "PREFERRED" || ts.LatestTarget == nil || ts.LatestTarget.Value != 90 {
		t.Errorf("latest actual %+v, latest target %+v", ts.LatestActual, ts.LatestTarget)
	}
	// What was known in 2022: only the target (published in 2021).
	srv.Query(t, query, map[string]any{"s": gid("Company", "black-star"), "asOf": "2022"}).Decode(t, &data)
	if ts := data.TimeSeries; len(ts.Points) != 1 || ts.LatestActual != nil || ts.LatestTarget.Value != 90 {
		t.Errorf("as of 2022: %+v", ts)
	}
	// Every claim, then every claim but the deprecated ones.
	srv.Query(t, query, map[string]any{"s": gid("Company", "black-star"), "claims": "ALL"}).Decode(t, &data)
	if ts := data.TimeSeries; len(ts.Points) != 4 || ts.SetAside != 0 {
		t.Errorf("every claim: %+v", ts.Points)
	}
	srv.Query(t, query, map[string]any{"s": gid("Company", "black-star"), "dep": false, "claims": "ALL"}).Decode(t, &data)
	if ts := data.TimeSeries; len(ts.Points) != 3 {
		t.Errorf("without deprecated: %+v", ts.Points)
	}
	// Unknown subject: null, with NOT_FOUND.
	resp := srv.Query(t, query, map[string]any{"s": gid("Company", "nobody")})
	if len(resp.Errors) != 1 || resp.Errors[0].Code() != "NOT_FOUND" || string(resp.Data) == "" || !strings.Contains(string(resp.Data), `"timeSeries":null`) {
		t.Errorf("unknown subject: %s", resp.Raw)
	}
}

type netGraph struct {
	Nodes []struct {
		ID, Label, Kind, Slug string
		Depth                 int
	}
	Edges []struct {
		ID, Source, Target, Kind, Origin string
		Label                            *string
		AmountEur                        *float64
		Citation                         *struct {
			Quote  string
			Source struct{ Slug string }
		}
	}
	Truncated bool
}

func TestGraph(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	q := `query($from: ID!, $depth: Int, $kinds: [RelationshipKind!]) { graph(from: $from, depth: $depth, kinds: $kinds) {
	  truncated nodes { id label kind slug depth } edges { id source target kind origin label amountEur citation { quote source { slug } } } } }`
	tests := []struct {
		name  string
		vars  map[string]any
		nodes []string
		edges []string
	}{
		{"Mecaware, depth 1", map[string]any{"from": gid("Company", "mecaware")},
			[]string{"COMPANY:mecaware:0", "SITE:bridgestone-bethune:1", "COMPANY:cheminees-philippe:1", "COMPANY:black-star:1", "PROGRAMME:fonds-acceleration:1"},
			[]string{"OCCUPIES:OCCUPANCY:mecaware>bridgestone-bethune", "PARTNER_OF:RELATIONSHIP:cheminees-philippe>mecaware",
				"SUPPLIES:RELATIONSHIP:mecaware>black-star", "SUPPORTS:SUBSIDY:fonds-acceleration>mecaware"}},
		{"the site, depth 1", map[string]any{"from": gid("Site", "bridgestone-bethune")},
			[]string{"SITE:bridgestone-bethune:0", "COMPANY:black-star:1", "COMPANY:mecaware:1", "COMPANY:fonciere-artois:1", "COMPANY:bridgestone-france:1"},
			[]string{"OCCUPIES:OCCUPANCY:black-star>bridgestone-bethune", "OCCUPIES:OCCUPANCY:mecaware>bridgestone-bethune",
				"OPERATES:OPERATOR:fonciere-artois>bridgestone-bethune", "OPERATES:RELATIONSHIP:bridgestone-france>bridgestone-bethune"}},
		{"the site, suppliers only, depth 2", map[string]any{"from": gid("Site", "bridgestone-bethune"), "depth": 2, "kinds": []string{"OCCUPIES", "SUPPLIES"}},
			[]string{"SITE:bridgestone-bethune:0", "COMPANY:black-star:1", "COMPANY:mecaware:1"},
			[]string{"OCCUPIES:OCCUPANCY:black-star>bridgestone-bethune", "OCCUPIES:OCCUPANCY:mecaware>bridgestone-bethune",
				"SUPPLIES:RELATIONSHIP:mecaware>black-star"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data struct{ Graph netGraph }
			resp := srv.Query(t, q, tt.vars)
			resp.Decode(t, &data)
			slugOf := map[string]string{}
			var nodes, edges []string
			for _, n := range data.Graph.Nodes {
				slugOf[n.ID] = n.Slug
				nodes = append(nodes, fmt.Sprintf("%s:%s:%d", n.Kind, n.Slug, n.Depth))
			}
			for _, e := range data.Graph.Edges {
				edges = append(edges, fmt.Sprintf("%s:%s:%s>%s", e.Kind, e.Origin, slugOf[e.Source], slugOf[e.Target]))
				if e.Origin != "OPERATOR" && (e.Citation == nil || e.Citation.Source.Slug == "") {
					t.Errorf("edge %s without its citation", e.ID)
				}
			}
			if !reflect.DeepEqual(nodes, tt.nodes) {
				t.Errorf("nodes\n got %v\nwant %v", nodes, tt.nodes)
			}
			if !reflect.DeepEqual(edges, tt.edges) {
				t.Errorf("edges\n got %v\nwant %v", edges, tt.edges)
			}
		})
	}
}

func TestGeoJSON(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	resp := srv.Query(t, `{ sitesGeoJSON(filter: {territory: "epci-200072460"}) territoriesGeoJSON(filter: {kind: [COMMUNE]}, first: 2) }`, nil)
	var data struct {
		SitesGeoJSON struct {
			Type     string
			Features []struct {
				Type     string
				ID       string
				Geometry struct {
					Type        string
					Coordinates []float64
				}
				Properties map[string]any
			}
			Truncated bool
			Matched   int
			Omitted   struct{ Total, WithoutLocation, OverLimit int }
		}
		TerritoriesGeoJSON struct {
			Features  []json.RawMessage
			Truncated bool
			Omitted   struct{ OverLimit int }
		}
	}
	resp.Decode(t, &data)
	fc := data.SitesGeoJSON
	// The third site of the agglomeration has no point: left out, and said.
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || !fc.Truncated || fc.Matched != 3 ||
		fc.Omitted.WithoutLocation != 1 || fc.Omitted.OverLimit != 0 || fc.Omitted.Total != 1 {
		t.Fatalf("sites: %+v", fc)
	}
	f := fc.Features[1]
	if f.ID != "bridgestone-bethune" || f.Geometry.Type != "Point" || !reflect.DeepEqual(f.Geometry.Coordinates, []float64{2.672, 50.5165}) ||
		f.Properties["status"] != "REOCCUPIED" || f.Properties["territoryName"] != "Béthune" || f.Properties["operatorName"] != "Foncière Artois" {
		t.Errorf("feature: %+v", f)
	}
	if len(data.TerritoriesGeoJSON.Features) != 2 || !data.TerritoriesGeoJSON.Truncated || data.TerritoriesGeoJSON.Omitted.OverLimit < 1 {
		t.Errorf("territories: %+v", data.TerritoriesGeoJSON)
	}
}
