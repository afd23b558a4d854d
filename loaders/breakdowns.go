package loaders

import (
	"context"

	"github.com/reindustrie/observatory/model"
)

// breakdownParts loads the observations that are the parts of each breakdown.
func (l *Loaders) breakdownParts(ctx context.Context, ids []int64) (map[int64][]*model.Observation, error) {
	rows, err := model.BreakdownParts(ctx, l.db, ids)
	return l.perBreakdown(ctx, ids, rows, err)
}

// breakdownTotals loads the published totals of each breakdown.
func (l *Loaders) breakdownTotals(ctx context.Context, ids []int64) (map[int64][]*model.Observation, error) {
	rows, err := model.BreakdownTotals(ctx, l.db, ids)
	return l.perBreakdown(ctx, ids, rows, err)
}

// perBreakdown groups observations by the breakdown they were loaded for.
func (l *Loaders) perBreakdown(ctx context.Context, ids []int64, rows []model.BreakdownObservation, err error) (map[int64][]*model.Observation, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*model.Observation, len(ids))
	all := make([]*model.Observation, 0, len(rows))
	for i := range rows {
		o := &rows[i].Observation
		out[rows[i].BreakdownID] = append(out[rows[i].BreakdownID], o)
		all = append(all, o)
	}
	l.lookahead(ctx, all)
	return out, nil
}
