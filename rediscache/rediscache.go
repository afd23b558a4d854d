// Package rediscache shares gqlgen's automatic persisted queries (APQ) between server
// processes through Redis: a query registered by its hash on one process can be sent
// by hash alone to any other. A small in-process LRU sits in front of Redis (a hash
// always names the same query text, so entries never go stale) so that the hot path
// costs no network round trip.
package rediscache

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2"
	"github.com/redis/go-redis/v9"
)

// Defaults.
const (
	DefaultPrefix = "observatory:apq:"
	DefaultTTL    = 24 * time.Hour
	// localEntries is the size of the in-process LRU in front of Redis.
	localEntries = 1000
	// timeout bounds one Redis call: a slow Redis degrades to "persisted query not
	// found" (the client resends the text), never to a slow API.
	timeout = 200 * time.Millisecond
)

// Cache is a graphql.Cache[string] over Redis.
type Cache struct {
	client *redis.Client
	prefix string
	ttl    time.Duration
	local  *lru.Cache[string, string]
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
	local, _ := lru.New[string, string](localEntries)
	return &Cache{client: client, prefix: prefix, ttl: ttl, local: local}
}

// Get returns the query text registered under key (its SHA-256 hash).
func (c *Cache) Get(ctx context.Context, key string) (string, bool) {
	if v, ok := c.local.Get(key); ok {
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
	c.local.Add(key, v)
	return v, true
}

// Add registers a query text under its hash, here and in Redis.
func (c *Cache) Add(ctx context.Context, key, value string) {
	c.local.Add(key, value)
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
