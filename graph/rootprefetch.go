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
	var refs []loaders.RefArg
	for _, f := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"}) {
		args := f.ArgumentMap(opCtx.Variables)
		if f.Definition != nil {
			// The identifiers the field's arguments and filters name, resolved together
			// below (those of lookups go through the by-slug loaders).
			refs = appendRefArgs(refs, f.Definition.Arguments, args)
		}
		lookup := rootLookup(f.Name)
		if lookup == nil {
			continue
		}
		lookup(graphql.WithFieldContext(queue, &graphql.FieldContext{
			Object: "Query", Field: f, Args: args, IsMethod: true, IsResolver: true,
		}), args)
		queued = true
	}
	// One statement for every identifier of the root filters, beside the flush of the
	// lookups; a failure is left to the fields, which resolve (and report) on their own
	// (PrimeRootRefs does the same alone).
	primed := make(chan struct{})
	if l, ok := loaders.From(ctx); ok && len(refs) > 0 {
		go func() {
			defer close(primed)
			_ = l.PrimeRefs(ctx, refs)
		}()
	} else {
		close(primed)
	}
	if queued {
		loaders.Flush(queue)
	}
	<-primed
	return next(ctx)
}

// PrimeRootRefs resolves, in one statement, the identifiers that the arguments and
// filters of the root fields of the operation of ctx name (marked @ref, lookups
// excepted), so that the directive, or another read path, finds them resolved. A
// failure is left to the fields, which resolve (and report) on their own.
func PrimeRootRefs(ctx context.Context) {
	opCtx := graphql.GetOperationContext(ctx)
	l, ok := loaders.From(ctx)
	if opCtx == nil || opCtx.Operation == nil || !ok {
		return
	}
	var refs []loaders.RefArg
	for _, f := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"}) {
		if f.Definition != nil {
			refs = appendRefArgs(refs, f.Definition.Arguments, f.ArgumentMap(opCtx.Variables))
		}
	}
	if len(refs) > 0 {
		_ = l.PrimeRefs(ctx, refs)
	}
}

// appendRefArgs adds the values of the arguments (and input-object fields) marked
// @ref among defs, as the operation gives them in values.
func appendRefArgs(out []loaders.RefArg, defs ast.ArgumentDefinitionList, values map[string]any) []loaders.RefArg {
	for _, def := range defs {
		out = appendRefValue(out, def.Name, def.Type, def.Directives, values[def.Name])
	}
	return out
}

func appendRefValue(out []loaders.RefArg, name string, typ *ast.Type, directives ast.DirectiveList, value any) []loaders.RefArg {
	if d := directives.ForName("ref"); d != nil {
		if s, ok := value.(string); ok {
			if kinds, lookup := RefDirectiveArgs(d); !lookup {
				out = append(out, loaders.RefArg{Argument: name, Value: s, Kinds: kinds})
			}
		}
		return out
	}
	obj, ok := value.(map[string]any)
	if !ok || typ == nil {
		return out
	}
	if def := schema().Types[typ.Name()]; def != nil && def.Kind == ast.InputObject {
		for _, f := range def.Fields {
			out = appendRefValue(out, f.Name, f.Type, f.Directives, obj[f.Name])
		}
	}
	return out
}

// RefDirectiveArgs reads the kinds and the lookup flag of a @ref directive.
func RefDirectiveArgs(d *ast.Directive) ([]*model.Kind, bool) {
	var kinds []string
	if a := d.Arguments.ForName("kinds"); a != nil && a.Value != nil {
		for _, c := range a.Value.Children {
			kinds = append(kinds, c.Value.Raw)
		}
	}
	lookup := false
	if a := d.Arguments.ForName("lookup"); a != nil && a.Value != nil {
		lookup = a.Value.Raw == "true"
	}
	return model.KindsNamed(kinds), lookup
}
