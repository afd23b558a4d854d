package graph

import (
	"errors"
	"strings"

	"context"

	"github.com/vikstrous/dataloadgen"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/internal/textnorm"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Conversions of the filter inputs of the API into model filters, shared by the root
// lists, the aggregates and the map views, so that they all filter the same way.

// SiteFilterOf checks the site filter of a request and turns it into the model's.
func SiteFilterOf(in *gqlmodel.SiteFilter) (model.SiteFilter, error) {
	if in == nil {
		return model.SiteFilter{}, nil
	}
	if err := textFilters(map[string]*string{"name": in.Name, "activity": in.Activity}); err != nil {
		return model.SiteFilter{}, err
	}
	f := model.SiteFilter{Territory: in.Territory, Statuses: in.Status, Name: in.Name, Activity: in.Activity,
		Operator: in.Operator, Occupant: in.Occupant}
	if b := in.Bbox; b != nil {
		f.BBox = &model.BBox{South: b.South, West: b.West, North: b.North, East: b.East}
		if err := f.BBox.Validate(); err != nil {
			return f, err
		}
	}
	if n := in.Near; n != nil {
		f.Near = &model.Near{Latitude: n.Latitude, Longitude: n.Longitude, RadiusKm: n.RadiusKm}
		if err := f.Near.Validate(); err != nil {
			return f, err
		}
	}
	return f, nil
}

// TerritoryFilterOf checks the territory filter of a request and turns it into the
// model's.
func TerritoryFilterOf(in *gqlmodel.TerritoryFilter) (model.TerritoryFilter, error) {
	if in == nil {
		return model.TerritoryFilter{}, nil
	}
	if err := textFilters(map[string]*string{"name": in.Name}); err != nil {
		return model.TerritoryFilter{}, err
	}
	return model.TerritoryFilter{Kinds: in.Kind, Parent: in.Parent, Within: in.Within, Code: in.Code, Name: in.Name}, nil
}

func companyFilterOf(in *gqlmodel.CompanyFilter) (model.CompanyFilter, error) {
	if in == nil {
		return model.CompanyFilter{}, nil
	}
	if err := textFilters(map[string]*string{"name": in.Name, "activity": in.Activity}); err != nil {
		return model.CompanyFilter{}, err
	}
	return model.CompanyFilter{Kinds: in.Kind, Territory: in.Territory, Siren: in.Siren, Name: in.Name, Activity: in.Activity, Site: in.Site}, nil
}

// textFilters refuses a text filter with no letter or digit ("%", "*"): folded for
// matching, it would be empty and match everything.
func textFilters(fields map[string]*string) error {
	for name, v := range fields {
		if v != nil && strings.TrimSpace(*v) != "" && textnorm.Fold(*v) == "" {
			return model.BadInput("filter %s: give at least one letter or digit (punctuation is ignored when matching)", name)
		}
	}
	return nil
}

// SubsidyFilterOf checks the subsidy filter of a request and turns it into the model's.
func SubsidyFilterOf(in *gqlmodel.SubsidyFilter) (model.SubsidyFilter, error) {
	if in == nil {
		return model.SubsidyFilter{}, nil
	}
	f := model.SubsidyFilter{Programme: in.Programme, Recipient: in.Recipient, Territory: in.Territory,
		From: inputDate(in.From), To: inputDateEnd(in.To), MinAmount: in.MinAmountEur, MaxAmount: in.MaxAmountEur, Statuses: in.Status,
		FunderKinds: in.FunderKinds, Scopes: in.Scopes, Public: in.Public, Ranks: in.Rank}
	if f.MinAmount != nil && f.MaxAmount != nil && *f.MinAmount > *f.MaxAmount {
		return f, model.BadInput("minAmountEur must not be greater than maxAmountEur")
	}
	if f.From != nil && f.To != nil && *f.From > *f.To {
		return f, model.BadInput("from must not be after to")
	}
	return f, nil
}

// ObservationFilterOf checks the observation filter of a request and turns it into the
// model's (a subject given by its identifier is looked up).
func ObservationFilterOf(ctx context.Context, in *gqlmodel.ObservationFilter) (model.ObservationFilter, error) {
	if in == nil {
		return model.ObservationFilter{}, nil
	}
	subj, err := subjectRefOf(ctx, in.Subject)
	if err != nil {
		return model.ObservationFilter{}, err
	}
	f := model.ObservationFilter{Metric: in.Metric, Subject: subj, Statuses: in.Status, Ranks: in.Rank,
		Source: in.Source, From: inputDate(in.From), To: inputDateEnd(in.To), Territory: in.Territory,
		Dimension: in.Dimension, Category: in.Category, KnownAt: inputDateEnd(in.AsOf), Claim: in.Claim}
	if in.WithoutBreakdown != nil && *in.WithoutBreakdown {
		f.NoBreakdown = true
	}
	if f.From != nil && f.To != nil && *f.From > *f.To {
		return f, model.BadInput("from must not be after to")
	}
	return f, nil
}

func eventFilterOf(ctx context.Context, in *gqlmodel.EventFilter) (model.EventFilter, error) {
	if in == nil {
		return model.EventFilter{}, nil
	}
	subj, err := subjectRefOf(ctx, in.Subject)
	if err != nil {
		return model.EventFilter{}, err
	}
	f := model.EventFilter{Kinds: in.Kind, Subject: subj, From: inputDate(in.From), To: inputDateEnd(in.To)}
	if f.From != nil && f.To != nil && *f.From > *f.To {
		return f, model.BadInput("from must not be after to")
	}
	return f, nil
}

// prefetchUnder queues, for rows, the loads of the relation fields selected below the
// sub-field name of the current field (e.g. the citations of timeSeries.points), so
// that they cost one batch whatever the number of rows. parentType is the GraphQL type
// the current field returns.
func (r *Resolver) prefetchUnder(ctx context.Context, rows any, parentType string, names ...string) {
	for _, name := range names {
		r.prefetchPath(ctx, rows, []string{parentType}, []string{name})
	}
}

// prefetchPath is prefetchUnder down a path of fields: path[i] is a field of the type
// types[i] (e.g. types SubsidyAggregate, SubsidyGroup and path groups, programme).
func (r *Resolver) prefetchPath(ctx context.Context, rows any, types, path []string) {
	fc := graphql.GetFieldContext(ctx)
	opCtx := graphql.GetOperationContext(ctx)
	if fc == nil || opCtx == nil || fc.Field.Field == nil {
		return
	}
	var walk func(parent *graphql.FieldContext, sel ast.SelectionSet, depth int)
	walk = func(parent *graphql.FieldContext, sel ast.SelectionSet, depth int) {
		for _, f := range graphql.CollectFields(opCtx, sel, []string{types[depth]}) {
			if f.Name != path[depth] {
				continue
			}
			child := &graphql.FieldContext{Parent: parent, Object: types[depth], Field: f, Args: f.ArgumentMap(opCtx.Variables)}
			if depth == len(path)-1 {
				r.Prefetch(graphql.WithFieldContext(ctx, child), rows)
				continue
			}
			walk(child, f.Selections, depth+1)
		}
	}
	walk(fc, fc.Field.Selections, 0)
}

// selectsPath reports whether the current field's selection asks for the path of
// sub-fields (through any fragments).
func selectsPath(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	opCtx := graphql.GetOperationContext(ctx)
	if fc == nil || opCtx == nil {
		return false
	}
	sel := fc.Field.Selections
	for _, name := range path {
		var next *graphql.CollectedField
		for _, f := range graphql.CollectFields(opCtx, sel, nil) {
			if f.Name == name {
				f := f
				next = &f
				break
			}
		}
		if next == nil {
			return false
		}
		sel = next.Selections
	}
	return true
}

// loadAll loads many keys through one loader at once (one batch) and returns the
// values in order.
func loadAll[K comparable, V any](ctx context.Context, load func(context.Context, K) func() (V, error), keys []K) ([]V, error) {
	thunks := make([]func() (V, error), len(keys))
	for i, k := range keys {
		thunks[i] = load(ctx, k)
	}
	out := make([]V, len(keys))
	for i, th := range thunks {
		v, err := th()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// subjectThunk starts loading a subject reference through the typed loaders.
func subjectThunk(ctx context.Context, ref model.SubjectRef) func() (gqlmodel.Subject, error) {
	l := loaders.For(ctx)
	wrap := func(get func() (any, error)) func() (gqlmodel.Subject, error) {
		return func() (gqlmodel.Subject, error) {
			v, err := get()
			if err != nil {
				return nil, err
			}
			return v, nil
		}
	}
	switch ref.Type {
	case model.SubjectTerritory:
		th := l.TerritoryByID().LoadThunk(ctx, ref.ID)
		return wrap(func() (any, error) { return nonNil(notFoundNil(th())) })
	case model.SubjectSite:
		th := l.SiteByID().LoadThunk(ctx, ref.ID)
		return wrap(func() (any, error) { return nonNil(notFoundNil(th())) })
	case model.SubjectCompany:
		th := l.CompanyByID().LoadThunk(ctx, ref.ID)
		return wrap(func() (any, error) { return nonNil(notFoundNil(th())) })
	case model.SubjectProgramme:
		th := l.ProgrammeByID().LoadThunk(ctx, ref.ID)
		return wrap(func() (any, error) { return nonNil(notFoundNil(th())) })
	}
	return func() (gqlmodel.Subject, error) { return nil, nil }
}

func notFoundNil[T any](v *T, err error) (*T, error) {
	if err != nil && isNotFound(err) {
		return nil, nil
	}
	return v, err
}

func isNotFound(err error) bool { return errors.Is(err, dataloadgen.ErrNotFound) }

var searchMatches = []gqlmodel.SearchMatch{gqlmodel.SearchMatchExact, gqlmodel.SearchMatchPrefix, gqlmodel.SearchMatchWordPrefix,
	gqlmodel.SearchMatchSubstring, gqlmodel.SearchMatchOther}

// hitNode starts loading the record of a search hit, through its kind's by-slug
// loader (the registry says which).
func hitNode(ctx context.Context, l *loaders.Loaders, h model.SearchHit) func() (gqlmodel.Node, error) {
	k := model.KindOfSearch(h.Kind)
	if k == nil || !k.Node {
		return func() (gqlmodel.Node, error) { return nil, nil }
	}
	wait := l.BySlug(k).LoadThunk(ctx, h.Slug)
	return func() (gqlmodel.Node, error) {
		v, err := wait()
		if err != nil || v == nil {
			if isNotFound(err) {
				err = nil
			}
			return nil, err
		}
		return v.(gqlmodel.Node), nil
	}
}

// searchHits loads the entities of the hits through the per-request loaders: one
// statement per kind present, whatever the number of hits; the relations selected
// below them are queued at once.
func (r *Resolver) searchHits(ctx context.Context, hits []model.SearchHit) ([]*gqlmodel.SearchHit, error) {
	if !selects(ctx, "node") {
		// The hits carry kind, slug and name: no entity to load.
		out := make([]*gqlmodel.SearchHit, len(hits))
		for i, h := range hits {
			out[i] = NewSearchHit(h)
		}
		return out, nil
	}
	l := loaders.For(ctx)
	loaders.Prefill(ctx, func(q context.Context) {
		for _, h := range hits {
			hitNode(q, l, h)
		}
	})
	thunks := make([]func() (gqlmodel.Node, error), len(hits))
	for i, h := range hits {
		thunks[i] = hitNode(ctx, l, h)
	}
	out := make([]*gqlmodel.SearchHit, 0, len(hits))
	for i, h := range hits {
		n, err := thunks[i]()
		if err != nil {
			return nil, err
		}
		if n == nil {
			continue // deleted between the two statements
		}
		hit := NewSearchHit(h)
		hit.Node = n
		out = append(out, hit)
	}
	nodes := make([]any, len(out))
	for i, h := range out {
		nodes[i] = h.Node
	}
	for _, rows := range model.GroupByKind(nodes) {
		r.prefetchUnder(ctx, rows, "SearchHit", "node")
	}
	return out, nil
}

func nodeOf[T any](th func() (*T, error)) func() (gqlmodel.Node, error) {
	return func() (gqlmodel.Node, error) {
		v, err := notFoundNil(th())
		if err != nil || v == nil {
			return nil, err
		}
		return v, nil
	}
}

func latest(current, candidate *model.Observation) *model.Observation {
	if model.Later(current, candidate) {
		return candidate
	}
	return current
}

// subjectByID reads a global ID that must name a subject (territory, site, company,
// programme); nil when it names nothing.
func subjectByID(ctx context.Context, id string) (gqlmodel.Subject, *model.SubjectRef, error) {
	n, err := nodeByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	switch v := n.(type) {
	case *model.Territory:
		return v, &model.SubjectRef{Type: model.SubjectTerritory, ID: v.ID}, nil
	case *model.Site:
		return v, &model.SubjectRef{Type: model.SubjectSite, ID: v.ID}, nil
	case *model.Company:
		return v, &model.SubjectRef{Type: model.SubjectCompany, ID: v.ID}, nil
	case *model.Programme:
		return v, &model.SubjectRef{Type: model.SubjectProgramme, ID: v.ID}, nil
	case nil:
		return nil, nil, nil
	}
	return nil, nil, model.BadInput("%s is not a territory, site, company or programme", id)
}

var edgeOrigins = map[string]gqlmodel.NetworkEdgeOrigin{
	"relationship": gqlmodel.NetworkEdgeOriginRelationship,
	"occupancy":    gqlmodel.NetworkEdgeOriginOccupancy,
	"operator":     gqlmodel.NetworkEdgeOriginOperator,
	"subsidy":      gqlmodel.NetworkEdgeOriginSubsidy,
}

// edgeID is the global ID of the record an edge comes from; an operator link, which is
// a column of the site, gets an ID of its own.
// NewNetworkGraph builds the graph view of a neighbourhood (model.Neighbourhood): the
// nodes with their global IDs, and the edges between two of them, without their
// citations; it also returns those edges, in the same order (for their citations).
func NewNetworkGraph(nodes []model.NetworkNode, edges []model.NetworkEdge, truncated bool) (*gqlmodel.NetworkGraph, []model.NetworkEdge) {
	out := &gqlmodel.NetworkGraph{Truncated: truncated, Nodes: make([]*gqlmodel.NetworkNode, 0, len(nodes)), Edges: make([]*gqlmodel.NetworkEdge, 0, len(edges))}
	ids := make(map[model.SubjectRef]string, len(nodes))
	for _, n := range nodes {
		id := GlobalID(subjectTypeName(n.Type), n.Slug)
		ids[model.SubjectRef{Type: n.Type, ID: n.ID}] = id
		out.Nodes = append(out.Nodes, &gqlmodel.NetworkNode{ID: id, Label: n.Name, Kind: gqlmodel.NetworkNodeKind(n.Type), Slug: n.Slug, Depth: n.Depth})
	}
	kept := make([]model.NetworkEdge, 0, len(edges))
	for _, e := range edges {
		src, okS := ids[e.From()]
		dst, okT := ids[e.To()]
		if !okS || !okT {
			continue
		}
		out.Edges = append(out.Edges, &gqlmodel.NetworkEdge{ID: edgeID(e), Source: src, Target: dst, Kind: e.Kind, Origin: edgeOrigins[e.Origin],
			Labels: e.Label, Since: model.DateOf(e.Since, e.SincePrec), Until: model.DateOf(e.Until, e.UntilPrec), AmountEur: e.Amount})
		kept = append(kept, e)
	}
	return out, kept
}

// NewSearchHit is the API's search hit of a model hit (without its node).
func NewSearchHit(h model.SearchHit) *gqlmodel.SearchHit {
	return &gqlmodel.SearchHit{Kind: gqlmodel.SearchKind(h.Kind), Score: h.Score, Match: searchMatches[h.Level], Fuzzy: h.Fuzzy, Names: h.Name, Slug: h.Slug}
}

func edgeID(e model.NetworkEdge) string {
	switch e.Origin {
	case "relationship":
		return GlobalID(typeRelationship, e.Slug)
	case "occupancy":
		return GlobalID(typeOccupancy, e.Slug)
	case "subsidy":
		return GlobalID(typeSubsidy, e.Slug)
	}
	return GlobalID("SiteOperator", e.Slug)
}

func subjectTypeName(t model.SubjectType) string {
	switch t {
	case model.SubjectTerritory:
		return typeTerritory
	case model.SubjectSite:
		return typeSite
	case model.SubjectCompany:
		return typeCompany
	case model.SubjectProgramme:
		return typeProgramme
	}
	return string(t)
}

// MapLimit is the number of features a map view returns for its argument first.
func MapLimit(first *int) (int, error) {
	if first == nil {
		return model.MaxMapFeatures, nil
	}
	if *first < 1 || *first > model.MaxMapFeatures {
		return 0, model.BadInput("first must be between 1 and %d", model.MaxMapFeatures)
	}
	return *first, nil
}
