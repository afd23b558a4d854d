package metrics_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/metrics"
	"github.com/reindustrie/observatory/internal/testdb"
)

// scrape reads srv's /metrics.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", res.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value is a counter's value, a gauge's value or a histogram's sample count, for the
// series of name whose labels include want; -1 when there is no such series.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f := families[name]
	if f == nil {
		return -1
	}
	total, found := 0.0, false
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		found = true
		switch {
		case m.Counter != nil:
			total += m.Counter.GetValue()
		case m.Gauge != nil:
			total += m.Gauge.GetValue()
		case m.Histogram != nil:
			total += float64(m.Histogram.GetSampleCount())
		}
	}
	if !found {
		return -1
	}
	return total
}

type expectation struct {
	metric string
	labels map[string]string
	want   float64
}

// expect scrapes until every expectation holds (the middleware records a request just
// after its last byte is handed to the connection) or fails with what differs.
func expect(t *testing.T, url string, exps []expectation) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		families := scrape(t, url)
		var diffs []string
		for _, e := range exps {
			if got := value(families, e.metric, e.labels); got != e.want {
				diffs = append(diffs, fmt.Sprintf("%s%v = %v, want %v", e.metric, e.labels, got, e.want))
			}
		}
		if len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics differ:\n  %s", strings.Join(diffs, "\n  "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func post(t *testing.T, url string, body map[string]any, header http.Header) *http.Response {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

const (
	namedQuery = `query SiteName { sites(first: 2) { nodes { name } } }`
	anonQuery  = `{ sites(first: 2) { totalCount } }`
	badQuery   = `{ site(slug: "x") { name }`
)

func TestMetricsCountWhatWasSent(t *testing.T) {
	t.Parallel()
	// Each case sends its requests to a fresh server, then checks the scrape.
	apqQuery := `query Persisted { metrics { code } }`
	sum := sha256.Sum256([]byte(apqQuery))
	hash := hex.EncodeToString(sum[:])
	persisted := map[string]any{"version": 1, "sha256Hash": hash}

	cases := []struct {
		name string
		send func(t *testing.T, url string)
		want []expectation
	}{
		{
			name: "named, anonymous and invalid GraphQL requests",
			send: func(t *testing.T, url string) {
				for range 7 {
					post(t, url, map[string]any{"query": namedQuery}, nil)
				}
				for range 3 {
					post(t, url, map[string]any{"query": anonQuery}, nil)
				}
				for range 2 {
					post(t, url, map[string]any{"query": badQuery}, nil)
				}
			},
			want: []expectation{
				{"observatory_http_requests_total", map[string]string{"route": "/graphql", "method": "POST", "status": "200"}, 10},
				{"observatory_http_requests_total", map[string]string{"route": "/graphql", "method": "POST", "status": "400"}, 2},
				{"observatory_http_request_duration_seconds", map[string]string{"route": "/graphql"}, 12},
				{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": "SiteName"}, 7},
				{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": metrics.OperationAnonymous}, 3},
				{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": metrics.OperationInvalid}, 2},
				{"observatory_sql_statements_per_request", map[string]string{"route": "/graphql"}, 12},
				{"observatory_graphql_errors_total", map[string]string{"code": "GRAPHQL_PARSE_FAILED"}, 2},
				// Two distinct valid texts: one miss each, then hits; a text that does not
				// parse is looked up (a miss) and never stored.
				{"observatory_graphql_cache_requests_total", map[string]string{"cache": "query", "result": "hit"}, 6 + 2},
				{"observatory_graphql_cache_requests_total", map[string]string{"cache": "query", "result": "miss"}, 2 + 2},
				{"observatory_http_rate_limited_total", nil, 0},
				{"observatory_http_requests_in_flight", nil, 0}, // the scrape is served apart
			},
		},
		{
			name: "other routes: health, schema, downloads, not found",
			send: func(t *testing.T, url string) {
				for range 4 {
					get(t, url+"/healthz")
				}
				get(t, url+"/readyz")
				get(t, url+"/schema.graphql")
				get(t, url+"/download/metrics.csv")
				get(t, url+"/download/nothing.csv")
				get(t, url+"/no/such/page")
			},
			want: []expectation{
				{"observatory_http_requests_total", map[string]string{"route": "/healthz", "method": "GET", "status": "200"}, 4},
				{"observatory_http_request_duration_seconds", map[string]string{"route": "/healthz"}, 4},
				{"observatory_http_requests_total", map[string]string{"route": "/readyz"}, 1},
				{"observatory_http_requests_total", map[string]string{"route": "/schema.graphql", "status": "200"}, 1},
				{"observatory_http_requests_total", map[string]string{"route": "/download/{file}", "status": "200"}, 1},
				{"observatory_http_requests_total", map[string]string{"route": "/download/{file}", "status": "404"}, 1},
				{"observatory_http_request_duration_seconds", map[string]string{"route": "/download/{file}"}, 2},
				{"observatory_http_requests_total", map[string]string{"route": "unmatched", "status": "404"}, 1},
				{"observatory_graphql_operation_duration_seconds", nil, -1}, // no GraphQL request yet
			},
		},
		{
			name: "automatic persisted queries: miss, register, hit",
			send: func(t *testing.T, url string) {
				ext := map[string]any{"persistedQuery": persisted}
				post(t, url, map[string]any{"extensions": ext}, nil)                      // unknown hash
				post(t, url, map[string]any{"query": apqQuery, "extensions": ext}, nil)   // registers it
				post(t, url, map[string]any{"extensions": ext}, nil)                      // known now
				post(t, url, map[string]any{"extensions": ext, "operationName": ""}, nil) // and again
			},
			want: []expectation{
				{"observatory_graphql_cache_requests_total", map[string]string{"cache": "apq", "result": "miss"}, 1},
				{"observatory_graphql_cache_requests_total", map[string]string{"cache": "apq", "result": "hit"}, 2},
				{"observatory_graphql_errors_total", map[string]string{"code": "PERSISTED_QUERY_NOT_FOUND"}, 1},
				{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": "Persisted"}, 3},
				{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": metrics.OperationInvalid}, 1},
			},
		},
		{
			name: "the Go runtime and the process",
			send: func(*testing.T, string) {},
			want: []expectation{
				{"go_goroutines", nil, -2}, // any value: checked below
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := apitest.NewWith(t, testdb.New(t), func(c *httpapi.Config) {
				c.NoRateLimit = true
				c.MetricsOperations = []string{"SiteName", "Persisted"}
			})
			tc.send(t, srv.URL)
			var exact []expectation
			for _, e := range tc.want {
				if e.want == -2 {
					families := scrape(t, srv.MetricsURL)
					if value(families, e.metric, nil) < 0 {
						t.Errorf("no %s in /metrics", e.metric)
					}
					if _, ok := families["process_start_time_seconds"]; !ok {
						t.Error("no process collector in /metrics")
					}
					continue
				}
				exact = append(exact, e)
			}
			expect(t, srv.MetricsURL, exact)
		})
	}
}

func TestSQLStatementsHistogramSumsTheReportedCounts(t *testing.T) {
	t.Parallel()
	srv := apitest.NewWith(t, testdb.New(t), func(c *httpapi.Config) { c.NoRateLimit = true })
	queries := []string{namedQuery, anonQuery, `{ metrics { code } sources(first: 3) { nodes { slug } } }`}
	total := 0
	for _, q := range queries {
		resp := srv.Query(t, q, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", q, resp.Errors)
		}
		total += resp.Statements()
	}
	if total == 0 {
		t.Fatal("the queries ran no SQL statement: the test proves nothing")
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		f := scrape(t, srv.MetricsURL)["observatory_sql_statements_per_request"]
		var sum float64
		var count uint64
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && l.GetValue() == "/graphql" {
					sum += m.GetHistogram().GetSampleSum()
					count += m.GetHistogram().GetSampleCount()
				}
			}
		}
		if count == uint64(len(queries)) && sum == float64(total) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("statements histogram: count %d sum %v, want count %d sum %d (extensions.sqlStatements)", count, sum, len(queries), total)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestRateLimitedRequestsAreCounted(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		burst    int
		requests int
	}{
		{"under the limit", 5, 3},
		{"over the limit", 2, 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := apitest.NewWith(t, testdb.New(t), func(c *httpapi.Config) {
				c.RateLimiter = limits.NewBucket(1, tc.burst)
			})
			refused := 0
			for range tc.requests {
				if res := post(t, srv.URL, map[string]any{"query": anonQuery}, nil); res.StatusCode == http.StatusTooManyRequests {
					refused++
				}
			}
			if want := max(tc.requests-tc.burst, 0); refused != want {
				t.Fatalf("%d requests refused, want %d", refused, want)
			}
			want429 := float64(refused)
			if refused == 0 {
				want429 = -1 // no series with that status
			}
			// /metrics is not rate-limited: the scrapes themselves get through.
			expect(t, srv.MetricsURL, []expectation{
				{"observatory_http_rate_limited_total", nil, float64(refused)},
				{"observatory_http_requests_total", map[string]string{"route": "/graphql", "status": "429"}, want429},
				{"observatory_http_requests_total", map[string]string{"route": "/graphql", "status": "200"}, float64(tc.requests - refused)},
			})
		})
	}
}

// TestExportedCounters checks the functions other packages call: RateLimited and
// CountError, each counted once per call site and once per request.
func TestExportedCounters(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []expectation
	}{
		{
			name: "RateLimited and a 429 count once",
			handler: func(w http.ResponseWriter, r *http.Request) {
				metrics.RateLimited(r.Context())
				metrics.RateLimited(r.Context())
				w.WriteHeader(http.StatusTooManyRequests)
			},
			want: []expectation{{"observatory_http_rate_limited_total", nil, 1}},
		},
		{
			name: "RateLimited with another status",
			handler: func(w http.ResponseWriter, r *http.Request) {
				metrics.RateLimited(r.Context())
				w.WriteHeader(http.StatusServiceUnavailable)
			},
			want: []expectation{{"observatory_http_rate_limited_total", nil, 1}},
		},
		{
			name: "CountError with bounded codes",
			handler: func(w http.ResponseWriter, r *http.Request) {
				metrics.CountError(r.Context(), "BAD_REQUEST")
				metrics.CountError(r.Context(), "")
				metrics.CountError(r.Context(), "lower case; or worse")
			},
			want: []expectation{
				{"observatory_graphql_errors_total", map[string]string{"code": "BAD_REQUEST"}, 1},
				{"observatory_graphql_errors_total", map[string]string{"code": "UNKNOWN"}, 1},
				{"observatory_graphql_errors_total", map[string]string{"code": "OTHER"}, 1},
				{"observatory_http_rate_limited_total", nil, 0},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			m := metrics.New(metrics.Options{Logger: slog.New(slog.DiscardHandler), Route: metrics.MuxRoute(mux)})
			mux.Handle("GET /metrics", m.Handler())
			mux.Handle("/thing", tc.handler)
			ts := httptest.NewServer(m.Middleware(mux))
			t.Cleanup(ts.Close)
			get(t, ts.URL+"/thing")
			expect(t, ts.URL, append(tc.want, expectation{"observatory_http_requests_total", map[string]string{"route": "/thing"}, 1}))
		})
	}
}

func TestOperationNamesAreAFixedList(t *testing.T) {
	t.Parallel()
	// The real gqlgen server (httpapi.GraphQLServer) behind a Metrics that labels Op0 and
	// Op1 by name. 210 junk names (more than any cap) must not add a label value, nor
	// push a listed name out.
	mux := http.NewServeMux()
	m := metrics.New(metrics.Options{Logger: slog.New(slog.DiscardHandler), Route: metrics.MuxRoute(mux), Operations: []string{"Op0", "Op1"}})
	mux.Handle("GET /metrics", m.Handler())
	s := testdb.New(t)
	mux.Handle("/graphql", httpapi.GraphQLServer(&graph.Resolver{DB: s.DB}, httpapi.Config{DB: s.DB}))
	ts := httptest.NewServer(m.Middleware(mux))
	t.Cleanup(ts.Close)

	for i := range 210 {
		post(t, ts.URL, map[string]any{"query": fmt.Sprintf(`query Junk%d { __typename }`, i)}, nil)
	}
	post(t, ts.URL, map[string]any{"query": `query Op0 { __typename }`}, nil)
	post(t, ts.URL, map[string]any{"query": `query Op1 { __typename }`}, nil)
	post(t, ts.URL, map[string]any{"query": `{ __typename }`}, nil)
	post(t, ts.URL, map[string]any{"query": `query Op0 { __typename }`}, nil)
	families := scrape(t, ts.URL)
	if n := len(families["observatory_graphql_operation_duration_seconds"].GetMetric()); n != 4 {
		t.Errorf("%d operation label values, want 4 (Op0, Op1, anonymous, other)", n)
	}
	expect(t, ts.URL, []expectation{
		{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": "Op0"}, 2},
		{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": "Op1"}, 1},
		{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": "Junk0"}, -1},
		{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": metrics.OperationOther}, 210},
		{"observatory_graphql_operation_duration_seconds", map[string]string{"operation": metrics.OperationAnonymous}, 1},
		{"observatory_graphql_operation_duration_seconds", nil, 214},
	})
}
