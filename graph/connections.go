package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// nestedPage resolves a nested connection through its page and count loaders: one
// statement per distinct (arguments) for the page of every parent, one more for the
// counts if totalCount is asked.
func nestedPage[T any](ctx context.Context, pages *loaders.Loader[loaders.PageKey, []*T], counts *loaders.Loader[loaders.CountKey, int64],
	parent int64, kind string, first *int, after *string, order model.Order, idOf func(*T) int64,
) ([]*T, []string, *gqlmodel.PageInfo, gqlmodel.Counter, error) {
	args := model.PageArgs{First: first, After: after}
	size, err := args.Size()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if _, err := args.Cursor(); err != nil {
		return nil, nil, nil, nil, err
	}
	key := loaders.PageKey{Parent: parent, Kind: kind, Limit: size}
	if after != nil {
		key.After = *after
	}
	// Queue the count (when selected) in the same batch phase as the page: gqlgen
	// resolves totalCount only after the nodes subtree, when parents with and without
	// nodes would no longer share a batch.
	countKey := loaders.CountKey{Parent: parent, Kind: kind}
	var countThunk func() (int64, error)
	if selects(ctx, "totalCount") {
		countThunk = counts.LoadThunk(ctx, countKey)
	}
	rows, err := loaders.Load(ctx, pages, key)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	hasNext := len(rows) > size
	if hasNext {
		rows = rows[:size]
	}
	cursors := make([]string, len(rows))
	for i, row := range rows {
		cursors[i] = order.CursorOf(row, idOf(row)).Encode()
	}
	count := func(ctx context.Context) (int64, error) {
		if countThunk != nil {
			return countThunk()
		}
		return loaders.Load(ctx, counts, countKey)
	}
	return rows, cursors, pageInfo(cursors, hasNext, key.After != ""), count, nil
}

// selects reports whether the current field's selection set asks for name.
func selects(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectAllFields(ctx) {
		if f == name {
			return true
		}
	}
	return false
}

// edges pairs each row with its cursor.
func edges[T, E any](rows []*T, cursors []string, edge func(cursor string, node *T) E) []E {
	out := make([]E, len(rows))
	for i := range rows {
		out[i] = edge(cursors[i], rows[i])
	}
	return out
}

func territoryConnection(rows []*model.Territory, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.TerritoryConnection {
	return &gqlmodel.TerritoryConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Territory) *gqlmodel.TerritoryEdge {
		return &gqlmodel.TerritoryEdge{Cursor: c, Node: n}
	})}
}

func siteConnection(rows []*model.Site, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.SiteConnection {
	return &gqlmodel.SiteConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Site) *gqlmodel.SiteEdge {
		return &gqlmodel.SiteEdge{Cursor: c, Node: n}
	})}
}

func companyConnection(rows []*model.Company, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.CompanyConnection {
	return &gqlmodel.CompanyConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Company) *gqlmodel.CompanyEdge {
		return &gqlmodel.CompanyEdge{Cursor: c, Node: n}
	})}
}

func programmeConnection(rows []*model.Programme, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.FundingProgrammeConnection {
	return &gqlmodel.FundingProgrammeConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Programme) *gqlmodel.FundingProgrammeEdge {
		return &gqlmodel.FundingProgrammeEdge{Cursor: c, Node: n}
	})}
}

func subsidyConnection(rows []*model.Subsidy, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.SubsidyConnection {
	return &gqlmodel.SubsidyConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Subsidy) *gqlmodel.SubsidyEdge {
		return &gqlmodel.SubsidyEdge{Cursor: c, Node: n}
	})}
}

func observationConnection(rows []*model.Observation, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.ObservationConnection {
	return &gqlmodel.ObservationConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Observation) *gqlmodel.ObservationEdge {
		return &gqlmodel.ObservationEdge{Cursor: c, Node: n}
	})}
}

func sourceConnection(rows []*model.Source, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.SourceConnection {
	return &gqlmodel.SourceConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Source) *gqlmodel.SourceEdge {
		return &gqlmodel.SourceEdge{Cursor: c, Node: n}
	})}
}

func eventConnection(rows []*model.Event, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.EventConnection {
	return &gqlmodel.EventConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Event) *gqlmodel.EventEdge {
		return &gqlmodel.EventEdge{Cursor: c, Node: n}
	})}
}

func relationshipConnection(rows []*model.Relationship, cursors []string, pi *gqlmodel.PageInfo, count gqlmodel.Counter) *gqlmodel.RelationshipConnection {
	return &gqlmodel.RelationshipConnection{Nodes: rows, PageInfo: pi, Count: count, Edges: edges(rows, cursors, func(c string, n *model.Relationship) *gqlmodel.RelationshipEdge {
		return &gqlmodel.RelationshipEdge{Cursor: c, Node: n}
	})}
}
