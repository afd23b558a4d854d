package rediscache

import (
	"context"
	"math"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/limits"
)

// State is what every server process must see alike when several serve the API
// behind a load balancer: the clients' rate-limit allowances and the data version
// (ETags). Both live in the same Redis as the persisted queries.
type State struct {
	client *redis.Client
	prefix string
	// OnError, when set, is told of Redis errors (the state then degrades to this
	// process: requests are let through, the version is the last one seen).
	OnError func(error)
}

// NewState shares the state through client, under keys that start with prefix.
func NewState(client *redis.Client, prefix string) *State {
	return &State{client: client, prefix: prefix}
}

// State returns the shared state on the cache's connection.
func (c *Cache) State() *State { return &State{client: c.client, prefix: c.prefix, OnError: c.OnError} }

func (s *State) report(err error) {
	if s.OnError != nil && err != nil {
		s.OnError(err)
	}
}

// Limiter returns a token-bucket rate limiter shared by every process: perMinute
// tokens a minute, in bursts of burst, per client key. Redis runs the bucket's
// arithmetic (a script), on its own clock, so that processes with skewed clocks agree.
func (s *State) Limiter(perMinute, burst int) *Limiter {
	return &Limiter{s: s, perMinute: perMinute, burst: burst}
}

// Limiter is a limits.Limiter kept in Redis.
type Limiter struct {
	s         *State
	perMinute int
	burst     int
}

var _ limits.Limiter = (*Limiter)(nil)

// bucketScript refills, then takes (mode "take": only if there are enough tokens),
// charges (mode "charge": down to zero) or only reads (mode "peek") a bucket. Tokens
// are fractional. It returns {allowed, tokens, now in ms}.
var bucketScript = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local mode = ARGV[4]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(h[1])
local ts = tonumber(h[2])
if tokens == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 1
if mode == 'take' then
  if tokens >= n then tokens = tokens - n else allowed = 0 end
elseif mode == 'charge' then
  tokens = math.max(0, tokens - n)
end
if mode ~= 'peek' then
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', now)
  redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
end
return {allowed, tostring(tokens), now}
`)

func (l *Limiter) rate() float64 { return float64(l.perMinute) / 60000 } // tokens a millisecond

func (l *Limiter) run(ctx context.Context, key string, n int, mode string) (allowed bool, tokens float64, now time.Time, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	res, err := bucketScript.Run(ctx, l.s.client, []string{l.s.prefix + "rl:" + key},
		strconv.FormatFloat(l.rate(), 'g', -1, 64), l.burst, n, mode).Slice()
	if err != nil || len(res) != 3 {
		if err == nil {
			err = redis.Nil
		}
		return false, 0, time.Time{}, err
	}
	a, _ := res[0].(int64)
	ts, _ := res[1].(string)
	ms, _ := res[2].(int64)
	tokens, _ = strconv.ParseFloat(ts, 64)
	return a == 1, tokens, time.UnixMilli(ms), nil
}

func (l *Limiter) decision(allowed bool, tokens float64, now time.Time, need int) limits.Decision {
	perSec := l.rate() * 1000
	d := limits.Decision{Allowed: allowed, Limit: l.perMinute, Remaining: int(math.Floor(tokens))}
	d.Reset = now.Add(time.Duration((float64(l.burst) - tokens) / perSec * float64(time.Second)))
	if !allowed {
		d.RetryAfter = time.Duration((float64(need) - tokens) / perSec * float64(time.Second))
	}
	return d
}

// Take implements limits.Limiter. An error means Redis could not answer: the caller
// lets the request through.
func (l *Limiter) Take(ctx context.Context, key string, n int) (limits.Decision, error) {
	allowed, tokens, now, err := l.run(ctx, key, n, "take")
	if err != nil {
		l.s.report(err)
		return limits.Decision{}, err
	}
	return l.decision(allowed, tokens, now, n), nil
}

// Charge implements limits.Limiter.
func (l *Limiter) Charge(ctx context.Context, key string, n int) {
	if _, _, _, err := l.run(ctx, key, n, "charge"); err != nil {
		l.s.report(err)
	}
}

// Peek implements limits.Limiter.
func (l *Limiter) Peek(ctx context.Context, key string) limits.Decision {
	_, tokens, now, err := l.run(ctx, key, 0, "peek")
	if err != nil {
		l.s.report(err)
		return limits.Decision{Allowed: true, Limit: l.perMinute, Remaining: l.burst, Reset: time.Now()}
	}
	return l.decision(true, tokens, now, 0)
}

// Version returns the data version shared by every process: an edit on any of them
// changes the ETags of all.
func (s *State) Version() *Version { return &Version{s: s} }

// Version is a gqlhttp.DataVersion kept in Redis (one counter). While Redis cannot be
// reached it answers the last value it read, plus the edits made by this process since.
type Version struct {
	s     *State
	last  atomic.Uint64
	local atomic.Uint64
}

var _ gqlhttp.DataVersion = (*Version)(nil)

func (v *Version) key() string { return v.s.prefix + "data_version" }

// Current implements gqlhttp.DataVersion.
func (v *Version) Current(ctx context.Context) uint64 {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	n, err := v.s.client.Get(ctx, v.key()).Uint64()
	switch {
	case err == redis.Nil:
		n = 0
	case err != nil:
		v.s.report(err)
		return v.last.Load() + v.local.Load()
	}
	v.last.Store(n)
	v.local.Store(0)
	return n
}

// Bump implements gqlhttp.DataVersion.
func (v *Version) Bump(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	n, err := v.s.client.Incr(ctx, v.key()).Uint64()
	if err != nil {
		v.s.report(err)
		v.local.Add(1)
		return
	}
	v.last.Store(n)
}
