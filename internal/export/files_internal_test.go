package export

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestAFirstBuildServesEachFileWhenReady: while the first build runs (many minutes at
// national scale), a request for one file gets it as soon as that file is written, not
// when the whole build ends; a file the build never writes is its error, or the
// request's own deadline.
func TestAFirstBuildServesEachFileWhenReady(t *testing.T) {
	b := &build{done: make(chan struct{}), files: map[string]File{}, changed: make(chan struct{})}
	got := make(chan File, 1)
	go func() {
		f, err := b.wait(context.Background(), "fr-metrics.csv")
		if err != nil {
			t.Error(err)
		}
		got <- f
	}()
	b.add("fr-sources.csv", File{Path: "sources"})
	b.add("fr-metrics.csv", File{Path: "metrics", Size: 918})
	select {
	case f := <-got:
		if f.Path != "metrics" || f.Size != 918 {
			t.Errorf("got %+v", f)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the file written was not served while the build still runs")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := b.wait(ctx, "fr-observations.csv"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a file not written yet, past the request's deadline: %v", err)
	}

	b.err = errors.New("the database went away")
	close(b.done)
	if _, err := b.wait(context.Background(), "fr-observations.csv"); err != b.err {
		t.Errorf("a file the failed build never wrote: %v", err)
	}
	if f, err := b.wait(context.Background(), "fr-sources.csv"); err != nil || f.Path != "sources" {
		t.Errorf("a file written before the failure: %+v %v", f, err)
	}
}
