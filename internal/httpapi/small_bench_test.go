package httpapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

// BenchmarkSmallQuery measures the fixed cost of a request through the real HTTP
// handler: a one-record lookup on the curated dataset, where the per-request work
// (loaders, contexts, encoding) outweighs the data. Compare allocs/op across builds;
// "cached" is the same request answered by the response cache.
//
//	go test -run NONE -bench SmallQuery -benchmem ./internal/httpapi/
func BenchmarkSmallQuery(b *testing.B) {
	s := testdb.Seeded(b)
	body, _ := json.Marshal(map[string]string{
		"query": `{ site(slug: "bridgestone-bethune") { name territory { name } } }`})
	for _, bc := range []struct {
		name  string
		bytes int
	}{{"uncached", 0}, {"cached", 1 << 20}} {
		b.Run(bc.name, func(b *testing.B) {
			h := httpapi.New(httpapi.Config{DB: s.DB, Ready: s.Ping, NoRateLimit: true, ResponseCacheBytes: bc.bytes,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			checkCanonical(b, h, body)
			w := &discardWriter{header: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				h.ServeHTTP(w, canonicalRequest(body))
				if w.status != 0 && w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}
