package rediscache_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/rediscache"
	"github.com/reindustrie/observatory/internal/testdb"
)

func redisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

func post(t *testing.T, url string, body map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPersistedQueriesSharedThroughRedis runs two stateless server instances on the
// same database and Redis: a query registered on one is found by hash on the other.
func TestPersistedQueriesSharedThroughRedis(t *testing.T) {
	opts, err := redis.ParseURL(redisURL())
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opts)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		t.Skipf("no Redis at %s (set REDIS_URL): %v", redisURL(), err)
	}
	prefix := "observatory:test:" + t.Name() + ":" + time.Now().Format("150405.000000000") + ":"
	t.Cleanup(func() {
		keys, _ := client.Keys(context.Background(), prefix+"*").Result()
		if len(keys) > 0 {
			client.Del(context.Background(), keys...)
		}
	})

	s := testdb.New(t)
	newServer := func(cache *rediscache.Cache) *httptest.Server {
		cfg := httpapi.Config{DB: s.DB, NoRateLimit: true}
		if cache != nil {
			cfg.APQCache = cache
		}
		srv := httptest.NewServer(httpapi.New(cfg))
		t.Cleanup(srv.Close)
		return srv
	}
	a := newServer(rediscache.NewWithClient(client, prefix, time.Minute))
	b := newServer(rediscache.NewWithClient(redis.NewClient(opts), prefix, time.Minute))
	alone := newServer(nil)

	query := "query PersistedMetrics { metrics { code label unit } }"
	sum := sha256.Sum256([]byte(query))
	hash := hex.EncodeToString(sum[:])
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}

	// Unknown hash everywhere at first.
	if out := post(t, b.URL, map[string]any{"extensions": ext}); !strings.Contains(toJSON(out), "PersistedQueryNotFound") {
		t.Fatalf("before registration, instance b answered %s", toJSON(out))
	}
	// Registered on a...
	if out := post(t, a.URL, map[string]any{"query": query, "extensions": ext}); out["errors"] != nil {
		t.Fatalf("registration on a: %s", toJSON(out))
	}
	if v, err := client.Get(context.Background(), prefix+hash).Result(); err != nil || v != query {
		t.Fatalf("redis holds %q (err %v), want the query", v, err)
	}
	// ...found by hash alone on b (another process in production).
	out := post(t, b.URL, map[string]any{"extensions": ext})
	if out["errors"] != nil || out["data"] == nil {
		t.Fatalf("by hash on b: %s", toJSON(out))
	}
	// An instance without the shared cache does not know it.
	if out := post(t, alone.URL, map[string]any{"extensions": ext}); !strings.Contains(toJSON(out), "PersistedQueryNotFound") {
		t.Fatalf("an instance without redis answered %s", toJSON(out))
	}
	// Every entry expires.
	if ttl, err := client.TTL(context.Background(), prefix+hash).Result(); err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL %v (err %v), want at most the configured minute", ttl, err)
	}

	// A document the limits refuse is never written to Redis (the hostile review
	// registered 960 documents of 1 MB, each kept 24 h).
	big := "{ __typename }#" + strings.Repeat("x", 900_000)
	bigSum := sha256.Sum256([]byte(big))
	bigHash := hex.EncodeToString(bigSum[:])
	out = post(t, a.URL, map[string]any{"query": big, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": bigHash}}})
	if !strings.Contains(toJSON(out), "QUERY_TOO_LARGE") {
		t.Fatalf("a 900 kB document: %s", toJSON(out))
	}
	if n, _ := client.Exists(context.Background(), prefix+bigHash).Result(); n != 0 {
		t.Error("the refused document is in Redis")
	}
	// And the cache itself refuses entries over the size limit.
	direct := rediscache.NewWithClient(client, prefix, time.Minute)
	direct.Add(context.Background(), "oversized", strings.Repeat("x", rediscache.MaxEntryBytes+1))
	if n, _ := client.Exists(context.Background(), prefix+"oversized").Result(); n != 0 {
		t.Error("an entry over MaxEntryBytes is in Redis")
	}
}

func TestRedisDownIsAMiss(t *testing.T) {
	// Nothing listens on port 1: Get misses and Add is dropped, quickly, without panicking.
	c := rediscache.NewWithClient(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1}), "x:", time.Minute)
	var errs int
	c.OnError = func(error) { errs++ }
	start := time.Now()
	if _, ok := c.Get(context.Background(), "nope"); ok {
		t.Fatal("hit on a dead redis")
	}
	c.Add(context.Background(), "k", "query { metrics { code } }")
	if v, ok := c.Get(context.Background(), "k"); !ok || v == "" {
		t.Fatal("the local cache should still serve what this process added")
	}
	if time.Since(start) > 2*time.Second || errs == 0 {
		t.Fatalf("took %s, %d errors reported", time.Since(start), errs)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
