package graph

// This file will be automatically regenerated based on the schema, any resolver
// implementations will be copied through when generating and any unknown code will be
// moved to the end.

import (
	"context"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Subject is the resolver for the subject field.
func (r *breakdownResolver) Subject(ctx context.Context, obj *model.Breakdown) (gqlmodel.Subject, error) {
	return subject(ctx, model.SubjectRef{Type: obj.SubjectType, ID: obj.SubjectID})
}

// Parts is the resolver for the parts field.
func (r *breakdownResolver) Parts(ctx context.Context, obj *model.Breakdown) ([]*model.Observation, error) {
	if obj.PartsKind != model.PartsObservations {
		return []*model.Observation{}, nil
	}
	return loaders.Load(ctx, loaders.For(ctx).BreakdownParts, obj.ID)
}

// Occupancies is the resolver for the occupancies field.
func (r *breakdownResolver) Occupancies(ctx context.Context, obj *model.Breakdown) ([]*model.Occupancy, error) {
	if obj.PartsKind != model.PartsOccupancyAreas || obj.SubjectType != model.SubjectSite {
		return []*model.Occupancy{}, nil
	}
	return loaders.Load(ctx, loaders.For(ctx).OccupanciesBySite, obj.SubjectID)
}

// PartsCount is the resolver for the partsCount field.
func (r *breakdownResolver) PartsCount(ctx context.Context, obj *model.Breakdown) (int, error) {
	values, _, err := r.values(ctx, obj)
	return len(values), err
}

// PartsSum is the resolver for the partsSum field.
func (r *breakdownResolver) PartsSum(ctx context.Context, obj *model.Breakdown) (float64, error) {
	values, _, err := r.values(ctx, obj)
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum, err
}

// Unit is the resolver for the unit field.
func (r *breakdownResolver) Unit(ctx context.Context, obj *model.Breakdown) (string, error) {
	_, unit, err := r.values(ctx, obj)
	return unit, err
}

// Base is the resolver for the base field.
func (r *breakdownResolver) Base(ctx context.Context, obj *model.Breakdown) (*model.Observation, error) {
	if obj.BaseObservationID == nil {
		return nil, nil
	}
	return loaders.Load(ctx, loaders.For(ctx).ObservationByID, *obj.BaseObservationID)
}

// BaseValue is the resolver for the baseValue field.
func (r *breakdownResolver) BaseValue(ctx context.Context, obj *model.Breakdown) (*float64, error) {
	base, err := r.Base(ctx, obj)
	if err != nil || base != nil {
		if base == nil {
			return nil, err
		}
		return &base.Value, nil
	}
	if obj.PartsKind == model.PartsOccupancyAreas && obj.SubjectType == model.SubjectSite {
		site, err := loaders.Load(ctx, loaders.For(ctx).SiteByID, obj.SubjectID)
		if err != nil || site == nil {
			return nil, err
		}
		return site.AreaM2, nil
	}
	return nil, nil
}

// PartsShareOfBase is the resolver for the partsShareOfBase field.
func (r *breakdownResolver) PartsShareOfBase(ctx context.Context, obj *model.Breakdown) (*float64, error) {
	base, err := r.BaseValue(ctx, obj)
	if err != nil || base == nil || *base == 0 {
		return nil, err
	}
	sum, err := r.PartsSum(ctx, obj)
	if err != nil {
		return nil, err
	}
	share := sum / *base * 100
	return &share, nil
}

// PublishedTotals is the resolver for the publishedTotals field.
func (r *breakdownResolver) PublishedTotals(ctx context.Context, obj *model.Breakdown) ([]*model.Observation, error) {
	return loaders.Load(ctx, loaders.For(ctx).BreakdownTotals, obj.ID)
}

// Breakdowns is the resolver for the breakdowns field.
func (r *queryResolver) Breakdowns(ctx context.Context, subject *string) ([]*model.Breakdown, error) {
	q := r.DB.WithContext(ctx).Order("slug")
	if subject != nil {
		ref, err := subjectRefOf(ctx, subject)
		if err != nil {
			return nil, err
		}
		q = q.Where("subject_type = ? AND subject_id = ?", ref.Type, ref.ID)
	}
	var rows []*model.Breakdown
	if err := q.Limit(model.MaxPageSize).Find(&rows).Error; err != nil {
		return nil, err
	}
	r.Prefetch(ctx, rows)
	return rows, nil
}

// Breakdown returns generated.BreakdownResolver implementation.
func (r *Resolver) Breakdown() generated.BreakdownResolver { return &breakdownResolver{r} }

type breakdownResolver struct{ *Resolver }
