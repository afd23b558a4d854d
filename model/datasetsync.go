package model

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// The curated dataset follows the code: the release a database holds is the last of
// its dataset releases (written by every load of the curated dataset); a server whose
// embedded release is newer loads it again on start (package seed), keeping the records
// an editor changed (DatasetConflict).

// DatasetConflict is one field of a curated record that an editor changed and that the
// curated dataset, when it was last loaded, would have set otherwise: the editor's
// value was kept.
type DatasetConflict struct {
	ID int64
	// Release is the version of the curated dataset whose load found the conflict.
	Release    string `gorm:"column:release_version"`
	DetectedAt string
	// EntityType is the GraphQL type of the record (Site, Observation...).
	EntityType string
	EntitySlug string
	// Field is the field's public name (as in the audit trail).
	Field string
	// CuratedJSON and KeptJSON are the values, as JSON: the curated dataset's and the
	// one kept (the editor's).
	CuratedJSON string `gorm:"column:curated_json"`
	KeptJSON    string `gorm:"column:kept_json"`
}

// DatasetState is what a database holds of the curated dataset.
type DatasetState struct {
	// Release is the version of the last release loaded ("" for none).
	Release string
	// HasSources: the database holds data (curated or synthetic).
	HasSources bool
	// HasCurated: it holds curated records (a source whose slug is not synthetic).
	HasCurated bool
}

// ReadDatasetState reads the release of the curated dataset a database holds and
// whether it holds curated or synthetic data at all.
func ReadDatasetState(ctx context.Context, db *gorm.DB) (DatasetState, error) {
	var st DatasetState
	db = db.WithContext(ctx)
	releases, err := Releases(ctx, db)
	if err != nil {
		return st, FromDB(err)
	}
	if len(releases) > 0 {
		st.Release = releases[len(releases)-1].Version
	}
	var slugs []string
	if err := db.Table("sources").Limit(1).Pluck("slug", &slugs).Error; err != nil {
		return st, FromDB(err)
	}
	st.HasSources = len(slugs) > 0
	slugs = slugs[:0]
	if err := db.Table("sources").Where("slug NOT LIKE ?", SyntheticPrefix+"%").Limit(1).Pluck("slug", &slugs).Error; err != nil {
		return st, FromDB(err)
	}
	st.HasCurated = len(slugs) > 0
	return st, nil
}

// EditedSlugs says which of slugs name a record of k that an editor wrote: changed
// (its version is above 1) or created through the API (an entry of the audit trail).
func EditedSlugs(tx *gorm.DB, k *Kind, slugs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(slugs); start += 500 {
		part := slugs[start:min(start+500, len(slugs))]
		var found []string
		if err := tx.Table(k.Table).Where("version > 1 AND slug IN ?", part).Pluck("slug", &found).Error; err != nil {
			return nil, FromDB(err)
		}
		var audited []string
		if err := tx.Table("audit_entries").Distinct("entity_slug").
			Where("entity_type = ? AND entity_slug IN ?", k.Type, part).Pluck("entity_slug", &audited).Error; err != nil {
			return nil, FromDB(err)
		}
		for _, s := range append(found, audited...) {
			out[s] = true
		}
	}
	return out, nil
}

// ReplaceDatasetConflicts replaces the list of conflicts with rows.
func ReplaceDatasetConflicts(tx *gorm.DB, rows []DatasetConflict) error {
	if err := tx.Where("1 = 1").Delete(&DatasetConflict{}).Error; err != nil {
		return FromDB(err)
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
		return fmt.Errorf("dataset conflicts: %w", FromDB(err))
	}
	return nil
}

// DatasetConflicts lists the conflicts found by the last load of the curated dataset,
// by record and field.
func DatasetConflicts(ctx context.Context, db *gorm.DB) ([]*DatasetConflict, error) {
	var rows []*DatasetConflict
	err := db.WithContext(ctx).Order("entity_type, entity_slug, field, id").Find(&rows).Error
	return rows, FromDB(err)
}

// Entity is the global ID of the record.
func (c *DatasetConflict) Entity() string { return GlobalID(c.EntityType, c.EntitySlug) }
