package limits_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/limits"
)

func TestBucket(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1_000_000, 0)
	b := limits.NewBucket(120, 4) // 2 tokens a second, 4 at most
	b.Now = func() time.Time { return now }

	steps := []struct {
		advance   time.Duration
		take      int
		charge    int
		allowed   bool
		remaining int
	}{
		{take: 1, allowed: true, remaining: 3},
		{take: 3, allowed: true, remaining: 0},
		{take: 1, allowed: false, remaining: 0},
		{advance: 500 * time.Millisecond, take: 1, allowed: true, remaining: 0},
		{advance: 10 * time.Second, take: 1, allowed: true, remaining: 3}, // capped at the burst
		{charge: 10, take: 1, allowed: false, remaining: 0},               // a charge does not go below zero
		{advance: time.Second, take: 2, allowed: true, remaining: 0},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if s.charge > 0 {
			b.Charge(ctx, "k", s.charge)
		}
		d, err := b.Take(ctx, "k", s.take)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed != s.allowed || d.Remaining != s.remaining || d.Limit != 120 {
			t.Errorf("step %d: %+v, want allowed %v remaining %d", i, d, s.allowed, s.remaining)
		}
		if !d.Allowed && d.RetryAfter <= 0 {
			t.Errorf("step %d: refused without RetryAfter", i)
		}
		if d.Reset.Before(now) {
			t.Errorf("step %d: reset %v before now", i, d.Reset)
		}
	}
	if d, _ := b.Take(ctx, "other", 1); !d.Allowed || d.Remaining != 3 {
		t.Errorf("another key shares the bucket: %+v", d)
	}
}

// TestBucketMemoryIsBounded: full buckets are dropped, so a flood of addresses does
// not grow the map for ever.
func TestBucketMemoryIsBounded(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1_000_000, 0)
	b := limits.NewBucket(60, 10)
	b.MaxKeys = 100
	b.Now = func() time.Time { return now }
	for i := range 10_000 {
		if i%50 == 0 {
			now = now.Add(11 * time.Second) // every earlier bucket is full again
		}
		_, _ = b.Take(ctx, string(rune(i)), 1)
	}
	if n := b.Len(); n > 200 {
		t.Errorf("%d buckets kept", n)
	}
}

// TestExemptPaths: exact paths and clean paths under a prefix pass without taking
// anything; a path that only looks like it is under the prefix is counted.
func TestExemptPaths(t *testing.T) {
	b := limits.NewBucket(60, 1)
	h := limits.RateLimit{
		Limiter:        b,
		ClientKey:      func(*http.Request) string { return "one" },
		Exempt:         map[string]bool{"/": true},
		ExemptPrefixes: []string{"/assets/"},
	}.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	status := func(p string) int {
		req := httptest.NewRequest(http.MethodGet, "http://x/", nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if got := status("/api"); got != http.StatusNoContent { // takes the only token
		t.Fatalf("first request: %d", got)
	}
	for _, p := range []string{"/", "/assets/a-1234.js", "/assets/x/y.css"} {
		for range 5 {
			if got := status(p); got != http.StatusNoContent {
				t.Errorf("%s: %d, want it exempt", p, got)
			}
		}
	}
	for _, p := range []string{"/api", "/assets/../api", "/assets//a.js", "/assets/./a.js", "/assets"} {
		if got := status(p); got != http.StatusTooManyRequests {
			t.Errorf("%s: %d, want it counted (429)", p, got)
		}
	}
}

// TestIPv6ClientsShareABucketPerSlash64: rotating through the addresses of one /64
// does not multiply the allowance; another /64 has its own.
func TestIPv6ClientsShareABucketPerSlash64(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := limits.RateLimit{Limiter: limits.NewBucket(60, 2)}.Handler(ok)
	status := func(addr string) int {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "/graphql", nil)
		req.RemoteAddr = addr
		w := &statusRecorder{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status == 0 {
			return http.StatusOK
		}
		return w.status
	}
	for i, addr := range []string{"[2001:db8:1:2::1]:5000", "[2001:db8:1:2:ffff::9]:5001", "[2001:db8:1:2:abcd::1]:5002"} {
		want := http.StatusOK
		if i == 2 {
			want = http.StatusTooManyRequests
		}
		if got := status(addr); got != want {
			t.Errorf("%s: %d, want %d", addr, got, want)
		}
	}
	if got := status("[2001:db8:1:3::1]:5000"); got != http.StatusOK {
		t.Errorf("another /64: %d", got)
	}
	if got := status("192.0.2.1:5000"); got != http.StatusOK {
		t.Errorf("IPv4: %d", got)
	}
}

type statusRecorder struct {
	header http.Header
	status int
}

func (s *statusRecorder) Header() http.Header { return s.header }
func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return len(p), nil
}
func (s *statusRecorder) WriteHeader(status int) { s.status = status }
