package metrics_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/reqlog"
	"github.com/reindustrie/observatory/internal/testdb"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the JSON log records written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, l)
		}
		out = append(out, rec)
	}
	return out
}

// accessLine waits for the access log line of the request id.
func (b *syncBuffer) accessLine(t *testing.T, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		for _, rec := range b.lines(t) {
			if rec["msg"] == "request" && rec[reqlog.Attr] == id {
				return rec
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no access log line with request_id %q in:\n%s", id, b.buf.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func TestRequestIDsAndAccessLog(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv := apitest.NewWith(t, testdb.New(t), func(c *httpapi.Config) {
		c.NoRateLimit = true
		c.Logger = logger
	})
	cases := []struct {
		name      string
		incoming  string
		kept      bool
		body      string
		path      string
		operation string
		status    int
	}{
		{"a client's ID is kept", "journalist-42:run.7_a", true, `{"query":"query SiteName { site(slug: \"x\") { name } }"}`, "/graphql", "SiteName", 200},
		{"no ID: one is made", "", false, `{"query":"{ metrics { code } }"}`, "/graphql", "anonymous", 200},
		{"unsafe characters: replaced", "abc def<script>", false, `{"query":"{ metrics { code } }"}`, "/graphql", "anonymous", 200},
		{"too long: replaced", strings.Repeat("a", 65), false, `{"query":"{ metrics { code } }"}`, "/graphql", "anonymous", 200},
		{"longest accepted", strings.Repeat("b", 64), true, `{"query":"{ metrics { code } }"}`, "/graphql", "anonymous", 200},
		{"not GraphQL: no operation", "dl-1", true, "", "/download/metrics.csv", "", 200},
		{"invalid GraphQL", "bad-1", true, `{"query":"{ site("}`, "/graphql", "invalid", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodGet
			if tc.body != "" {
				method = http.MethodPost
			}
			req, _ := http.NewRequest(method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/graphql-response+json")
			}
			if tc.incoming != "" {
				req.Header.Set(reqlog.Header, tc.incoming)
			}
			resp := srv.Do(t, req)
			if resp.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.Status, tc.status, resp.Raw)
			}
			id := resp.Header.Get(reqlog.Header)
			if tc.kept && id != tc.incoming {
				t.Fatalf("X-Request-Id %q, want the client's %q", id, tc.incoming)
			}
			if !tc.kept && !generatedID.MatchString(id) {
				t.Fatalf("X-Request-Id %q, want a generated one", id)
			}
			rec := logs.accessLine(t, id)
			checks := map[string]any{
				"method": method, "path": tc.path, "status": float64(tc.status),
				"bytes": float64(len(resp.Raw)),
			}
			for k, want := range checks {
				if rec[k] != want {
					t.Errorf("access log %s = %v, want %v", k, rec[k], want)
				}
			}
			if tc.operation == "" {
				if _, ok := rec["operation"]; ok {
					t.Errorf("access log has an operation %v for a non-GraphQL request", rec["operation"])
				}
			} else if rec["operation"] != tc.operation {
				t.Errorf("access log operation %v, want %q", rec["operation"], tc.operation)
			}
			if _, ok := rec["duration_ms"].(float64); !ok {
				t.Errorf("access log has no duration_ms: %v", rec)
			}
			if n, ok := rec["sql_statements"].(float64); !ok || (tc.path == "/graphql" && tc.status == 200 && n < 1) {
				t.Errorf("access log sql_statements %v, want a count (at least 1 for a query)", rec["sql_statements"])
			}
			if n := strings.Count(logs.buf.String(), `"`+reqlog.Attr+`":"`+id+`"`); n != 1 {
				t.Errorf("%d log lines carry request_id %s, want exactly the access line", n, id)
			}
		})
	}
}

func TestProbesAreLoggedAtDebugLevel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		level slog.Level
		want  int
	}{
		{slog.LevelInfo, 0},
		{slog.LevelDebug, 2},
	}
	for _, tc := range cases {
		t.Run(tc.level.String(), func(t *testing.T) {
			logs := &syncBuffer{}
			srv := apitest.NewWith(t, testdb.New(t), func(c *httpapi.Config) {
				c.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: tc.level}))
			})
			get(t, srv.URL+"/healthz")
			get(t, srv.URL+"/readyz")
			get(t, srv.URL+"/schema.graphql") // info: the marker that the probes are done
			deadline := time.Now().Add(3 * time.Second)
			for {
				probes, marker := 0, false
				for _, rec := range logs.lines(t) {
					if rec["msg"] != "request" {
						continue
					}
					switch rec["path"] {
					case "/healthz", "/readyz":
						probes++
						if rec["level"] != "DEBUG" {
							t.Fatalf("probe logged at %v", rec["level"])
						}
					case "/schema.graphql":
						marker = true
					}
				}
				if marker && probes == tc.want {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d probe lines, want %d (marker seen: %v)", probes, tc.want, marker)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}
