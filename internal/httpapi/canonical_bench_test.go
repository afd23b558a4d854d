package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/synth"
	"github.com/reindustrie/observatory/internal/testdb"
)

// BenchmarkCanonical runs the canonical queries of the load benchmark
// (bench/queries/ours/q1..q7, placeholders filled in as bench/lib.py does) through the
// real HTTP handler, in process (no network, no rate limit, logs discarded), against a
// synthetic dataset. Per request: ns/op is the wall time (with the database's time),
// cpu-ns/op the CPU time of this process (user + system, GC included; on SQLite the
// database runs in process too), goroutines/op the goroutines started (gqlgen starts
// one per resolver field and row), and the allocations.
//
//	go test -run NONE -bench Canonical -benchmem ./internal/httpapi/
//	TEST_DATABASE_URL=postgres://... go test -run NONE -bench Canonical -benchmem ./internal/httpapi/
//
// OBS_BENCH_SCALE sets the synthetic scale; 1.0 is the national scale of bench/run.sh.
// The default is 0.2 on PostgreSQL (40 000 sites, 1 000 000 observations: q1 finds its
// 50 sites, q6 its points; about 30 s to generate) and 0.05 on SQLite (15 s; q6 is
// empty). OBS_BENCH_DATABASE_URL names instead a database already filled by
// `observatory generate` (read only; nothing is generated), to compare builds on the
// same data without generating it each time. Each query also reports the size of its
// response (resp-B) and its SQL statements (stmts). OBS_BENCH_RESPONSE_CACHE_MB turns
// the response cache on (default off: every request is executed).
func BenchmarkCanonical(b *testing.B) {
	s := canonicalStore(b)
	cacheMB, _ := strconv.Atoi(os.Getenv("OBS_BENCH_RESPONSE_CACHE_MB"))
	handler := func(generalOnly bool) http.Handler {
		return httpapi.New(httpapi.Config{DB: s.DB, Ready: s.Ping, NoRateLimit: true, ResponseCacheBytes: cacheMB << 20,
			GeneralReadsOnly: generalOnly, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
	// Both read paths in the same run on PostgreSQL (the general path alone elsewhere).
	paths := map[string]http.Handler{"general": handler(true)}
	if s.Dialect == store.Postgres {
		paths["compiled"] = handler(false)
	}
	for _, q := range canonicalQueries(b, s) {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		for _, path := range []string{"compiled", "general"} {
			h := paths[path]
			if h == nil {
				continue
			}
			benchCanonical(b, q.name+"/"+path, h, body)
		}
	}
}

// benchCanonical measures one canonical query on one handler.
func benchCanonical(b *testing.B, name string, h http.Handler, body []byte) {
	{
		b.Run(name, func(b *testing.B) {
			size, stmts := checkCanonical(b, h, body)
			w := &discardWriter{header: http.Header{}}
			b.ReportAllocs()
			cpu, goroutines := processCPU(), goroutinesCreated()
			b.ResetTimer()
			for b.Loop() {
				w.reset()
				h.ServeHTTP(w, canonicalRequest(body))
				if w.status != 0 && w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
			if cpu > 0 {
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			}
			b.ReportMetric(float64(goroutinesCreated()-goroutines)/float64(b.N), "goroutines/op")
			b.ReportMetric(float64(size), "resp-B")
			b.ReportMetric(float64(stmts), "stmts")
		})
	}
}

// canonicalQuery is one of the canonical queries of the load benchmark.
type canonicalQuery struct{ name, query string }

// canonicalQueries reads bench/queries/ours/q*.graphql and fills in their placeholders
// as bench/lib.py does, from the synthetic dataset of s.
func canonicalQueries(tb testing.TB, s *store.Store) []canonicalQuery {
	tb.Helper()
	var jobsMetric int64
	if err := s.DB.Raw("SELECT id FROM metrics WHERE code = 'synthetic-jobs'").Scan(&jobsMetric).Error; err != nil {
		tb.Fatal(err)
	}
	company := "synthetic-company-000001"
	subst := strings.NewReplacer(
		"${JOBS_METRIC_ID}", strconv.FormatInt(jobsMetric, 10),
		"${TERRITORY_62_GID}", graph.GlobalID("Territory", "departement-62"),
		"${COMPANY_GID}", graph.GlobalID("Company", company),
		"${COMPANY_SLUG}", company,
	)
	files, err := filepath.Glob(filepath.Join("..", "..", "bench", "queries", "ours", "q*.graphql"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no canonical query in bench/queries/ours (%v)", err)
	}
	var out []canonicalQuery
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		query := subst.Replace(string(text))
		if strings.Contains(query, "${") {
			tb.Fatalf("%s: a placeholder is not filled in", file)
		}
		out = append(out, canonicalQuery{strings.TrimSuffix(filepath.Base(file), ".graphql"), query})
	}
	return out
}

// canonicalStore opens OBS_BENCH_DATABASE_URL, or generates a synthetic dataset into
// a fresh test database.
func canonicalStore(b *testing.B) *store.Store {
	if u := os.Getenv("OBS_BENCH_DATABASE_URL"); u != "" {
		s, err := store.Open(store.Config{URL: u})
		if err != nil {
			b.Fatalf("OBS_BENCH_DATABASE_URL: %v", err)
		}
		b.Cleanup(func() { _ = s.Close() })
		return s
	}
	s := testdb.New(b)
	scale := 0.05
	if s.Dialect == store.Postgres {
		scale = 0.2
	}
	if v := os.Getenv("OBS_BENCH_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			b.Fatalf("OBS_BENCH_SCALE: %v", err)
		}
		scale = f
	}
	if _, err := synth.Generate(context.Background(), s.DB, synth.Options{Scale: scale}); err != nil {
		b.Fatalf("synth: %v", err)
	}
	return s
}

func canonicalRequest(body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	return req
}

// checkCanonical runs a query once and fails on errors or an empty answer; it returns
// the size of the response and the SQL statements it reports.
func checkCanonical(b *testing.B, h http.Handler, body []byte) (int, int) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, canonicalRequest(body))
	var resp struct {
		Data       map[string]any  `json:"data"`
		Errors     json.RawMessage `json:"errors"`
		Extensions struct {
			SQLStatements int `json:"sqlStatements"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Code != http.StatusOK || len(resp.Errors) > 0 || resp.Data == nil {
		b.Fatalf("status %d, err %v: %.500s", rec.Code, err, rec.Body.String())
	}
	if apitest.Leaves(resp.Data) < 2 {
		b.Logf("almost empty answer at this scale (raise OBS_BENCH_SCALE): %.300s", rec.Body.String())
	}
	return rec.Body.Len(), resp.Extensions.SQLStatements
}

// discardWriter is a ResponseWriter that keeps only the status.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

func (w *discardWriter) reset() {
	clear(w.header)
	w.status = 0
}

// goroutinesCreated returns the number of goroutines started by the process so far.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
