// Package rediscache shares the automatic persisted queries (APQ) between server
// processes through Redis: a query registered by its hash on one process can be sent
// by hash alone to any other. A small in-process store, bounded in bytes, sits in
// front of Redis (a hash always names the same query text, so entries never go stale)
// so that the hot path costs no network round trip.
//
// Bounds: each entry is at most MaxEntryBytes (the query size limit: larger texts are
// never registered) and expires after its TTL (24 h, renewed by nobody: a client that
// still uses it registers it again). The total is bounded by the Redis server's own
// maxmemory with an LRU eviction policy (docs/deployment.md): entries are a cache, and
// an evicted one only costs its client one more round trip.
package rediscache

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/redis/go-redis/v9"

	"github.com/reindustrie/observatory/internal/persisted"
)

// Defaults.
const (
	DefaultPrefix = "observatory:apq:"
	DefaultTTL    = 24 * time.Hour
	// MaxEntryBytes is the largest query text stored (the query size limit).
	MaxEntryBytes = 20_000
	// localBytes bounds the in-process store in front of Redis.
	localBytes = 4 << 20
	// timeout bounds one Redis call: a slow Redis degrades to "persisted query not
	// found" (the client resends the text), never to a slow API.
	timeout = 200 * time.Millisecond
)

// Cache is a graphql.Cache[string] over Redis.
type Cache struct {
	client *redis.Client
	prefix string
	ttl    time.Duration
	local  *persisted.Memory
	// OnError, when set, is told of Redis errors (they are otherwise ignored: the
	// cache is an optimisation).
	OnError func(error)
}

var _ graphql.Cache[string] = (*Cache)(nil)

// New connects to the Redis server at url (redis://host:6379/0) and checks it answers.
func New(ctx context.Context, url string) (*Cache, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	client := redis.NewClient(opts)
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		_ = client.Close()
		return nil, err
	}
	return NewWithClient(client, DefaultPrefix, DefaultTTL), nil
}

// NewWithClient wraps an existing client; keys are prefix + the query's hash.
func NewWithClient(client *redis.Client, prefix string, ttl time.Duration) *Cache {
	return &Cache{client: client, prefix: prefix, ttl: ttl, local: persisted.NewMemory(localBytes)}
}

// Get returns the query text registered under key (its SHA-256 hash).
func (c *Cache) Get(ctx context.Context, key string) (string, bool) {
	if v, ok := c.local.Get(ctx, key); ok {
		return v, true
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	v, err := c.client.Get(ctx, c.prefix+key).Result()
	if err != nil {
		if err != redis.Nil {
			c.report(err)
		}
		return "", false
	}
	if len(v) > MaxEntryBytes {
		return "", false
	}
	c.local.Add(ctx, key, v)
	return v, true
}

// Add registers a query text under its hash, here and in Redis; a text over
// MaxEntryBytes is not stored.
func (c *Cache) Add(ctx context.Context, key, value string) {
	if len(value) > MaxEntryBytes || len(key) > 128 {
		return
	}
	c.local.Add(ctx, key, value)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := c.client.Set(ctx, c.prefix+key, value, c.ttl).Err(); err != nil {
		c.report(err)
	}
}

// Close closes the connection pool.
func (c *Cache) Close() error { return c.client.Close() }

func (c *Cache) report(err error) {
	if c.OnError != nil {
		c.OnError(err)
	}
}
