package limits

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate-limit defaults: 120 requests a minute per client, in bursts of up to 120.
const (
	DefaultRatePerMinute = 120
	DefaultBurst         = 120
)

// Decision is the state of a client's allowance after a request.
type Decision struct {
	Allowed bool
	// Limit is the number of requests a minute.
	Limit int
	// Remaining is the number of requests the client can make right now.
	Remaining int
	// Reset is when the allowance is full again.
	Reset time.Time
	// RetryAfter is how long to wait before the next request is allowed (when refused).
	RetryAfter time.Duration
}

// Limiter keeps the clients' allowances. The in-memory Bucket serves one instance;
// several instances share a Redis-backed implementation of the same interface.
type Limiter interface {
	// Take takes n tokens from key's allowance if it has them.
	Take(ctx context.Context, key string, n int) (Decision, error)
	// Charge takes n more tokens after the fact (the cost of a request known only once
	// it is analysed); the allowance does not go below zero.
	Charge(ctx context.Context, key string, n int)
	// Peek returns key's allowance without taking anything.
	Peek(ctx context.Context, key string) Decision
}

// Bucket is an in-memory token-bucket Limiter: Burst tokens, refilled at PerMinute a
// minute.
type Bucket struct {
	PerMinute int
	Burst     int
	// MaxKeys bounds memory: beyond it, idle full buckets are dropped (default 100 000).
	MaxKeys int
	// Now is the clock (tests).
	Now func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewBucket returns a limiter of perMinute requests a minute in bursts of burst.
func NewBucket(perMinute, burst int) *Bucket {
	return &Bucket{PerMinute: perMinute, Burst: burst}
}

func (b *Bucket) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Bucket) rate() float64 { return float64(b.PerMinute) / 60 } // tokens a second

// refill returns key's bucket brought up to now; b.mu is held.
func (b *Bucket) refill(key string, now time.Time) *bucket {
	if b.buckets == nil {
		b.buckets = map[string]*bucket{}
	}
	k, ok := b.buckets[key]
	if !ok {
		b.sweep(now)
		k = &bucket{tokens: float64(b.Burst), at: now}
		b.buckets[key] = k
		return k
	}
	if el := now.Sub(k.at).Seconds(); el > 0 {
		k.tokens = math.Min(float64(b.Burst), k.tokens+el*b.rate())
		k.at = now
	}
	return k
}

// sweep drops the buckets that are full again (they hold nothing a new bucket would
// not), at most once a minute or when there are too many keys.
func (b *Bucket) sweep(now time.Time) {
	maxKeys := b.MaxKeys
	if maxKeys <= 0 {
		maxKeys = 100_000
	}
	if len(b.buckets) < maxKeys && now.Sub(b.swept) < time.Minute {
		return
	}
	b.swept = now
	full := float64(b.Burst) / b.rate()
	for key, k := range b.buckets {
		if now.Sub(k.at).Seconds() >= full {
			delete(b.buckets, key)
		}
	}
}

func (b *Bucket) decision(k *bucket, now time.Time, allowed bool, need int) Decision {
	d := Decision{Allowed: allowed, Limit: b.PerMinute, Remaining: int(math.Floor(k.tokens))}
	d.Reset = now.Add(time.Duration((float64(b.Burst) - k.tokens) / b.rate() * float64(time.Second)))
	if !allowed {
		d.RetryAfter = time.Duration((float64(need) - k.tokens) / b.rate() * float64(time.Second))
	}
	return d
}

// Take implements Limiter.
func (b *Bucket) Take(_ context.Context, key string, n int) (Decision, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	k := b.refill(key, now)
	if k.tokens < float64(n) {
		return b.decision(k, now, false, n), nil
	}
	k.tokens -= float64(n)
	return b.decision(k, now, true, 0), nil
}

// Charge implements Limiter.
func (b *Bucket) Charge(_ context.Context, key string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.refill(key, b.now())
	k.tokens = math.Max(0, k.tokens-float64(n))
}

// Len returns the number of clients tracked.
func (b *Bucket) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.buckets)
}

// Peek implements Limiter.
func (b *Bucket) Peek(_ context.Context, key string) Decision {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	return b.decision(b.refill(key, now), now, true, 0)
}

type chargeKey struct{}

type charger struct {
	limiter Limiter
	key     string
}

// Charge takes n more tokens from the allowance of the client of ctx (no-op outside
// the rate-limit middleware).
func Charge(ctx context.Context, n int) {
	if c, ok := ctx.Value(chargeKey{}).(*charger); ok && n > 0 {
		c.limiter.Charge(ctx, c.key, n)
	}
}

// RateLimit is the HTTP middleware of the per-client rate limit: every response
// carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (Unix
// seconds); a client over its allowance gets 429 with Retry-After (seconds) and a
// GraphQL-shaped JSON error with code RATE_LIMITED.
type RateLimit struct {
	Limiter Limiter
	// ClientKey identifies the client of a request (default: ClientKey, its IPv4
	// address or IPv6 /64; behind a trusted proxy, derive it from X-Forwarded-For).
	ClientKey func(*http.Request) string
	// Exempt lists the paths not counted (health checks, the GraphiQL page).
	Exempt map[string]bool
	// ExemptPrefixes lists path prefixes not counted (immutable static assets): a
	// path is exempt when it starts with one of them and is clean (no "..", "//" or
	// "." element), so no prefix can stand for another route.
	ExemptPrefixes []string
}

// exempt reports whether the request's path is outside the rate limit.
func (rl RateLimit) exempt(p string) bool {
	if rl.Exempt[p] {
		return true
	}
	for _, prefix := range rl.ExemptPrefixes {
		if strings.HasPrefix(p, prefix) && path.Clean(p) == p {
			return true
		}
	}
	return false
}

// ClientIP returns the host part of a request's RemoteAddr.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientKey is the default key of the rate limit: the client's IPv4 address, or the
// /64 network of its IPv6 address (one subscriber's line gets a whole /64, and
// rotating through its addresses must not multiply the allowance).
func ClientKey(r *http.Request) string {
	return NetworkKey(ClientIP(r))
}

// NetworkKey maps an IP address to its rate-limit key: IPv4 addresses as they are,
// IPv6 addresses to their /64 prefix. Anything else is returned unchanged.
func NetworkKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.WithZone("").Prefix(64)
	return p.String()
}

// Handler wraps next.
func (rl RateLimit) Handler(next http.Handler) http.Handler {
	if rl.Limiter == nil {
		return next
	}
	keyOf := rl.ClientKey
	if keyOf == nil {
		keyOf = ClientKey
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rl.exempt(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		key := keyOf(r)
		d, err := rl.Limiter.Take(r.Context(), key, 1)
		if err != nil {
			// A limiter that cannot answer (a shared store down) lets requests through.
			next.ServeHTTP(w, r)
			return
		}
		if !d.Allowed {
			setRateHeaders(w.Header(), d)
			retry := int(math.Ceil(d.RetryAfter.Seconds()))
			retry = max(retry, 1)
			w.Header().Set("Retry-After", strconv.Itoa(retry))
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
				"message": fmt.Sprintf("too many requests: the limit is %d a minute per client; retry in %d s", d.Limit, retry),
				"extensions": map[string]any{"code": CodeRateLimited, "retryAfter": retry,
					"limit": d.Limit},
			}}})
			return
		}
		ctx := context.WithValue(r.Context(), chargeKey{}, &charger{limiter: rl.Limiter, key: key})
		hw := &headerWriter{ResponseWriter: w, limiter: rl.Limiter, key: key, ctx: ctx}
		next.ServeHTTP(hw, r.WithContext(ctx))
		hw.start()
	})
}

func setRateHeaders(h http.Header, d Decision) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(d.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(d.Remaining, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(d.Reset.Unix(), 10))
}

// headerWriter sets the X-RateLimit-* headers when the response starts, after the
// request's cost has been charged.
type headerWriter struct {
	http.ResponseWriter
	limiter Limiter
	key     string
	ctx     context.Context
	done    bool
}

func (h *headerWriter) start() {
	if !h.done {
		h.done = true
		setRateHeaders(h.Header(), h.limiter.Peek(h.ctx, h.key))
	}
}

func (h *headerWriter) WriteHeader(status int) {
	h.start()
	h.ResponseWriter.WriteHeader(status)
}

func (h *headerWriter) Write(p []byte) (int, error) {
	h.start()
	return h.ResponseWriter.Write(p)
}

// Flush lets streaming handlers flush.
func (h *headerWriter) Flush() {
	h.start()
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap exposes the underlying writer to http.ResponseController.
func (h *headerWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
