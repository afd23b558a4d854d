package graph

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
)

// maxNodes bounds the IDs of one nodes() call.
const maxNodes = 100

// nodeByID resolves a global ID through the by-slug loaders; nil when unknown.
func nodeByID(ctx context.Context, id string) (gqlmodel.Node, error) {
	return nodeThunk(ctx, id)()
}

// nodeThunk starts loading a global ID and returns a function that waits for it, so
// that nodes(ids:) batches all its IDs into one statement per type.
func nodeThunk(ctx context.Context, id string) func() (gqlmodel.Node, error) {
	typ, slug, ok := ParseGlobalID(id)
	if !ok {
		return func() (gqlmodel.Node, error) { return nil, nil }
	}
	l := loaders.For(ctx)
	switch typ {
	case typeTerritory:
		return thunk(ctx, l.TerritoryBySlug, slug)
	case typeSite:
		return thunk(ctx, l.SiteBySlug, slug)
	case typeCompany:
		return thunk(ctx, l.CompanyBySlug, slug)
	case typeProgramme:
		return thunk(ctx, l.ProgrammeBySlug, slug)
	case typeOccupancy:
		return thunk(ctx, l.OccupancyBySlug, slug)
	case typeSubsidy:
		return thunk(ctx, l.SubsidyBySlug, slug)
	case typeObservation:
		return thunk(ctx, l.ObservationBySlug, slug)
	case typeSource:
		return thunk(ctx, l.SourceBySlug, slug)
	case typeEvent:
		return thunk(ctx, l.EventBySlug, slug)
	case typeRelationship:
		return thunk(ctx, l.RelationshipBySlug, slug)
	}
	return func() (gqlmodel.Node, error) { return nil, nil }
}

func thunk[T any](ctx context.Context, loader *loaders.Loader[string, *T], slug string) func() (gqlmodel.Node, error) {
	wait := loader.LoadThunk(ctx, slug)
	return func() (gqlmodel.Node, error) {
		v, err := wait()
		if err != nil || v == nil {
			if errors.Is(err, dataloadgen.ErrNotFound) {
				err = nil
			}
			return nil, err
		}
		return v, nil
	}
}
