package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/internal/textnorm"
)

func fragmentBomb(levels int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { sites(first: 100) { nodes { slug territory { name } } } }\n", levels)
	return b.String()
}

func fragmentFieldBomb(levels int) string {
	// A chain of fragments, each one level deeper and with its own page.
	var b strings.Builder
	b.WriteString("{ territories(first: 100) { nodes { ...F0 } } }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Territory { parent { ...F%d } children(first: 100) { nodes { name } } }\n", i, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Territory { name }\n", levels)
	return b.String()
}

func ids(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%q", base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "Site:fx-site-%04d", i)))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

type hostileCase struct {
	name   string
	req    apitest.Request
	status int    // expected HTTP status
	code   string // expected code of the first error; "" for none
	check  func(t *testing.T, r *apitest.Response)
}

// hostileCases are the inputs an attacker or a broken client sends: each must get a
// clear error (or an empty, correct answer) quickly, without a 5xx or a leak.
func hostileCases() []hostileCase {
	injections := []string{`' OR 1=1 --`, `%`, `_`, `\`, `%' OR '1'='1`, `"; DROP TABLE sites; --`, `\%`, `*`, "\x00"}
	var out []hostileCase
	out = append(out,
		hostileCase{name: "deep nesting (200 levels)", req: apitest.PostQuery(apitest.Nested(200), gqlResp), status: 400, code: "QUERY_TOO_DEEP"},
		hostileCase{name: "deep nesting over the size limit", req: apitest.PostQuery(apitest.Nested(3000), gqlResp), status: 400, code: "QUERY_TOO_LARGE"},
		hostileCase{name: "deep list nesting (sites > occupancies > site ...)", req: apitest.PostQuery(`{ sites(first: 100) { nodes { occupancies { site { occupancies { site { occupancies { site { occupancies { site { name } } } } } } } } } } }`, gqlResp), status: 400, code: "QUERY_TOO_COMPLEX"},
		hostileCase{name: "alias bomb (1 000 aliases)", req: apitest.PostQuery(apitest.Aliases(1000), gqlResp), status: 400, code: "TOO_MANY_ALIASES"},
		hostileCase{name: "alias bomb of lists", req: apitest.PostQuery(aliasedPages(50), gqlResp), status: 400, code: "QUERY_TOO_COMPLEX"},
		hostileCase{name: "fragment bomb (2^40 spreads)", req: apitest.PostQuery(fragmentBomb(40), gqlResp), status: 400, code: "QUERY_TOO_COMPLEX"},
		hostileCase{name: "fragment bomb of nested fields", req: apitest.PostQuery(fragmentFieldBomb(30), gqlResp), status: 400, code: "QUERY_TOO_DEEP"},
		hostileCase{name: "fragment cycle", req: apitest.PostQuery(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, gqlResp), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		hostileCase{name: "self-spreading fragment", req: apitest.PostQuery(`{ sites { nodes { ...S } } } fragment S on Site { name territory { sites { nodes { ...S } } } }`, gqlResp), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		hostileCase{name: "nodes with 10 000 ids", req: apitest.Request{Body: `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":` + ids(10_000) + `}}`, ContentType: "application/json", Accept: gqlResp}, status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "nodes with 100 000 ids (over 1 MB)", req: apitest.Request{Body: `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":` + ids(100_000) + `}}`, ContentType: "application/json", Accept: gqlResp}, status: 413, code: "REQUEST_TOO_LARGE"},
		hostileCase{name: "huge unused variables", req: apitest.Request{Body: `{"query":"{ __typename }","variables":{"x":"` + strings.Repeat("a", 900_000) + `"}}`, ContentType: "application/json", Accept: gqlResp}, status: 200},
		hostileCase{name: "deeply nested JSON variables", req: apitest.Request{Body: `{"query":"{ __typename }","variables":{"x":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}}`, ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "invalid UTF-8 in the body", req: apitest.Request{Body: "{\"query\":\"{ site(slug: \\\"\xff\xfe\\\") { name } }\"}", ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "invalid UTF-8 in a GET query", req: apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{"query": {"{ site(slug: \"\xc3\x28\") { name } }"}}}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "malformed JSON", req: apitest.Request{Body: `{"query": "{ __typename }",}`, ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "JSON with trailing garbage", req: apitest.Request{Body: `{"query": "{ __typename }"} {"query": "{ __typename }"}`, ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "JSON string body", req: apitest.Request{Body: `"{ __typename }"`, ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BAD_REQUEST"},
		hostileCase{name: "negative page size", req: apitest.PostQuery(`{ sites(first: -5) { totalCount } }`, gqlResp), status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "zero page size", req: apitest.PostQuery(`{ sites(first: 0) { totalCount } }`, gqlResp), status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "page size over the cap", req: apitest.PostQuery(`{ sites(first: 101) { totalCount } }`, gqlResp), status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "huge page size", req: apitest.PostQuery(`{ sites(first: 2147483647) { nodes { territory { name } } } }`, gqlResp), status: 400, code: "QUERY_TOO_COMPLEX"},
		hostileCase{name: "page size beyond Int", req: apitest.PostQuery(`{ sites(first: 99999999999999999999) { totalCount } }`, gqlResp), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		hostileCase{name: "forged cursor", req: apitest.PostQuery(`{ sites(first: 2, after: "not-a-cursor") { totalCount } }`, gqlResp), status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "forged base64 cursor", req: apitest.PostQuery(`{ sites(first: 2, after: "`+base64.StdEncoding.EncodeToString([]byte(`' OR 1=1 --`))+`") { totalCount } }`, gqlResp), status: 200, code: "BAD_USER_INPUT"},
		hostileCase{name: "forged ID", req: apitest.PostQuery(`{ node(id: "garbage!!") { id } }`, gqlResp), status: 200, check: nullOrBadInput("node")},
		hostileCase{name: "forged base64 ID with a path", req: apitest.PostQuery(`{ node(id: "`+base64.StdEncoding.EncodeToString([]byte("Site:../../etc/passwd"))+`") { id } }`, gqlResp), status: 200, check: nullOrBadInput("node")},
		hostileCase{name: "forged ID of an unknown type", req: apitest.PostQuery(`{ node(id: "`+base64.StdEncoding.EncodeToString([]byte("Token:1"))+`") { id } }`, gqlResp), status: 200, check: nullOrBadInput("node")},
		hostileCase{name: "batch of 1 000", req: apitest.Request{Body: "[" + strings.TrimSuffix(strings.Repeat(`{"query":"{ __typename }"},`, 1000), ",") + "]", ContentType: "application/json", Accept: gqlResp}, status: 400, code: "BATCHING_NOT_SUPPORTED"},
		hostileCase{name: "many operations, none chosen", req: apitest.PostQuery(`query A { __typename } query B { __typename }`, gqlResp), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		hostileCase{name: "unknown operation name", req: apitest.Request{Body: `{"query":"query A { __typename }","operationName":"Z"}`, ContentType: "application/json", Accept: gqlResp}, status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		hostileCase{name: "directive abuse", req: apitest.PostQuery(`{ __typename `+strings.Repeat("@include(if: true) ", 500)+`}`, gqlResp), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
	)
	filters := []struct{ list, field string }{
		{"sites", "name"}, {"sites", "activity"}, {"sites", "operator"}, {"sites", "occupant"}, {"sites", "territory"},
		{"companies", "name"}, {"companies", "activity"}, {"companies", "siren"}, {"companies", "territory"}, {"companies", "site"},
		{"territories", "name"}, {"territories", "code"}, {"territories", "parent"}, {"territories", "within"},
		{"observations", "metric"}, {"observations", "source"}, {"observations", "territory"}, {"observations", "dimension"}, {"observations", "category"},
	}
	for _, f := range filters {
		for _, inj := range injections {
			q := fmt.Sprintf(`query($v: String) { %s(first: 5, filter: {%s: $v}) { totalCount nodes { id } } }`, f.list, f.field)
			body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"v": inj}})
			out = append(out, hostileCase{
				name: fmt.Sprintf("filter %s.%s = %q", f.list, f.field, inj),
				req:  apitest.Request{Body: string(body), ContentType: "application/json", Accept: gqlResp}, status: 200,
				check: noRows(f.list, textnorm.Fold(inj) == "" && (f.field == "name" || f.field == "activity")),
			})
		}
	}
	for _, inj := range injections {
		body, _ := json.Marshal(map[string]any{"query": `query($v: String!) { search(text: $v, first: 5) { kind } site(slug: $v) { id } company(slug: $v) { id } territory(slug: $v) { id } }`, "variables": map[string]any{"v": inj}})
		// The lookups name nothing: each is null with NOT_FOUND (never an injection).
		hc := hostileCase{name: fmt.Sprintf("lookups and search %q", inj),
			req: apitest.Request{Body: string(body), ContentType: "application/json", Accept: gqlResp}, status: 200,
			check: lookupsNotFound}
		out = append(out, hc)
	}
	return out
}

func aliasedPages(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: sites(first: 100) { nodes { territory { name } occupancies { company { name } } } } ", i)
	}
	b.WriteString("}")
	return b.String()
}

// noRows checks that a filter value matched nothing: '%', '_' and '\' are not
// wildcards, quotes do not end the SQL string.
//
// Text filters (name, activity) fold accents and punctuation away before matching: a
// value with no letter or digit folds to nothing and filters nothing (ignored=true).
func noRows(list string, ignored bool) func(*testing.T, *apitest.Response) {
	return func(t *testing.T, r *apitest.Response) {
		var data map[string]struct{ TotalCount int }
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatalf("data: %v %s", err, r.Raw)
		}
		if ignored {
			return
		}
		if n := data[list].TotalCount; n != 0 {
			t.Errorf("%s: %d rows matched a value no row holds: %s", list, n, r.Raw)
		}
	}
}

// lookupsNotFound checks the answer of the site, company and territory lookups of an
// injection: each null, each with a NOT_FOUND error; search refuses what has fewer than
// two letters or digits with BAD_USER_INPUT.
func lookupsNotFound(t *testing.T, r *apitest.Response) {
	codes := map[string]string{}
	for _, e := range r.Errors {
		if len(e.Path) > 0 {
			codes[fmt.Sprint(e.Path[0])] = e.Code()
		}
	}
	for _, f := range []string{"site", "company", "territory"} {
		if codes[f] != "NOT_FOUND" {
			t.Errorf("%s: code %q, want NOT_FOUND: %.500s", f, codes[f], r.Raw)
		}
	}
	if c, ok := codes["search"]; ok && c != "BAD_USER_INPUT" {
		t.Errorf("search: code %q", c)
	}
	var data map[string]json.RawMessage
	_ = json.Unmarshal(r.Data, &data)
	for _, f := range []string{"site", "company", "territory"} {
		if v := data[f]; v != nil && string(v) != "null" {
			t.Errorf("%s resolved an injection: %s", f, v)
		}
	}
}

// nullOrBadInput checks that a forged identifier resolves to nothing: the field is
// null, with a NOT_FOUND (or BAD_USER_INPUT) error.
func nullOrBadInput(field string) func(*testing.T, *apitest.Response) {
	return func(t *testing.T, r *apitest.Response) {
		if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" && r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("want NOT_FOUND: %s", r.Raw)
		}
		var data map[string]json.RawMessage
		_ = json.Unmarshal(r.Data, &data)
		if v := data[field]; v != nil && string(v) != "null" {
			t.Errorf("%s resolved a forged ID: %s", field, v)
		}
	}
}

// TestHostileInputs runs every hostile input against the real handler: each gets its
// expected status and code within the time budget, and no internal text.
func TestHostileInputs(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 5)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := tc.req.Send(t, srv)
			elapsed := time.Since(start)
			if elapsed > 3*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.500s", r.Status, tc.status, r.Raw)
			}
			checkResponse(t, r, tc.req.Body+tc.req.Query.Encode())
			switch {
			case tc.code == "" && tc.check == nil && len(r.Errors) > 0:
				t.Errorf("unexpected errors: %.500s", r.Raw)
			case tc.code != "" && (len(r.Errors) == 0 || r.Errors[0].Code() != tc.code):
				t.Errorf("want %s: %.500s", tc.code, r.Raw)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// checkResponse asserts what holds for every response: JSON, every error with a
// code and a message, nothing internal (unless the client sent that text itself).
func checkResponse(t testing.TB, r *apitest.Response, sent string) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("server error %d: %.500s", r.Status, r.Raw)
	}
	if r.Status == http.StatusNotModified {
		return
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatalf("not JSON (%d): %v: %.300q", r.Status, err, r.Raw)
	}
	if !utf8.Valid(r.Raw) {
		t.Errorf("not UTF-8")
	}
	if _, ok := body["errors"]; !ok && r.Status >= 400 {
		t.Errorf("status %d without errors: %.300s", r.Status, r.Raw)
	}
	for _, e := range r.Errors {
		if e.Code() == "" || e.Message == "" {
			t.Errorf("error without code or message: %+v", e)
		}
	}
	for _, l := range apitest.Leaks {
		if bytes.Contains(r.Raw, []byte(l)) && !strings.Contains(sent, l) {
			t.Errorf("the response leaks %q: %.500s", l, r.Raw)
		}
	}
}
