package model

import (
	"context"

	"gorm.io/gorm"
)

// The statements of the editors' writes (package editing): editing decides what to
// write, these functions say how. Their errors are classified by FromDB.

// InTx runs fn in one transaction of db, under ctx: committed when fn returns nil,
// rolled back otherwise. The error of fn, or of the commit, goes through FromDB.
func InTx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return FromDB(db.WithContext(ctx).Transaction(fn))
}

// Insert adds a new record; a slug (or SIREN) already taken is an ALREADY_EXISTS error.
func Insert[T any](tx *gorm.DB, row *T) error {
	if err := tx.Create(row).Error; err != nil {
		return FromDB(err)
	}
	return afterWrite(tx, row)
}

// afterWrite keeps the columns derived from a written record right: a figure's search
// text reads its metric, subject and quote.
func afterWrite(tx *gorm.DB, row any) error {
	if o, ok := row.(*Observation); ok {
		return RefreshObservationSearchText(tx, o.ID)
	}
	return nil
}

// AddAuditEntry records a write in the audit trail.
func AddAuditEntry(tx *gorm.DB, e *AuditEntry) error {
	return FromDB(tx.Create(e).Error)
}

// BySlug reads the record of type T (Company, Site, Source, Observation,
// Relationship...) with slug; nil when there is none.
func BySlug[T any](tx *gorm.DB, slug string) (*T, error) {
	var rows []T
	if err := tx.Where("slug = ?", slug).Limit(1).Find(&rows).Error; err != nil {
		return nil, FromDB(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// IDBySlug returns the id of the record of type T with slug; 0 when there is none.
func IDBySlug[T any](tx *gorm.DB, slug string) (int64, error) {
	var ids []int64
	if err := tx.Model(new(T)).Where("slug = ?", slug).Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, FromDB(err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// NameByID returns the name of the record of type T (Territory, Company...) with id;
// "" when there is none.
func NameByID[T any](tx *gorm.DB, id int64) (string, error) {
	var names []string
	if err := tx.Model(new(T)).Where("id = ?", id).Limit(1).Pluck("name", &names).Error; err != nil {
		return "", FromDB(err)
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}

// UpdateVersioned writes every column of row (but its id) over the record id, on the
// condition that the record is still at version expected: a concurrent write that got
// there first makes it change nothing, and it returns ok false with the record's
// current version.
func UpdateVersioned[T any](tx *gorm.DB, row *T, id, expected int64) (ok bool, current int64, err error) {
	res := tx.Model(row).Where("id = ? AND version = ?", id, expected).Select("*").Omit("id").Updates(row)
	if res.Error != nil {
		return false, 0, FromDB(res.Error)
	}
	if res.RowsAffected > 0 {
		return true, 0, afterWrite(tx, row)
	}
	if err := tx.Model(new(T)).Where("id = ?", id).Select("version").Scan(&current).Error; err != nil {
		return false, 0, FromDB(err)
	}
	return false, current, nil
}

// CitationIDOf returns the id of the citation with c's source, quote and locator,
// adding c when there is none, and the citation as stored (with its own publication
// date, when it has one).
func CitationIDOf(tx *gorm.DB, c *Citation) (int64, Citation, error) {
	var found []Citation
	if err := tx.Where("source_id = ? AND quote = ? AND locator = ?", c.SourceID, c.Quote, c.Locator).Limit(1).Find(&found).Error; err != nil {
		return 0, Citation{}, FromDB(err)
	}
	if len(found) > 0 {
		return found[0].ID, found[0], nil
	}
	if err := tx.Create(c).Error; err != nil {
		return 0, Citation{}, FromDB(err)
	}
	return c.ID, *c, nil
}

// ObservationsOfClaim returns the observations that share the claim key, in the order
// they were added.
func ObservationsOfClaim(tx *gorm.DB, claim string) ([]Observation, error) {
	var rows []Observation
	if err := tx.Where("claim = ?", claim).Order("id").Find(&rows).Error; err != nil {
		return nil, FromDB(err)
	}
	return rows, nil
}
