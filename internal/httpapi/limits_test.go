package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
)

func nested(depth int) string {
	// territory { parent { parent { ... name } } }
	return `{ territory(slug: "fx-commune") { ` + strings.Repeat("parent { ", depth-2) + "name" + strings.Repeat(" }", depth-2) + " } }"
}

func aliases(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: __typename ", i)
	}
	b.WriteString("}")
	return b.String()
}

// TestQueryLimits: each limit refuses the request before execution, with its code,
// the measured value and the limit in the error's extensions.
func TestQueryLimits(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.New(t, s)

	tests := []struct {
		name  string
		query string
		code  string // "" when allowed
		cost  int64  // expected cost when allowed (-1: not checked)
		ext   string // an extension key expected on the error
	}{
		{name: "cost of a page", query: `{ sites(first: 10) { nodes { slug territory { name } } } }`, cost: 1 + 10*(1+1)},
		{name: "default page size counts 20", query: `{ sites { nodes { slug } } }`, cost: 1 + 20},
		{name: "nested pages multiply", query: `{ territories(first: 10) { nodes { children(first: 5) { nodes { sites(first: 3) { nodes { name } } } } } } }`,
			cost: 1 + 10*(1+1*(1+5*(1+1*(1+3*1)))), code: ""},
		{name: "scalars cost nothing", query: `{ sites(first: 100) { totalCount nodes { slug name } } }`, cost: 1 + 100},
		{name: "cost over the limit", query: `{ territories(first: 100) { nodes { children(first: 100) { nodes { sites(first: 100) { nodes { name } } } } } } }`,
			code: limits.CodeQueryTooComplex, ext: "cost"},
		{name: "cost with variables", query: `query { a: sites(first: 100) { nodes { occupancies { company { occupancies { site { occupancies { company { name } } } } } } } } }`,
			code: limits.CodeQueryTooComplex, ext: "maxCost"},
		{name: "depth 12 allowed", query: nested(12), cost: -1},
		{name: "depth 13 refused", query: nested(13), code: limits.CodeQueryTooDeep, ext: "depth"},
		{name: "50 aliases allowed", query: aliases(50), cost: 0},
		{name: "51 aliases refused", query: aliases(51), code: limits.CodeTooManyAliases, ext: "aliases"},
		{name: "20 000 bytes allowed", query: "{ __typename }" + strings.Repeat(" ", 20_000-len("{ __typename }")), cost: 0},
		{name: "20 001 bytes refused", query: "{ __typename }" + strings.Repeat(" ", 20_001-len("{ __typename }")), code: limits.CodeQueryTooLarge, ext: "maxSize"},
		{name: "introspection is free", query: introspectionQuery, cost: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{gqlResp, jsonResp} {
				r := postQ(tc.query, accept).send(t, srv)
				if tc.code == "" {
					if r.Status != 200 || len(r.Errors) > 0 && r.Errors[0].Code() != "BAD_USER_INPUT" {
						t.Fatalf("%s: %d %s", accept, r.Status, r.Raw)
					}
					if got, _ := r.Extensions["cost"].(float64); tc.cost >= 0 && int64(got) != tc.cost {
						t.Errorf("cost %v, want %d", r.Extensions["cost"], tc.cost)
					}
					continue
				}
				want := 400
				if accept == jsonResp {
					want = 200
				}
				if r.Status != want || len(r.Errors) != 1 || r.Errors[0].Code() != tc.code || r.Data != nil {
					t.Fatalf("%s: status %d, want %d with %s and no data: %s", accept, r.Status, want, tc.code, r.Raw)
				}
				if _, ok := r.Errors[0].Extensions[tc.ext]; !ok {
					t.Errorf("error without extensions.%s: %s", tc.ext, r.Raw)
				}
			}
		})
	}
}

// TestRateLimit: X-RateLimit-* on every response, 429 with Retry-After past the
// allowance, health checks not counted, another client unaffected.
func TestRateLimit(t *testing.T) {
	s := testdb.New(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	bucket := limits.NewBucket(60, 3)
	bucket.Now = func() time.Time { return now }
	client := "a"
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.RateLimiter = bucket
		c.ClientKey = func(*http.Request) string { return client }
	})

	for i, want := range []int{2, 1, 0} {
		r := getQ(`{ __typename }`, gqlResp).send(t, srv)
		if r.Status != 200 {
			t.Fatalf("request %d: %d %s", i, r.Status, r.Raw)
		}
		if got := r.Header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(want) {
			t.Errorf("request %d: X-RateLimit-Remaining %q, want %d", i, got, want)
		}
		if r.Header.Get("X-RateLimit-Limit") != "60" {
			t.Errorf("X-RateLimit-Limit %q", r.Header.Get("X-RateLimit-Limit"))
		}
		if reset, _ := strconv.ParseInt(r.Header.Get("X-RateLimit-Reset"), 10, 64); reset < now.Unix() {
			t.Errorf("X-RateLimit-Reset %q", r.Header.Get("X-RateLimit-Reset"))
		}
	}
	r := postQ(`{ __typename }`, gqlResp).send(t, srv)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "1" || len(r.Errors) != 1 || r.Errors[0].Code() != limits.CodeRateLimited {
		t.Fatalf("over the limit: %d Retry-After %q %s", r.Status, r.Header.Get("Retry-After"), r.Raw)
	}
	if res, err := http.Get(srv.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz while limited: %v %v", res, err)
	}
	client = "b"
	if r := postQ(`{ __typename }`, gqlResp).send(t, srv); r.Status != 200 {
		t.Fatalf("another client: %d", r.Status)
	}
	client = "a"
	now = now.Add(time.Second) // one token a second
	if r := postQ(`{ __typename }`, gqlResp).send(t, srv); r.Status != 200 {
		t.Fatalf("after a second: %d %s", r.Status, r.Raw)
	}
	// A costly request takes more of the allowance: cost 1 201 → 1 more token.
	now = now.Add(time.Minute)
	r = postQ(`{ territories(first: 100) { nodes { children(first: 10) { nodes { name } } } } }`, gqlResp).send(t, srv)
	if r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("costly request: %d, remaining %q, cost %v", r.Status, r.Header.Get("X-RateLimit-Remaining"), r.Extensions["cost"])
	}
}

// slowSQL runs a statement that takes seconds on either database, cut by ctx.
func slowSQL(ctx context.Context, st *store.Store) error {
	if st.Dialect == store.Postgres {
		return st.DB.WithContext(ctx).Exec("SELECT pg_sleep(30)").Error
	}
	// Exec, not Query: the SQLite driver (glebarez/go-sqlite 1.21) interrupts a statement
	// on cancellation only while Exec runs; rows being read are not interrupted.
	return st.DB.WithContext(ctx).Exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c`).Error
}

// TestSlowRequestIsCut: a request over its budget is cut down in the database and
// answered with code TIMEOUT within the budget (plus a margin).
func TestSlowRequestIsCut(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.RequestTimeout = 300 * time.Millisecond
		c.Customize = func(h *handler.Server) {
			h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				if fc := graphql.GetFieldContext(ctx); fc.Field.Name == "sites" {
					if err := slowSQL(ctx, s); err != nil {
						return nil, err
					}
				}
				return next(ctx)
			})
		}
	})
	start := time.Now()
	r := postQ(`{ sites(first: 2) { nodes { slug } } }`, gqlResp).send(t, srv)
	elapsed := time.Since(start)
	if elapsed > 5*time.Second {
		t.Fatalf("the slow request took %v", elapsed)
	}
	if len(r.Errors) == 0 || r.Errors[0].Code() != "TIMEOUT" {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	assertNoLeak(t, r.Raw)
	// The server still answers.
	if r := postQ(`{ __typename }`, gqlResp).send(t, srv); r.Status != 200 {
		t.Fatalf("after the timeout: %d", r.Status)
	}
	t.Logf("cut after %v: %s", elapsed.Round(time.Millisecond), r.Raw)
}

// TestClientGoneCancels: when the client goes away, the request's context ends and
// the database statement is cancelled.
func TestClientGoneCancels(t *testing.T) {
	s := testdb.New(t)
	done := make(chan error, 1)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.Customize = func(h *handler.Server) {
			h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				if fc := graphql.GetFieldContext(ctx); fc.Field.Name == "sites" {
					err := slowSQL(ctx, s)
					done <- err
					return nil, err
				}
				return next(ctx)
			})
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ sites { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the statement finished instead of being cancelled")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the statement still runs 5 s after the client left")
	}
}

// TestPanicIsAFieldError: a panic in a resolver becomes an error on that field, with
// no panic text, and the server keeps serving.
func TestPanicIsAFieldError(t *testing.T) {
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
	r := postQ(`{ sites(first: 2) { nodes { slug } } territory(slug: "fx-commune") { name } }`, gqlResp).send(t, srv)
	if r.Status != 200 || len(r.Errors) != 1 || r.Errors[0].Code() != "INTERNAL_SERVER_ERROR" {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	if !strings.Contains(string(r.Data), "fx-site-0000") {
		t.Errorf("the other field lost its data: %s", r.Data)
	}
	assertNoLeak(t, r.Raw)
	for range 3 {
		if r := postQ(`{ sites(first: 1) { totalCount } }`, gqlResp).send(t, srv); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("after the panic: %d %s", r.Status, r.Raw)
		}
	}
}

// TestDatabaseErrorDoesNotLeak: a failing statement (a table gone) is an
// INTERNAL_SERVER_ERROR with a generic message: no SQL, table, driver or path.
func TestDatabaseErrorDoesNotLeak(t *testing.T) {
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
		r := postQ(q, gqlResp).send(t, srv)
		if r.Status != 200 || len(r.Errors) == 0 {
			t.Fatalf("%s: %d %s", q, r.Status, r.Raw)
		}
		for _, e := range r.Errors {
			if e.Code() != "INTERNAL_SERVER_ERROR" {
				t.Errorf("%s: code %s", q, e.Code())
			}
		}
		assertNoLeak(t, r.Raw)
	}
}

// leaks are fragments of internal text that must never reach a client.
var leaks = []string{
	"SELECT", "select ", "FROM ", "sqlite", "SQLSTATE", "pq:", "pgx", "pgconn", "gorm", "relation ",
	"no such table", "sites_gone", ".go:", "/work/", "goroutine", "panic", "runtime.", "dial tcp",
	"127.0.0.1", "connection refused", "secret",
}

func assertNoLeak(t testing.TB, raw []byte) {
	t.Helper()
	for _, l := range leaks {
		if strings.Contains(string(raw), l) {
			t.Errorf("the response leaks %q: %s", l, raw)
		}
	}
}

// introspectionQuery is GraphiQL's (graphql-js getIntrospectionQuery), deep TypeRef.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`
