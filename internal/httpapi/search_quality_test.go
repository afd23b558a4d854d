package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

// searchSuite is what a journalist types, with the hit she expects among the first
// three (any of the slugs given): names, acronyms, the documents' own spellings,
// misspellings, topics, in French and in English.
var searchSuite = []struct {
	query string
	want  []string // slugs, any of them
}{
	// Names and places.
	{"bethune", []string{"bridgestone-bethune"}},
	{"Béthune", []string{"commune-62119"}},
	{"bridgestone", []string{"bridgestone-bethune", "bridgestone"}},
	{"France Relance", []string{"france-relance"}},
	{"Territoires d'industrie", []string{"territoires-d-industrie"}},
	{"gigafactory", []string{"acc-billy-berclau"}},
	{"Billy-Berclau", []string{"acc-billy-berclau"}},
	{"Cheminées Philippe", []string{"cheminees-philippe"}},
	{"Station B", []string{"station-b-bethune"}},
	{"Galibot", []string{"movntec-galibot-production-started", "movntec-galibot-new-line"}},
	// Acronyms.
	{"EY", []string{"ey", "mission-ey-tdi-bethune-bruay"}},
	{"ACC", []string{"acc", "acc-billy-berclau"}},
	{"PSE", []string{"pse-bridgestone-bethune"}},
	{"SIG", []string{"sig"}},
	{"SIZIAF", []string{"siziaf"}},
	// The documents' own spellings.
	{"MOV'NTEC", []string{"movntec", "movntec-ruitz"}},
	{"Blackstar", []string{"black-star"}},
	{"Black Star", []string{"black-star"}},
	{"Bring Back", []string{"bringback"}},
	{"Ennea Group", []string{"ennea-groupe"}},
	{"Ernst and Young", []string{"ey"}},
	{"Log's", []string{"logs"}},
	// Misspellings.
	{"Bridgstone", []string{"bridgestone", "bridgestone-bethune"}},
	{"Mecawre", []string{"mecaware"}},
	{"Béthnue", []string{"commune-62119"}},
	{"gigafactry", []string{"acc-billy-berclau"}},
	// Topics, in French.
	{"reclassement", []string{"bridgestone-bethune-redeployment-by-outcome"}},
	{"indemnité", []string{"pse-bridgestone-severance-base", "pse-bridgestone-severance-per-seniority-year", "severance_base_payment"}},
	{"CDI", []string{"bridgestone-bethune-redeployment-permanent-contract"}},
	{"chômage", []string{"epci-200072460-unemployment-rate"}},
	{"vallée de l'électrique", []string{"acc-billy-berclau-implantation-2023", "ecole-ingenieurs-genie-electrique-opening", "movntec-galibot-production-started", "ampere-minth-ruitz", "movntec-ruitz"}},
	{"fermeture", []string{"bridgestone-bethune-closure-announced", "bridgestone-bethune-closure-2021-04-30", "bridgestone-bethune-closure-2021-05-01"}},
	{"visite ministérielle", []string{"bridgestone-bethune-ministerial-visit-2020-11-12", "black-star-ministerial-visit-2022-01-19"}},
	// Topics, in English.
	{"redeployment", []string{"bridgestone-bethune-redeployment-by-outcome"}},
	{"jobs created", []string{"jobs_created"}},
	{"severance", []string{"severance_base_payment", "pse-bridgestone-severance-base"}},
	{"closure", []string{"bridgestone-bethune-closure-announced", "bridgestone-bethune-closure-2021-04-30", "jobs_affected_by_closure"}},
}

type searchHitRow struct {
	Kind  string
	Slug  string
	Score float64
	Name  string
}

// searchRank returns the 1-based rank of the first hit among want (0: not in the first
// ten) and the hits.
func searchRank(t *testing.T, srv *apitest.Server, query string, want []string) (int, []searchHitRow) {
	t.Helper()
	var data struct{ Search []searchHitRow }
	r := srv.Query(t, `query($q: String!) { search(text: $q, first: 10) { kind slug score name } }`, map[string]any{"q": query})
	r.Decode(t, &data)
	for i, h := range data.Search {
		for _, w := range want {
			if h.Slug == w {
				return i + 1, data.Search
			}
		}
	}
	return 0, data.Search
}

// TestSearchQuality runs the suite on the curated dataset: each expected hit comes in
// the first three, and scores never increase down a list. It logs the table of ranks.
func TestSearchQuality(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })
	var table strings.Builder
	table.WriteString("| query | expected | rank |\n|---|---|---|\n")
	misses := 0
	for _, tc := range searchSuite {
		rank, hits := searchRank(t, srv, tc.query, tc.want)
		shown := "—"
		if rank > 0 {
			shown = fmt.Sprint(rank)
		}
		fmt.Fprintf(&table, "| %s | %s | %s |\n", tc.query, strings.Join(tc.want, " or "), shown)
		if rank == 0 || rank > 3 {
			misses++
			var got []string
			for _, h := range hits {
				got = append(got, fmt.Sprintf("%s:%s(%.3f)", h.Kind, h.Slug, h.Score))
			}
			t.Errorf("%q: expected %v in the first three, got %v", tc.query, tc.want, got)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("%q: score %v after %v: scores must not increase", tc.query, hits[i].Score, hits[i-1].Score)
			}
		}
	}
	t.Logf("search suite: %d queries, %d misses\n%s", len(searchSuite), misses, table.String())
}
