package loaders

import (
	"sync"
	"testing"
)

// The loaders of a request are made on first use, once, whatever the number of
// resolvers asking for them at the same time.
func TestLoadersMadeOnFirstUse(t *testing.T) {
	l := New(nil, nil)
	if l.lz.SiteByID.ld != nil || l.lz.ObservationsBySubject.ld != nil {
		t.Fatal("New built loaders before any use")
	}
	const n = 16
	got := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = l.SiteByID()
		}()
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] || got[i] == nil {
			t.Fatalf("call %d got another loader (%p, first %p)", i, got[i], got[0])
		}
	}
	if l.lz.ObservationsBySubject.ld != nil || l.lz.TerritoryByID.ld != nil {
		t.Fatal("asking for one loader built others")
	}
	if l.ObservationsBySubject() != l.ObservationsBySubject() {
		t.Fatal("a second call built another loader")
	}
}
