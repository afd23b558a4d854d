package loaders

import (
	"context"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// breakdownParts loads the observations that are the parts of each breakdown: those of
// its subject and metric along its dimension (at its date, when it has one).
func (l *Loaders) breakdownParts(ctx context.Context, ids []int64) (map[int64][]*model.Observation, error) {
	return l.observationsPerBreakdown(ctx, ids, l.db.Table("observations AS o").
		Select("o.*, b.id AS breakdown_id").
		Joins(`JOIN breakdowns AS b ON b.subject_type = o.subject_type AND b.subject_id = o.subject_id
			AND b.metric_id = o.metric_id AND b.dimension = o.dimension AND (b.date IS NULL OR b.date = o.date)`).
		Where("b.id IN ? AND b.parts_kind = ?", ids, model.PartsObservations).
		Order("b.id, o.value DESC, o.id"))
}

// breakdownTotals loads the published totals of each breakdown.
func (l *Loaders) breakdownTotals(ctx context.Context, ids []int64) (map[int64][]*model.Observation, error) {
	return l.observationsPerBreakdown(ctx, ids, l.db.Table("observations AS o").
		Select("o.*, bt.breakdown_id AS breakdown_id").
		Joins("JOIN breakdown_totals AS bt ON bt.observation_id = o.id").
		Where("bt.breakdown_id IN ?", ids).
		Order("bt.breakdown_id, o.date, o.id"))
}

// observationsPerBreakdown runs q (observations with a breakdown_id column) and groups
// its rows by breakdown.
func (l *Loaders) observationsPerBreakdown(ctx context.Context, ids []int64, q *gorm.DB) (map[int64][]*model.Observation, error) {
	type row struct {
		model.Observation `gorm:"embedded"`
		BreakdownID       int64
	}
	var rows []row
	if err := q.WithContext(ctx).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64][]*model.Observation, len(ids))
	all := make([]*model.Observation, 0, len(rows))
	for i := range rows {
		o := rows[i].Observation
		out[rows[i].BreakdownID] = append(out[rows[i].BreakdownID], &o)
		all = append(all, &o)
	}
	l.lookahead(ctx, all)
	return out, nil
}
