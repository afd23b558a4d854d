package graph

import (
	"context"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// values returns the values of a breakdown's parts and their unit.
func (r *breakdownResolver) values(ctx context.Context, obj *model.Breakdown) ([]float64, string, error) {
	switch obj.PartsKind {
	case model.PartsOccupancyAreas:
		occ, err := r.Occupancies(ctx, obj)
		values := make([]float64, 0, len(occ))
		for _, o := range occ {
			if o.FloorAreaM2 != nil {
				values = append(values, *o.FloorAreaM2)
			}
		}
		return values, "M2", err
	default:
		parts, err := r.Parts(ctx, obj)
		values := make([]float64, len(parts))
		unit := ""
		for i, p := range parts {
			values[i] = p.Value
			unit = p.Unit
		}
		if unit == "" && obj.MetricID != nil && !loaders.IsQueueing(ctx) {
			m, err := loaders.Load(ctx, loaders.For(ctx).MetricByID(), *obj.MetricID)
			if err == nil && m != nil {
				unit = m.Unit
			}
		}
		return values, unit, err
	}
}
