package model_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func str(s string) *string { return &s }

func f64(f float64) *float64 { return &f }

// placeWorld is the exploration fixture plus what tells the ways of being "within"
// apart: a commune of the Nord in an EPCI placed under the Pas-de-Calais (its path and
// its admin_path disagree), Paris in another région, and subsidies with their own
// territory and a recipient elsewhere, in the same place, below it, or nowhere.
type placeWorld struct {
	*fixture.World
	db *gorm.DB
}

func newPlaceWorld(t *testing.T) *placeWorld {
	t.Helper()
	s := testdb.New(t)
	w := &placeWorld{World: fixture.Explore(t, s.DB), db: s.DB}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	terr := func(slug string, kind model.TerritoryKind, parent string, adminParent string) {
		t.Helper()
		p := w.Territories[parent]
		tr := &model.Territory{Slug: slug, Name: slug, Kind: kind, Code: str(slug), ParentID: &p.ID, Path: p.Path + slug + "/", SearchText: slug}
		if adminParent != "" {
			tr.AdminPath = str(w.Territories[adminParent].Path + slug + "/")
		}
		must(s.DB.Create(tr).Error)
		w.Territories[slug] = tr
	}
	// The fixture's communes get the admin_path the geography loader gives them.
	for slug, dep := range map[string]string{"commune-62119": "departement-62", "commune-62178": "departement-62", "commune-59350": "departement-59"} {
		must(s.DB.Model(&model.Territory{}).Where("slug = ?", slug).Update("admin_path", w.Territories[dep].Path+slug+"/").Error)
	}
	terr("epci-cross", model.TerritoryEPCI, "departement-62", "")
	terr("commune-59999", model.TerritoryCommune, "epci-cross", "departement-59")
	terr("region-11", model.TerritoryRegion, "france", "")
	terr("departement-75", model.TerritoryDepartement, "region-11", "")
	terr("commune-75056", model.TerritoryCommune, "departement-75", "departement-75")

	company := func(slug, territory string) {
		t.Helper()
		c := &model.Company{Slug: slug, Name: slug, Kind: model.CompanyBusiness, SearchText: slug}
		if territory != "" {
			c.TerritoryID = &w.Territories[territory].ID
		}
		must(s.DB.Create(c).Error)
		w.Companies[slug] = c
	}
	company("parisienne", "commune-75056")
	company("nordiste", "commune-59999")

	var citation int64
	must(s.DB.Table("citations").Select("MIN(id)").Scan(&citation).Error)
	n := 0
	subsidy := func(slug, programme, recipient, territory string, amount float64, status model.ObservationStatus) {
		t.Helper()
		n++
		sub := &model.Subsidy{Slug: slug, ProgrammeID: w.Programmes[programme].ID, AmountEur: amount, Approximation: model.ApproxExact,
			Precision: model.PrecisionYear, Status: status, CitationID: citation, PeriodStart: str(fmt.Sprintf("%d-01-01", 2018+n))}
		if recipient != "" {
			sub.RecipientID = &w.Companies[recipient].ID
		}
		if territory != "" {
			sub.TerritoryID = &w.Territories[territory].ID
		}
		must(s.DB.Create(sub).Error)
	}
	subsidy("own-cross-recipient-paris", "france-relance", "parisienne", "epci-cross", 1000, model.StatusActual)
	subsidy("own-59999", "fonds-acceleration", "", "commune-59999", 2000, model.StatusActual)
	subsidy("recipient-59999", "convention-revitalisation", "nordiste", "", 4000, model.StatusAnnounced)
	subsidy("own-59-recipient-62119", "fonds-acceleration", "mecaware", "departement-59", 8000, model.StatusActual)
	subsidy("own-62119-recipient-62119", "france-relance", "black-star", "commune-62119", 16000, model.StatusActual)
	subsidy("own-region-recipient-below", "convention-revitalisation", "cheminees-philippe", "region-32", 32000, model.StatusActual)
	subsidy("recipient-nowhere", "france-relance", "bridgestone-france", "", 64000, model.StatusActual)
	subsidy("nowhere", "convention-revitalisation", "", "", 128000, model.StatusAnnounced)
	return w
}

// before is the definition of "within a territory" as it was written before the place
// columns: the subsidy's territory or its recipient's commune is within (WithinCondition).
func (w *placeWorld) before(slug string, f model.SubsidyFilter) *gorm.DB {
	within := w.db.Table("territories AS t").Select("t.id").Joins("JOIN territories AS anc ON anc.slug = ?", slug).Where(model.WithinCondition)
	f.Territory = nil
	return model.ScopeSubsidies(w.db, f).Where("(territory_id IN (?) OR recipient_id IN (?))", within,
		w.db.Table("companies").Select("id").Where("territory_id IN (?)", within))
}

func slugsOf(t *testing.T, q *gorm.DB) []string {
	t.Helper()
	var rows []model.Subsidy
	if err := q.Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Slug
	}
	slices.Sort(out)
	return out
}

// TestSubsidiesWithinAsBefore compares the subsidies within every territory, read on the
// place columns, with the definition on the territories and companies tables: the
// lists, their counts and the aggregates, with and without other filters.
func TestSubsidiesWithinAsBefore(t *testing.T) {
	t.Parallel()
	w := newPlaceWorld(t)
	ctx := context.Background()
	filters := map[string]model.SubsidyFilter{
		"no other filter": {},
		"status":          {Statuses: []model.ObservationStatus{model.StatusActual}},
		"programme":       {Programme: str("france-relance")},
		"period":          {From: str("2020-01-01"), To: str("2023-12-31")},
		"amount":          {MinAmount: f64(1500), MaxAmount: f64(50000)},
	}
	slugs := []string{"does-not-exist"}
	for slug := range w.Territories {
		slugs = append(slugs, slug)
	}
	nonEmpty := 0
	for _, slug := range slugs {
		for name, f := range filters {
			f.Territory = &slug
			want := slugsOf(t, w.before(slug, f))
			got := slugsOf(t, model.ScopeSubsidies(w.db, f))
			if !slices.Equal(got, want) {
				t.Errorf("%s, %s: %v, want %v", slug, name, got, want)
			}
			if len(want) > 0 {
				nonEmpty++
			}
			var count int64
			if err := model.ScopeSubsidies(w.db, f).Count(&count).Error; err != nil || count != int64(len(want)) {
				t.Errorf("%s, %s: count %d (%v), want %d", slug, name, count, err, len(want))
			}

			var wantGroups []model.AggregateGroup
			if err := w.before(slug, f).Select("programme_id, CAST(SUBSTR(COALESCE(period_start, period_end), 1, 4) AS INTEGER) AS year, " +
				"COALESCE(territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = subsidies.recipient_id)) AS territory_id, " +
				"COUNT(*) AS count, SUM(amount_eur) AS sum, MIN(amount_eur) AS min, MAX(amount_eur) AS max").
				Group("programme_id, CAST(SUBSTR(COALESCE(period_start, period_end), 1, 4) AS INTEGER), " +
					"COALESCE(territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = subsidies.recipient_id))").
				Order("programme_id, year, territory_id").Scan(&wantGroups).Error; err != nil {
				t.Fatal(err)
			}
			gotGroups, err := model.AggregateSubsidies(ctx, w.db, f, []model.SubsidyGroupBy{model.SubsidyByProgramme, model.SubsidyByYear, model.SubsidyByTerritory}, model.ClaimsPreferred)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(groupKeys(gotGroups)) != fmt.Sprint(groupKeys(wantGroups)) {
				t.Errorf("%s, %s: groups %v, want %v", slug, name, groupKeys(gotGroups), groupKeys(wantGroups))
			}
		}
	}
	if nonEmpty < 40 {
		t.Errorf("only %d non-empty cases: the world does not exercise the filter", nonEmpty)
	}

	// The cases the place columns tell apart, spelled out.
	for slug, want := range map[string][]string{
		// Within the région once, though both its territory and its recipient are there.
		"region-32": {"own-59-recipient-62119", "own-59999", "own-62119-recipient-62119", "own-cross-recipient-paris", "own-region-recipient-below",
			"recipient-59999", "sub-black-star", "sub-cheminees", "sub-mecaware", "sub-territoire"},
		// The Nord by admin_path (commune-59999, though its EPCI is under the Pas-de-Calais).
		"departement-59": {"own-59-recipient-62119", "own-59999", "own-region-recipient-below", "recipient-59999", "sub-cheminees"},
		"departement-62": {"own-59-recipient-62119", "own-62119-recipient-62119", "own-cross-recipient-paris", "sub-black-star", "sub-mecaware", "sub-territoire"},
		// The EPCI by path: its commune of the Nord is below it.
		"epci-cross": {"own-59999", "own-cross-recipient-paris", "recipient-59999"},
		// Through the recipient only.
		"region-11":     {"own-cross-recipient-paris"},
		"commune-62119": {"own-59-recipient-62119", "own-62119-recipient-62119", "sub-black-star", "sub-mecaware"},
		"france":        {"own-59-recipient-62119", "own-59999", "own-62119-recipient-62119", "own-cross-recipient-paris", "own-region-recipient-below", "recipient-59999", "sub-black-star", "sub-cheminees", "sub-mecaware", "sub-territoire"},
	} {
		if got := slugsOf(t, model.ScopeSubsidies(w.db, model.SubsidyFilter{Territory: str(slug)})); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", slug, got, want)
		}
	}
}

func groupKeys(groups []model.AggregateGroup) []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = fmt.Sprintf("%v/%v/%v:%d/%g/%g/%g", deref(g.ProgrammeID), deref(g.Year), deref(g.TerritoryID), g.Count, g.Sum, g.Min, g.Max)
	}
	slices.Sort(out)
	return out
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestSubsidyPlacesFollowEveryWrite changes what a subsidy's place depends on, in every
// way there is, and checks the place columns after each change.
func TestSubsidyPlacesFollowEveryWrite(t *testing.T) {
	t.Parallel()
	w := newPlaceWorld(t)
	ctx := context.Background()
	db := w.db
	type places struct{ Place, PlaceAdmin, Recipient, RecipientAdmin *string }
	read := func(slug string) places {
		t.Helper()
		var p places
		if err := db.Raw("SELECT place_path AS place, place_admin_path AS place_admin, recipient_path AS recipient, recipient_admin_path AS recipient_admin FROM subsidies WHERE slug = ?", slug).Scan(&p).Error; err != nil {
			t.Fatal(err)
		}
		return p
	}
	show := func(s *string) string {
		if s == nil {
			return "NULL"
		}
		return *s
	}
	check := func(step, slug string, place, placeAdmin, recipient, recipientAdmin string) {
		t.Helper()
		p := read(slug)
		got := [4]string{show(p.Place), show(p.PlaceAdmin), show(p.Recipient), show(p.RecipientAdmin)}
		if want := [4]string{place, placeAdmin, recipient, recipientAdmin}; got != want {
			t.Errorf("%s: %s places %q, want %q", step, slug, got, want)
		}
		if n, err := model.StaleSubsidyPlaces(ctx, db); err != nil || n != 0 {
			t.Errorf("%s: %d stale subsidies (%v)", step, n, err)
		}
	}
	path := func(slug string) string {
		t.Helper()
		var p string
		if err := db.Table("territories").Where("slug = ?", slug).Pluck("path", &p).Error; err != nil {
			t.Fatal(err)
		}
		return p
	}
	admin := func(slug string) string {
		t.Helper()
		var p string
		if err := db.Table("territories").Where("slug = ?", slug).Pluck("COALESCE(admin_path, path)", &p).Error; err != nil {
			t.Fatal(err)
		}
		return p
	}
	const null = "NULL"

	// Inserts (gorm's Create, as the fixture and the editing path write).
	check("insert: recipient only", "sub-mecaware", path("commune-62119"), admin("commune-62119"), null, null)
	check("insert: territory only", "sub-territoire", path("epci-200072460"), admin("epci-200072460"), null, null)
	check("insert: both, elsewhere", "own-59-recipient-62119", path("departement-59"), path("departement-59"), path("commune-62119"), admin("commune-62119"))
	check("insert: both, the same commune", "own-62119-recipient-62119", path("commune-62119"), admin("commune-62119"), null, null)
	check("insert: admin_path and path differ", "own-59999", path("commune-59999"), admin("commune-59999"), null, null)
	if path("commune-59999") == admin("commune-59999") {
		t.Fatal("commune-59999 should have an admin_path different from its path")
	}
	check("insert: a recipient without a commune", "recipient-nowhere", null, null, null, null)
	check("insert: nowhere", "nowhere", null, null, null, null)

	// The recipient moves to another commune (the editing path's updateCompany).
	// (Updates by id: an update through the fixture's structs would write through their
	// pointers into the territories' ids.)
	mecaware := db.Model(&model.Company{}).Where("id = ?", w.Companies["mecaware"].ID).Session(&gorm.Session{})
	if err := mecaware.Update("territory_id", w.Territories["commune-59999"].ID).Error; err != nil {
		t.Fatal(err)
	}
	check("recipient moved", "sub-mecaware", path("commune-59999"), admin("commune-59999"), null, null)
	check("recipient moved", "own-59-recipient-62119", path("departement-59"), path("departement-59"), path("commune-59999"), admin("commune-59999"))
	if err := mecaware.Update("territory_id", nil).Error; err != nil {
		t.Fatal(err)
	}
	check("recipient without a commune", "sub-mecaware", null, null, null, null)
	check("recipient without a commune", "own-59-recipient-62119", path("departement-59"), path("departement-59"), null, null)
	if err := mecaware.Update("territory_id", w.Territories["commune-62119"].ID).Error; err != nil {
		t.Fatal(err)
	}

	// The subsidy itself is re-pointed.
	if err := db.Model(&model.Subsidy{}).Where("slug = ?", "own-59-recipient-62119").Update("territory_id", nil).Error; err != nil {
		t.Fatal(err)
	}
	check("territory removed", "own-59-recipient-62119", path("commune-62119"), admin("commune-62119"), null, null)
	if err := db.Model(&model.Subsidy{}).Where("slug = ?", "recipient-nowhere").Updates(map[string]any{"recipient_id": w.Companies["parisienne"].ID}).Error; err != nil {
		t.Fatal(err)
	}
	check("recipient changed", "recipient-nowhere", path("commune-75056"), admin("commune-75056"), null, null)
	if err := db.Model(&model.Subsidy{}).Where("slug = ?", "nowhere").Update("territory_id", w.Territories["commune-59999"].ID).Error; err != nil {
		t.Fatal(err)
	}
	check("territory given", "nowhere", path("commune-59999"), admin("commune-59999"), null, null)

	// An upsert by slug (the seed loader's write): insert, then update on conflict.
	sub := model.Subsidy{Slug: "upserted", ProgrammeID: w.Programmes["france-relance"].ID, RecipientID: &w.Companies["parisienne"].ID,
		TerritoryID: &w.Territories["departement-62"].ID, AmountEur: 1, Approximation: model.ApproxExact, Precision: model.PrecisionYear,
		Status: model.StatusActual, CitationID: w.citation(t)}
	upsert := func() {
		t.Helper()
		if err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "slug"}}, UpdateAll: true}).Create(&sub).Error; err != nil {
			t.Fatal(err)
		}
	}
	upsert()
	check("upsert: inserted", "upserted", path("departement-62"), path("departement-62"), path("commune-75056"), admin("commune-75056"))
	sub.ID, sub.TerritoryID = 0, &w.Territories["commune-75056"].ID
	upsert()
	check("upsert: updated", "upserted", path("commune-75056"), admin("commune-75056"), null, null)

	// A territory's paths change (a geography reload).
	if err := db.Model(&model.Territory{}).Where("slug = ?", "commune-59999").Updates(map[string]any{
		"path": path("departement-59") + "commune-59999/", "admin_path": nil}).Error; err != nil {
		t.Fatal(err)
	}
	check("commune's paths changed", "own-59999", path("departement-59")+"commune-59999/", path("departement-59")+"commune-59999/", null, null)
	check("commune's paths changed", "recipient-59999", path("departement-59")+"commune-59999/", path("departement-59")+"commune-59999/", null, null)
	check("commune's paths changed", "nowhere", path("departement-59")+"commune-59999/", path("departement-59")+"commune-59999/", null, null)

	// A direct write to the place columns is corrected.
	if err := db.Exec("UPDATE subsidies SET place_path = '/elsewhere/', recipient_admin_path = '/elsewhere/' WHERE slug = ?", "sub-territoire").Error; err != nil {
		t.Fatal(err)
	}
	check("direct write", "sub-territoire", path("epci-200072460"), admin("epci-200072460"), null, null)

	// Every subsidy, whatever the steps above did to it, still answers like the
	// definition.
	for slug := range w.Territories {
		f := model.SubsidyFilter{Territory: str(slug)}
		if got, want := slugsOf(t, model.ScopeSubsidies(db, f)), slugsOf(t, w.before(slug, f)); !slices.Equal(got, want) {
			t.Errorf("after the writes, %s: %v, want %v", slug, got, want)
		}
	}
}

func (w *placeWorld) citation(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := w.db.Table("citations").Select("MIN(id)").Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}
