package editing_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/editing"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// newEditor is an Editor over a fresh database holding the sites fixture (a commune
// fx-commune, sites, companies, sources, a metric), with a fixed clock, and the number
// of times it reported a change.
func newEditor(t *testing.T) (*editing.Editor, *int) {
	t.Helper()
	db := testdb.New(t).DB
	fixture.Sites(t, db, 1)
	changed := 0
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return &editing.Editor{DB: db, Changed: func() { changed++ }, Now: func() time.Time { return at }}, &changed
}

var (
	alice = auth.Actor{Name: "alice", Role: model.RoleEditor}
	bob   = auth.Actor{Name: "bob", Role: model.RoleAdmin}
)

func as(a auth.Actor) context.Context { return auth.WithActor(context.Background(), &a) }

func ptr[T any](v T) *T { return &v }

func auditTrail(t *testing.T, db *gorm.DB, slug string) []model.AuditEntry {
	t.Helper()
	var entries []model.AuditEntry
	if err := db.Where("entity_slug = ?", slug).Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestAValidEditIsVersionedAndAudited(t *testing.T) {
	t.Parallel()
	e, changed := newEditor(t)
	c, err := e.CreateCompany(as(alice), editing.CompanyInput{Slug: ptr("atelier"), Name: ptr("Atelier Tôlerie"), Territory: ptr("fx-commune"), Siren: ptr("123456789")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 || c.Kind != model.CompanyBusiness || c.TerritoryID == nil || !strings.Contains(c.SearchText, "tolerie") {
		t.Errorf("created %+v: want version 1, a business, placed, searchable without accents", c)
	}
	u, err := e.UpdateCompany(as(alice), "atelier", 1, editing.CompanyInput{Activity: &model.Text{FR: "Chaudronnerie", EN: "Boilermaking"}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Version != 2 || u.Activity.FR != "Chaudronnerie" || u.Name != "Atelier Tôlerie" || u.Siren == nil || *u.Siren != "123456789" {
		t.Errorf("updated %+v: want version 2, the new activity, the other fields kept", u)
	}
	var stored model.Company
	if err := e.DB.Where("slug = ?", "atelier").First(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if stored.Version != 2 || stored.Activity.FR != "Chaudronnerie" {
		t.Errorf("stored %+v", stored)
	}
	if *changed != 2 {
		t.Errorf("Changed called %d times for 2 writes", *changed)
	}
	trail := auditTrail(t, e.DB, "atelier")
	if len(trail) != 2 {
		t.Fatalf("%d audit entries, want 2", len(trail))
	}
	create, update := trail[0], trail[1]
	if create.Action != "CREATE" || create.Actor != "alice" || create.EntityType != "Company" || create.BeforeJSON != nil || create.AfterJSON == nil {
		t.Errorf("creation entry %+v", create)
	}
	if update.Action != "UPDATE" || update.At != "2026-03-01T12:00:00Z" || update.BeforeJSON == nil || update.AfterJSON == nil {
		t.Fatalf("update entry %+v", update)
	}
	var before, after model.Company
	if err := json.Unmarshal([]byte(*update.BeforeJSON), &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(*update.AfterJSON), &after); err != nil {
		t.Fatal(err)
	}
	if before.Version != 1 || !before.Activity.IsZero() || after.Version != 2 || after.Activity.FR != "Chaudronnerie" {
		t.Errorf("audited before %+v, after %+v", before, after)
	}
}

func TestAStaleVersionIsAConflict(t *testing.T) {
	t.Parallel()
	e, changed := newEditor(t)
	if _, err := e.CreateSource(as(alice), editing.SourceInput{Slug: ptr("rapport"), Title: ptr("Rapport"), Publisher: ptr("Préfecture"),
		Kind: ptr(model.SourcePressArticle), PublishedOn: ptr("2024-05")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.UpdateSource(as(alice), "rapport", 1, editing.SourceInput{Title: ptr("Rapport final")}); err != nil {
		t.Fatal(err)
	}
	before := *changed
	// Another editor read version 1 and saves after the first change.
	_, err := e.UpdateSource(as(bob), "rapport", 1, editing.SourceInput{Title: ptr("Rapport annuel")})
	var conflict *model.Error
	if !errors.As(err, &conflict) || conflict.Code != model.CodeVersionConflict {
		t.Fatalf("err = %v, want a VERSION_CONFLICT", err)
	}
	if !strings.Contains(conflict.Message, `source "rapport"`) || conflict.Extensions["currentVersion"] != int64(2) {
		t.Errorf("conflict %+v: want source rapport, current version 2", conflict)
	}
	if !strings.Contains(err.Error(), "version 1") || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("message %q does not say which versions", err)
	}
	var stored model.Source
	if err := e.DB.Where("slug = ?", "rapport").First(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if stored.Title != "Rapport final" || stored.Version != 2 {
		t.Errorf("stored %q at version %d, want the first change kept", stored.Title, stored.Version)
	}
	if n := len(auditTrail(t, e.DB, "rapport")); n != 2 || *changed != before {
		t.Errorf("%d audit entries (want 2), Changed called %d more times (want 0)", n, *changed-before)
	}
	// A version from the future is a conflict too; an unknown record is not found.
	if _, err := e.UpdateSource(as(alice), "rapport", 9, editing.SourceInput{Title: ptr("X")}); !errors.As(err, &conflict) || conflict.Extensions["currentVersion"] != int64(2) {
		t.Errorf("expected version 9: %v", err)
	}
	if _, err := e.UpdateSource(as(alice), "nowhere", 1, editing.SourceInput{Title: ptr("X")}); !errors.As(err, &conflict) || conflict.Code != model.CodeNotFound {
		t.Errorf("unknown source: %v, want NOT_FOUND", err)
	}
}

func TestUnauthorizedEditsWriteNothing(t *testing.T) {
	t.Parallel()
	e, changed := newEditor(t)
	count := func() int64 {
		t.Helper()
		var n int64
		if err := e.DB.Model(&model.AuditEntry{}).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	in := editing.CompanyInput{Slug: ptr("intrus"), Name: ptr("Intrus")}
	if _, err := e.CreateCompany(context.Background(), in); codeOf(err) != model.CodeUnauthenticated {
		t.Errorf("anonymous creation: %v, want UNAUTHENTICATED", err)
	}
	if _, err := e.UpdateSite(context.Background(), "fx-site-0000", 1, editing.SiteInput{Name: ptr("X")}); codeOf(err) != model.CodeUnauthenticated {
		t.Errorf("anonymous update: %v, want UNAUTHENTICATED", err)
	}
	// Retracting is an admin's: an editor is refused, whatever the reason.
	if _, err := e.RetractObservation(as(alice), "fx-obs-0000-0", 1, "mistake"); codeOf(err) != model.CodeForbidden {
		t.Errorf("editor retracting: %v, want FORBIDDEN", err)
	}
	var companies int64
	if err := e.DB.Model(&model.Company{}).Where("slug = ?", "intrus").Count(&companies).Error; err != nil {
		t.Fatal(err)
	}
	var site model.Site
	if err := e.DB.Where("slug = ?", "fx-site-0000").First(&site).Error; err != nil {
		t.Fatal(err)
	}
	var obs model.Observation
	if err := e.DB.Where("slug = ?", "fx-obs-0000-0").First(&obs).Error; err != nil {
		t.Fatal(err)
	}
	if companies != 0 || site.Name != "Site 0000" || obs.RetractedAt != nil || obs.Rank != model.RankPreferred || count() != 0 || *changed != 0 {
		t.Errorf("refused edits wrote: %d companies, site %q, observation retracted %v rank %s, %d audit entries, %d changes",
			companies, site.Name, obs.RetractedAt, obs.Rank, count(), *changed)
	}
	// The admin may.
	r, err := e.RetractObservation(as(bob), "fx-obs-0000-0", 1, " entered twice ")
	if err != nil {
		t.Fatal(err)
	}
	if r.RetractedAt == nil || r.RetractionReason == nil || *r.RetractionReason != "entered twice" || r.Rank != model.RankDeprecated || r.Version != 2 {
		t.Errorf("retracted %+v", r)
	}
	if trail := auditTrail(t, e.DB, "fx-obs-0000-0"); len(trail) != 1 || trail[0].Action != "RETRACT" || trail[0].Actor != "bob" ||
		trail[0].Reason == nil || *trail[0].Reason != "entered twice" {
		t.Errorf("retraction trail %+v", trail)
	}
}

func TestInvalidInputListsItsProblems(t *testing.T) {
	t.Parallel()
	e, changed := newEditor(t)
	_, err := e.CreateSite(as(alice), editing.SiteInput{Slug: ptr("Bad Slug"), Territory: ptr("nowhere"), Latitude: ptr(95.0), AreaM2: ptr(-1.0)})
	var invalid *model.Error
	if !errors.As(err, &invalid) || invalid.Code != model.CodeBadUserInput {
		t.Fatalf("err = %v, want BAD_USER_INPUT", err)
	}
	problems, _ := invalid.Extensions["problems"].([]string)
	for _, want := range [][]string{{`slug "Bad Slug"`}, {"name is required"}, {"territory:", `"nowhere"`}, {"status is required"},
		{"latitude and longitude together"}, {"areaSquareMetres must be positive"}} {
		found := false
		for _, p := range problems {
			all := true
			for _, w := range want {
				all = all && strings.Contains(p, w)
			}
			found = found || all
		}
		if !found {
			t.Errorf("no problem mentions %q: %q", want, problems)
		}
	}
	var sites int64
	if err := e.DB.Model(&model.Site{}).Where("slug = ?", "Bad Slug").Count(&sites).Error; err != nil {
		t.Fatal(err)
	}
	if sites != 0 || *changed != 0 {
		t.Errorf("an invalid creation wrote %d sites, %d changes", sites, *changed)
	}
	if _, err := e.UpdateCompany(as(alice), "fx-company-0000", 1, editing.CompanyInput{Slug: ptr("renamed")}); !errors.As(err, &invalid) ||
		!strings.Contains(err.Error(), "slug cannot change") {
		t.Errorf("changing a slug: %v", err)
	}
}

// codeOf is the code of the observatory's error err ("" for another error).
func codeOf(err error) string {
	var e *model.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
