package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Lookahead batching. gqlgen resolves the rows of a list in one goroutine each, and
// each of them asks the next loader for its key; under CPU load some arrive after the
// batch has left, and a level costs two statements instead of one, and each level
// waits for its loader's batch window. So as soon as a level's rows are known (a root
// list, or a loader's batch), Prefetch runs the resolvers of the selected relation
// fields for all rows in a queueing context, where their loads are only recorded, then
// flushes: one statement per loader, the loaders of a level in parallel, their results
// primed into the loaders (and, through each batch's own lookahead, the levels below).
// The resolvers then find their values in the loaders' caches without waiting.

// relation calls the resolver of one relation field of a parent object, with the
// field's arguments.
type relation func(ctx context.Context, r *Resolver, obj any, args map[string]any)

// relations lists, per GraphQL type, the fields resolved through loaders.
var relations = map[string]map[string]relation{
	"Territory": {
		"parent": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Parent(ctx, o.(*model.Territory))
		},
		"ancestors": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Ancestors(ctx, o.(*model.Territory))
		},
		"children": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.Territory().Children(ctx, o.(*model.Territory), argInt(a, "first"), argString(a, "after"), argEnum[model.TerritoryKind](a, "kind"))
		},
		"memberships": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Memberships(ctx, o.(*model.Territory))
		},
		"members": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Members(ctx, o.(*model.Territory))
		},
		"sites": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.Territory().Sites(ctx, o.(*model.Territory), argInt(a, "first"), argString(a, "after"))
		},
		"observations": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.Territory().Observations(ctx, o.(*model.Territory), argString(a, "metric"), argEnums[model.ObservationStatus](a, "status"), argInt(a, "first"))
		},
		"events": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Events(ctx, o.(*model.Territory))
		},
		"subsidies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Territory().Subsidies(ctx, o.(*model.Territory))
		},
	},
	"TerritoryMembership": {
		"member": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.TerritoryMembership().Member(ctx, o.(*model.TerritoryMembership))
		},
		"group": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.TerritoryMembership().Group(ctx, o.(*model.TerritoryMembership))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.TerritoryMembership().Citation(ctx, o.(*model.TerritoryMembership))
		},
	},
	"Site": {
		"territory": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Site().Territory(ctx, o.(*model.Site))
		},
		"statusHistory": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Site().StatusHistory(ctx, o.(*model.Site))
		},
		"operator": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Site().Operator(ctx, o.(*model.Site))
		},
		"occupancies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Site().Occupancies(ctx, o.(*model.Site))
		},
		"observations": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.Site().Observations(ctx, o.(*model.Site), argString(a, "metric"), argEnums[model.ObservationStatus](a, "status"), argInt(a, "first"))
		},
		"events": func(ctx context.Context, r *Resolver, o any, _ map[string]any) { r.Site().Events(ctx, o.(*model.Site)) },
		"relationships": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Site().Relationships(ctx, o.(*model.Site))
		},
	},
	"SiteStatusPeriod": {
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.SiteStatusPeriod().Citation(ctx, o.(*model.SiteStatusPeriod))
		},
	},
	"Occupancy": {
		"site": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Occupancy().Site(ctx, o.(*model.Occupancy))
		},
		"company": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Occupancy().Company(ctx, o.(*model.Occupancy))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Occupancy().Citation(ctx, o.(*model.Occupancy))
		},
	},
	"Company": {
		"territory": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().Territory(ctx, o.(*model.Company))
		},
		"operatedSites": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().OperatedSites(ctx, o.(*model.Company))
		},
		"occupancies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().Occupancies(ctx, o.(*model.Company))
		},
		"observations": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.Company().Observations(ctx, o.(*model.Company), argString(a, "metric"), argEnums[model.ObservationStatus](a, "status"), argInt(a, "first"))
		},
		"subsidies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().Subsidies(ctx, o.(*model.Company))
		},
		"events": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().Events(ctx, o.(*model.Company))
		},
		"relationships": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Company().Relationships(ctx, o.(*model.Company))
		},
	},
	"FundingProgramme": {
		"parent": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.FundingProgramme().Parent(ctx, o.(*model.Programme))
		},
		"children": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.FundingProgramme().Children(ctx, o.(*model.Programme))
		},
		"subsidies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.FundingProgramme().Subsidies(ctx, o.(*model.Programme))
		},
		"observations": func(ctx context.Context, r *Resolver, o any, a map[string]any) {
			r.FundingProgramme().Observations(ctx, o.(*model.Programme), argString(a, "metric"), argEnums[model.ObservationStatus](a, "status"), argInt(a, "first"))
		},
		"events": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.FundingProgramme().Events(ctx, o.(*model.Programme))
		},
	},
	"Subsidy": {
		"programme": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Subsidy().Programme(ctx, o.(*model.Subsidy))
		},
		"recipient": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Subsidy().Recipient(ctx, o.(*model.Subsidy))
		},
		"territory": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Subsidy().Territory(ctx, o.(*model.Subsidy))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Subsidy().Citation(ctx, o.(*model.Subsidy))
		},
	},
	"Observation": {
		"subject": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Observation().Subject(ctx, o.(*model.Observation))
		},
		"metric": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Observation().Metric(ctx, o.(*model.Observation))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Observation().Citation(ctx, o.(*model.Observation))
		},
		"conflictsWith": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Observation().ConflictsWith(ctx, o.(*model.Observation))
		},
	},
	"Event": {
		"subjects": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Event().Subjects(ctx, o.(*model.Event))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Event().Citation(ctx, o.(*model.Event))
		},
		"conflictsWith": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Event().ConflictsWith(ctx, o.(*model.Event))
		},
	},
	"Relationship": {
		"from": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Relationship().From(ctx, o.(*model.Relationship))
		},
		"to": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Relationship().To(ctx, o.(*model.Relationship))
		},
		"citation": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Relationship().Citation(ctx, o.(*model.Relationship))
		},
	},
	"Breakdown": {
		"subject": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Breakdown().Subject(ctx, o.(*model.Breakdown))
		},
		"parts": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Breakdown().Parts(ctx, o.(*model.Breakdown))
		},
		"occupancies": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Breakdown().Occupancies(ctx, o.(*model.Breakdown))
		},
		"base": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Breakdown().Base(ctx, o.(*model.Breakdown))
		},
		"publishedTotals": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Breakdown().PublishedTotals(ctx, o.(*model.Breakdown))
		},
	},
	"Source": {
		"citations": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Source().Citations(ctx, o.(*model.Source))
		},
	},
	"Citation": {
		"source": func(ctx context.Context, r *Resolver, o any, _ map[string]any) {
			r.Citation().Source(ctx, o.(*model.Citation))
		},
	},
}

// Prefetch queues the loads of the relation fields selected below rows (a slice of model
// pointers) for all of them at once. The selection is that of the field in ctx. It
// implements loaders.Prefetcher.
func (r *Resolver) Prefetch(ctx context.Context, rows any) {
	typeName, objs := objectsOf(rows)
	if len(objs) == 0 || graphql.GetOperationContext(ctx) == nil {
		return
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return
	}
	opCtx := graphql.GetOperationContext(ctx)
	table := relations[typeName]
	queue := loaders.Queueing(ctx)
	for _, f := range childFields(opCtx, fc.Field, typeName) {
		rel := table[f.Name]
		if rel == nil {
			continue
		}
		args := f.ArgumentMap(opCtx.Variables)
		childCtx := graphql.WithFieldContext(queue, &graphql.FieldContext{
			Parent: fc, Object: typeName, Field: f, Args: args, IsMethod: true, IsResolver: true,
		})
		for _, o := range objs {
			rel(childCtx, r, o, args)
		}
	}
	loaders.Flush(queue)
}

// childFields returns the fields selected on objects of typeName below field, looking
// through connections (nodes, edges.node) when field returns one.
func childFields(opCtx *graphql.OperationContext, field graphql.CollectedField, typeName string) []graphql.CollectedField {
	sel := field.Selections
	if def := field.Definition; def != nil && strings.HasSuffix(def.Type.Name(), "Connection") {
		var inner []graphql.CollectedField
		for _, f := range graphql.CollectFields(opCtx, sel, []string{def.Type.Name()}) {
			switch f.Name {
			case "nodes":
				inner = append(inner, graphql.CollectFields(opCtx, f.Selections, []string{typeName})...)
			case "edges":
				for _, e := range graphql.CollectFields(opCtx, f.Selections, nil) {
					if e.Name == "node" {
						inner = append(inner, graphql.CollectFields(opCtx, e.Selections, []string{typeName})...)
					}
				}
			}
		}
		return inner
	}
	return graphql.CollectFields(opCtx, sel, []string{typeName, "Node", "Subject"})
}

// objectsOf names the GraphQL type of a slice of model pointers and lists its elements.
func objectsOf(rows any) (string, []any) {
	switch v := rows.(type) {
	case []*model.Territory:
		return "Territory", anys(v)
	case []*model.TerritoryMembership:
		return "TerritoryMembership", anys(v)
	case []*model.Site:
		return "Site", anys(v)
	case []*model.SiteStatusPeriod:
		return "SiteStatusPeriod", anys(v)
	case []*model.Occupancy:
		return "Occupancy", anys(v)
	case []*model.Company:
		return "Company", anys(v)
	case []*model.Programme:
		return "FundingProgramme", anys(v)
	case []*model.Subsidy:
		return "Subsidy", anys(v)
	case []*model.Observation:
		return "Observation", anys(v)
	case []*model.Event:
		return "Event", anys(v)
	case []*model.Relationship:
		return "Relationship", anys(v)
	case []*model.Source:
		return "Source", anys(v)
	case []*model.Citation:
		return "Citation", anys(v)
	case []*model.Breakdown:
		return "Breakdown", anys(v)
	}
	return "", nil
}

func anys[T any](rows []*T) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

func argString(a map[string]any, name string) *string {
	if s, ok := a[name].(string); ok {
		return &s
	}
	return nil
}

func argInt(a map[string]any, name string) *int {
	switch v := a[name].(type) {
	case int64:
		i := int(v)
		return &i
	case int:
		return &v
	case float64:
		i := int(v)
		return &i
	}
	return nil
}

func argEnum[E ~string](a map[string]any, name string) *E {
	if s, ok := a[name].(string); ok {
		e := E(s)
		return &e
	}
	return nil
}

func argEnums[E ~string](a map[string]any, name string) []E {
	switch v := a[name].(type) {
	case []any:
		out := make([]E, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, E(s))
			}
		}
		return out
	case string:
		return []E{E(v)}
	}
	return nil
}

// byType splits entities of mixed types (the subjects of aggregate groups, the nodes
// of search hits) into one typed slice per type, each ready for Prefetch.
func byType(objs []any) []any {
	var (
		order  []string
		groups = map[string][]any{}
	)
	for _, o := range objs {
		key := fmt.Sprintf("%T", o)
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], o)
	}
	out := make([]any, 0, len(order))
	for _, key := range order {
		out = append(out, typedSlice(groups[key]))
	}
	return out
}

// typedSlice turns entities of one type into the typed slice Prefetch expects.
func typedSlice(objs []any) any {
	switch objs[0].(type) {
	case *model.Territory:
		return typed[model.Territory](objs)
	case *model.Site:
		return typed[model.Site](objs)
	case *model.Company:
		return typed[model.Company](objs)
	case *model.Programme:
		return typed[model.Programme](objs)
	case *model.Source:
		return typed[model.Source](objs)
	case *model.Event:
		return typed[model.Event](objs)
	}
	return nil
}

func typed[T any](objs []any) []*T {
	out := make([]*T, len(objs))
	for i, o := range objs {
		out[i] = o.(*T)
	}
	return out
}
