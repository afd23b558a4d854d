package loaders

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"
	"gorm.io/gorm"

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

func byID[T any](db *gorm.DB, id func(*T) int64) *dataloadgen.Loader[int64, *T] {
	return newLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		rows, err := model.ByIDs[T](ctx, db, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[int64]*T, len(rows))
		for i := range rows {
			out[id(&rows[i])] = &rows[i]
		}
		return out, nil
	})
}

func bySlug[T any](db *gorm.DB, slug func(*T) string) *dataloadgen.Loader[string, *T] {
	return newLoader(func(ctx context.Context, slugs []string) (map[string]*T, error) {
		rows, err := model.BySlugs[T](ctx, db, slugs)
		if err != nil {
			return nil, err
		}
		out := make(map[string]*T, len(rows))
		for i := range rows {
			out[slug(&rows[i])] = &rows[i]
		}
		return out, nil
	})
}

func byParent[T any](db *gorm.DB, column, order string, parent func(*T) int64) *dataloadgen.Loader[int64, []*T] {
	return newLoader(func(ctx context.Context, parents []int64) (map[int64][]*T, error) {
		rows, err := model.ByColumn[T](ctx, db, column, parents, order)
		if err != nil {
			return nil, err
		}
		out := make(map[int64][]*T, len(parents))
		for i := range rows {
			p := parent(&rows[i])
			out[p] = append(out[p], &rows[i])
		}
		return out, nil
	})
}

// Load runs loader for key and turns "not found" into nil.
func Load[K comparable, V any](ctx context.Context, loader *dataloadgen.Loader[K, V], key K) (V, error) {
	v, err := loader.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}
