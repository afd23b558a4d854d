package model_test

import (
	"context"
	"testing"

	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// TestNameKeysFollowEveryWrite: a record's sort key is set when it is created and when
// an editor renames it, and FillNameKeys fills the keys a migrated database lacks.
func TestNameKeysFollowEveryWrite(t *testing.T) {
	s := testdb.New(t)
	db := s.DB
	key := func(id int64) string {
		var k string
		if err := db.Table("companies").Select("name_key").Where("id = ?", id).Scan(&k).Error; err != nil {
			t.Fatal(err)
		}
		return k
	}
	c := &model.Company{Slug: "crepim", Name: "CREPIM", Kind: model.CompanyBusiness}
	if err := model.Insert(db, c); err != nil {
		t.Fatal(err)
	}
	if got := key(c.ID); got != model.NameKey("CREPIM") {
		t.Fatalf("created: key %q", got)
	}
	c.Name = "Écoles réunies"
	if ok, _, err := model.UpdateVersioned(db, c, c.ID, c.Version); err != nil || !ok {
		t.Fatalf("update: %v %v", ok, err)
	}
	if got := key(c.ID); got != model.NameKey("Écoles réunies") {
		t.Fatalf("renamed: key %q", got)
	}
	if err := db.Exec("UPDATE companies SET name_key = ''").Error; err != nil {
		t.Fatal(err)
	}
	n, err := model.FillNameKeys(context.Background(), db)
	if err != nil || n != 1 {
		t.Fatalf("filled %d: %v", n, err)
	}
	if got := key(c.ID); got != model.NameKey("Écoles réunies") {
		t.Fatalf("filled: key %q", got)
	}
	if n, err := model.FillNameKeys(context.Background(), db); err != nil || n != 0 {
		t.Fatalf("second fill: %d %v", n, err)
	}
}
