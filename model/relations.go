package model

import (
	"context"

	"gorm.io/gorm"
)

// The batched reads of the relations that are not plain one-to-many columns: the
// loaders call them once per batch of keys.

// ColumnIs restricts a query to the rows whose column equals value.
func ColumnIs(column string, value any) Scope {
	return func(q *gorm.DB) *gorm.DB { return q.Where(column+" = ?", value) }
}

// ObservationsOfSubjects loads, for subjects of one type, at most limit observations
// each (oldest first), of one metric (by code; all when "") and of some statuses (all
// when empty). One windowed statement.
func ObservationsOfSubjects(ctx context.Context, db *gorm.DB, typ SubjectType, ids []int64, metric string, statuses []ObservationStatus, limit int) ([]Observation, error) {
	w := Window{
		Table: "observations", Parent: "subject_id", Order: OrderByDate, Limit: limit,
		Scope: func(q *gorm.DB) *gorm.DB {
			q = q.Where("subject_type = ?", typ)
			if metric != "" {
				q = q.Where("metric_id = (?)", db.Table("metrics").Select("id").Where("code = ?", metric))
			}
			if len(statuses) > 0 {
				q = q.Where("status IN ?", statuses)
			}
			return q
		},
	}
	return LimitedByParent[Observation](ctx, db, w, ids)
}

// SubjectEvent is an event with one of its subjects.
type SubjectEvent struct {
	Event       `gorm:"embedded"`
	SubjectType SubjectType
	SubjectID   int64
}

// Subject is the subject the event was loaded for.
func (e *SubjectEvent) Subject() SubjectRef { return SubjectRef{Type: e.SubjectType, ID: e.SubjectID} }

// EventsOfSubjects loads the events of the given subjects, each with the subject it
// was found for, oldest first.
func EventsOfSubjects(ctx context.Context, db *gorm.DB, refs []SubjectRef) ([]SubjectEvent, error) {
	cond, args := subjectCondition(refs, "es.subject_type", "es.subject_id")
	var rows []SubjectEvent
	err := db.WithContext(ctx).Table("events").
		Select("events.*, es.subject_type AS subject_type, es.subject_id AS subject_id").
		Joins("JOIN event_subjects AS es ON es.event_id = events.id").
		Where(cond, args...).Order("events.date, events.id").Scan(&rows).Error
	return rows, err
}

// EventsBySubject groups events read by EventsOfSubjects under their subject, in their
// order, at most MaxRelationRows a subject (the field events of subjects).
func EventsBySubject(rows []SubjectEvent) map[SubjectRef][]*Event {
	out := map[SubjectRef][]*Event{}
	for i := range rows {
		ref := rows[i].Subject()
		if len(out[ref]) >= MaxRelationRows {
			continue
		}
		ev := rows[i].Event
		out[ref] = append(out[ref], &ev)
	}
	return out
}

// SubjectsOfEvents loads the subjects of the given events.
func SubjectsOfEvents(ctx context.Context, db *gorm.DB, ids []int64) ([]EventSubject, error) {
	var rows []EventSubject
	err := db.WithContext(ctx).Where("event_id IN ?", ids).Order("event_id, subject_type, subject_id").Find(&rows).Error
	return rows, err
}

// RelationshipsOfSubjects loads the relationships from or to the given subjects, by
// kind.
func RelationshipsOfSubjects(ctx context.Context, db *gorm.DB, refs []SubjectRef) ([]Relationship, error) {
	fromCond, fromArgs := subjectCondition(refs, "from_type", "from_id")
	toCond, toArgs := subjectCondition(refs, "to_type", "to_id")
	var rows []Relationship
	err := db.WithContext(ctx).Where(fromCond+" OR "+toCond, append(fromArgs, toArgs...)...).
		Order("kind, id").Find(&rows).Error
	return rows, err
}

// RelationshipsBySubject groups relationships read by RelationshipsOfSubjects under
// each of the subjects refs lists that they start or end at, in their order, at most
// MaxRelationRows a subject (Site.relationships, Company.relationships).
func RelationshipsBySubject(rows []Relationship, refs []SubjectRef) map[SubjectRef][]*Relationship {
	want := make(map[SubjectRef]bool, len(refs))
	for _, r := range refs {
		want[r] = true
	}
	out := make(map[SubjectRef][]*Relationship, len(refs))
	for i := range rows {
		from := SubjectRef{Type: rows[i].FromType, ID: rows[i].FromID}
		to := SubjectRef{Type: rows[i].ToType, ID: rows[i].ToID}
		if want[from] && len(out[from]) < MaxRelationRows {
			out[from] = append(out[from], &rows[i])
		}
		if want[to] && to != from && len(out[to]) < MaxRelationRows {
			out[to] = append(out[to], &rows[i])
		}
	}
	return out
}

// ByClaims loads the records of T (observations, events) of the given claim groups,
// oldest first.
func ByClaims[T any](ctx context.Context, db *gorm.DB, claims []string) ([]T, error) {
	var rows []T
	err := db.WithContext(ctx).Where("claim IN ?", claims).Order("date, id").Find(&rows).Error
	return rows, err
}

// SubsidiesByClaims loads the subsidies of the given claim keys (the claims about one
// amount), in the order they were added.
func SubsidiesByClaims(ctx context.Context, db *gorm.DB, claims []string) ([]Subsidy, error) {
	var rows []Subsidy
	err := db.WithContext(ctx).Where("claim IN ?", claims).Order("id").Find(&rows).Error
	return rows, err
}

// BreakdownObservation is an observation with the breakdown it was loaded for.
type BreakdownObservation struct {
	Observation `gorm:"embedded"`
	BreakdownID int64
}

// BreakdownParts loads the observations that are the parts of each breakdown: those
// of its subject and metric along its dimension (at its date, when it has one), the
// preferred claim of each part.
func BreakdownParts(ctx context.Context, db *gorm.DB, ids []int64) ([]BreakdownObservation, error) {
	var rows []BreakdownObservation
	err := db.WithContext(ctx).Table("observations AS o").
		Select("o.*, b.id AS breakdown_id").
		Joins(`JOIN breakdowns AS b ON b.subject_type = o.subject_type AND b.subject_id = o.subject_id
			AND b.metric_id = o.metric_id AND b.dimension = o.dimension AND (b.date IS NULL OR b.date = o.date)`).
		Where("b.id IN ? AND b.parts_kind = ? AND o.rank = ?", ids, PartsObservations, RankPreferred).
		Order("b.id, o.value DESC, o.id").Scan(&rows).Error
	return rows, err
}

// BreakdownTotals loads the published totals of each breakdown.
func BreakdownTotals(ctx context.Context, db *gorm.DB, ids []int64) ([]BreakdownObservation, error) {
	var rows []BreakdownObservation
	err := db.WithContext(ctx).Table("observations AS o").
		Select("o.*, bt.breakdown_id AS breakdown_id").
		Joins("JOIN breakdown_totals AS bt ON bt.observation_id = o.id").
		Where("bt.breakdown_id IN ?", ids).
		Order("bt.breakdown_id, o.date, o.id").Scan(&rows).Error
	return rows, err
}
