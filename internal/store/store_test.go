package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/store"
)

// TestSQLiteIsDurable: the embedded store commits with synchronous=FULL (an edit
// acknowledged to an editor survives a power loss); throwaway databases may relax it.
func TestSQLiteIsDurable(t *testing.T) {
	for _, relaxed := range []bool{false, true} {
		s, err := store.Open(store.Config{URL: filepath.Join(t.TempDir(), "durable.db"), SQLiteRelaxedSync: relaxed})
		if err != nil {
			t.Fatal(err)
		}
		var level int
		if err := s.DB.Raw("PRAGMA synchronous").Scan(&level).Error; err != nil {
			t.Fatal(err)
		}
		want := 2 // FULL
		if relaxed {
			want = 1 // NORMAL
		}
		if level != want {
			t.Errorf("relaxed=%v: synchronous=%d, want %d", relaxed, level, want)
		}
		_ = s.Close()
	}
}

// TestNoParallelWorkersByDefault: the API's connections to PostgreSQL start no
// parallel workers (small statements; a commune's aggregate took 17 ms instead of
// 1.2 ms starting two), unless the database URL asks for them.
func TestNoParallelWorkersByDefault(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Skip("TEST_DATABASE_URL names no PostgreSQL")
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	for url, want := range map[string]string{base: "0", base + sep + "max_parallel_workers_per_gather=2": "2"} {
		s, err := store.Open(store.Config{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := s.DB.Raw("SHOW max_parallel_workers_per_gather").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: max_parallel_workers_per_gather %s, want %s", url, got, want)
		}
		if sqlDB, err := s.DB.DB(); err == nil {
			sqlDB.Close()
		}
	}
}
