package rediscache_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/rediscache"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// redisClient connects to the test Redis, or skips the test when none answers.
func redisClient(t *testing.T) (*redis.Client, string) {
	t.Helper()
	opts, err := redis.ParseURL(redisURL())
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
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
	return client, prefix
}

// TestOneStateAcrossInstances runs two server instances on one database and one
// Redis, as behind a load balancer: a client's requests spread over both are refused
// past its one allowance, and an edit on instance A changes B's ETags.
func TestOneStateAcrossInstances(t *testing.T) {
	client, prefix := redisClient(t)
	s := testdb.New(t)
	newInstance := func() *apitest.Server {
		state := rediscache.NewState(client, prefix)
		return apitest.NewWith(t, s, func(c *httpapi.Config) {
			c.RateLimiter = state.Limiter(60, 10)
			c.Version = state.Version()
		})
	}
	a, b := newInstance(), newInstance()

	t.Run("the rate limit is one for both instances", func(t *testing.T) {
		ok, refused := 0, 0
		for i := range 16 {
			srv := a
			if i%2 == 1 {
				srv = b
			}
			r := getQ(t, srv, `{ __typename }`)
			switch r.Status {
			case http.StatusOK:
				ok++
			case http.StatusTooManyRequests:
				refused++
			default:
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
		}
		// A burst of 10 (plus the odd token refilled at one a second), whichever
		// instance answers: in memory, each instance would have allowed 10.
		if ok > 11 || refused < 5 {
			t.Errorf("%d allowed and %d refused over two instances, want at most 11 allowed", ok, refused)
		}
	})

	t.Run("an edit on A changes the ETags of B", func(t *testing.T) {
		state := rediscache.NewState(client, prefix+"etag:")
		a := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.Version = state.Version() })
		b := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.Version = state.Version() })
		query := `{ metrics { code } }`
		before := getQ(t, b, query).Header.Get("ETag")
		if before == "" || getQ(t, b, query).Header.Get("ETag") != before {
			t.Fatalf("no stable ETag: %q", before)
		}
		// An editor's write on A (a new token holder creating a company).
		token := createEditorToken(t, s.DB)
		r := a.QueryAs(t, token, `mutation { createCompany(input: {slug: "etag-co", name: "Etag Co", kind: BUSINESS}) { slug } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("edit on A: %s", r.Raw)
		}
		if after := getQ(t, b, query).Header.Get("ETag"); after == before {
			t.Errorf("B still answers the ETag %s after an edit on A", after)
		}
	})

	t.Run("an edit on A empties the response cache of B", func(t *testing.T) {
		state := rediscache.NewState(client, prefix+"responses:")
		cached := func(c *httpapi.Config) {
			c.NoRateLimit = true
			c.Version = state.Version()
			c.ResponseCacheBytes = 1 << 20
		}
		a := apitest.NewWith(t, s, cached)
		b := apitest.NewWith(t, s, cached)
		query := `{ companies(first: 50) { nodes { slug } } }`
		cache := func(r *apitest.Response) string { v, _ := r.Extensions["cache"].(string); return v }
		if first, second := getQ(t, b, query), getQ(t, b, query); cache(first) != "miss" || cache(second) != "hit" {
			t.Fatalf("B twice: %q then %q", cache(first), cache(second))
		}
		token, err := auth.CreateToken(context.Background(), s.DB, "cache-editor", model.RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		r := a.QueryAs(t, token, `mutation { createCompany(input: {slug: "cache-co", name: "Cache Co", kind: BUSINESS}) { slug } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("edit on A: %s", r.Raw)
		}
		after := getQ(t, b, query)
		if cache(after) != "miss" || !strings.Contains(string(after.Data), "cache-co") {
			t.Errorf("B after an edit on A: cache %q, data %s; want a miss with the new company", cache(after), after.Data)
		}
	})

	t.Run("positive control: within the limit, both instances answer", func(t *testing.T) {
		state := rediscache.NewState(client, prefix+"control:")
		limiter := state.Limiter(120, 120)
		a := apitest.NewWith(t, s, func(c *httpapi.Config) { c.RateLimiter = limiter })
		b := apitest.NewWith(t, s, func(c *httpapi.Config) { c.RateLimiter = limiter })
		for i := range 20 {
			srv := a
			if i%2 == 1 {
				srv = b
			}
			if r := getQ(t, srv, `{ __typename }`); r.Status != http.StatusOK || r.Header.Get("X-RateLimit-Limit") != "120" {
				t.Fatalf("request %d: %d %q", i, r.Status, r.Header.Get("X-RateLimit-Limit"))
			}
		}
	})
}

func getQ(t *testing.T, srv *apitest.Server, query string) *apitest.Response {
	t.Helper()
	return srv.Get(t, "application/json", url.Values{"query": {query}})
}

func createEditorToken(t *testing.T, db *gorm.DB) string {
	t.Helper()
	token, err := auth.CreateToken(context.Background(), db, "editor", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	return token
}
