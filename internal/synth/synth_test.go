package synth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reindustrie/observatory/internal/synth"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func TestGenerateSmallScale(t *testing.T) {
	s := testdb.New(t)
	ctx := context.Background()
	const scale = 0.0005
	rep, err := synth.Generate(ctx, s.DB, synth.Options{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated on %s:\n%s", s.Dialect, rep)
	want := synth.CountsFor(scale)
	count := func(q string) int64 {
		var n int64
		if err := s.DB.Raw(q).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	for q, n := range map[string]int{
		"SELECT COUNT(*) FROM sites":         want.Sites,
		"SELECT COUNT(*) FROM companies":     want.Companies,
		"SELECT COUNT(*) FROM subsidies":     want.Subsidies,
		"SELECT COUNT(*) FROM observations":  want.Observations,
		"SELECT COUNT(*) FROM occupancies":   want.Occupancies,
		"SELECT COUNT(*) FROM relationships": want.Relationships,
		"SELECT COUNT(*) FROM citations":     want.Citations,
	} {
		if got := count(q); got != int64(n) {
			t.Errorf("%s = %d, want %d", q, got, n)
		}
	}
	if n := count("SELECT COUNT(*) FROM territories WHERE kind = 'COMMUNE'"); n < 34000 {
		t.Errorf("%d communes, want all of them (> 34 000)", n)
	}
	for _, table := range []string{"sources", "sites", "companies", "observations", "subsidies", "occupancies", "programmes", "relationships"} {
		if n := count("SELECT COUNT(*) FROM " + table + " WHERE slug NOT LIKE 'synthetic-%'"); n != 0 {
			t.Errorf("%s: %d slugs without the synthetic- prefix", table, n)
		}
	}
	if n := count("SELECT COUNT(*) FROM metrics WHERE code NOT LIKE 'synthetic-%'"); n != 0 {
		t.Errorf("%d metric codes without the prefix", n)
	}
	// References hold (the load skips foreign-key triggers on PostgreSQL).
	for _, q := range []string{
		"SELECT COUNT(*) FROM observations o LEFT JOIN citations c ON c.id = o.citation_id WHERE c.id IS NULL",
		"SELECT COUNT(*) FROM observations o LEFT JOIN sites x ON x.id = o.subject_id WHERE o.subject_type = 'SITE' AND x.id IS NULL",
		"SELECT COUNT(*) FROM observations o LEFT JOIN companies x ON x.id = o.subject_id WHERE o.subject_type = 'COMPANY' AND x.id IS NULL",
		"SELECT COUNT(*) FROM observations o LEFT JOIN territories x ON x.id = o.subject_id WHERE o.subject_type = 'TERRITORY' AND x.id IS NULL",
		"SELECT COUNT(*) FROM sites s LEFT JOIN territories t ON t.id = s.territory_id WHERE t.id IS NULL OR t.kind <> 'COMMUNE'",
		"SELECT COUNT(*) FROM subsidies s LEFT JOIN programmes p ON p.id = s.programme_id WHERE p.id IS NULL",
		"SELECT COUNT(*) FROM occupancies o LEFT JOIN companies c ON c.id = o.company_id WHERE c.id IS NULL",
	} {
		if n := count(q); n != 0 {
			t.Errorf("%s = %d dangling references", q, n)
		}
	}
	// The subsidies' place columns (migration 00008) are written by the generator itself
	// on PostgreSQL (its COPY runs without triggers), by the triggers on SQLite.
	if n, err := model.StaleSubsidyPlaces(ctx, s.DB); err != nil || n != 0 {
		t.Errorf("%d subsidies with stale place columns (%v)", n, err)
	}
	// The documented counts (migration 00017): recounted by the generator on
	// PostgreSQL, kept by the triggers on SQLite.
	if n, err := model.StaleDocumented(ctx, s.DB); err != nil || n != 0 {
		t.Errorf("%d records with a stale documented count (%v)", n, err)
	}
	if n := count("SELECT COUNT(*) FROM subsidies WHERE place_path IS NULL"); n != 0 {
		t.Errorf("%d subsidies without a place", n)
	}
	// Skew: the most populous commune has more sites than the median one.
	if n := count(`SELECT COUNT(*) FROM sites s JOIN territories t ON t.id = s.territory_id WHERE t.slug = 'commune-75056'`); n == 0 && want.Sites >= 100 {
		t.Errorf("no synthetic site in Paris: sampling is not weighted by population")
	}

	// A rerun replaces the synthetic records instead of adding to them.
	if _, err := synth.Generate(ctx, s.DB, synth.Options{Scale: scale, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if got := count("SELECT COUNT(*) FROM sites"); got != int64(want.Sites) {
		t.Errorf("after a rerun: %d sites, want %d", got, want.Sites)
	}

	// A curated record makes it refuse, unless forced.
	if err := s.DB.Exec("INSERT INTO sources (slug, title, publisher, kind) VALUES ('le-monde-2020', 'Bridgestone', 'Le Monde', 'PRESS_ARTICLE')").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Generate(ctx, s.DB, synth.Options{Scale: scale}); !errors.Is(err, synth.ErrCurated) {
		t.Fatalf("with a curated source: err = %v, want ErrCurated", err)
	}
	if _, err := synth.Generate(ctx, s.DB, synth.Options{Scale: scale, Force: true}); err != nil {
		t.Fatalf("with --force: %v", err)
	}
}
