package loaders

import (
	"context"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// PageKey asks for one page of a nested connection: the children of Parent of kind Kind
// (or all), after the cursor After, at most Limit rows (the loader reads one more to
// know whether a next page exists).
type PageKey struct {
	Parent int64
	Kind   string
	After  string
	Limit  int
}

// CountKey asks for the total size of a nested connection.
type CountKey struct {
	Parent int64
	Kind   string
}

type pageGroup struct {
	kind, after string
	limit       int
}

func groupPages(keys []PageKey) map[pageGroup][]int64 {
	groups := map[pageGroup][]int64{}
	for _, k := range keys {
		g := pageGroup{k.Kind, k.After, k.Limit}
		groups[g] = append(groups[g], k.Parent)
	}
	return groups
}

func windowed[T any](ctx context.Context, l *Loaders, keys []PageKey, table, parentCol string, order model.Order, kindCol string, parentOf func(*T) int64) (map[PageKey][]*T, error) {
	out := make(map[PageKey][]*T, len(keys))
	var all []*T
	for g, parents := range groupPages(keys) {
		w := model.Window{Table: table, Parent: parentCol, Order: order, Limit: g.limit + 1}
		if g.after != "" {
			c, err := model.DecodeCursor(g.after)
			if err != nil {
				return nil, err
			}
			w.After = c
		}
		if g.kind != "" {
			kind := g.kind
			w.Scope = model.ColumnIs(kindCol, kind)
		}
		rows, err := model.LimitedByParent[T](ctx, l.db, w, parents)
		if err != nil {
			return nil, err
		}
		for i := range rows {
			k := PageKey{parentOf(&rows[i]), g.kind, g.after, g.limit}
			out[k] = append(out[k], &rows[i])
			all = append(all, &rows[i])
		}
	}
	l.lookahead(ctx, all)
	return out, nil
}

func counted(ctx context.Context, db *gorm.DB, keys []CountKey, table, parentCol, kindCol string) (map[CountKey]int64, error) {
	groups := map[string][]int64{}
	for _, k := range keys {
		groups[k.Kind] = append(groups[k.Kind], k.Parent)
	}
	out := make(map[CountKey]int64, len(keys))
	for kind, parents := range groups {
		var scope model.Scope
		if kind != "" {
			scope = model.ColumnIs(kindCol, kind)
		}
		counts, err := model.CountByColumn(ctx, db, table, parentCol, parents, scope)
		if err != nil {
			return nil, err
		}
		for _, p := range parents {
			out[CountKey{p, kind}] = counts[p]
		}
	}
	return out, nil
}

func (l *Loaders) territoryChildren(ctx context.Context, keys []PageKey) (map[PageKey][]*model.Territory, error) {
	return windowed(ctx, l, keys, "territories", "parent_id", model.OrderByName, "kind",
		func(t *model.Territory) int64 { return deref(t.ParentID) })
}

func (l *Loaders) territoryChildrenCount(ctx context.Context, keys []CountKey) (map[CountKey]int64, error) {
	return counted(ctx, l.db, keys, "territories", "parent_id", "kind")
}

func (l *Loaders) territorySites(ctx context.Context, keys []PageKey) (map[PageKey][]*model.Site, error) {
	return windowed(ctx, l, keys, "sites", "territory_id", model.OrderByName, "status",
		func(s *model.Site) int64 { return s.TerritoryID })
}

func (l *Loaders) territorySitesCount(ctx context.Context, keys []CountKey) (map[CountKey]int64, error) {
	return counted(ctx, l.db, keys, "sites", "territory_id", "status")
}
