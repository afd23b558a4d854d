package testdb_test

import (
	"testing"

	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// Each test's copy of the template is its own: migrated, empty, and what a test writes
// in one is not in another, nor in the next copy.
func TestCopiesAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := testdb.New(t), testdb.New(t)
	if err := a.DB.Create(&model.Metric{Code: "only_in_a", Label: model.Bi("A", "A"), Unit: "JOBS"}).Error; err != nil {
		t.Fatalf("the copy is not migrated: %v", err)
	}
	count := func(s *store.Store) int64 {
		t.Helper()
		var n int64
		if err := s.DB.Model(&model.Metric{}).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(a); n != 1 {
		t.Errorf("%d metrics where one was written", n)
	}
	if n := count(b); n != 0 {
		t.Errorf("another copy holds %d metrics", n)
	}
	if n := count(testdb.New(t)); n != 0 {
		t.Errorf("a later copy holds %d metrics: the template was written to", n)
	}
}

// URL gives an empty database: not migrated.
func TestURLIsEmpty(t *testing.T) {
	t.Parallel()
	s, err := store.Open(store.Config{URL: testdb.URL(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if s.DB.Migrator().HasTable("metrics") {
		t.Error("the database of URL has the schema")
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate the database of URL: %v", err)
	}
}
