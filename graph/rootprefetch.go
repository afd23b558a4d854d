package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// rootLookups lists the root fields that look an entity up by global ID through a
// loader, and queue that lookup. The lookups by slug (site(slug:)...) are the
// registry's (model.Kind.RootField). They only queue: a lookup by SIREN or INSEE code,
// which runs its own statement, is left to the resolver.
var rootLookups = map[string]func(ctx context.Context, args map[string]any){
	"node":       byIDArg("id"),
	"timeSeries": byIDArg("subject"),
	"graph":      byIDArg("from"),
	"breakdowns": byIDArg("subject"),
	"nodes": func(ctx context.Context, a map[string]any) {
		ids, _ := a["ids"].([]any)
		if len(ids) > maxNodes {
			return
		}
		for _, id := range ids {
			if s, ok := id.(string); ok {
				nodeThunk(ctx, s)
			}
		}
	},
}

// rootLookup returns the lookup to queue for a root field: by global ID, or by slug
// for the kinds the field looks up (nil when the field looks nothing up).
func rootLookup(field string) func(ctx context.Context, args map[string]any) {
	if lookup := rootLookups[field]; lookup != nil {
		return lookup
	}
	for _, k := range model.Kinds {
		if k.RootField == field && k.Node {
			return func(ctx context.Context, a map[string]any) {
				if slug := argString(a, "slug"); slug != nil {
					loaders.For(ctx).BySlug(k).Load(ctx, *slug)
				}
			}
		}
	}
	return nil
}

// byIDArg queues the lookup of the global ID in the argument name.
func byIDArg(name string) func(context.Context, map[string]any) {
	return func(ctx context.Context, a map[string]any) {
		if id := argString(a, name); id != nil {
			nodeThunk(ctx, *id)
		}
	}
}

// PrefetchRoot queues the lookups of the root fields of a query operation, flushes them
// (one statement per loader) and, through the lookahead of each batch, the levels the
// query selects below them, before gqlgen runs the resolvers. Without it, a root
// lookup waits for its loader's batch window. Use it with AroundResponses.
func PrefetchRoot(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	opCtx := graphql.GetOperationContext(ctx)
	if opCtx == nil || opCtx.Operation == nil || opCtx.Operation.Operation != ast.Query {
		return next(ctx)
	}
	queue := loaders.Queueing(ctx)
	queued := false
	for _, f := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"}) {
		lookup := rootLookup(f.Name)
		if lookup == nil {
			continue
		}
		args := f.ArgumentMap(opCtx.Variables)
		lookup(graphql.WithFieldContext(queue, &graphql.FieldContext{
			Object: "Query", Field: f, Args: args, IsMethod: true, IsResolver: true,
		}), args)
		queued = true
	}
	if queued {
		loaders.Flush(queue)
	}
	return next(ctx)
}
