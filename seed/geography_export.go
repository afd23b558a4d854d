package seed

import (
	"context"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// LoadGeography writes the French administrative geography (the country, régions,
// départements, EPCI and communes of geo/territories.csv, with their paths) in one
// transaction, and nothing else: no source, no figure of the curated dataset. Reloading
// keeps every id. The synthetic data generator (package synth) builds on it.
func LoadGeography(ctx context.Context, db *gorm.DB) error {
	return model.InTransaction(ctx, db, func(tx *gorm.DB) error {
		return loadGeography(ctx, tx)
	})
}
