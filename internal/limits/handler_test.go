package limits_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/testdb"
)

const (
	gqlResp  = gqlhttp.MediaGraphQLResponse
	jsonResp = gqlhttp.MediaJSON
)

// TestQueryLimits: each limit refuses the request before execution, with its code,
// the measured value and the limit in the error's extensions.
func TestQueryLimits(t *testing.T) {
	t.Parallel()
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
		{name: "depth 12 allowed", query: apitest.Nested(12), cost: -1},
		{name: "depth 13 refused", query: apitest.Nested(13), code: limits.CodeQueryTooDeep, ext: "depth"},
		{name: "50 aliases allowed", query: apitest.Aliases(50), cost: 0},
		{name: "51 aliases refused", query: apitest.Aliases(51), code: limits.CodeTooManyAliases, ext: "aliases"},
		{name: "20 000 bytes allowed", query: "{ __typename }" + strings.Repeat(" ", 20_000-len("{ __typename }")), cost: 0},
		{name: "20 001 bytes refused", query: "{ __typename }" + strings.Repeat(" ", 20_001-len("{ __typename }")), code: limits.CodeQueryTooLarge, ext: "maxSize"},
		{name: "introspection is free", query: apitest.IntrospectionQuery, cost: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{gqlResp, jsonResp} {
				r := apitest.PostQuery(tc.query, accept).Send(t, srv)
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
	t.Parallel()
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
		r := apitest.GetQuery(`{ __typename }`, gqlResp).Send(t, srv)
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
	r := apitest.PostQuery(`{ __typename }`, gqlResp).Send(t, srv)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "1" || len(r.Errors) != 1 || r.Errors[0].Code() != limits.CodeRateLimited {
		t.Fatalf("over the limit: %d Retry-After %q %s", r.Status, r.Header.Get("Retry-After"), r.Raw)
	}
	if res, err := http.Get(srv.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz while limited: %v %v", res, err)
	}
	client = "b"
	if r := apitest.PostQuery(`{ __typename }`, gqlResp).Send(t, srv); r.Status != 200 {
		t.Fatalf("another client: %d", r.Status)
	}
	client = "a"
	now = now.Add(time.Second) // one token a second
	if r := apitest.PostQuery(`{ __typename }`, gqlResp).Send(t, srv); r.Status != 200 {
		t.Fatalf("after a second: %d %s", r.Status, r.Raw)
	}
	// A costly request takes more of the allowance: cost 1 201 → 1 more token.
	now = now.Add(time.Minute)
	r = apitest.PostQuery(`{ territories(first: 100) { nodes { children(first: 10) { nodes { name } } } } }`, gqlResp).Send(t, srv)
	if r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("costly request: %d, remaining %q, cost %v", r.Status, r.Header.Get("X-RateLimit-Remaining"), r.Extensions["cost"])
	}
}

// TestScalarAnswersArePricedByWhatTheyHold is item 4 of the hostile review (the others
// are in internal/httpapi/hardening_test.go): GeoJSON collections and the
// network graph cost what they can return, so that 20 aliased maps no longer cost 0.
func TestScalarAnswersArePricedByWhatTheyHold(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 5)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	var b strings.Builder
	b.WriteString("{")
	for i := range 20 {
		fmt.Fprintf(&b, " m%d: sitesGeoJSON", i)
	}
	b.WriteString(" }")
	r := apitest.PostQuery(b.String(), gqlResp).Send(t, srv)
	if r.Status != http.StatusBadRequest || r.Errors[0].Code() != limits.CodeQueryTooComplex {
		t.Errorf("20 full maps: %d %.300s", r.Status, r.Raw)
	}

	cases := []struct {
		query string
		cost  float64
	}{
		{`{ sitesGeoJSON }`, 3 * 5000},
		{`{ sitesGeoJSON(first: 100) }`, 3 * 100},
		{`{ territoriesGeoJSON(first: 3000) }`, 3 * 3000},
		{`{ graph(from: "U2l0ZTpmeC1zaXRlLTAwMDA") { nodes { id } edges { source target } truncated } }`, 1 + 500 + 2000},
	}
	for _, tc := range cases {
		r := apitest.PostQuery(tc.query, gqlResp).Send(t, srv)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d %.300s", tc.query, r.Status, r.Raw)
			continue
		}
		if got, _ := r.Extensions["cost"].(float64); got != tc.cost {
			t.Errorf("%s: cost %v, want %v", tc.query, got, tc.cost)
		}
	}
	// Positive control: a full page of features still comes back whole.
	fixture.Explore(t, s.DB)
	r = apitest.PostQuery(`{ territoriesGeoJSON }`, gqlResp).Send(t, srv)
	var data struct {
		TerritoriesGeoJSON struct {
			Features []any `json:"features"`
			Omitted  struct {
				OverLimit int `json:"overLimit"`
			} `json:"omitted"`
		} `json:"territoriesGeoJSON"`
	}
	r.Decode(t, &data)
	// (Territories without a point are left out, and counted apart.)
	if len(data.TerritoriesGeoJSON.Features) == 0 || data.TerritoriesGeoJSON.Omitted.OverLimit != 0 {
		t.Errorf("no features: %.300s", r.Raw)
	}
}
