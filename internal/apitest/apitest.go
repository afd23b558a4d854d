// Package apitest runs the observatory's real HTTP handler on a test server and talks
// to it as a client would: GraphQL over HTTP, JSON in and out.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
)

// Server is a running observatory handler on a test database.
type Server struct {
	URL string
	// MetricsURL serves the handler's metrics (at /metrics), as the metrics listener
	// does, apart from the API.
	MetricsURL string
	Store      *store.Store
}

// Seeded serves the API over a fresh database holding the curated dataset
// (testdb.Seeded).
func Seeded(t testing.TB) *Server {
	t.Helper()
	return New(t, testdb.Seeded(t))
}

// Explore serves the API over a fresh database holding the exploration fixture
// (fixture.Explore).
func Explore(t testing.TB) *Server {
	t.Helper()
	s := testdb.New(t)
	fixture.Explore(t, s.DB)
	return New(t, s)
}

// New serves the API over s until the test ends.
func New(t testing.TB, s *store.Store) *Server {
	t.Helper()
	return NewWith(t, s, nil)
}

// NewWith serves the API over s with a configuration changed by configure (limits,
// timeouts, test hooks).
func NewWith(t testing.TB, s *store.Store, configure func(*httpapi.Config)) *Server {
	t.Helper()
	cfg := httpapi.Config{DB: s.DB, Ready: s.Ping, DownloadsDir: t.TempDir(), VerifyReads: SameAnswers(t)}
	if configure != nil {
		configure(&cfg)
	}
	h := httpapi.New(cfg)
	ts := httptest.NewUnstartedServer(h)
	ts.Config.MaxHeaderBytes = httpapi.MaxHeaderBytes
	ts.Listener = httpapi.JSONHeaderErrors(ts.Listener)
	ts.Start()
	t.Cleanup(ts.Close)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h.Metrics())
	ms := httptest.NewServer(mux)
	t.Cleanup(ms.Close)
	return &Server{URL: ts.URL, MetricsURL: ms.URL, Store: s}
}

// Get sends a GraphQL query by GET with the given Accept header.
func (s *Server) Get(t testing.TB, accept string, params url.Values) *Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?"+params.Encode(), nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return s.Do(t, req)
}

// Error is one GraphQL error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the error's extensions.code.
func (e Error) Code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// Response is a decoded GraphQL response.
type Response struct {
	Status     int
	Header     http.Header
	Data       json.RawMessage `json:"data"`
	Errors     []Error         `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
	Raw        []byte          `json:"-"`
}

// Statements returns the number of SQL statements the request ran, as the server
// reports it in extensions.sqlStatements.
func (r *Response) Statements() int {
	n, _ := r.Extensions["sqlStatements"].(float64)
	return int(n)
}

// ReadPath returns the read path that answered, as the server reports it in
// extensions.readPath ("compiled" or "general"; "" on SQLite).
func (r *Response) ReadPath() string {
	p, _ := r.Extensions["readPath"].(string)
	return p
}

// Decode unmarshals data into v, failing the test on errors.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected GraphQL errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}

// Query posts a GraphQL query with variables and decodes the response.
func (s *Server) Query(t testing.TB, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return s.Post(t, "application/json", body)
}

// QueryWith posts a GraphQL query with variables and extra request headers.
func (s *Server) QueryWith(t testing.TB, query string, vars map[string]any, headers map[string]string) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return s.Do(t, req)
}

// QueryAs posts a GraphQL query with the bearer token of an editor.
func (s *Server) QueryAs(t testing.TB, token, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return s.Do(t, req)
}

// Post sends a raw body to /graphql.
func (s *Server) Post(t testing.TB, contentType string, body []byte) *Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	return s.Do(t, req)
}

// Do sends req and decodes the response as GraphQL (when it is JSON).
func (s *Server) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &Response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, out)
	return out
}

// SameAnswers returns the check of the two read paths that every test server runs on
// PostgreSQL: each query the compiled read path answered is run through the resolvers
// too, and the two answers must be the same bytes (DifferentAnswers).
func SameAnswers(t testing.TB) func(ctx context.Context, compiled, general *graphql.Response) {
	return func(ctx context.Context, compiled, general *graphql.Response) {
		if diff := DifferentAnswers(ctx, compiled, general); diff != "" {
			t.Error(diff)
		}
	}
}

// DifferentAnswers describes how the answers of the two read paths to the operation of
// ctx differ ("" when they are the same bytes; the general path must not report an
// error the compiled path did not).
func DifferentAnswers(ctx context.Context, compiled, general *graphql.Response) string {
	query := ""
	if op := graphql.GetOperationContext(ctx); op != nil {
		query = op.RawQuery
	}
	switch {
	case general == nil:
		return fmt.Sprintf("read paths: the general path gave no answer to a query the compiled path answered:\n%s", query)
	case len(general.Errors) > 0:
		return fmt.Sprintf("read paths: the compiled path answered a query the general path fails (%v):\n%s", general.Errors, query)
	case !bytes.Equal(compiled.Data, general.Data):
		return fmt.Sprintf("read paths: different answers to\n%s\ncompiled: %.2000s\ngeneral:  %.2000s", query, compiled.Data, general.Data)
	}
	return ""
}
