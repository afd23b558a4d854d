package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/reqlog"
	"github.com/reindustrie/observatory/internal/testdb"
)

// restError checks that a REST answer is an error in the GraphQL API's shape
// ({"errors":[{"message","extensions":{"code"}}]}, JSON, no-store, nothing internal)
// with the status and code wanted, and returns its message.
func restError(t *testing.T, res *http.Response, body []byte, status int, code string) string {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status %d, want %d: %s", res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != "" {
		t.Errorf("an error answer with Content-Disposition %q", cd)
	}
	var e struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &e); err != nil || len(e.Errors) != 1 {
		t.Fatalf("not one error in the API's shape (%v): %s", err, body)
	}
	if e.Errors[0].Message == "" || e.Errors[0].Extensions["code"] != code {
		t.Errorf("code %v, want %s; message %q", e.Errors[0].Extensions["code"], code, e.Errors[0].Message)
	}
	apitest.AssertNoLeak(t, body)
	return e.Errors[0].Message
}

func TestRESTInputErrorsHaveTheAPIShape(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.New(t, s)
	tests := []struct {
		path, code, message string
		status              int
	}{
		{"/download/nothing.csv", "NOT_FOUND", "unknown download: see /download/ for the list (", http.StatusNotFound},
		{"/download/sites.xml", "NOT_FOUND", "; .csv or .json)", http.StatusNotFound},
		{"/download/observations.csv?colour=red", "BAD_USER_INPUT", `unknown parameter "colour"`, http.StatusBadRequest},
		{"/download/observations.json?from=2021-13", "BAD_USER_INPUT", `from: "2021-13" is not a date`, http.StatusBadRequest},
		{"/download/observations.csv?subject=nowhere", "BAD_USER_INPUT", `subject: no territory or company or site or programme has the global ID, slug or official code "nowhere"`, http.StatusBadRequest},
		{"/sites.geojson?bbox=1,2,3", "BAD_USER_INPUT", "bbox must be west,south,east,north", http.StatusBadRequest},
		{"/sites.geojson?bbox=1,95,3,96", "BAD_USER_INPUT", "bbox: south and north must be latitudes", http.StatusBadRequest},
		{"/sites.geojson?bbox=NaN,1,2,3", "BAD_USER_INPUT", "bbox must be west,south,east,north", http.StatusBadRequest},
		{"/sites.geojson?near=50,2,Inf", "BAD_USER_INPUT", "near must be latitude,longitude,radiusKm", http.StatusBadRequest},
		{"/sites.geojson?status=OPEN", "BAD_USER_INPUT", `status: unknown site status "OPEN"`, http.StatusBadRequest},
		{"/sites.geojson?limit=0", "BAD_USER_INPUT", "limit must be between 1 and", http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			res, body := get(t, srv.URL+tc.path)
			if msg := restError(t, res, body, tc.status, tc.code); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q, want it to say %q", msg, tc.message)
			}
		})
	}
}

// TestRESTDatabaseErrorDoesNotLeak: a statement that fails answers
// INTERNAL_SERVER_ERROR in the API's shape with a generic message, before any byte of
// a download is sent; the cause goes to the log with the request's ID.
func TestRESTDatabaseErrorDoesNotLeak(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&logs, &mu}, nil))
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.Logger = logger })
	if err := s.DB.Exec(`ALTER TABLE sites RENAME TO sites_gone_secret`).Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/sites.geojson", "/download/sites.csv", "/download/sites.json",
		"/download/observatory.zip", "/download/observations.csv?subject=site:fx-site-0000"} {
		res, body := get(t, srv.URL+p)
		msg := restError(t, res, body, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR")
		if msg != "internal error: the observatory could not answer; try again later" {
			t.Errorf("%s: message %q", p, msg)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	n := 0
	for _, line := range strings.Split(logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "request error" {
			continue
		}
		n++
		if rec[reqlog.Attr] == nil || !strings.Contains(rec["error"].(string), "sites") {
			t.Errorf("log line without the request's ID or the cause: %s", line)
		}
	}
	if n != 5 {
		t.Errorf("%d request errors logged, want 5:\n%s", n, logs.String())
	}
}
