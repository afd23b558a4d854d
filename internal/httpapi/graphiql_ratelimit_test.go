package httpapi_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/testdb"
)

// pageRequests returns what a browser asks for when it opens GraphiQL: the page (at
// "/" and "/graphiql/"), its script and stylesheet, and the chunks, workers and font
// they reference.
func pageRequests(t *testing.T, base string) []string {
	t.Helper()
	get := func(p string) string {
		t.Helper()
		res, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, res.StatusCode, body)
		}
		return string(body)
	}
	page := get("/")
	urls := []string{"/", "/graphiql/"}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`/graphiql/assets/[A-Za-z0-9_.-]+`).FindAllString(page, -1) {
		if !seen[m] {
			seen[m] = true
			urls = append(urls, m)
		}
	}
	if len(urls) < 4 {
		t.Fatalf("the page references no script or stylesheet: %v", urls)
	}
	ref := regexp.MustCompile(`"(?:\./)?([A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(?:js|css|ttf|woff2?))"`)
	for _, u := range urls[2:] {
		if !strings.HasSuffix(u, ".js") {
			continue
		}
		for _, m := range ref.FindAllStringSubmatch(get(u), -1) {
			if a := "/graphiql/assets/" + m[1]; !seen[a] {
				seen[a] = true
				urls = append(urls, a)
			}
		}
	}
	return urls
}

// TestGraphiQLOutsideRateLimit: a newsroom or a classroom behind one address opens
// GraphiQL again and again: 300 requests for the page and its assets in a minute all
// succeed, while the API calls from the same address stay limited (120 a minute).
func TestGraphiQLOutsideRateLimit(t *testing.T) {
	s := testdb.New(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	bucket := limits.NewBucket(limits.DefaultRatePerMinute, limits.DefaultBurst)
	bucket.Now = func() time.Time { return now }
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.RateLimiter = bucket }) // keyed by address
	urls := pageRequests(t, srv.URL)
	if len(urls) < 10 {
		t.Fatalf("want the page and its chunks, workers and font, got %d URLs: %v", len(urls), urls)
	}

	client := &http.Client{}
	do := func(method, u string) *http.Response {
		t.Helper()
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader(`{"query":"{ __typename }"}`)
		}
		req, _ := http.NewRequest(method, srv.URL+u, body)
		req.Header.Set("Accept-Encoding", "gzip")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}

	// 300 page and asset requests over one minute (one every 200 ms), and between
	// them two API calls each time (10 a second, against an allowance of 2 a second).
	pages, apiOK, apiRefused := 0, 0, 0
	for i := range 300 {
		if i > 0 {
			now = now.Add(200 * time.Millisecond)
		}
		u := urls[i%len(urls)]
		res := do(http.MethodGet, u)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("request %d, GET %s: %d (API calls so far: %d allowed, %d refused)", i, u, res.StatusCode, apiOK, apiRefused)
		}
		if res.Header.Get("X-RateLimit-Remaining") != "" {
			t.Errorf("GET %s is counted: X-RateLimit-Remaining %q", u, res.Header.Get("X-RateLimit-Remaining"))
		}
		pages++
		for range 2 {
			switch res := do(http.MethodPost, "/graphql"); res.StatusCode {
			case http.StatusOK:
				apiOK++
			case http.StatusTooManyRequests:
				apiRefused++
				if res.Header.Get("Retry-After") == "" {
					t.Errorf("429 without Retry-After")
				}
			default:
				t.Fatalf("POST /graphql: %d", res.StatusCode)
			}
		}
	}
	// The API gets its burst (120) and the refill of one minute (2 a second), no more.
	if pages != 300 || apiOK < 230 || apiOK > 240 || apiRefused != 600-apiOK {
		t.Errorf("pages %d (want 300); API calls allowed %d (want about 240), refused %d", pages, apiOK, apiRefused)
	}
	t.Logf("%d page and asset requests (%d distinct URLs) in a minute, all served; API calls: %d allowed, %d refused", pages, len(urls), apiOK, apiRefused)

	// The API is still limited for this address; the page still loads.
	if res := do(http.MethodPost, "/graphql"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("POST /graphql after the minute: %d, want 429", res.StatusCode)
	}
	if res := do(http.MethodGet, "/"); res.StatusCode != http.StatusOK {
		t.Errorf("GET / while the API is limited: %d", res.StatusCode)
	}
	// Paths that only look like assets are counted, and unknown assets are 404s.
	if res := do(http.MethodGet, "/graphiql/assets/../../graphql?query=%7B__typename%7D"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a non-clean path under the assets prefix: %d, want 429", res.StatusCode)
	}
	if res := do(http.MethodGet, "/graphiql/assets/nope-12345678.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown asset: %d, want 404", res.StatusCode)
	}
}
