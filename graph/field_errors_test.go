package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

const gqlResp = gqlhttp.MediaGraphQLResponse

// TestPanicIsAFieldError: a panic in a resolver becomes an error on that field, with
// no panic text, and the server keeps serving.
func TestPanicIsAFieldError(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.Customize = func(h *handler.Server) {
			h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				if fc := graphql.GetFieldContext(ctx); fc.Field.Name == "territory" {
					panic("boom at /secret/path/resolver.go:42 SELECT * FROM sites")
				}
				return next(ctx)
			})
		}
	})
	r := apitest.PostQuery(`{ sites(first: 2) { nodes { slug } } territory(slug: "fx-commune") { name } }`, gqlResp).Send(t, srv)
	if r.Status != 200 || len(r.Errors) != 1 || r.Errors[0].Code() != "INTERNAL_SERVER_ERROR" {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	if !strings.Contains(string(r.Data), "fx-site-0000") {
		t.Errorf("the other field lost its data: %s", r.Data)
	}
	apitest.AssertNoLeak(t, r.Raw)
	for range 3 {
		if r := apitest.PostQuery(`{ sites(first: 1) { totalCount } }`, gqlResp).Send(t, srv); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("after the panic: %d %s", r.Status, r.Raw)
		}
	}
}

// TestDatabaseErrorDoesNotLeak: a failing statement (a table gone) is an
// INTERNAL_SERVER_ERROR with a generic message: no SQL, table, driver or path.
func TestDatabaseErrorDoesNotLeak(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.New(t, s)
	if err := s.DB.Exec(`ALTER TABLE sites RENAME TO sites_gone_secret`).Error; err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`{ sites(first: 2) { nodes { slug } } }`,
		`{ site(slug: "fx-site-0000") { name } }`,
		`{ sites(first: 2, filter: {name: "' OR 1=1 --"}) { totalCount } }`,
	} {
		r := apitest.PostQuery(q, gqlResp).Send(t, srv)
		if r.Status != 200 || len(r.Errors) == 0 {
			t.Fatalf("%s: %d %s", q, r.Status, r.Raw)
		}
		for _, e := range r.Errors {
			if e.Code() != "INTERNAL_SERVER_ERROR" {
				t.Errorf("%s: code %s", q, e.Code())
			}
		}
		apitest.AssertNoLeak(t, r.Raw)
	}
}
