package loaders

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"

	"github.com/reindustrie/observatory/model"
)

// newLoader wraps a fetch that returns a map: keys absent from the map get the zero value
// (nil, an empty list, 0), never an error.
func newLoader[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) *dataloadgen.Loader[K, V] {
	return dataloadgen.NewLoader(func(ctx context.Context, keys []K) ([]V, []error) {
		found, err := fetch(ctx, keys)
		out := make([]V, len(keys))
		if err != nil {
			errs := make([]error, len(keys))
			for i := range errs {
				errs[i] = err
			}
			return out, errs
		}
		for i, k := range keys {
			out[i] = found[k]
		}
		return out, nil
	}, dataloadgen.WithWait(Wait), dataloadgen.WithBatchCapacity(BatchCapacity))
}

func byID[T any](l *Loaders, id func(*T) int64) *dataloadgen.Loader[int64, *T] {
	return newLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
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

func bySlug[T any](l *Loaders, slug func(*T) string) *dataloadgen.Loader[string, *T] {
	return newLoader(func(ctx context.Context, slugs []string) (map[string]*T, error) {
		rows, err := model.BySlugs[T](ctx, l.db, slugs)
		if err != nil {
			return nil, err
		}
		l.lookahead(ctx, pointers(rows))
		out := make(map[string]*T, len(rows))
		for i := range rows {
			out[slug(&rows[i])] = &rows[i]
		}
		return out, nil
	})
}

func byParent[T any](l *Loaders, column, order string, parent func(*T) int64) *dataloadgen.Loader[int64, []*T] {
	return newLoader(func(ctx context.Context, parents []int64) (map[int64][]*T, error) {
		rows, err := model.ByColumn[T](ctx, l.db, column, parents, order)
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

type queueKey struct{}

// Queueing returns a context in which Load only queues its key and returns at once
// with the zero value: the prefetcher runs resolvers in it to fill the next batch.
func Queueing(ctx context.Context) context.Context { return context.WithValue(ctx, queueKey{}, true) }

// IsQueueing reports whether ctx only queues loads (see Queueing).
func IsQueueing(ctx context.Context) bool { return ctx.Value(queueKey{}) != nil }

// Load runs loader for key and turns "not found" into nil. In a Queueing context it
// queues the key and returns the zero value without waiting.
func Load[K comparable, V any](ctx context.Context, loader *dataloadgen.Loader[K, V], key K) (V, error) {
	if IsQueueing(ctx) {
		loader.LoadThunk(ctx, key)
		var zero V
		return zero, nil
	}
	v, err := loader.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}
