package seed_test

import (
	"context"
	"encoding/json"
	"testing"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

// makeOld turns a seeded database into one loaded with an older release: the recorded
// release is lowered to 2000.1 (or removed, for a database from before releases).
func makeOld(t *testing.T, db *gorm.DB, current string, noRelease bool) {
	t.Helper()
	q := db.Exec("UPDATE dataset_releases SET version = '2000.1' WHERE version = ?", current)
	if noRelease {
		q = db.Exec("DELETE FROM dataset_releases")
	}
	if q.Error != nil || q.RowsAffected == 0 {
		t.Fatalf("lowering the release: %v (%d rows)", q.Error, q.RowsAffected)
	}
}

func text(t *testing.T, db *gorm.DB, table, column, slug string) string {
	t.Helper()
	var out []string
	if err := db.Table(table).Where("slug = ?", slug).Pluck(column, &out).Error; err != nil || len(out) != 1 {
		t.Fatalf("%s.%s of %s: %v %v", table, column, slug, out, err)
	}
	return out[0]
}

func TestAnOldDatabaseIsUpdatedOnStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	current, _, err := seed.EmbeddedRelease()
	if err != nil {
		t.Fatal(err)
	}
	for _, noRelease := range []bool{false, true} {
		s := testdb.Seeded(t)
		db := s.DB
		wantSite := text(t, db, "sites", "description_en", "bridgestone-bethune")
		wantTerritory := text(t, db, "territories", "description_fr", "tdi-calaisis")
		// Positive control: the same database at the embedded release is left alone.
		out, err := seed.EnsureCurrent(ctx, db)
		if err != nil || out.Action != seed.Current || out.From != current {
			t.Fatalf("a current database: %+v %v", out, err)
		}
		for _, q := range []string{
			"UPDATE sites SET description_en = 'Stale text of an older release' WHERE slug = 'bridgestone-bethune'",
			"UPDATE territories SET description_fr = 'Texte périmé' WHERE slug = 'tdi-calaisis'",
		} {
			if err := db.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		out, err = seed.EnsureCurrent(ctx, db)
		if err != nil || out.Action != seed.Current {
			t.Fatalf("a current database with changed texts is not reloaded (only a newer release is): %+v %v", out, err)
		}
		makeOld(t, db, current, noRelease)
		out, err = seed.EnsureCurrent(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		wantFrom := "2000.1"
		if noRelease {
			wantFrom = ""
		}
		if out.Action != seed.Updated || out.From != wantFrom || out.To != current || len(out.Report.Conflicts) != 0 {
			t.Fatalf("an old database (release %q): %+v", wantFrom, out)
		}
		if got := text(t, db, "sites", "description_en", "bridgestone-bethune"); got != wantSite {
			t.Errorf("site description not updated: %q", got)
		}
		if got := text(t, db, "territories", "description_fr", "tdi-calaisis"); got != wantTerritory {
			t.Errorf("territory description not updated: %q", got)
		}
		st, err := model.ReadDatasetState(ctx, db)
		if err != nil || st.Release != current {
			t.Fatalf("recorded release after the update: %+v %v", st, err)
		}
		if out, err := seed.EnsureCurrent(ctx, db); err != nil || out.Action != seed.Current {
			t.Fatalf("after the update: %+v %v", out, err)
		}
	}
}

func TestSyntheticDataIsLeftAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	if err := db.Exec("INSERT INTO sources (slug, title, publisher, kind, published_on, published_precision, language, url, licence) VALUES ('synthetic-source-1', 'S', 'P', 'PRESS', '2024-01-01', 'DAY', 'fr', 'https://example.org', 'x')").Error; err != nil {
		t.Fatal(err)
	}
	out, err := seed.EnsureCurrent(ctx, db)
	if err != nil || out.Action != seed.Synthetic {
		t.Fatalf("a synthetic database: %+v %v", out, err)
	}
	var n int64
	if err := db.Table("sources").Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("sources after start on a synthetic database: %d %v", n, err)
	}
}

func TestAnEditorsChangeSurvivesAnUpdateAndIsListed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	current, _, err := seed.EmbeddedRelease()
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.Seeded(t)
	db := srv.Store.DB
	editor, err := auth.CreateToken(ctx, db, "alice", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := auth.CreateToken(ctx, db, "bob", model.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	curated := text(t, db, "sites", "description_en", "bridgestone-bethune")
	curatedFR := text(t, db, "sites", "description_fr", "bridgestone-bethune")
	resp := srv.QueryAs(t, editor, `mutation { updateSite(slug: "bridgestone-bethune", expectedVersion: 1, input: {description: {fr: "Texte de la rédaction", en: "The newsroom's text"}}) { version } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Raw)
	}
	// An edit that changes nothing the dataset says (the same name written back) makes
	// no conflict.
	resp = srv.QueryAs(t, editor, `mutation { updateSite(slug: "acc-billy-berclau", expectedVersion: 1, input: {name: "`+text(t, db, "sites", "name", "acc-billy-berclau")+`"}) { version } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Raw)
	}
	// A curated text changed behind the editors' back is restored, as in an old database.
	if err := db.Exec("UPDATE sites SET description_en = 'Stale' WHERE slug = 'ampere-minth-ruitz'").Error; err != nil {
		t.Fatal(err)
	}
	wantAmpere := curatedOf(t, "ampere-minth-ruitz")
	makeOld(t, db, current, false)

	out, err := seed.EnsureCurrent(ctx, db)
	if err != nil || out.Action != seed.Updated {
		t.Fatalf("update: %+v %v", out, err)
	}
	if got := text(t, db, "sites", "description_en", "bridgestone-bethune"); got != "The newsroom's text" {
		t.Errorf("the editor's text was overwritten: %q", got)
	}
	if got := text(t, db, "sites", "description_en", "ampere-minth-ruitz"); got != wantAmpere {
		t.Errorf("a curated text was not updated: %q, want %q", got, wantAmpere)
	}
	if len(out.Report.Conflicts) != 1 {
		t.Fatalf("conflicts: %+v", out.Report.Conflicts)
	}
	c := out.Report.Conflicts[0]
	wantCurated, _ := json.Marshal(model.Bi(curatedFR, curated))
	if c.EntityType != "Site" || c.EntitySlug != "bridgestone-bethune" || c.Field != "description" ||
		c.CuratedJSON != string(wantCurated) || c.KeptJSON != `{"fr":"Texte de la rédaction","en":"The newsroom's text"}` || c.Release != current {
		t.Fatalf("conflict: %+v (curated %s)", c, wantCurated)
	}

	const q = `{ datasetConflicts { entity entityType entitySlug field curatedValue keptValue release detectedAt } }`
	resp = srv.QueryAs(t, admin, q, nil)
	var got struct {
		DatasetConflicts []struct {
			Entity, EntityType, EntitySlug, Field, CuratedValue, KeptValue, Release, DetectedAt string
		}
	}
	resp.Decode(t, &got)
	if len(got.DatasetConflicts) != 1 {
		t.Fatalf("datasetConflicts: %s", resp.Raw)
	}
	g := got.DatasetConflicts[0]
	if g.Entity != model.GlobalID("Site", "bridgestone-bethune") || g.Field != "description" || g.CuratedValue != c.CuratedJSON ||
		g.KeptValue != c.KeptJSON || g.Release != current || g.DetectedAt == "" {
		t.Fatalf("datasetConflicts: %s", resp.Raw)
	}
	for who, token := range map[string]string{"UNAUTHENTICATED": "", "FORBIDDEN": editor} {
		var r *apitest.Response
		if token == "" {
			r = srv.Query(t, q, nil)
		} else {
			r = srv.QueryAs(t, token, q, nil)
		}
		if len(r.Errors) == 0 || r.Errors[0].Code() != who {
			t.Errorf("datasetConflicts as %q: %s", who, r.Raw)
		}
	}

	// The list is that of the last load: the editor writes the curated text back, the
	// next release finds nothing to report.
	resp = srv.QueryAs(t, editor, `mutation($d: TextInput) { updateSite(slug: "bridgestone-bethune", expectedVersion: 2, input: {description: $d}) { version } }`,
		map[string]any{"d": map[string]any{"fr": curatedFR, "en": curated}})
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Raw)
	}
	makeOld(t, db, current, false)
	if out, err := seed.EnsureCurrent(ctx, db); err != nil || out.Action != seed.Updated || len(out.Report.Conflicts) != 0 {
		t.Fatalf("second update: %+v %v", out, err)
	}
	if list, err := model.DatasetConflicts(ctx, db); err != nil || len(list) != 0 {
		t.Fatalf("conflicts after the second update: %+v %v", list, err)
	}
}

// curatedOf is the English description of a site in a freshly seeded database.
func curatedOf(t *testing.T, slug string) string {
	t.Helper()
	return text(t, testdb.Seeded(t).DB, "sites", "description_en", slug)
}

func TestCompareReleases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026.12", "2026.12", 0}, {"2027.1", "2026.12", 1}, {"2026.9", "2026.12", -1},
		{"2026.12.1", "2026.12", 1}, {"2000.1", "2026.12", -1}, {"2026.12b", "2026.12a", 1},
	} {
		if got := seed.CompareReleases(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareReleases(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
