package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
)

// Each exploration capability runs a number of SQL statements fixed by the shape of
// its query, whatever the number of rows: measured on 10 and 100 partners of a hub.
func TestExploreStatementsDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	hub := gid("Company", "nx-hub")
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		// max is the number of statements the query's shape allows.
		max int
		// rows counts the rows of the answer, to check the query returned about n.
		rows func(data json.RawMessage) int
	}{
		{
			name: "site filters (activity, distance) with nested relations",
			query: `{ sites(first: 100, filter: {activity: "batteries", near: {latitude: 50, longitude: 2.5, radiusKm: 100}}) {
			  totalCount nodes { slug territory { name } occupancies { activity company { name subsidies { amountEur } } } } } }`,
			// page, count, territories, occupancies, companies, subsidies (with their
			// citations and sources the query would cost more than the limit allows)
			max:  6,
			rows: count(`sites.nodes`),
		},
		{
			name:  "company filters",
			query: `{ companies(first: 100, filter: {activity: "batterie", territory: "nx-country"}) { totalCount nodes { name territory { name } } } }`,
			// page, count, territories
			max:  4, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`companies.nodes`),
		},
		{
			name:  "subsidy filters",
			query: `{ subsidies(first: 100, filter: {from: "2020", to: "2024", minAmountEur: 1, programme: "nx-programme"}, orderBy: PERIOD) { nodes { amountEur recipient { name } programme { name } } } }`,
			// page, recipients, programmes
			max:  4, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`subsidies.nodes`),
		},
		{
			name:  "observation filters",
			query: `{ observations(first: 100, filter: {territory: "nx-country", asOf: "2024", withoutBreakdown: true}, orderBy: DATE_DESC) { nodes { value subject { ... on Company { name } } citation { quote knownSince } announcedAt { title } } } }`,
			// page, subjects, citations, their sources (knownSince); no event to load
			max:  5, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`observations.nodes`),
		},
		{
			name:  "search with nested relations",
			query: `{ search(text: "partner", first: 50) { kind score node { id ... on Company { name territory { name } occupancies { site { name } } } } } }`,
			// search, companies, territories, occupancies, sites
			max:  5,
			rows: count(`search`),
		},
		{
			name:  "search without the entities",
			query: `{ search(text: "partner", first: 50) { kind score match slug name } }`,
			// search only: the hits carry what is asked
			max:  1,
			rows: count(`search`),
		},
		{
			name: "subsidy aggregate by programme and recipient",
			query: `{ subsidyAggregate(filter: {territory: "nx-country"}, groupBy: [PROGRAMME, RECIPIENT, YEAR]) {
			  count sumEur groups { programme { name } recipient { name territory { name } } year count sumEur minEur maxEur } } }`,
			// aggregate, programmes, companies, territories
			max:  5, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`subsidyAggregate.groups`),
		},
		{
			name:  "observation aggregate with the claims set aside",
			query: `{ observationAggregate(filter: {metric: "nx_jobs"}, groupBy: [YEAR]) { count setAside groups { year metric { code } count setAside sum } setAsideClaims(first: 100) { value citation { knownSince } } } }`,
			// aggregate, metrics, the claims set aside, their citations, their sources
			max:  6,                                    // +1: the identifiers its filters name, resolved in one statement
			rows: count(`observationAggregate.groups`), // and n/5 claims set aside
		},
		{
			name:  "observation aggregate by year and status",
			query: `{ observationAggregate(filter: {metric: "nx_jobs"}, groupBy: [YEAR, STATUS, SUBJECT]) { count groups { year status subject { ... on Company { name territory { name } } } count sum min max } } }`,
			// aggregate, subjects, territories
			max:  4, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`observationAggregate.groups`),
		},
		{
			name: "time series with sources",
			query: `query($s: ID!) { timeSeries(subject: $s, metric: "nx_jobs", asOf: "2025") {
			  subject { ... on Company { name } } points { value date status citation { quote source { title } } }
			  actual { value citation { quote } } target { value } latestActual { value } } }`,
			vars: map[string]any{"s": hub},
			// subject, metric, points, citations, sources
			max:  6, // +1: the identifiers its filters name, resolved in one statement
			rows: count(`timeSeries.points`),
		},
		{
			name:  "graph, depth 2, with citations",
			query: `query($from: ID!) { graph(from: $from, depth: 2) { nodes { id label kind } edges { id source target kind citation { quote source { title } } } } }`,
			vars:  map[string]any{"from": hub},
			// start, 2 levels, names, citations, sources
			max:  6,
			rows: count(`graph.nodes`),
		},
		{
			name:  "map of sites",
			query: `{ sitesGeoJSON(filter: {territory: "nx-country", bbox: {south: 49, west: 2, north: 51, east: 3}}) }`,
			// features, counts of what matched (+1: the identifiers its filters name,
			// resolved in one statement)
			max:  3,
			rows: count(`sitesGeoJSON.features`),
		},
	}
	servers := map[int]*apitest.Server{}
	for _, n := range []int{10, 100} {
		s := testdb.New(t)
		fixture.Network(t, s.DB, n)
		servers[n] = apitest.New(t, s)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[int]int{}
			for _, n := range []int{10, 100} {
				resp := servers[n].Query(t, tt.query, tt.vars)
				var data json.RawMessage
				resp.Decode(t, &data)
				if rows := tt.rows(data); rows < n/2 {
					t.Errorf("n=%d: only %d rows", n, rows)
				}
				got[n] = resp.Statements()
			}
			t.Logf("SQL statements: %d rows: %d, %d rows: %d", 10, got[10], 100, got[100])
			if got[10] != got[100] {
				t.Errorf("statements grow with rows: %d for 10, %d for 100", got[10], got[100])
			}
			if got[100] > tt.max {
				t.Errorf("%d statements, want at most %d", got[100], tt.max)
			}
		})
	}
}

// count returns a function that counts the elements of the list at a dotted path.
func count(path string) func(json.RawMessage) int {
	return func(data json.RawMessage) int {
		var v any
		_ = json.Unmarshal(data, &v)
		for _, key := range splitDots(path) {
			m, _ := v.(map[string]any)
			v = m[key]
		}
		l, _ := v.([]any)
		return len(l)
	}
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
