package model_test

import (
	"context"
	"testing"

	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// The documented counts (migration 00017) follow every write of observations and
// event_subjects, through the triggers of both stores: a figure or an event's subject
// added, re-pointed to another record (of another kind too) and removed.
func TestDocumentedFollowsWrites(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	ctx := context.Background()
	db := s.DB
	stale := func(step string) {
		t.Helper()
		if n, err := model.StaleDocumented(ctx, db); err != nil || n != 0 {
			t.Fatalf("%s: %d records with a stale documented count (%v)", step, n, err)
		}
	}
	documented := func(table, slug string) int64 {
		t.Helper()
		var n int64
		if err := db.Raw("SELECT documented FROM "+table+" WHERE slug = ?", slug).Row().Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	id := func(table, slug string) int64 {
		t.Helper()
		var n int64
		if err := db.Raw("SELECT id FROM "+table+" WHERE slug = ?", slug).Row().Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := db.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	stale("seeded")
	site := "bridgestone-bethune"
	before := documented("sites", site)
	if before == 0 {
		t.Fatalf("the Béthune plant is documented by no figure")
	}
	var obs int64
	if err := db.Raw("SELECT MIN(id) FROM observations WHERE subject_type = 'SITE' AND subject_id = ?", id("sites", site)).Row().Scan(&obs); err != nil {
		t.Fatal(err)
	}
	company := "bridgestone"
	companyBefore := documented("companies", company)

	// A figure re-pointed to a company, then back, then removed.
	exec("UPDATE observations SET subject_type = 'COMPANY', subject_id = ? WHERE id = ?", id("companies", company), obs)
	if got, want := documented("sites", site), before-1; got != want {
		t.Errorf("re-pointed: the site counts %d, want %d", got, want)
	}
	if got, want := documented("companies", company), companyBefore+1; got != want {
		t.Errorf("re-pointed: the company counts %d, want %d", got, want)
	}
	stale("a figure re-pointed")
	exec("UPDATE observations SET subject_type = 'SITE', subject_id = ? WHERE id = ?", id("sites", site), obs)
	stale("a figure pointed back")
	exec("DELETE FROM breakdown_totals WHERE observation_id = ?", obs)
	exec("UPDATE breakdowns SET base_observation_id = NULL WHERE base_observation_id = ?", obs)
	exec("DELETE FROM observations WHERE id = ?", obs)
	if got, want := documented("sites", site), before-1; got != want {
		t.Errorf("removed: the site counts %d, want %d", got, want)
	}
	stale("a figure removed")

	// An event about the company, its subject added and removed.
	var event int64
	if err := db.Raw("SELECT MIN(id) FROM events").Row().Scan(&event); err != nil {
		t.Fatal(err)
	}
	exec("DELETE FROM event_subjects WHERE event_id = ? AND subject_type = 'COMPANY' AND subject_id = ?", event, id("companies", company))
	stale("an event's subject removed")
	withoutEvent := documented("companies", company)
	exec("INSERT INTO event_subjects (event_id, subject_type, subject_id) VALUES (?, 'COMPANY', ?)", event, id("companies", company))
	if got, want := documented("companies", company), withoutEvent+1; got != want {
		t.Errorf("an event's subject added: the company counts %d, want %d", got, want)
	}
	stale("an event's subject added")

	// A repair: a count broken by hand is found and recounted.
	exec("UPDATE sites SET documented = documented + 7 WHERE slug = ?", site)
	if n, err := model.StaleDocumented(ctx, db); err != nil || n != 1 {
		t.Fatalf("a broken count: %d stale (%v), want 1", n, err)
	}
	if n, err := model.RecountDocumented(ctx, db); err != nil || n != 1 {
		t.Fatalf("recount: %d changed (%v), want 1", n, err)
	}
	stale("recounted")
}
