package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

const (
	gqlResp  = gqlhttp.MediaGraphQLResponse
	jsonResp = gqlhttp.MediaJSON
)

// TestGraphQLOverHTTP checks the status codes, media types and bodies the
// GraphQL-over-HTTP specification asks for, request by request.
func TestGraphQLOverHTTP(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.New(t, s)

	mutation := `mutation { createSource(input: {slug: "x", title: "X"}) { id } }`
	tests := []struct {
		name      string
		req       apitest.Request
		status    int
		media     string // expected Content-Type media type ("" for none)
		code      string // expected extensions.code of the first error ("" for no error)
		hasData   bool
		cache     string // expected Cache-Control
		allow     string // expected Allow header
		wantField string // a key expected in data
	}{
		{name: "POST, graphql-response+json", req: apitest.PostQuery(`{ sites(first: 2) { nodes { slug } } }`, gqlResp),
			status: 200, media: gqlResp, hasData: true, cache: "no-store", wantField: "sites"},
		{name: "POST, both accepted: graphql-response+json preferred", req: apitest.PostQuery(`{ __typename }`, gqlResp+", "+jsonResp+";q=0.9"),
			status: 200, media: gqlResp, hasData: true, cache: "no-store"},
		{name: "POST, application/json", req: apitest.PostQuery(`{ __typename }`, jsonResp),
			status: 200, media: jsonResp, hasData: true, cache: "no-store"},
		{name: "POST, no Accept (legacy): application/json", req: apitest.PostQuery(`{ __typename }`, ""),
			status: 200, media: jsonResp, hasData: true, cache: "no-store"},
		{name: "POST, */*: application/json", req: apitest.PostQuery(`{ __typename }`, "*/*"),
			status: 200, media: jsonResp, hasData: true},
		{name: "POST, accepts neither: the default media type", req: apitest.PostQuery(`{ __typename }`, "text/html"),
			status: 200, media: gqlResp, hasData: true},
		{name: "parse error, graphql-response+json: 400 without data", req: apitest.PostQuery(`{ sites(`, gqlResp),
			status: 400, media: gqlResp, code: "GRAPHQL_PARSE_FAILED"},
		{name: "parse error, application/json: 200 without data", req: apitest.PostQuery(`{ sites(`, jsonResp),
			status: 200, media: jsonResp, code: "GRAPHQL_PARSE_FAILED"},
		{name: "validation error, graphql-response+json: 400", req: apitest.PostQuery(`{ nope }`, gqlResp),
			status: 400, media: gqlResp, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "validation error, application/json: 200", req: apitest.PostQuery(`{ nope }`, jsonResp),
			status: 200, media: jsonResp, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "variable coercion error: 400", req: apitest.Request{Body: `{"query":"query($n: Int!) { sites(first: $n) { totalCount } }","variables":{"n":"ten"}}`, ContentType: "application/json", Accept: gqlResp},
			status: 400, media: gqlResp, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "field error (page size): 200 with data", req: apitest.PostQuery(`{ site(slug: "fx-site-0000") { slug } sites(first: 1000) { totalCount } }`, gqlResp),
			status: 200, media: gqlResp, code: "BAD_USER_INPUT", hasData: true},
		{name: "body not JSON: 415", req: apitest.Request{Body: `{"query":"{ __typename }"}`, ContentType: "text/plain", Accept: gqlResp},
			status: 415, media: gqlResp, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "no Content-Type: 415", req: apitest.Request{Body: `{"query":"{ __typename }"}`, Accept: gqlResp},
			status: 415, media: gqlResp, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "form body: 415", req: apitest.Request{Body: `query=%7B__typename%7D`, ContentType: "application/x-www-form-urlencoded", Accept: gqlResp},
			status: 415, media: gqlResp, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "charset other than utf-8: 415", req: apitest.Request{Body: `{"query":"{ __typename }"}`, ContentType: "application/json; charset=latin1", Accept: gqlResp},
			status: 415, media: gqlResp, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "malformed JSON: 400", req: apitest.Request{Body: `{"query": "{ __typename }"`, ContentType: "application/json", Accept: jsonResp},
			status: 400, media: jsonResp, code: "BAD_REQUEST"},
		{name: "missing query: 400", req: apitest.Request{Body: `{"qeury": "{ __typename }"}`, ContentType: "application/json", Accept: gqlResp},
			status: 400, media: gqlResp, code: "BAD_REQUEST"},
		{name: "empty body: 400", req: apitest.Request{ContentType: "application/json", Accept: gqlResp},
			status: 400, media: gqlResp, code: "BAD_REQUEST"},
		{name: "query not a string: 400", req: apitest.Request{Body: `{"query": {"a": 1}}`, ContentType: "application/json", Accept: jsonResp},
			status: 400, media: jsonResp, code: "BAD_REQUEST"},
		{name: "variables not an object: 400", req: apitest.Request{Body: `{"query": "{ __typename }", "variables": [1]}`, ContentType: "application/json", Accept: jsonResp},
			status: 400, media: jsonResp, code: "BAD_REQUEST"},
		{name: "batch: 400", req: apitest.Request{Body: `[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`, ContentType: "application/json", Accept: gqlResp},
			status: 400, media: gqlResp, code: "BATCHING_NOT_SUPPORTED"},
		{name: "body over 1 MB: 413", req: apitest.Request{Body: `{"query": "{ __typename }", "variables": {"pad": "` + strings.Repeat("x", httpapi.MaxBodyBytes) + `"}}`, ContentType: "application/json", Accept: gqlResp},
			status: 413, media: gqlResp, code: "REQUEST_TOO_LARGE"},
		{name: "GET query: cacheable", req: apitest.GetQuery(`{ sites(first: 2) { nodes { slug } } }`, gqlResp),
			status: 200, media: gqlResp, hasData: true, cache: "public, max-age=60", wantField: "sites"},
		{name: "GET with a field error: not cached", req: apitest.GetQuery(`{ sites(first: -1) { totalCount } }`, gqlResp),
			status: 200, media: gqlResp, code: "BAD_USER_INPUT", hasData: true, cache: "no-store"},
		{name: "GET mutation: 405", req: apitest.GetQuery(mutation, gqlResp),
			status: 405, media: gqlResp, code: "METHOD_NOT_ALLOWED", allow: "POST"},
		{name: "GET mutation, application/json: 405", req: apitest.GetQuery(mutation, jsonResp),
			status: 405, media: jsonResp, code: "METHOD_NOT_ALLOWED", allow: "POST"},
		{name: "GET invalid mutation: 405 before validation", req: apitest.GetQuery(`mutation { __typename }`, gqlResp),
			status: 405, media: gqlResp, code: "METHOD_NOT_ALLOWED", allow: "POST"},
		{name: "GET mutation chosen by operationName: 405", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp,
			Query: url.Values{"query": {`query Q { __typename } ` + mutation[:8] + ` M ` + mutation[9:]}, "operationName": {"M"}}},
			status: 405, media: gqlResp, code: "METHOD_NOT_ALLOWED", allow: "POST"},
		{name: "GET query beside a mutation, query chosen: 200", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp,
			Query: url.Values{"query": {`query Q { __typename } ` + mutation[:8] + ` M ` + mutation[9:]}, "operationName": {"Q"}}},
			status: 200, media: gqlResp, hasData: true},
		{name: "GET variables as JSON", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp,
			Query: url.Values{"query": {`query($n: Int) { sites(first: $n) { nodes { slug } } }`}, "variables": {`{"n": 1}`}}},
			status: 200, media: gqlResp, hasData: true},
		{name: "GET variables not JSON: 400", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp,
			Query: url.Values{"query": {`{ __typename }`}, "variables": {`{n: 1`}}},
			status: 400, media: gqlResp, code: "BAD_REQUEST"},
		{name: "GET without query: 400", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{}},
			status: 400, media: gqlResp, code: "BAD_REQUEST"},
		{name: "PUT: 405", req: apitest.Request{Method: http.MethodPut, Body: `{"query":"{ __typename }"}`, ContentType: "application/json"},
			status: 405, media: jsonResp, code: "METHOD_NOT_ALLOWED", allow: "GET, POST, OPTIONS"},
		{name: "DELETE: 405", req: apitest.Request{Method: http.MethodDelete},
			status: 405, media: jsonResp, code: "METHOD_NOT_ALLOWED", allow: "GET, POST, OPTIONS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.req.Send(t, srv)
			if resp.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.Status, tc.status, resp.Raw)
			}
			if ct := resp.Header.Get("Content-Type"); tc.media != "" && !strings.HasPrefix(ct, tc.media+";") {
				t.Errorf("Content-Type %q, want %s", ct, tc.media)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(resp.Raw, &body); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, resp.Raw)
			}
			if _, ok := body["data"]; ok != tc.hasData {
				t.Errorf("data entry present: %v, want %v\n%s", ok, tc.hasData, resp.Raw)
			}
			switch {
			case tc.code == "" && len(resp.Errors) > 0:
				t.Errorf("unexpected errors: %s", resp.Raw)
			case tc.code != "" && (len(resp.Errors) == 0 || resp.Errors[0].Code() != tc.code):
				t.Errorf("want error code %s, got %s", tc.code, resp.Raw)
			}
			for _, e := range resp.Errors {
				if e.Code() == "" || e.Message == "" {
					t.Errorf("error without code or message: %+v", e)
				}
			}
			if tc.cache != "" && resp.Header.Get("Cache-Control") != tc.cache {
				t.Errorf("Cache-Control %q, want %q", resp.Header.Get("Cache-Control"), tc.cache)
			}
			if tc.allow != "" && resp.Header.Get("Allow") != tc.allow {
				t.Errorf("Allow %q, want %q", resp.Header.Get("Allow"), tc.allow)
			}
			if tc.wantField != "" && !bytes.Contains(resp.Data, []byte(`"`+tc.wantField+`"`)) {
				t.Errorf("data without %s: %s", tc.wantField, resp.Data)
			}
			if resp.Status == 200 && len(resp.Errors) == 0 {
				if _, ok := resp.Extensions["cost"]; !ok {
					t.Errorf("no extensions.cost: %s", resp.Raw)
				}
			}
		})
	}
}

// TestGETCaching: a strong ETag on cacheable GET responses, 304 on If-None-Match, and
// a new ETag once the data version moves (a write).
func TestGETCaching(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	version := &gqlhttp.MemoryVersion{}
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.Version = version; c.CacheMaxAge = 300e9 })

	q := apitest.GetQuery(`{ sites(first: 3) { nodes { slug } } }`, gqlResp)
	first := q.Send(t, srv)
	etag := first.Header.Get("ETag")
	if first.Status != 200 || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		t.Fatalf("status %d, ETag %q: want 200 and a strong ETag", first.Status, etag)
	}
	if cc := first.Header.Get("Cache-Control"); cc != "public, max-age=300" {
		t.Errorf("Cache-Control %q", cc)
	}
	if !strings.Contains(strings.Join(first.Header.Values("Vary"), ","), "Accept") {
		t.Errorf("Vary %q: want Accept (the media type depends on it)", first.Header.Values("Vary"))
	}
	again := q
	again.Headers = map[string]string{"If-None-Match": etag}
	if r := again.Send(t, srv); r.Status != http.StatusNotModified || len(r.Raw) != 0 || r.Header.Get("ETag") != etag {
		t.Fatalf("If-None-Match: status %d, body %q, ETag %q; want 304, empty, same ETag", r.Status, r.Raw, r.Header.Get("ETag"))
	}
	// Another media type is another representation.
	if r := apitest.GetQuery(`{ sites(first: 3) { nodes { slug } } }`, jsonResp).Send(t, srv); r.Header.Get("ETag") == etag {
		t.Errorf("same ETag for application/json and application/graphql-response+json")
	}
	// POST: never stored.
	if r := apitest.PostQuery(`{ sites(first: 3) { nodes { slug } } }`, gqlResp).Send(t, srv); r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("ETag") != "" {
		t.Errorf("POST: Cache-Control %q, ETag %q", r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
	}
	// A write moves the version: the old validator no longer matches.
	version.Bump(context.Background())
	r := again.Send(t, srv)
	if r.Status != 200 || r.Header.Get("ETag") == etag {
		t.Fatalf("after a write: status %d, ETag %q (was %q): want 200 and a new ETag", r.Status, r.Header.Get("ETag"), etag)
	}
}

// TestAPQOverGET: automatic persisted queries by hash over GET, as Apollo's protocol
// sends them: unknown hash, then registration, then the hash alone.
func TestAPQOverGET(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.New(t, s)

	query := `{ sites(first: 2) { nodes { slug } } }`
	sum := sha256.Sum256([]byte(query))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	byHash := apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{"extensions": {ext}}}

	r := byHash.Send(t, srv)
	if r.Status != 400 || len(r.Errors) != 1 || r.Errors[0].Code() != "PERSISTED_QUERY_NOT_FOUND" || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: %d %s", r.Status, r.Raw)
	}
	register := apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{"query": {query}, "extensions": {ext}}}
	if r := register.Send(t, srv); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("register: %d %s", r.Status, r.Raw)
	}
	r = byHash.Send(t, srv)
	if r.Status != 200 || len(r.Errors) > 0 || !bytes.Contains(r.Data, []byte("fx-site-0000")) {
		t.Fatalf("by hash: %d %s", r.Status, r.Raw)
	}
	if r.Header.Get("Cache-Control") != "public, max-age=60" || r.Header.Get("ETag") == "" {
		t.Errorf("persisted GET not cacheable: %q %q", r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
	}
	// A wrong hash for the query: a request error with a code, not an internal error.
	bad := apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{"query": {`{ __typename }`}, "extensions": {ext}}}
	if r := bad.Send(t, srv); r.Status != 400 || len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_REQUEST" {
		t.Errorf("mismatched hash: %d %s", r.Status, r.Raw)
	}
	// A persisted mutation cannot run by GET either.
	mut := `mutation { createSource(input: {slug: "x", title: "X"}) { id } }`
	msum := sha256.Sum256([]byte(mut))
	mext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(msum[:]) + `"}}`
	reg := apitest.Request{Body: `{"query":` + mustJSON(mut) + `,"extensions":` + mext + `}`, ContentType: "application/json", Accept: gqlResp}
	_ = reg.Send(t, srv) // registered (refused: no token)
	if r := (apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{"extensions": {mext}}}).Send(t, srv); r.Status != 405 {
		t.Errorf("persisted mutation by GET: %d %s", r.Status, r.Raw)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
