package seed

import (
	"context"

	"gorm.io/gorm"
)

// LoadGeography writes the French administrative geography (the country, régions,
// départements, EPCI and communes of geo/territories.csv, with their paths) in one
// transaction, and nothing else: no source, no figure of the curated dataset. Reloading
// keeps every id. The synthetic data generator (package synth) builds on it.
func LoadGeography(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return loadGeography(ctx, tx)
	})
}
