package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/export"
)

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func TestDownloadsEveryKindAsCSVAndJSON(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	for _, k := range export.Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			res, body := get(t, srv.URL+"/download/"+k.Name+".csv")
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("csv does not parse: %v", err)
			}
			// One row per record of the kind (the curated dataset has some of every
			// kind it holds).
			var count int64
			if err := srv.Store.DB.Table(k.Table).Count(&count).Error; err != nil {
				t.Fatal(err)
			}
			if int64(len(records)-1) != count {
				t.Fatalf("csv has %d data rows, the table %d", len(records)-1, count)
			}
			for i, c := range k.Columns() {
				if records[0][i] != c {
					t.Fatalf("header %v, want %v", records[0], k.Columns())
				}
			}
			res, body = get(t, srv.URL+"/download/"+k.Name+".json")
			var rows []map[string]any
			if err := json.Unmarshal(body, &rows); err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("json: %d %v", res.StatusCode, err)
			}
			if len(rows) != len(records)-1 {
				t.Errorf("json has %d rows, csv %d", len(rows), len(records)-1)
			}
			t.Logf("%s: %d rows, %d columns", k.Name, len(rows), len(k.Columns()))
		})
	}
	res, body := get(t, srv.URL+"/download/nothing.csv")
	restError(t, res, body, http.StatusNotFound, "NOT_FOUND")
	res, body = get(t, srv.URL+"/download/observatory.zip")
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("zip: %d %v", res.StatusCode, err)
	}
	// Every kind as CSV, datapackage.json and LICENCE.txt.
	if len(zr.File) != len(export.Kinds())+2 {
		t.Errorf("zip has %d files, want %d", len(zr.File), len(export.Kinds())+2)
	}
}

func TestDownloadObservationsWithAFilter(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	tests := []struct {
		query  string
		status int
		check  func(rows [][]string) bool
	}{
		{"subject=site:bridgestone-bethune&dimension=outcome", http.StatusOK, func(rows [][]string) bool { return len(rows) == 9 }},
		{"metric=jobs_affected_by_closure", http.StatusOK, func(rows [][]string) bool { return len(rows) == 3 }},
		{"territory=departement-62&status=TARGET", http.StatusOK, func(rows [][]string) bool {
			for _, r := range rows[1:] {
				if r[11] != "TARGET" {
					return false
				}
			}
			return len(rows) > 1
		}},
		{"from=2025&to=2025", http.StatusOK, func(rows [][]string) bool {
			for _, r := range rows[1:] {
				if r[8][:4] != "2025" {
					return false
				}
			}
			return len(rows) > 1
		}},
		{"subject=nowhere", http.StatusBadRequest, nil},
		{"colour=red", http.StatusBadRequest, nil},
		{"from=2021-13", http.StatusBadRequest, nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res, body := get(t, srv.URL+"/download/observations.csv?"+tc.query)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
			}
			if tc.check == nil {
				restError(t, res, body, tc.status, "BAD_USER_INPUT")
				return
			}
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil || !tc.check(rows) {
				t.Errorf("%d rows (err %v): %q", len(rows), err, rows)
			}
		})
	}
}
