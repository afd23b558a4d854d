package httpapi_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
)

// tcpProxy forwards connections to a backend until cut; cut closes the listener and
// every open connection, restore listens again on the same address.
type tcpProxy struct {
	t       *testing.T
	addr    string
	backend string
	mu      sync.Mutex
	ln      net.Listener
	conns   map[net.Conn]bool
}

func newTCPProxy(t *testing.T, backend string) *tcpProxy {
	p := &tcpProxy{t: t, backend: backend, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", p.backend)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[b] = true, true
			p.mu.Unlock()
			go func() { _, _ = io.Copy(b, c); b.Close() }()
			go func() { _, _ = io.Copy(c, b); c.Close() }()
		}
	}()
}

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

func (p *tcpProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("restore the proxy: %v", err)
	}
	p.serve(ln)
}

// TestDatabaseOutage cuts the connection to PostgreSQL while the server runs: requests
// fail fast with SERVICE_UNAVAILABLE, /readyz answers 503, and once the database is
// back the server answers again by itself, without a restart.
func TestDatabaseOutage(t *testing.T) {
	base := os.Getenv(testdb.EnvURL)
	if store.DialectOf(base) != store.Postgres {
		t.Skip("needs PostgreSQL (TEST_DATABASE_URL): an embedded SQLite file cannot go away")
	}
	direct := testdb.New(t)
	fixture.Sites(t, direct.DB, 3)

	u, _ := url.Parse(testdb.URL(t)) // any database on the same server, for its host
	proxy := newTCPProxy(t, u.Host)
	// The same database as direct, through the proxy.
	var name string
	if err := direct.DB.Raw("SELECT current_database()").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	u.Host, u.Path = proxy.addr, "/"+name
	s, err := store.Open(store.Config{URL: u.String(), StatementTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	query := `{ sites(first: 3) { totalCount nodes { slug } } }`
	ready := func() int {
		res, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(body), proxy.addr) || strings.Contains(string(body), "dial") {
			t.Errorf("/readyz leaks: %s", body)
		}
		return res.StatusCode
	}
	if r := apitest.PostQuery(query, gqlResp).Send(t, srv); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("before the outage: %d %s", r.Status, r.Raw)
	}

	proxy.cut()
	for i := range 3 {
		start := time.Now()
		r := apitest.PostQuery(query, gqlResp).Send(t, srv)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("request %d during the outage took %v: want fast failure", i, d)
		}
		if len(r.Errors) == 0 || r.Errors[0].Code() != "SERVICE_UNAVAILABLE" {
			t.Fatalf("during the outage: %d %s", r.Status, r.Raw)
		}
		apitest.AssertNoLeak(t, r.Raw)
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("no Retry-After on SERVICE_UNAVAILABLE")
		}
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}
	// The REST endpoints answer the same code, with 503 and Retry-After.
	for _, p := range []string{"/sites.geojson", "/download/sites.csv", "/download/observatory.zip"} {
		res, body := get(t, srv.URL+p)
		restError(t, res, body, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
		if res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After on SERVICE_UNAVAILABLE", p)
		}
	}

	proxy.restore()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := apitest.PostQuery(query, gqlResp).Send(t, srv)
		if r.Status == 200 && len(r.Errors) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered 10 s after the database came back: %s", r.Raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code := ready(); code != http.StatusOK {
		t.Errorf("/readyz after the outage: %d", code)
	}
}

// TestGracefulShutdownDrains: srv.Shutdown (what server.go calls on SIGTERM) lets a
// request in flight finish with its answer.
func TestGracefulShutdownDrains(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	h := httpapi.New(httpapi.Config{DB: s.DB, Ready: s.Ping, NoRateLimit: true, Customize: slowField(500 * time.Millisecond)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: h}
	go func() { _ = hs.Serve(ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		res, err := http.Post("http://"+ln.Addr().String()+"/graphql", "application/json", strings.NewReader(`{"query":"{ sites(first: 2) { nodes { slug } } }"}`))
		if err != nil {
			done <- result{err: err}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- result{status: res.StatusCode, body: string(b)}
	}()
	time.Sleep(150 * time.Millisecond) // the request is in flight
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	r := <-done
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, "fx-site-0000") {
		t.Fatalf("in-flight request: %v %d %s", r.err, r.status, r.body)
	}
}

// slowField makes the sites field wait d before resolving.
func slowField(d time.Duration) func(*handler.Server) {
	return func(h *handler.Server) {
		h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			if graphql.GetFieldContext(ctx).Field.Name == "sites" {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			return next(ctx)
		})
	}
}
