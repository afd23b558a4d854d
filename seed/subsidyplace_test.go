package seed_test

import (
	"context"
	"testing"

	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

// The seed loader writes subsidies by upsert (an insert, then an update on a reload):
// the triggers of migration 00008 keep their place columns on both, and the curated
// subsidies are found within their territories through them.
func TestSeedKeepsSubsidyPlaces(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t) // the first load, by seed.Load
	ctx := context.Background()
	for _, load := range []string{"first load", "reload"} {
		if load == "reload" {
			if _, err := seed.Load(ctx, s.DB); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := model.StaleSubsidyPlaces(ctx, s.DB); err != nil || n != 0 {
			t.Fatalf("%s: %d subsidies with stale place columns (%v)", load, n, err)
		}
		if n, err := model.StaleDocumented(ctx, s.DB); err != nil || n != 0 {
			t.Fatalf("%s: %d records with a stale documented count (%v)", load, n, err)
		}
		var placed, total int64
		if err := s.DB.Raw("SELECT COUNT(place_path), COUNT(*) FROM subsidies").Row().Scan(&placed, &total); err != nil {
			t.Fatal(err)
		}
		if total == 0 || placed != total {
			t.Errorf("%s: %d of %d curated subsidies placed", load, placed, total)
		}
		var within int64
		if err := model.ScopeSubsidies(s.DB, model.SubsidyFilter{Territory: new("departement-62")}).Count(&within).Error; err != nil {
			t.Fatal(err)
		}
		// The subsidies to the Béthune-Bruay agglomeration: France Relance's, and the
		// convention's two claims (the exact amount and the text's rounding); the
		// national one is not in the Pas-de-Calais.
		if within != 3 {
			t.Errorf("%s: %d subsidies within the Pas-de-Calais, want 3", load, within)
		}
	}
}
