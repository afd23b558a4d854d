package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

// TestDownloadsAreWholeForSlowReaders is item 1 of the hardening review: a slow reader
// used to get half a file (the 10 s budget covered the whole stream, and the handler
// then ended the body cleanly). The unfiltered files are built once and served whole,
// with their length and validators, whatever the request budget.
func TestDownloadsAreWholeForSlowReaders(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 300)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.NoRateLimit = true
		c.RequestTimeout = 50 * time.Millisecond // far shorter than the slow read below
	})
	for _, name := range []string{"sites.json", "sites.csv", "observatory.zip"} {
		t.Run(name, func(t *testing.T) {
			res, err := http.Get(srv.URL + "/download/" + name)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			var body bytes.Buffer
			buf := make([]byte, 4096)
			start := time.Now()
			for {
				n, err := res.Body.Read(buf)
				body.Write(buf[:n])
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("read after %d bytes: %v", body.Len(), err)
				}
				time.Sleep(5 * time.Millisecond) // a slow reader: well past the budget
			}
			if time.Since(start) < 100*time.Millisecond {
				t.Logf("read in %v (small file)", time.Since(start))
			}
			if length, _ := strconv.Atoi(res.Header.Get("Content-Length")); length != body.Len() || length == 0 {
				t.Errorf("Content-Length %q, read %d bytes", res.Header.Get("Content-Length"), body.Len())
			}
			if res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" {
				t.Errorf("no validators: %v", res.Header)
			}
			if name == "sites.json" {
				var rows []map[string]any
				if err := json.Unmarshal(body.Bytes(), &rows); err != nil || len(rows) != 300 {
					t.Errorf("sites.json: %d rows, %v", len(rows), err)
				}
			}
			// Revalidation: the same file, not sent again.
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/download/"+name, nil)
			req.Header.Set("If-None-Match", res.Header.Get("ETag"))
			again, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			again.Body.Close()
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match: %d, want 304", again.StatusCode)
			}
		})
	}
}

// TestDownloadCutShortIsAnError: a stream that fails once it has started must not look
// like a complete file: the connection is aborted, and the client's read fails.
func TestDownloadCutShortIsAnError(t *testing.T) {
	srv := httptest.NewServer(httpapi.CutShortForTest(200<<10, errors.New("the database went away")))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err == nil {
		t.Fatalf("read %d bytes and a clean end: a cut file looks complete", n)
	}
	if n == 0 {
		t.Error("nothing was received before the cut: the test proves nothing")
	}
	// Positive control: the same stream without a failure ends cleanly.
	ok := httptest.NewServer(httpapi.CutShortForTest(200<<10, nil))
	defer ok.Close()
	res, err = http.Get(ok.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if n, err := io.Copy(io.Discard, res.Body); err != nil || n != 200<<10 {
		t.Errorf("read %d bytes, %v", n, err)
	}
}
