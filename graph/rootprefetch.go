package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/loaders"
)

// rootLookups lists the root fields that look an entity up through a loader, and
// queue that lookup. They only queue: a lookup by SIREN or INSEE code, which runs its
// own statement, is left to the resolver.
var rootLookups = map[string]func(ctx context.Context, args map[string]any){
	"territory":   withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.TerritoryBySlug.Load(ctx, s) }),
	"company":     withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.CompanyBySlug.Load(ctx, s) }),
	"site":        withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.SiteBySlug.Load(ctx, s) }),
	"programme":   withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.ProgrammeBySlug.Load(ctx, s) }),
	"source":      withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.SourceBySlug.Load(ctx, s) }),
	"event":       withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.EventBySlug.Load(ctx, s) }),
	"observation": withSlug(func(ctx context.Context, l *loaders.Loaders, s string) { l.ObservationBySlug.Load(ctx, s) }),
	"node":        byIDArg("id"),
	"timeSeries":  byIDArg("subject"),
	"graph":       byIDArg("from"),
	"breakdowns":  byIDArg("subject"),
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

// withSlug runs load when the field has a slug argument.
func withSlug(load func(ctx context.Context, l *loaders.Loaders, slug string)) func(context.Context, map[string]any) {
	return func(ctx context.Context, a map[string]any) {
		if slug := argString(a, "slug"); slug != nil {
			load(ctx, loaders.For(ctx), *slug)
		}
	}
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
		lookup := rootLookups[f.Name]
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
