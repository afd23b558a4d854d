package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/persisted"
	"github.com/reindustrie/observatory/internal/testdb"
)

// bracketBomb is the document of the crash: a field whose argument nests n lists.
func bracketBomb(n int) string {
	return "{a(b:" + strings.Repeat("[", n)
}

// rawExchange writes a raw HTTP request on a fresh connection to srv and reads the
// answer, within a few seconds; the write may be cut by the server (it stops reading
// once the head is over the limit), so it runs beside the read.
func rawExchange(t *testing.T, srv *apitest.Server, request []byte) *http.Response {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	conn, err := net.DialTimeout("tcp", u.Host, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	go func() { _, _ = conn.Write(request) }()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no HTTP answer: %v", err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// decodeErrorShape reads a body in the API's error shape and returns its first code.
func decodeErrorShape(t *testing.T, res *http.Response) string {
	t.Helper()
	raw, _ := io.ReadAll(res.Body)
	var body struct {
		Errors []apitest.Error `json:"errors"`
	}
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Errors) == 0 {
		t.Fatalf("%d: not the API's error shape: %v %.300q", res.StatusCode, err, raw)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("no nosniff on the %d", res.StatusCode)
	}
	apitest.AssertNoLeak(t, raw)
	return body.Errors[0].Code()
}

// stillServes checks the server answers a query after an attack.
func stillServes(t *testing.T, srv *apitest.Server) {
	t.Helper()
	r := srv.Query(t, `{ sites(first: 1) { totalCount } }`, nil)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("the server no longer answers: %d %s", r.Status, r.Raw)
	}
}

// TestOneGETCannotCrashTheServer is item 1 of the hostile review: a request line of
// a million nested brackets made the parser recurse past Go's stack limit. It is now
// refused before any handler runs, in the API's error shape.
func TestOneGETCannotCrashTheServer(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	t.Run("a 1 MB request line answers 431 at once", func(t *testing.T) {
		start := time.Now()
		q := url.Values{"query": {bracketBomb(1_045_000)}}.Encode()
		res := rawExchange(t, srv, []byte("GET /graphql?"+q+" HTTP/1.1\r\nHost: x\r\n\r\n"))
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("status %d, want 431", res.StatusCode)
		}
		if code := decodeErrorShape(t, res); code != httpapi.CodeHeadersTooLarge {
			t.Errorf("code %s", code)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Error("a browser cannot read the 431: no CORS header")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
		stillServes(t, srv)
	})
	t.Run("headers over 64 KiB answer 431", func(t *testing.T) {
		res := rawExchange(t, srv, []byte("GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 70_000)+"\r\n\r\n"))
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("status %d, want 431", res.StatusCode)
		}
		decodeErrorShape(t, res)
	})
	t.Run("a request target over 60 KiB answers 414", func(t *testing.T) {
		res := rawExchange(t, srv, []byte("GET /graphql?query="+strings.Repeat("%5B", 21_000)+" HTTP/1.1\r\nHost: x\r\n\r\n"))
		if res.StatusCode != http.StatusRequestURITooLong {
			t.Fatalf("status %d, want 414", res.StatusCode)
		}
		if code := decodeErrorShape(t, res); code != httpapi.CodeURITooLong {
			t.Errorf("code %s", code)
		}
	})
	t.Run("nested brackets inside the limits are refused before parsing", func(t *testing.T) {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			req := apitest.PostQuery(bracketBomb(19_000), gqlResp)
			if method == http.MethodGet {
				req = apitest.GetQuery(bracketBomb(19_000), gqlResp)
			}
			r := req.Send(t, srv)
			if r.Status != http.StatusBadRequest || len(r.Errors) == 0 || r.Errors[0].Code() != limits.CodeQueryTooDeep {
				t.Errorf("%s: %d %.300s", method, r.Status, r.Raw)
			}
		}
		stillServes(t, srv)
	})
	t.Run("a mutation by GET is still a 405 (found without parsing)", func(t *testing.T) {
		for _, q := range []string{
			`mutation { retractObservation(id: "x") { id } }`,
			`mutation M { nothing }`,
			`query A { __typename } mutation B { x }`,
			"# comment\nsubscription S { x }",
		} {
			if r := apitest.GetQuery(q, gqlResp).Send(t, srv); r.Status != http.StatusMethodNotAllowed {
				t.Errorf("%q: %d %s", q, r.Status, r.Raw)
			}
		}
		r := (apitest.Request{Method: http.MethodGet, Accept: gqlResp, Query: url.Values{
			"query": {`query A { __typename } mutation B { __typename }`}, "operationName": {"A"}}}).Send(t, srv)
		if r.Status != http.StatusOK {
			t.Errorf("the query of a document that also holds a mutation: %d %s", r.Status, r.Raw)
		}
	})
	t.Run("positive control: the largest allowed document, by GET and by POST", func(t *testing.T) {
		doc := largestDocument(limits.DefaultMaxQueryBytes)
		if len(doc) != limits.DefaultMaxQueryBytes {
			t.Fatalf("document of %d bytes", len(doc))
		}
		for _, req := range []apitest.Request{apitest.GetQuery(doc, gqlResp), apitest.PostQuery(doc, gqlResp)} {
			r := req.Send(t, srv)
			if r.Status != http.StatusOK || len(r.Errors) > 0 {
				t.Errorf("%s: %d %.300s", req.Method, r.Status, r.Raw)
			}
		}
		if r := apitest.PostQuery(doc+" ", gqlResp).Send(t, srv); r.Status != http.StatusBadRequest || r.Errors[0].Code() != limits.CodeQueryTooLarge {
			t.Errorf("one byte more: %d %.300s", r.Status, r.Raw)
		}
	})
	t.Run("positive control: the deepest allowed query", func(t *testing.T) {
		r := apitest.PostQuery(apitest.Nested(limits.DefaultMaxDepth), gqlResp).Send(t, srv)
		if r.Status != http.StatusOK {
			t.Errorf("depth %d: %d %.300s", limits.DefaultMaxDepth, r.Status, r.Raw)
		}
		r = apitest.PostQuery(apitest.Nested(limits.DefaultMaxDepth+1), gqlResp).Send(t, srv)
		if r.Status != http.StatusBadRequest || r.Errors[0].Code() != limits.CodeQueryTooDeep {
			t.Errorf("depth %d: %d %.300s", limits.DefaultMaxDepth+1, r.Status, r.Raw)
		}
	})
}

// largestDocument is a valid query of exactly size bytes: a comment pads it.
func largestDocument(size int) string {
	doc := "{ sites(first: 2) { nodes { slug name } } }\n#"
	return doc + strings.Repeat("x", size-len(doc))
}

// TestParseCostIsBoundedBeforeParsing is item 2: 20 kB documents of nested brackets
// were parsed twice each. They are refused by the lexer's pre-scan: the parser (and
// the parsed-query cache in front of it) is never reached.
func TestParseCostIsBoundedBeforeParsing(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })
	before := scrapeValue(t, srv, `observatory_graphql_cache_requests_total{cache="query",result="miss"}`)
	for i := range 110 {
		doc := bracketBomb(19_990) + fmt.Sprint(i)
		r := apitest.PostQuery(doc, gqlResp).Send(t, srv)
		if r.Status != http.StatusBadRequest || r.Errors[0].Code() != limits.CodeQueryTooDeep {
			t.Fatalf("%d %.300s", r.Status, r.Raw)
		}
	}
	// A document of many tokens but shallow is refused by the token limit.
	many := "{" + strings.Repeat(" __typename", limits.DefaultMaxTokens) + "}"
	if len(many) > limits.DefaultMaxQueryBytes {
		many = many[:limits.DefaultMaxQueryBytes-1] + "}"
	}
	if r := apitest.PostQuery(many, gqlResp).Send(t, srv); r.Status != http.StatusOK {
		// under the byte limit, 20 000 bytes hold fewer than 10 000 such tokens
		if r.Errors[0].Code() != limits.CodeQueryTooLarge {
			t.Errorf("%d %.300s", r.Status, r.Raw)
		}
	}
	after := scrapeValue(t, srv, `observatory_graphql_cache_requests_total{cache="query",result="miss"}`)
	if after-before > 1 {
		t.Errorf("the parser was reached %v times for documents refused by the pre-scan", after-before)
	}
	stillServes(t, srv)
}

// scrapeValue reads one sample of the handler's metrics by its exact series text; 0
// when absent.
func scrapeValue(t *testing.T, srv *apitest.Server, series string) float64 {
	t.Helper()
	res, err := http.Get(srv.MetricsURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			var f float64
			fmt.Sscan(v, &f)
			return f
		}
	}
	return 0
}

// TestPersistedQueriesAreRegisteredAfterTheLimits is item 3: a document the limits
// refuse is never stored, whatever the reason; an accepted one is, and is served by
// its hash.
func TestPersistedQueriesAreRegisteredAfterTheLimits(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	store := persisted.NewMemory(0)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.NoRateLimit = true
		c.APQCache = store
	})
	send := func(query, hash string, withText bool) *apitest.Response {
		body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
		if withText {
			body["query"] = query
		}
		raw, _ := json.Marshal(body)
		return srv.Post(t, "application/json", raw)
	}
	refused := []struct{ name, query, code string }{
		{"over the size limit (900 kB)", "{ __typename }#" + strings.Repeat("x", 900_000), limits.CodeQueryTooLarge},
		{"nested brackets", bracketBomb(5000), limits.CodeQueryTooDeep},
		{"too many aliases", apitest.Aliases(60), limits.CodeTooManyAliases},
		{"too deep", apitest.Nested(20), limits.CodeQueryTooDeep},
		{"too costly", `{ territories(first: 100) { nodes { children(first: 100) { nodes { sites(first: 100) { nodes { name } } } } } } }`, limits.CodeQueryTooComplex},
		{"invalid", `{ nothing }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tc := range refused {
		hash := persisted.Hash(tc.query)
		if r := send(tc.query, hash, true); len(r.Errors) == 0 || r.Errors[0].Code() != tc.code {
			t.Errorf("%s: %.300s", tc.name, r.Raw)
		}
		if r := send("", hash, false); len(r.Errors) == 0 || r.Errors[0].Code() != persisted.CodeNotFound {
			t.Errorf("%s: registered anyway: %.300s", tc.name, r.Raw)
		}
	}
	if store.Len() != 0 {
		t.Errorf("%d refused documents stored (%d bytes)", store.Len(), store.Bytes())
	}

	// Positive control.
	query := `{ sites(first: 2) { nodes { slug } } }`
	hash := persisted.Hash(query)
	if r := send("", hash, false); len(r.Errors) == 0 || r.Errors[0].Code() != persisted.CodeNotFound {
		t.Fatalf("unknown hash: %.300s", r.Raw)
	}
	if r := send(query, hash, true); len(r.Errors) > 0 {
		t.Fatalf("register: %.300s", r.Raw)
	}
	if r := send("", hash, false); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "fx-site") {
		t.Fatalf("by hash: %.300s", r.Raw)
	}
	if r := send(query, strings.Repeat("0", 64), true); len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_REQUEST" {
		t.Errorf("a hash that does not match: %.300s", r.Raw)
	}
}

// TestSmallerHardening is item 5: metrics apart, nosniff everywhere, the client's
// network in the access log (IPv6 clients limited per /64:
// internal/limits.TestIPv6ClientsShareABucketPerSlash64).
func TestSmallerHardening(t *testing.T) {
	s := testdb.New(t)
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&logs, &mu}, nil))
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.Logger = logger
		c.RateLimiter = limits.NewBucket(60, 3)
	})

	t.Run("/metrics is not served on the API's address", func(t *testing.T) {
		res, err := http.Get(srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", res.StatusCode)
		}
		if scrapeValue(t, srv, "observatory_http_requests_in_flight") != 0 {
			t.Error("the metrics listener does not serve the metrics")
		}
	})
	t.Run("nosniff on every response", func(t *testing.T) {
		paths := []string{"/", "/graphql?query=%7B__typename%7D", "/graphql?query=%7B", "/graphql", "/schema.graphql",
			"/healthz", "/readyz", "/download/", "/download/metrics.csv", "/download/nothing.csv", "/sites.geojson", "/no/such/page"}
		for _, p := range paths {
			res, err := http.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s (%d): no nosniff", p, res.StatusCode)
			}
		}
		// Rate-limited (429) answers too: the bucket of 3 is empty by now.
		res, _ := http.Get(srv.URL + "/graphql?query=%7B__typename%7D")
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("429: %d %q", res.StatusCode, res.Header.Get("X-Content-Type-Options"))
		}
	})
	t.Run("the access log holds the client's network, not its address", func(t *testing.T) {
		mu.Lock()
		defer mu.Unlock()
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		n := 0
		for _, line := range lines {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "request" {
				continue
			}
			n++
			if rec["client"] != "127.0.0.0/24" {
				t.Errorf("client %v in %s", rec["client"], line)
			}
		}
		if n == 0 {
			t.Error("no access log line")
		}
	})
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
