package loaders

import (
	"context"
	"errors"
	"sync"

	"github.com/vikstrous/dataloadgen"
)

// Loader is a dataloadgen loader that can also be filled ahead of time. Outside a
// queueing context it behaves as the dataloadgen loader it wraps: keys asked within
// Wait of each other share one batch. Inside a queueing context (see Queueing) Load
// and LoadThunk only record the key; Flush then runs the batch of every loader of the
// queue at once and primes the loaders with the results, so that the resolvers asking
// for these keys afterwards find them without waiting for a batch window.
type Loader[K comparable, V any] struct {
	inner *dataloadgen.Loader[K, V]
	fetch func(ctx context.Context, keys []K) (map[K]V, error)

	mu    sync.Mutex
	known map[K]struct{} // keys asked of inner or primed: Flush skips them
}

// NewLoader builds a loader on fetch, which returns the values it found by key: keys
// absent from its map get the zero value (nil, an empty list, 0), never an error.
func NewLoader[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) *Loader[K, V] {
	l := &Loader[K, V]{fetch: fetch, known: map[K]struct{}{}}
	l.inner = dataloadgen.NewLoader(func(ctx context.Context, keys []K) ([]V, []error) {
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
	return l
}

// Load returns the value of key (the zero value for a key that matches nothing). In a
// queueing context it records the key and returns the zero value at once.
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	return l.LoadThunk(ctx, key)()
}

// LoadThunk starts loading key and returns a function that waits for its value. In a
// queueing context it records the key and the function returns the zero value.
func (l *Loader[K, V]) LoadThunk(ctx context.Context, key K) func() (V, error) {
	if q := queueOf(ctx); q != nil {
		enqueue(q, l, ctx, key)
		return zeroThunk[V]
	}
	l.mu.Lock()
	l.known[key] = struct{}{}
	l.mu.Unlock()
	return l.inner.LoadThunk(ctx, key)
}

func zeroThunk[V any]() (V, error) {
	var zero V
	return zero, nil
}

// unknown returns the keys that have been neither asked nor primed yet.
func (l *Loader[K, V]) unknown(keys []K) []K {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := keys[:0:0]
	for _, k := range keys {
		if _, ok := l.known[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// prime fetches keys in one batch and primes the loader with every result (the zero
// value for keys that match nothing). On error nothing is primed: the resolvers will
// ask again through the batch window and get the error there.
func (l *Loader[K, V]) prime(ctx context.Context, keys []K) {
	keys = l.unknown(keys)
	if len(keys) == 0 {
		return
	}
	defer func() { _ = recover() }() // a panicking fetch will panic again, and be reported, on the normal path
	for start := 0; start < len(keys); start += BatchCapacity {
		chunk := keys[start:min(start+BatchCapacity, len(keys))]
		found, err := l.fetch(ctx, chunk)
		if err != nil {
			return
		}
		l.mu.Lock()
		for _, k := range chunk {
			l.known[k] = struct{}{}
		}
		l.mu.Unlock()
		for _, k := range chunk {
			l.inner.Prime(k, found[k])
		}
	}
}

// Load runs loader for key and turns "not found" into the zero value. In a queueing
// context it records the key and returns the zero value without waiting.
func Load[K comparable, V any](ctx context.Context, loader *Loader[K, V], key K) (V, error) {
	v, err := loader.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}

// queue collects the keys asked in a queueing context, per loader, in order.
type queue struct {
	mu      sync.Mutex
	byOwner map[any]flusher // *Loader[K, V] -> *pending[K, V]
	order   []flusher
}

// flusher is the pending batch of one loader.
type flusher interface{ flush() }

// pending is the batch of keys recorded for one loader, with the context of the first.
type pending[K comparable, V any] struct {
	loader *Loader[K, V]
	ctx    context.Context
	keys   []K
	seen   map[K]struct{}
}

func (p *pending[K, V]) flush() {
	p.loader.prime(context.WithValue(p.ctx, queueKey{}, (*queue)(nil)), p.keys)
}

// enqueue records key in q's batch for loader l.
func enqueue[K comparable, V any](q *queue, l *Loader[K, V], ctx context.Context, key K) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p, ok := q.byOwner[l].(*pending[K, V])
	if !ok {
		p = &pending[K, V]{loader: l, ctx: ctx, seen: map[K]struct{}{}}
		q.byOwner[l] = p
		q.order = append(q.order, p)
	}
	if _, dup := p.seen[key]; !dup {
		p.seen[key] = struct{}{}
		p.keys = append(p.keys, key)
	}
}

type queueKey struct{}

func queueOf(ctx context.Context) *queue {
	q, _ := ctx.Value(queueKey{}).(*queue)
	return q
}

// Queueing returns a context in which loads are only recorded (they return the zero
// value at once); Flush then runs them, one batch per loader.
func Queueing(ctx context.Context) context.Context {
	return context.WithValue(ctx, queueKey{}, &queue{byOwner: map[any]flusher{}})
}

// IsQueueing reports whether ctx only records loads (see Queueing).
func IsQueueing(ctx context.Context) bool { return queueOf(ctx) != nil }

// Flush runs the loads recorded in the queueing context ctx: one batch per loader, the
// loaders in parallel, and returns when every loader is primed with its results (and,
// through the lookahead of each batch, the levels below them).
func Flush(ctx context.Context) {
	q := queueOf(ctx)
	if q == nil {
		return
	}
	q.mu.Lock()
	batches := q.order
	q.order, q.byOwner = nil, map[any]flusher{}
	q.mu.Unlock()
	switch len(batches) {
	case 0:
	case 1:
		batches[0].flush()
	default:
		var wg sync.WaitGroup
		for _, b := range batches[1:] {
			wg.Add(1)
			go func() { defer wg.Done(); b.flush() }()
		}
		batches[0].flush()
		wg.Wait()
	}
}

// Prefill runs queue in a queueing context, where the loads it asks for are only
// recorded, then runs them: one statement per loader, side by side. Loads of the same
// keys afterwards return at once from the loaders' caches.
func Prefill(ctx context.Context, queue func(ctx context.Context)) {
	q := Queueing(ctx)
	queue(q)
	Flush(q)
}
