package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

// FuzzGraphQLEndpoint sends arbitrary requests to /graphql through the real handler
// and the real server settings (header limit, JSON 431), by GET and by POST, with
// arbitrary documents, variables, operation names, extensions and one extra header,
// and checks what must hold for any input: never a 5xx, always a JSON body whose
// errors all have a code and a message, never internal text (SQL, driver, Go paths,
// stack traces) the client did not send itself.
//
//	go test ./internal/httpapi -run '^$' -fuzz FuzzGraphQLEndpoint -fuzztime 10m
//
// The inputs that found new code paths are kept in testdata/fuzz/FuzzGraphQLEndpoint.
func FuzzGraphQLEndpoint(f *testing.F) {
	s := testdb.New(f)
	fixture.Sites(f, s.DB, 5)
	srv := apitest.NewWith(f, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	for _, tc := range hostileCases() {
		if len(tc.req.Body) > 30_000 {
			continue // the corpus stays small; the mutator grows inputs
		}
		if tc.req.Method == http.MethodGet {
			f.Add(true, "", tc.req.Accept, tc.req.Query.Get("query"), tc.req.Query.Get("variables"), "", "", "")
		} else {
			f.Add(false, tc.req.ContentType, tc.req.Accept, tc.req.Body, "", "", "", "")
		}
	}
	f.Add(false, "application/json", "", `{"query":"query($f: Int) { sites(first: $f) { nodes { slug territory { name } } } }","variables":{"f":3}}`, "", "", "", "")
	f.Add(true, "", "application/json", `{ site(slug: "fx-site-0001") { name occupancies { company { name } } } }`, "", "", "", "X-Request-Id: abc")
	f.Add(true, "", "*/*", `query($id: ID!) { node(id: $id) { id } }`, `{"id":"U2l0ZTpmeC1zaXRlLTAwMDA"}`, "", "", "")
	f.Add(true, "", "", `query A { __typename } mutation B { __typename }`, "", "B", "", "")
	f.Add(true, "", "", "", "", "", `{"persistedQuery":{"version":1,"sha256Hash":"abc"}}`, "")
	f.Add(false, "application/json; charset=utf-8", "application/graphql-response+json", `{"query":"{a(b:[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1"}`, "", "", "", "Authorization: Bearer x")
	f.Add(true, "", "", "{ sitesGeoJSON(first: 2) territoriesGeoJSON(first: 2) }", "", "", "", "If-None-Match: *")

	f.Fuzz(func(t *testing.T, isGet bool, ctype, accept, body, variables, operationName, extensions, header string) {
		var req apitest.Request
		if isGet {
			q := url.Values{}
			if body != "" {
				q.Set("query", body)
			}
			for k, v := range map[string]string{"variables": variables, "operationName": operationName, "extensions": extensions} {
				if v != "" {
					q.Set(k, v)
				}
			}
			req = apitest.Request{Method: http.MethodGet, Query: q, Accept: accept}
		} else {
			req = apitest.Request{Body: body, ContentType: ctype, Accept: accept}
		}
		if name, value, ok := strings.Cut(header, ":"); ok {
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !validHeaderName(name) || !validHeaderValue(value) || strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Transfer-Encoding") || strings.EqualFold(name, "Host") || strings.EqualFold(name, "Connection") {
				t.Skip("not a header a client can send")
			}
			req.Headers = map[string]string{name: value}
		}
		if !validHeaderValue(accept) || !validHeaderValue(ctype) {
			t.Skip("not a header a client can send")
		}
		r := req.Send(t, srv)
		checkResponse(t, r, body+variables+operationName+extensions+header)
	})
}

// validHeaderName reports whether name is an HTTP token (RFC 9110 5.6.2).
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validHeaderValue reports whether a header value can be sent (no control
// characters but tab).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
