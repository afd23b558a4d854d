package compiled

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// The exploration fields whose rules are whole algorithms of the model (search
// ranking, neighbourhoods): the compiled path calls the model as the resolvers do and
// writes the answer directly.

// rootSearch is search(text, first, kinds): the hits carry their kind, slug and name;
// their nodes are read by id, one statement per kind (searchNodes).
func rootSearch(x *exec, f *graphql.CollectedField) error {
	args := x.args(f)
	text, ok := args["text"].(string)
	if !ok {
		return decline()
	}
	first, ok := intArg(args["first"])
	if !ok {
		return decline()
	}
	limit := model.DefaultPageSize
	if first != nil {
		limit = *first
	}
	kinds, ok := enumsArg[model.SearchKind](args["kinds"])
	if !ok {
		return decline()
	}
	fields := x.fields(f.Selections, []string{"SearchHit"})
	wantsNodes := false
	for i := range fields {
		switch fields[i].Name {
		case "__typename", "kind", "score", "match", "fuzzy", "name", "slug":
		case "node":
			wantsNodes = true
		default:
			return decline()
		}
	}
	hits, err := model.Search(x.ctx, loaders.For(x.ctx).DB(), text, kinds, limit)
	if err != nil {
		return decline()
	}
	var nodes []hitNode
	if wantsNodes {
		if hits, nodes, err = searchNodes(x, hits, fields); err != nil {
			return err
		}
	}
	x.b = append(x.b, '[')
	for j, h := range hits {
		hit := graph.NewSearchHit(h)
		if j > 0 {
			x.b = append(x.b, ',')
		}
		if err := x.writeObject(fields, func(i int) error {
			c := &fields[i]
			switch c.Name {
			case "node":
				return nodes[j].write[i](nodes[j].record)
			case "__typename":
				x.str("SearchHit")
			case "kind":
				x.str(string(hit.Kind))
			case "score":
				if err := x.float(hit.Score); err != nil {
					return err
				}
			case "match":
				x.str(string(hit.Match))
			case "fuzzy":
				x.boolean(hit.Fuzzy)
			case "name":
				l, err := x.langOf(c)
				if err != nil {
					return err
				}
				x.str(hit.Names.In(*l))
			case "slug":
				x.str(hit.Slug)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	x.b = append(x.b, ']')
	return nil
}

// nodeType is an object type as the node of a search hit, its records untyped.
type nodeType interface {
	byIDs(x *exec, ids []int64) (map[int64]any, error)
	preparer(x *exec, rows []any, sel ast.SelectionSet) (func(any) error, error)
}

func (o *object[T]) byIDs(x *exec, ids []int64) (map[int64]any, error) {
	found, err := byID(x, o, ids)
	out := make(map[int64]any, len(found))
	for id, r := range found {
		out[id] = r
	}
	return out, err
}

func (o *object[T]) preparer(x *exec, rows []any, sel ast.SelectionSet) (func(any) error, error) {
	typed := make([]*T, len(rows))
	for i, r := range rows {
		typed[i] = r.(*T)
	}
	w, err := o.prepare(x, typed, sel)
	if err != nil {
		return nil, err
	}
	return func(r any) error { return w(r.(*T)) }, nil
}

// nodeTypes are the kinds of search hits whose node the compiled path writes.
var nodeTypes = map[*model.Kind]nodeType{}

func init() {
	nodeTypes[model.KindTerritory] = territoryType
	nodeTypes[model.KindSite] = siteType
	nodeTypes[model.KindCompany] = companyType
	nodeTypes[model.KindProgramme] = programmeType
	nodeTypes[model.KindSource] = sourceType
	nodeTypes[model.KindMetric] = metricType
	nodeTypes[model.KindObservation] = observationType
	nodeTypes[model.KindEvent] = eventType
}

// hitNode is the node of one search hit: its record and, by the index of each
// SearchHit field, the writer of its node field (the others are nil).
type hitNode struct {
	record any
	write  []func(any) error
}

// searchNodes reads the nodes of the hits, as the general path does (graph.searchHits):
// one statement per kind, a hit whose kind is not a node or whose record is gone is
// left out. The node of a kind the compiled path does not write declines.
func searchNodes(x *exec, hits []model.SearchHit, fields []graphql.CollectedField) ([]model.SearchHit, []hitNode, error) {
	ids := map[*model.Kind][]int64{}
	for _, h := range hits {
		if k := model.KindOfSearch(h.Kind); k != nil && k.Node {
			if nodeTypes[k] == nil {
				return nil, nil, decline()
			}
			ids[k] = append(ids[k], h.ID)
		}
	}
	records := map[*model.Kind]map[int64]any{}
	for k, list := range ids {
		found, err := nodeTypes[k].byIDs(x, list)
		if err != nil {
			return nil, nil, err
		}
		records[k] = found
	}
	kept := hits[:0:0]
	nodes := make([]hitNode, 0, len(hits))
	rows := map[*model.Kind][]any{}
	for _, h := range hits {
		k := model.KindOfSearch(h.Kind)
		if k == nil || !k.Node || records[k][h.ID] == nil {
			continue
		}
		kept = append(kept, h)
		nodes = append(nodes, hitNode{record: records[k][h.ID], write: make([]func(any) error, len(fields))})
		rows[k] = append(rows[k], records[k][h.ID])
	}
	for i := range fields {
		if fields[i].Name != "node" {
			continue
		}
		writers := map[*model.Kind]func(any) error{}
		for k, rs := range rows {
			w, err := nodeTypes[k].preparer(x, rs, fields[i].Selections)
			if err != nil {
				return nil, nil, err
			}
			writers[k] = w
		}
		for j, h := range kept {
			nodes[j].write[i] = writers[model.KindOfSearch(h.Kind)]
		}
	}
	return kept, nodes, nil
}

// netEdge is an edge of the graph view with its citation's id.
type netEdge struct {
	edge     *gqlmodel.NetworkEdge
	citation *int64
}

// rootGraph is graph(from, depth, kinds): the neighbourhood read by the model, the
// view built by graph.NewNetworkGraph.
func rootGraph(x *exec, f *graphql.CollectedField) error {
	args := x.args(f)
	from, ok := args["from"].(string)
	if !ok {
		return decline()
	}
	depth, ok := intArg(args["depth"])
	if !ok {
		return decline()
	}
	d := 1
	if depth != nil {
		d = *depth
	}
	if d < 1 || d > model.MaxNetworkDepth {
		return decline()
	}
	kinds, ok := enumsArg[model.RelationshipKind](args["kinds"])
	if !ok {
		return decline()
	}
	_, ref, _, err := subjectByGlobalID(x, from)
	if err != nil {
		return err
	}
	nodes, edges, truncated, err := model.Neighbourhood(x.ctx, loaders.For(x.ctx).DB(), ref, d, kinds)
	if err != nil {
		return decline()
	}
	view, kept := graph.NewNetworkGraph(nodes, edges, truncated)
	netEdges := make([]*netEdge, len(view.Edges))
	for i, e := range view.Edges {
		netEdges[i] = &netEdge{edge: e, citation: kept[i].CitationID}
	}

	fields := x.fields(f.Selections, []string{"NetworkGraph"})
	writers := make([]func() error, len(fields))
	for i := range fields {
		c := &fields[i]
		switch c.Name {
		case "__typename":
			writers[i] = func() error { x.str("NetworkGraph"); return nil }
		case "truncated":
			writers[i] = func() error { x.boolean(view.Truncated); return nil }
		case "nodes":
			w, err := networkNodes(x, c)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, view.Nodes, w) }
		case "edges":
			w, err := networkEdges(x, c, netEdges)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, netEdges, w) }
		default:
			return decline()
		}
	}
	return x.writeObject(fields, func(i int) error { return writers[i]() })
}

func networkNodes(x *exec, f *graphql.CollectedField) (func(*gqlmodel.NetworkNode) error, error) {
	fields := x.fields(f.Selections, []string{"NetworkNode"})
	for i := range fields {
		switch fields[i].Name {
		case "__typename", "id", "label", "kind", "kindLabel", "slug", "depth":
		default:
			return nil, decline()
		}
	}
	return func(n *gqlmodel.NetworkNode) error {
		return x.writeObject(fields, func(i int) error {
			c := &fields[i]
			switch c.Name {
			case "__typename":
				x.str("NetworkNode")
			case "id":
				x.str(n.ID)
			case "label":
				x.str(n.Label)
			case "kind":
				x.str(string(n.Kind))
			case "kindLabel":
				l, err := x.langOf(c)
				if err != nil {
					return err
				}
				x.str(model.LabelOf("NetworkNodeKind", string(n.Kind), *l))
			case "slug":
				x.str(n.Slug)
			case "depth":
				x.integer(int64(n.Depth))
			}
			return nil
		})
	}, nil
}

func networkEdges(x *exec, f *graphql.CollectedField, edges []*netEdge) (func(*netEdge) error, error) {
	fields := x.fields(f.Selections, []string{"NetworkEdge"})
	citations := make([]func(*netEdge) error, len(fields))
	for i := range fields {
		switch fields[i].Name {
		case "__typename", "id", "source", "target", "kind", "kindLabel", "origin", "label", "since", "until", "amountEur":
		case "citation":
			w, err := toOne(citationType, func(e *netEdge) *int64 { return e.citation }, true)(x, edges, &fields[i])
			if err != nil {
				return nil, err
			}
			citations[i] = w
		default:
			return nil, decline()
		}
	}
	return func(ne *netEdge) error {
		e := ne.edge
		return x.writeObject(fields, func(i int) error {
			c := &fields[i]
			var err error
			switch c.Name {
			case "__typename":
				x.str("NetworkEdge")
			case "id":
				x.str(e.ID)
			case "source":
				x.str(e.Source)
			case "target":
				x.str(e.Target)
			case "kind":
				x.str(string(e.Kind))
			case "kindLabel":
				var l *model.Lang
				if l, err = x.langOf(c); err == nil {
					x.str(model.LabelOf("RelationshipKind", string(e.Kind), *l))
				}
			case "origin":
				x.str(string(e.Origin))
			case "label":
				var l *model.Lang
				if l, err = x.langOf(c); err == nil {
					x.optStr(e.Labels.Opt(*l))
				}
			case "since":
				x.optDate(e.Since)
			case "until":
				x.optDate(e.Until)
			case "amountEur":
				err = x.optFloat(e.AmountEur)
			case "citation":
				err = citations[i](ne)
			}
			if err != nil {
				return err
			}
			return nil
		})
	}, nil
}
