package httpapi_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/graphiql"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/synth"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// TestReadPathOfTheStories runs the GraphiQL stories and examples on the curated
// dataset: every one must take the compiled path (apitest's server compares the two
// paths on every answer of the compiled one).
func TestReadPathOfTheStories(t *testing.T) {
	t.Parallel()
	srv := curatedOnPostgres(t)
	var general []string
	for _, ex := range append(append([]graphiql.Example{}, graphiql.Stories...), graphiql.Examples...) {
		r := srv.Query(t, ex.Query, ex.Variables)
		if len(r.Errors) > 0 {
			t.Errorf("%s: %v", ex.ID, r.Errors)
		}
		if r.ReadPath() != "compiled" {
			general = append(general, ex.ID)
		}
	}
	if len(general) > 0 {
		sort.Strings(general)
		t.Errorf("general path: %d of %d: %s", len(general), len(graphiql.Stories)+len(graphiql.Examples), strings.Join(general, ", "))
	}
}

// TestReadPathOfTheBench runs the canonical queries of the load benchmark on a small
// synthetic dataset and lists the read path of each (apitest's server compares the
// two paths on every answer of the compiled one). Every one must take the compiled
// path.
func TestReadPathOfTheBench(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	if s.Dialect != store.Postgres {
		t.Skip("the compiled read path runs on PostgreSQL only")
	}
	if _, err := synth.Generate(context.Background(), s.DB, synth.Options{Scale: 0.01}); err != nil {
		t.Fatal(err)
	}
	srv := apitest.New(t, s)
	var general []string
	for _, q := range canonicalQueries(t, s) {
		r := srv.Query(t, q.query, nil)
		if len(r.Errors) > 0 {
			t.Errorf("%s: %v", q.name, r.Errors)
		}
		if r.ReadPath() != "compiled" {
			general = append(general, q.name)
			t.Errorf("%s took the %q path", q.name, r.ReadPath())
		}
	}
	if len(general) > 0 {
		t.Logf("general path: %s", strings.Join(general, ", "))
	}
}

// TestReadPathIsPlannedOncePerOperation: the plan of an operation (which path answers
// it) does not depend on its variables, so that it is kept once for every request of
// the operation: a field the compiled path does not know sends the operation to the
// general path even under @skip(if: true), and a known one takes the compiled path
// whatever @include says.
func TestReadPathIsPlannedOncePerOperation(t *testing.T) {
	t.Parallel()
	srv := curatedOnPostgres(t)
	unknown := `query Q($skip: Boolean!) { site(slug: "bridgestone-bethune") { name } dataset @skip(if: $skip) { dataVersion } }`
	known := `query Q($with: Boolean!) { site(slug: "bridgestone-bethune") { name territory @include(if: $with) { name } } }`
	for _, v := range []bool{true, false, true} {
		if r := srv.Query(t, unknown, map[string]any{"skip": v}); len(r.Errors) > 0 || r.ReadPath() != "general" {
			t.Errorf("an unknown field, skip %v: %q path, %v", v, r.ReadPath(), r.Errors)
		}
		r := srv.Query(t, known, map[string]any{"with": v})
		if len(r.Errors) > 0 || r.ReadPath() != "compiled" {
			t.Errorf("known fields, include %v: %q path, %v", v, r.ReadPath(), r.Errors)
		}
		if got := strings.Contains(string(r.Raw), `"territory"`); got != v {
			t.Errorf("include %v: territory written %v: %s", v, got, r.Raw)
		}
	}
}

// TestReadPathOfClaimsAndBreakdowns: the disagreements (every filter, pages followed
// by their cursors), the conflicts of observations and events, and the breakdowns of
// both kinds of parts, by subject, take the compiled path; apitest's server requires
// the same answer from the general path.
func TestReadPathOfClaimsAndBreakdowns(t *testing.T) {
	t.Parallel()
	srv := curatedOnPostgres(t)
	const disagreement = `claim compatible subject { __typename ... on Node { id } }
		observations { slug rank conflictsWith { slug value } } events { slug date conflictsWith { slug date precision } }
		subsidies { slug amountEur rank }`
	queries := map[string]string{
		"every disagreement": `{ disagreements(first: 10) { totalCount nodes { ` + disagreement + ` } } }`,
		"differences of precision": `{ disagreements(compatible: true) { totalCount edges { cursor node { claim compatible } }
			pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
		"breakdowns": `{ breakdowns { id slug title note(lang: EN) partsKind dimension computation
			subject { __typename ... on Site { slug } } parts { slug value unit } occupancies { slug floorAreaSquareMetres }
			partsCount partsSum unit base { slug value } baseValue partsShareOfBase publishedTotals { slug value } } }`,
		"breakdowns of a site, by slug": `{ breakdowns(subject: "bridgestone-bethune") { slug partsShareOfBase } }`,
		"breakdowns of a territory":     `{ breakdowns(subject: "epci-200072460") { slug } }`,
	}
	for name, q := range queries {
		r := srv.Query(t, q, nil)
		if len(r.Errors) > 0 || r.ReadPath() != "compiled" {
			t.Errorf("%s: %q path, %v", name, r.ReadPath(), r.Errors)
		}
	}

	// Pages of one disagreement each, followed to the end.
	var after any
	for n := 0; ; n++ {
		r := srv.Query(t, `query($after: String) { disagreements(first: 1, after: $after, compatible: false) {
			totalCount nodes { `+disagreement+` } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after})
		if len(r.Errors) > 0 || r.ReadPath() != "compiled" {
			t.Fatalf("page %d: %q path, %v", n, r.ReadPath(), r.Errors)
		}
		var data struct {
			Disagreements struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		r.Decode(t, &data)
		if !data.Disagreements.PageInfo.HasNextPage {
			if n == 0 {
				t.Error("one page of one disagreement: the curated dataset holds several contradictions")
			}
			break
		}
		after = data.Disagreements.PageInfo.EndCursor
	}
}

// TestReadPathOfTheClientExamples runs the queries of the client examples (examples/:
// Python, JavaScript, R, curl), read from the scripts themselves, and follows the
// pages as they do: every one takes the compiled path, and apitest's server requires
// the same answer from the general path.
func TestReadPathOfTheClientExamples(t *testing.T) {
	t.Parallel()
	srv := curatedOnPostgres(t)
	scripts := []string{"python/story.py", "js/story.mjs", "r/story.R", "curl.sh"}
	for _, script := range scripts {
		src, err := os.ReadFile(filepath.Join("..", "..", "examples", script))
		if err != nil {
			t.Fatal(err)
		}
		queries := operationsIn(string(src))
		if len(queries) == 0 {
			t.Errorf("%s: no query found", script)
		}
		for _, q := range queries {
			vars := map[string]any{"slug": "bridgestone-bethune", "subject": model.GlobalID(model.KindSite.Type, "bridgestone-bethune"), "first": 10}
			for page := 0; page < 10; page++ {
				r := srv.Query(t, q, vars)
				if len(r.Errors) > 0 || r.ReadPath() != "compiled" {
					t.Fatalf("%s: %q path, %v\n%s", script, r.ReadPath(), r.Errors, q)
				}
				var data map[string]struct {
					PageInfo *struct {
						HasNextPage bool
						EndCursor   string
					}
				}
				r.Decode(t, &data)
				next := ""
				for _, v := range data {
					if v.PageInfo != nil && v.PageInfo.HasNextPage {
						next = v.PageInfo.EndCursor
					}
				}
				if next == "" {
					break
				}
				vars["after"] = next
			}
		}
	}
}

// operationsIn returns the GraphQL operations written in a script: from each "query "
// followed by a name to its closing brace.
func operationsIn(src string) []string {
	var out []string
	for i := 0; ; {
		at := strings.Index(src[i:], "query ")
		if at < 0 {
			return out
		}
		start := i + at
		i = start + len("query ")
		if name := src[i:]; name == "" || name[0] < 'A' || name[0] > 'Z' {
			continue // the word, not an operation
		}
		depth := 0
		for j := start; j < len(src); j++ {
			if src[j] == '{' {
				depth++
			} else if src[j] == '}' {
				if depth--; depth == 0 {
					out = append(out, src[start:j+1])
					i = j + 1
					break
				}
			}
		}
	}
}

// curatedOnPostgres returns a test server over the curated dataset on PostgreSQL (it
// skips the test on SQLite, where the compiled read path does not run).
func curatedOnPostgres(t *testing.T) *apitest.Server {
	t.Helper()
	s := testdb.Seeded(t)
	if s.Dialect != store.Postgres {
		t.Skip("the compiled read path runs on PostgreSQL only")
	}
	return apitest.New(t, s)
}
