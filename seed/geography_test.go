package seed_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

func TestGeographySQLite(t *testing.T) {
	s, err := store.Open(store.Config{URL: filepath.Join(t.TempDir(), "geo.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkGeography(t, s.DB)
}

func TestGeographyPostgres(t *testing.T) {
	if u := os.Getenv(testdb.EnvURL); u == "" || store.DialectOf(u) != store.Postgres {
		t.Skipf("%s does not name a PostgreSQL server", testdb.EnvURL)
	}
	checkGeography(t, testdb.New(t).DB)
}

// loadGeographyTx runs the geography's load in one transaction, as the seed loader
// does, and returns its duration.
func loadGeographyTx(t *testing.T, db *gorm.DB) time.Duration {
	t.Helper()
	start := time.Now()
	if err := seed.LoadGeography(context.Background(), db); err != nil {
		t.Fatalf("LoadGeography: %v", err)
	}
	return time.Since(start)
}

func checkGeography(t *testing.T, db *gorm.DB) {
	levels, err := seed.ParseGeography()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, k := range seed.GeoLevels {
		total += len(levels[k])
	}

	d := loadGeographyTx(t, db)
	t.Logf("first load of %d territories: %v", total, d)
	if d > 10*time.Second {
		t.Errorf("first load took %v, want well under 10 s", d)
	}

	var all []model.Territory
	if err := db.Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	bySlug := make(map[string]model.Territory, len(all))
	byID := make(map[int64]model.Territory, len(all))
	for _, tr := range all {
		bySlug[tr.Slug] = tr
		byID[tr.ID] = tr
	}

	// Counts per kind, and every row of the file present by its kind and code.
	counts := map[model.TerritoryKind]int{}
	for _, tr := range all {
		counts[tr.Kind]++
	}
	for _, k := range seed.GeoLevels {
		if counts[k] != len(levels[k]) {
			t.Errorf("%s: %d rows in the database, %d in the data file", k, counts[k], len(levels[k]))
		}
		for _, r := range levels[k] {
			tr, ok := bySlug[seed.GeoSlug(r.Kind, r.Code)]
			if !ok || tr.Kind != r.Kind || tr.Code == nil || *tr.Code != r.Code || tr.Name != r.Name {
				t.Errorf("%s %s %q missing or different: %+v", r.Kind, r.Code, r.Name, tr)
			}
			if ok && tr.Description != r.Description {
				t.Errorf("%s %s: description %+v, want %+v", r.Kind, r.Code, tr.Description, r.Description)
			}
		}
	}
	t.Logf("rows per kind: %v", counts)
	if n := len(levels[model.TerritoryRegion]); n != 18 {
		t.Errorf("%d regions, want 18", n)
	}
	if n := len(levels[model.TerritoryDepartement]); n != 101 {
		t.Errorf("%d départements, want 101", n)
	}
	if n := len(levels[model.TerritoryCommune]); n < 34000 {
		t.Errorf("only %d communes", n)
	}

	// Every path is the parent's path plus the slug; every parent is one level up.
	rank := map[model.TerritoryKind]int{}
	for i, k := range seed.GeoLevels {
		rank[k] = i
	}
	for _, tr := range all {
		if tr.ParentID == nil {
			if tr.Slug != "france" || tr.Path != "/france/" {
				t.Errorf("%s has no parent (path %q)", tr.Slug, tr.Path)
			}
			continue
		}
		p, ok := byID[*tr.ParentID]
		if !ok {
			t.Errorf("%s: parent %d not found", tr.Slug, *tr.ParentID)
			continue
		}
		if tr.Path != p.Path+tr.Slug+"/" {
			t.Errorf("%s: path %q, parent %s path %q", tr.Slug, tr.Path, p.Slug, p.Path)
		}
		if rank[p.Kind] >= rank[tr.Kind] {
			t.Errorf("%s (%s) has parent %s (%s)", tr.Slug, tr.Kind, p.Slug, p.Kind)
		}
	}

	// The story's chain.
	chain := []struct{ slug, name string }{
		{"commune-62119", "Béthune"},
		{"epci-200072460", "CA de Béthune-Bruay, Artois-Lys Romane"},
		{"departement-62", "Pas-de-Calais"},
		{"region-32", "Hauts-de-France"},
		{"france", "France"},
	}
	tr := bySlug[chain[0].slug]
	for i, c := range chain {
		if tr.Slug != c.slug || tr.Name != c.name {
			t.Fatalf("chain step %d: got %s %q, want %s %q", i, tr.Slug, tr.Name, c.slug, c.name)
		}
		if tr.ParentID != nil {
			tr = byID[*tr.ParentID]
		}
	}
	bethune := bySlug["commune-62119"]
	if want := "/france/region-32/departement-62/epci-200072460/commune-62119/"; bethune.Path != want {
		t.Errorf("Béthune path %q, want %q", bethune.Path, want)
	}
	if bethune.SearchText != "bethune 62119" {
		t.Errorf("Béthune search_text %q", bethune.SearchText)
	}
	if bethune.Latitude == nil || bethune.Longitude == nil || bethune.LocationPrecision == nil ||
		*bethune.LocationPrecision != model.LocationCommune ||
		*bethune.Latitude < 50.4 || *bethune.Latitude > 50.6 || *bethune.Longitude < 2.5 || *bethune.Longitude > 2.8 {
		t.Errorf("Béthune point %v %v %v", bethune.Latitude, bethune.Longitude, bethune.LocationPrecision)
	}
	if bethune.PostalCodes == nil || *bethune.PostalCodes != "62400" || bethune.Population == nil || *bethune.Population < 20000 {
		t.Errorf("Béthune postal codes %v, population %v", bethune.PostalCodes, bethune.Population)
	}
	// Lambres (press kit), Lambres-lez-Aire in communes.json, INSEE 62486.
	lambres := bySlug["commune-62486"]
	if lambres.Code == nil || *lambres.Code != "62486" || lambres.Name != "Lambres-lez-Aire" ||
		lambres.ParentID == nil || byID[*lambres.ParentID].Slug != "epci-200072460" {
		t.Errorf("Lambres: %+v", lambres)
	}
	for slug, name := range map[string]string{
		"epci-245900758": "CC Flandre Lys",
		"departement-2A": "Corse-du-Sud",
		"departement-59": "Nord",
		"commune-75056":  "Paris",
		"commune-29155":  "Ouessant", // in no EPCI: child of its département
	} {
		if got := bySlug[slug]; got.Name != name {
			t.Errorf("%s: name %q, want %q", slug, got.Name, name)
		}
	}
	if p := bySlug["commune-29155"].ParentID; p == nil || byID[*p].Slug != "departement-29" {
		t.Errorf("Ouessant's parent is not departement-29")
	}

	// A reload changes nothing: same ids, same rows.
	d = loadGeographyTx(t, db)
	t.Logf("reload: %v", d)
	var again []model.Territory
	if err := db.Order("id").Find(&again).Error; err != nil {
		t.Fatal(err)
	}
	if len(again) != len(all) {
		t.Fatalf("reload: %d rows, had %d", len(again), len(all))
	}
	for i := range again {
		a, b := all[i], again[i]
		if a.ID != b.ID || a.Slug != b.Slug || a.Path != b.Path || !sameInt64(a.ParentID, b.ParentID) {
			t.Fatalf("reload changed %s (id %d, path %q) into %s (id %d, path %q)", a.Slug, a.ID, a.Path, b.Slug, b.ID, b.Path)
		}
	}
}

func sameInt64(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameString(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Every description of territories.csv exists in French and in English, each wholly in
// its language.
func TestGeographyDescriptionsBilingual(t *testing.T) {
	levels, err := seed.ParseGeography()
	if err != nil {
		t.Fatal(err)
	}
	// Words that give the other language away.
	notFR := []string{"spans", " and ", "Community", "Agglomeration", "Urban", "Metropolis", "'"}
	notEN := []string{"s’étend", "s'étend", " et ", "Communauté", "Métropole", "\u00a0"}
	described := 0
	for _, k := range seed.GeoLevels {
		for _, r := range levels[k] {
			fr, en := r.Description.FR, r.Description.EN
			if (fr == "") != (en == "") {
				t.Errorf("%s %s: French description %q, English %q: want both or neither", r.Kind, r.Code, fr, en)
				continue
			}
			if fr == "" {
				continue
			}
			described++
			for _, w := range notFR {
				if strings.Contains(fr, w) {
					t.Errorf("%s %s: French description %q contains %q", r.Kind, r.Code, fr, w)
				}
			}
			for _, w := range notEN {
				if strings.Contains(en, w) {
					t.Errorf("%s %s: English description %q contains %q", r.Kind, r.Code, en, w)
				}
			}
			// French typography: a no-break space, not a space, before ; : ? !
			for _, p := range []string{" ;", " :", " ?", " !"} {
				if strings.Contains(fr, p) {
					t.Errorf("%s %s: French description %q has a space before %q", r.Kind, r.Code, fr, p[1:])
				}
			}
		}
	}
	if n := len(levels[model.TerritoryEPCI]); described != n {
		t.Errorf("%d rows described, want the %d EPCI", described, n)
	}
	for code, want := range map[string][2]string{
		"245900758": {"Communauté de communes (CC), 8 communes\u00a0; s’étend sur les départements 59 et 62",
			"Community of communes (CC), 8 communes; spans départements 59 and 62"},
		"200072460": {"Communauté d’agglomération (CA), 100 communes", "Agglomeration community (CA), 100 communes"},
		"200054781": {"Métropole (METRO), 130 communes\u00a0; s’étend sur les départements 75, 91, 92, 93, 94 et 95",
			"Metropolis (METRO), 130 communes; spans départements 75, 91, 92, 93, 94 and 95"},
		"200046977": {"Métropole de Lyon (collectivité à statut particulier) (MET69), 58 communes",
			"Metropolis of Lyon (local authority with special status) (MET69), 58 communes"},
	} {
		found := false
		for _, r := range levels[model.TerritoryEPCI] {
			if r.Code != code {
				continue
			}
			found = true
			if r.Description.FR != want[0] || r.Description.EN != want[1] {
				t.Errorf("EPCI %s: descriptions %q / %q, want %q / %q", code, r.Description.FR, r.Description.EN, want[0], want[1])
			}
		}
		if !found {
			t.Errorf("EPCI %s not in the data file", code)
		}
	}
}

// A commune of an EPCI that spans two départements is found below its own département:
// Pas-de-Calais communes of the CC Flandre Lys (whose EPCI sits under the Nord).
func TestCommunesAreBelowTheirOwnDepartement(t *testing.T) {
	t.Parallel()
	db := testdb.Seeded(t).DB // the geography, as seed.Load writes it
	var n int64
	err := db.Table("territories AS t").
		Joins("JOIN territories AS anc ON anc.slug = ?", "departement-62").
		Where("t.kind = ? AND "+model.WithinCondition, model.TerritoryCommune).
		Count(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	db.Model(&model.Territory{}).Where("kind = ? AND code LIKE ?", model.TerritoryCommune, "62%").Count(&want)
	if n != want {
		t.Errorf("%d communes below departement-62, want the %d communes coded 62xxx", n, want)
	}
}
