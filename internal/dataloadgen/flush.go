package dataloadgen

// Flush is the one addition of this copy of github.com/vikstrous/dataloadgen v0.0.10
// (see FORK.md): it runs the batch being collected now, instead of when its wait
// ends. The observatory's lookahead queues every key of a level at once, from one
// goroutine, then flushes: a level costs one statement and no waiting.
func (l *Loader[KeyT, ValueT]) Flush() {
	l.mu.Lock()
	b := l.batch
	if b == nil || b.fetchExecuted {
		l.mu.Unlock()
		return
	}
	// The batch's timer goroutine sees fetchExecuted and returns.
	b.fetchExecuted = true
	l.batch = nil
	l.mu.Unlock()
	go func() {
		b.results, b.errors = l.safeFetch(b.firstContext, b.keys)
		close(b.done)
	}()
}
