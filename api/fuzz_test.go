package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/reindustrie/observatory/api"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
)

// FuzzGraphQLEndpoint sends arbitrary requests to /graphql through the real handler
// and checks what must hold for any input: no 5xx, a JSON body whose errors all have
// a code and a message, no internal text (SQL, driver, paths, stack traces).
//
//	go test ./api -run '^$' -fuzz FuzzGraphQLEndpoint -fuzztime 2m
func FuzzGraphQLEndpoint(f *testing.F) {
	s := testdb.New(f)
	fixture.Sites(f, s.DB, 5)
	srv := apitest.NewWith(f, s, func(c *api.Config) { c.NoRateLimit = true })

	for _, tc := range hostileCases() {
		if len(tc.req.body) > 30_000 {
			continue // the corpus stays small; the mutator grows inputs
		}
		if tc.req.method == http.MethodGet {
			f.Add(true, "", tc.req.accept, tc.req.query.Get("query"), tc.req.query.Get("variables"))
		} else {
			f.Add(false, tc.req.ctype, tc.req.accept, tc.req.body, "")
		}
	}
	f.Add(false, "application/json", "", `{"query":"query($f: Int) { sites(first: $f) { nodes { slug territory { name } } } }","variables":{"f":3}}`, "")
	f.Add(true, "", "application/json", `{ site(slug: "fx-site-0001") { name occupancies { company { name } } } }`, "")
	f.Add(true, "", "*/*", `query($id: ID!) { node(id: $id) { id } }`, `{"id":"U2l0ZTpmeC1zaXRlLTAwMDA"}`)

	f.Fuzz(func(t *testing.T, isGet bool, ctype, accept, body, variables string) {
		var req rawRequest
		if isGet {
			q := url.Values{"query": {body}}
			if variables != "" {
				q.Set("variables", variables)
			}
			req = rawRequest{method: http.MethodGet, query: q, accept: accept}
		} else {
			req = rawRequest{body: body, ctype: ctype, accept: accept}
		}
		r := req.send(t, srv)
		checkResponse(t, r, body+variables)
	})
}
