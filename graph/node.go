package graph

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// maxNodes bounds the IDs of one nodes() call.
const maxNodes = 100

// nodeByID resolves a global ID through the by-slug loaders; nil when unknown.
func nodeByID(ctx context.Context, id string) (gqlmodel.Node, error) {
	return nodeThunk(ctx, id)()
}

// nodeThunk starts loading a global ID and returns a function that waits for it, so
// that nodes(ids:) batches all its IDs into one statement per kind. The kinds with
// global IDs are the registry's (model.Kinds).
func nodeThunk(ctx context.Context, id string) func() (gqlmodel.Node, error) {
	typ, slug, ok := ParseGlobalID(id)
	kind := model.KindOfType(typ)
	if !ok || kind == nil || !kind.Node {
		return func() (gqlmodel.Node, error) { return nil, nil }
	}
	wait := loaders.For(ctx).BySlug(kind).LoadThunk(ctx, slug)
	return func() (gqlmodel.Node, error) {
		v, err := wait()
		if err != nil || v == nil {
			if errors.Is(err, dataloadgen.ErrNotFound) {
				err = nil
			}
			return nil, err
		}
		return v.(gqlmodel.Node), nil
	}
}
