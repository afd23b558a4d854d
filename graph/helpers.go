package graph

import (
	"context"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// inputDate turns a Date argument into its stored form (first day of its period).
func inputDate(d *model.Date) *string {
	if d == nil {
		return nil
	}
	stored, _, err := model.ParsePartialDate(string(*d))
	if err != nil {
		return nil // the scalar already rejected it
	}
	return &stored
}

// inputDateEnd turns a Date argument into the last day of its period ("2022" → 2022-12-31),
// for inclusive upper bounds.
func inputDateEnd(d *model.Date) *string {
	if d == nil {
		return nil
	}
	stored, p, err := model.ParsePartialDate(string(*d))
	if err != nil {
		return nil
	}
	end := model.PeriodEnd(stored, p)
	return &end
}

func intPtr(v *int64) *int {
	if v == nil {
		return nil
	}
	i := int(*v)
	return &i
}

func citation(ctx context.Context, id *int64) (*model.Citation, error) {
	if id == nil {
		return nil, nil
	}
	return loaders.Load(ctx, loaders.For(ctx).CitationByID(), *id)
}

// subjectLimit checks the `first` argument of a capped nested list.
// SubjectLimit is the number of records a list of a record returns for its argument
// first (the relation lists, the claims an aggregate set aside).
func SubjectLimit(first *int) (int, error) {
	if first == nil {
		return model.MaxPageSize, nil
	}
	if *first < 1 || *first > model.MaxPageSize {
		return 0, model.BadInput("first must be between 1 and %d", model.MaxPageSize)
	}
	return *first, nil
}

func observationsOf(ctx context.Context, ref model.SubjectRef, metric *string, status []model.ObservationStatus, first *int) ([]*model.Observation, error) {
	limit, err := SubjectLimit(first)
	if err != nil {
		return nil, err
	}
	key := loaders.ObservationsKey{Subject: ref, Statuses: loaders.StatusesKey(status), Limit: limit}
	if metric != nil {
		key.Metric = *metric
	}
	return loaders.Load(ctx, loaders.For(ctx).ObservationsBySubject(), key)
}

// subject resolves a polymorphic reference through the typed loaders.
func subject(ctx context.Context, ref model.SubjectRef) (gqlmodel.Subject, error) {
	l := loaders.For(ctx)
	switch ref.Type {
	case model.SubjectTerritory:
		return nonNil(loaders.Load(ctx, l.TerritoryByID(), ref.ID))
	case model.SubjectSite:
		return nonNil(loaders.Load(ctx, l.SiteByID(), ref.ID))
	case model.SubjectCompany:
		return nonNil(loaders.Load(ctx, l.CompanyByID(), ref.ID))
	case model.SubjectProgramme:
		return nonNil(loaders.Load(ctx, l.ProgrammeByID(), ref.ID))
	}
	return nil, nil
}

// nonNil keeps a typed nil pointer from becoming a non-nil interface.
func nonNil[T any](v *T, err error) (gqlmodel.Subject, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// subjectRefOf reads a global ID given as a filter argument.
func subjectRefOf(ctx context.Context, id *string) (*model.SubjectRef, error) {
	if id == nil {
		return nil, nil
	}
	n, err := nodeByID(ctx, *id)
	if err != nil {
		return nil, err
	}
	if ref, ok := model.SubjectOf(n); ok {
		return &ref, nil
	}
	// Unknown or not a subject: match nothing rather than everything.
	return &model.SubjectRef{Type: "NONE", ID: 0}, nil
}

// page runs a root list: one statement for the page, one more for totalCount if asked.
// It queues the loads of the relations selected below the rows (see Prefetch).
func page[T any](ctx context.Context, r *Resolver, q model.Query, o model.Order, first *int, after *string, idOf func(*T) int64) (*model.PageResult[T], gqlmodel.Counter, *gqlmodel.PageInfo, error) {
	res, err := model.Paginate(ctx, q, o, model.PageArgs{First: first, After: after}, idOf)
	if err != nil {
		return nil, nil, nil, err
	}
	r.Prefetch(ctx, ptrs(res.Rows))
	counter := func(ctx context.Context) (int64, error) { return model.Count(ctx, q) }
	return res, counter, pageInfo(res.Cursors, res.HasNext, res.HasPrevious), nil
}

func pageInfo(cursors []string, hasNext, hasPrev bool) *gqlmodel.PageInfo {
	pi := &gqlmodel.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		pi.StartCursor = &cursors[0]
		pi.EndCursor = &cursors[len(cursors)-1]
	}
	return pi
}

func total(ctx context.Context, c gqlmodel.Counter) (int, error) {
	if c == nil {
		return 0, nil
	}
	n, err := c(ctx)
	return int(n), err
}

func ptrs[T any](rows []T) []*T {
	out := make([]*T, len(rows))
	for i := range rows {
		out[i] = &rows[i]
	}
	return out
}
