package loaders

import (
	"context"

	"github.com/reindustrie/observatory/model"
)

func byID[T any](l *Loaders, id func(*T) int64) *Loader[int64, *T] {
	return NewLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		rows, err := model.ByIDs[T](ctx, l.db, ids)
		if err != nil {
			return nil, err
		}
		l.lookahead(ctx, pointers(rows))
		out := make(map[int64]*T, len(rows))
		for i := range rows {
			out[id(&rows[i])] = &rows[i]
		}
		return out, nil
	})
}

// byParent loads a one-to-many relation of table, at most model.MaxRelationRows rows
// for each parent.
func byParent[T any](l *Loaders, table, column, order string, parent func(*T) int64) *Loader[int64, []*T] {
	return NewLoader(func(ctx context.Context, parents []int64) (map[int64][]*T, error) {
		rows, err := model.ByColumn[T](ctx, l.db, table, column, parents, order, model.MaxRelationRows)
		if err != nil {
			return nil, err
		}
		l.lookahead(ctx, pointers(rows))
		out := make(map[int64][]*T, len(parents))
		for i := range rows {
			p := parent(&rows[i])
			out[p] = append(out[p], &rows[i])
		}
		return out, nil
	})
}

func pointers[T any](rows []T) []*T {
	out := make([]*T, len(rows))
	for i := range rows {
		out[i] = &rows[i]
	}
	return out
}
