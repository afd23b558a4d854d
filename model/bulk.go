package model

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Bulk writes: the curated dataset's loader (package seed) writes through these, in
// one transaction (InTransaction), so that a reload keeps every id.

// InTransaction runs fn in one transaction of db: committed when fn returns nil,
// rolled back otherwise.
func InTransaction(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(fn)
}

// IsPostgres reports whether db is a PostgreSQL database (else embedded SQLite).
func IsPostgres(db *gorm.DB) bool { return db.Dialector.Name() == "postgres" }

// Upsert inserts rows by batches of batch, or, for the rows whose conflict column (a
// unique key: slug, code) already exists, updates the given columns (every column but
// the id, the key and the edit version when none are given), so that ids survive a
// reload.
func Upsert[T any](tx *gorm.DB, rows []T, conflict string, batch int, columns ...string) error {
	if len(rows) == 0 {
		return nil
	}
	if len(columns) == 0 {
		stmt := &gorm.Statement{DB: tx}
		if err := stmt.Parse(&rows[0]); err != nil {
			return err
		}
		for _, name := range stmt.Schema.DBNames {
			// The version counts the edits made through the API: a reload keeps it.
			if name != "id" && name != conflict && name != "version" {
				columns = append(columns, name)
			}
		}
	}
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: conflict}},
		DoUpdates: clause.AssignmentColumns(columns),
	}).CreateInBatches(&rows, batch).Error
}

// InsertBatches inserts rows by batches of batch.
func InsertBatches[T any](tx *gorm.DB, rows []T, batch int) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.CreateInBatches(&rows, batch).Error
}

// DeleteWhereIn deletes the rows of T whose column is one of values.
func DeleteWhereIn[T any](tx *gorm.DB, column string, values []int64) error {
	return tx.Where(column+" IN ?", values).Delete(new(T)).Error
}

// IDsByKey reads back the ids of the rows of table whose key column (slug, code) is in
// keys, and fails if one is missing.
func IDsByKey(tx *gorm.DB, table, column string, keys []string) (map[string]int64, error) {
	out := make(map[string]int64, len(keys))
	for start := 0; start < len(keys); start += 500 {
		end := min(start+500, len(keys))
		var rows []struct {
			ID  int64
			Key string
		}
		if err := tx.Table(table).Select("id, "+column+" AS key").Where(column+" IN ?", keys[start:end]).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.Key] = r.ID
		}
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("%s %q was not written", table, k)
		}
	}
	return out, nil
}

// TerritoryPlace is what the loader needs of a territory to place records in it.
type TerritoryPlace struct {
	ID                  int64
	Slug, Name, Path    string
	Latitude, Longitude *float64
}

// TerritoryPlaces reads the places of the territories of the given slugs.
func TerritoryPlaces(tx *gorm.DB, slugs []string) ([]TerritoryPlace, error) {
	var out []TerritoryPlace
	for start := 0; start < len(slugs); start += 500 {
		end := min(start+500, len(slugs))
		var rows []TerritoryPlace
		if err := tx.Model(&Territory{}).Select("id, slug, name, path, latitude, longitude").
			Where("slug IN ?", slugs[start:end]).Scan(&rows).Error; err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// TerritoryIDsOfKind maps the slugs of the territories of one kind to their ids.
func TerritoryIDsOfKind(tx *gorm.DB, kind TerritoryKind) (map[string]int64, error) {
	var got []struct {
		ID   int64
		Slug string
	}
	if err := tx.Model(&Territory{}).Select("id, slug").Where("kind = ?", kind).Scan(&got).Error; err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(got))
	for _, g := range got {
		ids[g.Slug] = g.ID
	}
	return ids, nil
}

// CitationsOfSources reads the citations of the given sources.
func CitationsOfSources(tx *gorm.DB, sourceIDs []int64) ([]Citation, error) {
	var rows []Citation
	err := tx.Where("source_id IN ?", sourceIDs).Find(&rows).Error
	return rows, err
}

// HasSources reports whether the database holds any source (a dataset was loaded).
func HasSources(ctx context.Context, db *gorm.DB) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Source{}).Limit(1).Count(&n).Error
	return n > 0, err
}

// SetCitationDate sets the own publication date of the citation id (nil: none, the
// source's date applies).
func SetCitationDate(tx *gorm.DB, id int64, on *string, precision *Precision) error {
	return tx.Model(&Citation{}).Where("id = ?", id).
		Updates(map[string]any{"published_on": on, "published_precision": precision}).Error
}

// ReplaceAll deletes every row of T and inserts rows: for the curated tables that a
// reload rewrites as a whole (the releases, the corrections log).
func ReplaceAll[T any](tx *gorm.DB, rows []T, batch int) error {
	if err := tx.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(new(T)).Error; err != nil {
		return err
	}
	return InsertBatches(tx, rows, batch)
}

// DeleteRemoved deletes the records of one kind ("observation", "subsidy", "event")
// with the given slugs, and what refers to them, when a release removes them (an
// amount stored twice): a database loaded with an earlier release loses them too.
// Unknown slugs are ignored.
func DeleteRemoved(tx *gorm.DB, kind string, slugs []string) error {
	if len(slugs) == 0 {
		return nil
	}
	var table string
	var refs []string
	switch kind {
	case "observation":
		table = "observations"
		refs = []string{
			"DELETE FROM breakdown_totals WHERE observation_id IN (SELECT id FROM observations WHERE slug IN ?)",
			"UPDATE breakdowns SET base_observation_id = NULL WHERE base_observation_id IN (SELECT id FROM observations WHERE slug IN ?)",
		}
	case "subsidy":
		table = "subsidies"
	case "event":
		table = "events"
		refs = []string{
			"DELETE FROM event_subjects WHERE event_id IN (SELECT id FROM events WHERE slug IN ?)",
			"UPDATE observations SET event_id = NULL WHERE event_id IN (SELECT id FROM events WHERE slug IN ?)",
			"UPDATE subsidies SET event_id = NULL WHERE event_id IN (SELECT id FROM events WHERE slug IN ?)",
		}
	default:
		return fmt.Errorf("cannot remove records of kind %q", kind)
	}
	for _, q := range refs {
		if err := tx.Exec(q, slugs).Error; err != nil {
			return err
		}
	}
	return tx.Exec("DELETE FROM "+table+" WHERE slug IN ?", slugs).Error
}
