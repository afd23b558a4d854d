package model

import (
	"context"

	"gorm.io/gorm"
)

// The `documented` column of the records that can be a subject (territories, sites,
// companies, programmes: migration 00017) holds the number of figures (observations)
// and events (event_subjects) about the record. Search ranks by it (rankHit). Triggers
// keep it on every write of observations and event_subjects, on both stores; the
// synthetic generator, whose COPY runs without triggers, recounts after loading.

// documentedCount is the SQL count of the figures and events about the record of kind k
// aliased `alias`.
func documentedCount(k *Kind, alias string) string {
	return "((SELECT COUNT(*) FROM observations AS o WHERE o.subject_type = '" + string(k.Subject) + "' AND o.subject_id = " + alias + ".id)" +
		" + (SELECT COUNT(*) FROM event_subjects AS e WHERE e.subject_type = '" + string(k.Subject) + "' AND e.subject_id = " + alias + ".id))"
}

// subjectKinds are the kinds whose records can be a subject.
func subjectKinds() []*Kind {
	var out []*Kind
	for _, k := range Kinds {
		if k.Subject != "" {
			out = append(out, k)
		}
	}
	return out
}

// StaleDocumented counts the records whose documented column differs from a recount of
// the figures and events about them. It is 0 when every write kept it; the tests check
// it after every kind of write, and an operator can run it after a manual repair.
func StaleDocumented(ctx context.Context, db *gorm.DB) (int64, error) {
	var total int64
	for _, k := range subjectKinds() {
		var n int64
		if err := db.WithContext(ctx).Raw("SELECT COUNT(*) FROM " + k.Table + " AS x WHERE x.documented <> " + documentedCount(k, "x")).
			Scan(&n).Error; err != nil {
			return 0, FromDB(err)
		}
		total += n
	}
	return total, nil
}

// RecountDocumented sets the documented column of every record that is stale and
// returns how many it changed: after a load that bypassed the triggers (the synthetic
// generator's COPY) or a manual repair.
func RecountDocumented(ctx context.Context, db *gorm.DB) (int64, error) {
	var total int64
	for _, k := range subjectKinds() {
		count := documentedCount(k, k.Table)
		res := db.WithContext(ctx).Exec("UPDATE " + k.Table + " SET documented = " + count + " WHERE documented <> " + count)
		if res.Error != nil {
			return total, FromDB(res.Error)
		}
		total += res.RowsAffected
	}
	return total, nil
}
