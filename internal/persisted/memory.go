package persisted

import (
	"container/list"
	"context"
	"sync"
)

// DefaultMemoryBytes bounds the in-memory store: 16 MiB of query text.
const DefaultMemoryBytes = 16 << 20

// Memory is an in-process Store bounded in bytes: when a new text does not fit, the
// least recently used ones are dropped. Safe for concurrent use.
type Memory struct {
	maxBytes int

	mu    sync.Mutex
	bytes int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type entry struct {
	key, value string
}

// NewMemory returns a store of at most maxBytes of keys and texts (0: DefaultMemoryBytes).
func NewMemory(maxBytes int) *Memory {
	if maxBytes <= 0 {
		maxBytes = DefaultMemoryBytes
	}
	return &Memory{maxBytes: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

var _ Store = (*Memory)(nil)

func size(e *entry) int { return len(e.key) + len(e.value) }

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.items[key]
	if !ok {
		return "", false
	}
	m.order.MoveToFront(el)
	return el.Value.(*entry).value, true
}

// Add implements Store. A text larger than the whole store is not kept.
func (m *Memory) Add(_ context.Context, key, value string) {
	e := &entry{key: key, value: value}
	if size(e) > m.maxBytes {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.items[key]; ok {
		m.bytes -= size(el.Value.(*entry))
		el.Value = e
		m.bytes += size(e)
		m.order.MoveToFront(el)
	} else {
		m.items[key] = m.order.PushFront(e)
		m.bytes += size(e)
	}
	for m.bytes > m.maxBytes {
		last := m.order.Back()
		old := last.Value.(*entry)
		m.order.Remove(last)
		delete(m.items, old.key)
		m.bytes -= size(old)
	}
}

// Bytes returns the bytes held (keys and texts).
func (m *Memory) Bytes() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// Len returns the number of texts held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}
