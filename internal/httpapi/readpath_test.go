package httpapi_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/graphiql"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/synth"
	"github.com/reindustrie/observatory/internal/testdb"
)

// TestReadPathOfTheStories runs the GraphiQL stories and examples on the curated
// dataset and lists the read path of each; apitest's server compares the two paths on
// every answer of the compiled one.
func TestReadPathOfTheStories(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	if s.Dialect != store.Postgres {
		t.Skip("the compiled read path runs on PostgreSQL only")
	}
	srv := apitest.New(t, s)
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
	sort.Strings(general)
	t.Logf("general path: %d of %d: %s", len(general), len(graphiql.Stories)+len(graphiql.Examples), strings.Join(general, ", "))
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
	s := testdb.Seeded(t)
	if s.Dialect != store.Postgres {
		t.Skip("the compiled read path runs on PostgreSQL only")
	}
	srv := apitest.New(t, s)
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
