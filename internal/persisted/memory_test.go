package persisted

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestMemoryIsBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(10_000)
	text := strings.Repeat("x", 936) // 64-byte key + 936 = 1 000 bytes an entry
	for i := range 960 {
		key := fmt.Sprintf("%064d", i)
		m.Add(ctx, key, text)
		if m.Bytes() > 10_000 {
			t.Fatalf("after %d entries: %d bytes", i+1, m.Bytes())
		}
	}
	if m.Len() != 10 {
		t.Errorf("%d entries, want 10", m.Len())
	}
	if _, ok := m.Get(ctx, fmt.Sprintf("%064d", 0)); ok {
		t.Error("the oldest entry is still there")
	}
	if v, ok := m.Get(ctx, fmt.Sprintf("%064d", 959)); !ok || v != text {
		t.Error("the newest entry is gone")
	}
}

func TestMemoryDropsTheLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(300)
	m.Add(ctx, "a", strings.Repeat("a", 99))
	m.Add(ctx, "b", strings.Repeat("b", 99))
	m.Add(ctx, "c", strings.Repeat("c", 99))
	m.Get(ctx, "a") // a is used again: b is now the oldest
	m.Add(ctx, "d", strings.Repeat("d", 99))
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok := m.Get(ctx, key); ok != want {
			t.Errorf("%s present: %v, want %v", key, ok, want)
		}
	}
	m.Add(ctx, "huge", strings.Repeat("h", 400))
	if _, ok := m.Get(ctx, "huge"); ok || m.Len() != 3 {
		t.Errorf("a text larger than the store was kept, or evicted the others (%d left)", m.Len())
	}
	m.Add(ctx, "a", "short") // replacing an entry updates the byte count
	if m.Bytes() != 2*100+6 {
		t.Errorf("%d bytes", m.Bytes())
	}
}
