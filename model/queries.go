package model

import (
	"context"

	"gorm.io/gorm"
)

// The reads of the root fields that are neither pages nor batches: lookups by official
// code, the metric catalogue, breakdowns, the audit trail.

// Scope adds conditions to a query (the filters of a request).
type Scope func(*gorm.DB) *gorm.DB

// ByCode returns up to limit records of k whose official code (k.Code) is code,
// restricted by scope when not nil (e.g. a territory kind).
func ByCode[T any](ctx context.Context, db *gorm.DB, k *Kind, code string, limit int, scope Scope) ([]T, error) {
	q := db.WithContext(ctx).Table(k.Table).Where(k.Code+" = ?", code)
	if scope != nil {
		q = scope(q)
	}
	var rows []T
	err := q.Limit(limit).Find(&rows).Error
	return rows, err
}

// TerritoryKindIs restricts a query on territories to one kind.
func TerritoryKindIs(kind TerritoryKind) Scope {
	return func(q *gorm.DB) *gorm.DB { return q.Where("kind = ?", kind) }
}

// Metrics returns the metric catalogue, by code.
func Metrics(ctx context.Context, db *gorm.DB) ([]*Metric, error) {
	var rows []*Metric
	err := db.WithContext(ctx).Order("code").Find(&rows).Error
	return rows, err
}

// MetricByCode returns the metric with the given code (nil when none).
func MetricByCode(ctx context.Context, db *gorm.DB, code string) (*Metric, error) {
	rows, err := ByCode[Metric](ctx, db, KindMetric, code, 1, nil)
	if err != nil || len(rows) == 0 {
		return nil, FromDB(err)
	}
	return &rows[0], nil
}

// Breakdowns returns the breakdowns, by slug, of one subject when subject is not nil;
// at most MaxPageSize.
func Breakdowns(ctx context.Context, db *gorm.DB, subject *SubjectRef) ([]*Breakdown, error) {
	q := db.WithContext(ctx).Order("slug")
	if subject != nil {
		q = q.Where("subject_type = ? AND subject_id = ?", subject.Type, subject.ID)
	}
	var rows []*Breakdown
	err := q.Limit(MaxPageSize).Find(&rows).Error
	return rows, err
}

// AuditTrail returns the latest limit entries of the audit trail, newest first, of one
// entity (its type and slug) when typ is not "".
func AuditTrail(ctx context.Context, db *gorm.DB, typ, slug string, limit int) ([]*AuditEntry, error) {
	q := db.WithContext(ctx).Order("id DESC").Limit(limit)
	if typ != "" {
		q = q.Where("entity_type = ? AND entity_slug = ?", typ, slug)
	}
	var rows []*AuditEntry
	err := q.Find(&rows).Error
	return rows, err
}

// Query is a root list's query before its page is cut: a table with its filters. The
// API layer gets it from one of the functions below (or a Scope function of filters.go)
// and hands it to Paginate and Count without adding to it.
type Query = *gorm.DB

// AllOf is the query of every record of k.
func AllOf(db *gorm.DB, k *Kind) Query { return db.Table(k.Table) }

// ProgrammesAt is the query of the programmes of one level (every level when nil).
func ProgrammesAt(db *gorm.DB, level *ProgrammeLevel) Query {
	q := db.Model(&Programme{})
	if level != nil {
		q = q.Where("level = ?", *level)
	}
	return q
}

// RelationshipsOfKinds is the query of the relationships of the given kinds (all when
// empty).
func RelationshipsOfKinds(db *gorm.DB, kinds []RelationshipKind) Query {
	return RelationshipRows(kinds).Query(db, &Relationship{})
}

// RelationshipRows is what the relationships list reads: those of the kinds, all
// when none is given.
func RelationshipRows(kinds []RelationshipKind) Rows {
	r := Rows{From: Cond{SQL: "relationships"}}
	if len(kinds) > 0 {
		r.Where = r.Where.and("relationships.kind IN ?", kinds)
	}
	return r
}

// Count counts the rows of a root list's query.
func Count(ctx context.Context, q Query) (int64, error) {
	var n int64
	err := q.Session(&gorm.Session{}).WithContext(ctx).Count(&n).Error
	return n, err
}

// Releases returns the releases of the curated dataset, oldest first.
func Releases(ctx context.Context, db *gorm.DB) ([]*DatasetRelease, error) {
	var rows []*DatasetRelease
	err := db.WithContext(ctx).Order("released_on, id").Find(&rows).Error
	return rows, err
}

// Corrections returns the entries of the corrections log, newest first, of one release
// when release is not nil, at most limit.
func Corrections(ctx context.Context, db *gorm.DB, release *string, limit int) ([]*Correction, error) {
	q := db.WithContext(ctx).Order("published_on DESC, id DESC").Limit(limit)
	if release != nil {
		q = q.Where("release_version = ?", *release)
	}
	var rows []*Correction
	err := q.Find(&rows).Error
	return rows, err
}
