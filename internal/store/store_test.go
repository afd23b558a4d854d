package store_test

import (
	"path/filepath"
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
