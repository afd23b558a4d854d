package model

import (
	"context"

	"gorm.io/gorm"
)

// MaxSeriesPoints bounds the points of one time series.
const MaxSeriesPoints = 1000

// SeriesOrder orders the points of a time series: by date, then status, then id.
const SeriesOrder = "date, status, id"

// Series returns the observations matching f in time order (same date: by status, then
// id), at most MaxSeriesPoints, in one statement.
func Series(ctx context.Context, db *gorm.DB, f ObservationFilter) ([]*Observation, error) {
	var rows []*Observation
	err := ScopeObservations(db, f).WithContext(ctx).Order(SeriesOrder).Limit(MaxSeriesPoints).Find(&rows).Error
	return rows, err
}

// Later reports whether b is a better "latest" figure than a: a later date, or the same
// date and a better rank (PREFERRED, then NORMAL, then DEPRECATED), then the larger id.
func Later(a, b *Observation) bool {
	if a == nil {
		return true
	}
	if a.Date != b.Date {
		return b.Date > a.Date
	}
	if ra, rb := rankOrder(a.Rank), rankOrder(b.Rank); ra != rb {
		return rb < ra
	}
	return b.ID > a.ID
}

// rankOrder is the place of a rank in a list of claims: preferred, normal, deprecated.
func rankOrder(r Rank) int {
	switch r {
	case RankPreferred:
		return 0
	case RankNormal:
		return 1
	}
	return 2
}
