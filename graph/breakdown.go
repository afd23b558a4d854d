package graph

import (
	"context"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// values returns the values of a breakdown's parts and their unit
// (model.Breakdown.PartValues).
func (r *breakdownResolver) values(ctx context.Context, obj *model.Breakdown) ([]float64, string, error) {
	var (
		parts       []*model.Observation
		occupancies []*model.Occupancy
		err         error
	)
	if obj.PartsKind == model.PartsOccupancyAreas {
		occupancies, err = r.Occupancies(ctx, obj)
	} else {
		parts, err = r.Parts(ctx, obj)
	}
	values, unit := obj.PartValues(parts, occupancies, func() string {
		if loaders.IsQueueing(ctx) {
			return ""
		}
		m, err := loaders.Load(ctx, loaders.For(ctx).MetricByID(), *obj.MetricID)
		if err != nil || m == nil {
			return ""
		}
		return m.Unit
	})
	return values, unit, err
}
