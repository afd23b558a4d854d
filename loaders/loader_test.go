package loaders_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/reindustrie/observatory/loaders"
)

// recorder is a fetch that remembers each batch it was asked for.
type recorder struct {
	mu      sync.Mutex
	batches [][]int
	fail    bool
}

func (r *recorder) fetch(_ context.Context, keys []int) (map[int]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = append(r.batches, slices.Clone(keys))
	if r.fail {
		return nil, errors.New("database down")
	}
	out := map[int]string{}
	for _, k := range keys {
		if k%2 == 0 { // odd keys match nothing
			out[k] = "v" + string(rune('0'+k))
		}
	}
	return out, nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.batches)
}

func TestQueuedLoadsRunAsOneBatchPerLoaderAndArePrimed(t *testing.T) {
	ctx := context.Background()
	a, b := &recorder{}, &recorder{}
	la, lb := loaders.NewLoader(a.fetch), loaders.NewLoader(b.fetch)

	loaders.Prefill(ctx, func(q context.Context) {
		for _, k := range []int{2, 4, 2, 3} {
			if v, err := la.Load(q, k); v != "" || err != nil {
				t.Errorf("a queued load returns at once with the zero value, got %q, %v", v, err)
			}
		}
		lb.Load(q, 6)
	})
	if len(a.batches) != 1 || !slices.Equal(a.batches[0], []int{2, 4, 3}) || len(b.batches) != 1 || !slices.Equal(b.batches[0], []int{6}) {
		t.Fatalf("batches: a %v, b %v; want one batch each, keys deduplicated in order", a.batches, b.batches)
	}
	for k, want := range map[int]string{2: "v2", 4: "v4", 3: ""} {
		if v, err := la.Load(ctx, k); v != want || err != nil {
			t.Errorf("Load(%d) = %q, %v; want %q from the primed cache", k, v, err, want)
		}
	}
	if a.count() != 1 {
		t.Errorf("primed keys were fetched again: %v", a.batches)
	}

	// Keys already known are not fetched again by a later prefill.
	loaders.Prefill(ctx, func(q context.Context) { la.Load(q, 2); la.Load(q, 8) })
	if got := a.batches[len(a.batches)-1]; !slices.Equal(got, []int{8}) {
		t.Errorf("second prefill fetched %v, want only the new key [8]", got)
	}
}

func TestAFailedPrefillLeavesTheErrorToTheNormalPath(t *testing.T) {
	ctx := context.Background()
	r := &recorder{fail: true}
	l := loaders.NewLoader(r.fetch)
	loaders.Prefill(ctx, func(q context.Context) { l.Load(q, 2) })
	if _, err := l.Load(ctx, 2); err == nil {
		t.Fatal("a key whose prefill failed must give the error when loaded, not a primed zero value")
	}
	if r.count() != 2 {
		t.Errorf("fetches = %d, want the failed prefill and one retry through the batch window", r.count())
	}
}

func TestLoadsOutsideAQueueAreBatchedAsBefore(t *testing.T) {
	ctx := context.Background()
	r := &recorder{}
	l := loaders.NewLoader(r.fetch)
	var wg sync.WaitGroup
	for _, k := range []int{2, 4, 6} {
		wg.Add(1)
		go func() { defer wg.Done(); l.Load(ctx, k) }()
	}
	wg.Wait()
	if r.count() > 2 {
		t.Errorf("three concurrent loads made %d batches", r.count())
	}
	if v, _ := loaders.Load(ctx, l, 4); v != "v4" {
		t.Errorf("Load(4) = %q", v)
	}
}
