package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/persisted"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func cacheOf(r *apitest.Response) string {
	s, _ := r.Extensions["cache"].(string)
	return s
}

// TestResponseCache: public queries are answered from the response cache after a
// first miss, under a key made of the document, the variables, the media type, the
// language and the data version.
func TestResponseCache(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	version := &gqlhttp.MemoryVersion{}
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.NoRateLimit = true
		c.Version = version
		c.ResponseCacheBytes = 1 << 20
	})
	const q = `query Sites($n: Int) { sites(first: $n) { nodes { slug name status } } }`
	send := func(vars map[string]any, headers map[string]string) *apitest.Response {
		t.Helper()
		r := srv.QueryWith(t, q, vars, headers)
		if r.Status != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("status %d, errors %+v", r.Status, r.Errors)
		}
		return r
	}

	first := send(map[string]any{"n": 2}, nil)
	if cacheOf(first) != "miss" || first.Statements() == 0 {
		t.Fatalf("first request: cache %q, %d statements; want a miss that ran SQL", cacheOf(first), first.Statements())
	}
	second := send(map[string]any{"n": 2}, nil)
	if cacheOf(second) != "hit" || second.Statements() != 0 {
		t.Fatalf("same request again: cache %q, %d statements; want a hit without SQL", cacheOf(second), second.Statements())
	}
	if string(second.Data) != string(first.Data) || second.Header.Get("Content-Language") != first.Header.Get("Content-Language") {
		t.Fatalf("a hit answers otherwise than the miss:\n%s\n%s", first.Data, second.Data)
	}
	if cc := second.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("a hit by POST: Cache-Control %q, want no-store as for any POST", cc)
	}

	// Other variables, another language, another media type: other keys.
	if r := send(map[string]any{"n": 3}, nil); cacheOf(r) != "miss" {
		t.Errorf("other variables: cache %q, want miss", cacheOf(r))
	}
	if r := send(map[string]any{"n": 2}, map[string]string{"Accept-Language": "en"}); cacheOf(r) != "miss" {
		t.Errorf("English: cache %q, want miss", cacheOf(r))
	}
	if r := send(map[string]any{"n": 2}, map[string]string{"Accept-Language": "en"}); cacheOf(r) != "hit" {
		t.Errorf("English again: cache %q, want hit", cacheOf(r))
	}
	if r := send(map[string]any{"n": 2}, map[string]string{"Accept": "application/json"}); cacheOf(r) != "miss" {
		t.Errorf("application/json: cache %q, want miss", cacheOf(r))
	}

	// An edit moves the data version: every key changes.
	version.Bump(context.Background())
	if r := send(map[string]any{"n": 2}, nil); cacheOf(r) != "miss" || r.Statements() == 0 {
		t.Errorf("after an edit: cache %q, %d statements; want a miss that ran SQL", cacheOf(r), r.Statements())
	}
	if r := send(map[string]any{"n": 2}, nil); cacheOf(r) != "hit" {
		t.Errorf("after an edit, again: cache %q, want hit", cacheOf(r))
	}

	// Counted in the metrics.
	res, err := http.Get(srv.MetricsURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	metrics, _ := io.ReadAll(res.Body)
	for _, want := range []string{`observatory_graphql_cache_requests_total{cache="response",result="hit"} 3`, `observatory_graphql_cache_requests_total{cache="response",result="miss"} 5`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics: no %s", want)
		}
	}
}

// TestResponseCacheGET: a hit by GET carries the ETag of the miss before it, and
// answers 304 to it.
func TestResponseCacheGET(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.ResponseCacheBytes = 1 << 20 })
	q := apitest.GetQuery(`{ sites(first: 2) { nodes { slug } } }`, gqlhttp.MediaGraphQLResponse)
	miss := q.Send(t, srv)
	hit := q.Send(t, srv)
	if cacheOf(miss) != "miss" || cacheOf(hit) != "hit" {
		t.Fatalf("GET twice: %q then %q", cacheOf(miss), cacheOf(hit))
	}
	etag := miss.Header.Get("ETag")
	if etag == "" || hit.Header.Get("ETag") != etag || hit.Header.Get("Cache-Control") != miss.Header.Get("Cache-Control") {
		t.Fatalf("ETag %q then %q, Cache-Control %q then %q", etag, hit.Header.Get("ETag"), miss.Header.Get("Cache-Control"), hit.Header.Get("Cache-Control"))
	}
	q.Headers = map[string]string{"If-None-Match": etag}
	if r := q.Send(t, srv); r.Status != http.StatusNotModified {
		t.Fatalf("If-None-Match on a hit: status %d, want 304", r.Status)
	}
}

// TestResponseCacheNeverKeeps: authenticated requests, mutations and responses with
// errors are never answered from the cache.
func TestResponseCacheNeverKeeps(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.ResponseCacheBytes = 1 << 20 })
	token, err := auth.CreateToken(context.Background(), s.DB, "alice", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	const q = `{ sites(first: 2) { nodes { slug } } }`
	for i := range 2 {
		r := srv.QueryAs(t, token, q, nil)
		if len(r.Errors) > 0 || cacheOf(r) != "" || r.Statements() == 0 {
			t.Fatalf("authenticated request %d: errors %+v, cache %q, %d statements; want no cache at all", i, r.Errors, cacheOf(r), r.Statements())
		}
	}
	// A public response with errors is never kept: refused before execution, or
	// executed with an error beside its data.
	for _, bad := range []struct {
		query    string
		executed bool
	}{{`{ sites(first: -1) { nodes { slug } } }`, false}, {`{ node(id: "not-an-id") { id } }`, true}} {
		for i := range 2 {
			r := srv.Query(t, bad.query, nil)
			if len(r.Errors) == 0 {
				t.Fatalf("%s: no error", bad.query)
			}
			if cacheOf(r) == "hit" {
				t.Fatalf("%s, %d: served from the cache", bad.query, i)
			}
			if bad.executed && (r.Data == nil || cacheOf(r) != "miss") {
				t.Fatalf("%s: want an executed response reported as a miss, got %s", bad.query, r.Raw)
			}
		}
	}
	// A mutation is never kept (here refused without a token: an error as well, but
	// the rule holds for any mutation).
	const m = `mutation { retractObservation(id: "x", reason: "r") { id } }`
	for i := range 2 {
		if r := srv.Query(t, m, nil); cacheOf(r) == "hit" {
			t.Fatalf("mutation %d: served from the cache", i)
		}
	}
}

// TestResponseCacheBoundedInBytes: the cache holds at most its bound; the least
// recently used response goes first.
func TestResponseCacheBoundedInBytes(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	const a, b = `{ sites(first: 1) { nodes { slug name } } }`, `{ sites(first: 2) { nodes { slug name } } }`
	probe := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.ResponseCacheBytes = 1 << 20 })
	size := max(len(probe.Query(t, a, nil).Raw), len(probe.Query(t, b, nil).Raw))
	// Room for one response (with its key, ETag and language), not two.
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.ResponseCacheBytes = size + 200 })
	order := []struct {
		q, want string
	}{{a, "miss"}, {a, "hit"}, {b, "miss"}, {a, "miss"}, {a, "hit"}}
	for i, step := range order {
		if r := srv.Query(t, step.q, nil); cacheOf(r) != step.want {
			t.Fatalf("step %d: cache %q, want %q", i, cacheOf(r), step.want)
		}
	}
}

// TestResponseCachePersistedQueries: a persisted query is kept under its hash once the
// hash was checked against its text; a wrong text under a known hash is refused, not
// answered from the cache.
func TestResponseCachePersistedQueries(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true; c.ResponseCacheBytes = 1 << 20 })
	const q = `{ sites(first: 2) { nodes { slug } } }`
	ext := func(hash string) map[string]any {
		return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	}
	post := func(body map[string]any) *apitest.Response {
		t.Helper()
		raw, _ := json.Marshal(body)
		return srv.Post(t, "application/json", raw)
	}
	hash := persisted.Hash(q)
	if r := post(map[string]any{"query": q, "extensions": ext(hash)}); len(r.Errors) > 0 || cacheOf(r) != "miss" {
		t.Fatalf("text and hash: errors %+v, cache %q", r.Errors, cacheOf(r))
	}
	if r := post(map[string]any{"extensions": ext(hash)}); len(r.Errors) > 0 || cacheOf(r) != "hit" {
		t.Fatalf("hash alone: errors %+v, cache %q; want a hit", r.Errors, cacheOf(r))
	}
	if r := post(map[string]any{"query": q}); len(r.Errors) > 0 || cacheOf(r) != "hit" {
		t.Fatalf("text alone: errors %+v, cache %q; want a hit (the same document)", r.Errors, cacheOf(r))
	}
	if r := post(map[string]any{"query": `{ sites(first: 1) { nodes { slug } } }`, "extensions": ext(hash)}); cacheOf(r) == "hit" || len(r.Errors) == 0 {
		t.Fatalf("another text under the hash: cache %q, errors %+v; want refused", cacheOf(r), r.Errors)
	}
}
