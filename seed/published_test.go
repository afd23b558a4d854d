package seed_test

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/seed"
)

var updatePublished = flag.Bool("update-published", false,
	"rewrite seed/testdata/published.json from the data files (refused while a change has no corrections entry)")

// publishedFile is the snapshot of what the last release published: the preferred
// figure of every fact and the totals of the aggregates (see dataset.published).
const publishedFile = "testdata/published.json"

type publishedSnapshot struct {
	// Release is the version of the dataset the snapshot was taken of.
	Release string `json:"release"`
	// Published maps each key to its value.
	Published map[string]string `json:"published"`
	// Previous is the snapshot of the release before, kept so that the changes of the
	// current release stay checked against it.
	Previous *publishedSnapshot `json:"previous,omitempty"`
}

func readSnapshot(t *testing.T) publishedSnapshot {
	t.Helper()
	raw, err := os.ReadFile(publishedFile)
	if err != nil {
		t.Fatalf("read %s: %v", publishedFile, err)
	}
	var snap publishedSnapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatalf("decode %s: %v", publishedFile, err)
	}
	return snap
}

func writeSnapshot(t *testing.T, snap publishedSnapshot) {
	t.Helper()
	raw, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(publishedFile, append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPublishedChangesHaveCorrections: a preferred figure or a published total that
// changes (computed from the data files, compared with the committed snapshot of the
// release before) must have an entry in the corrections log of the current release
// naming its key: journalists may already have published the former number. Once every
// change has its entry, the snapshot is rewritten with -update-published.
func TestPublishedChangesHaveCorrections(t *testing.T) {
	d := readDataset(t, seed.Files())
	if len(d.releases) == 0 {
		t.Fatal("no release in releases.yaml")
	}
	release := d.releases[len(d.releases)-1].Version
	current := d.published()
	snap := readSnapshot(t)
	// The release before the current one, and what it published.
	before := snap
	if snap.Release == release && snap.Previous != nil {
		before = *snap.Previous
	}
	explained := map[string]bool{}
	for _, c := range d.corrections {
		if c.Release == release {
			for _, k := range c.Keys {
				explained[k] = true
			}
		}
	}
	changed := changedKeys(before.Published, current)
	var missing []string
	for _, k := range changed {
		if !explained[k] {
			missing = append(missing, k+"\n      was: "+orNone(before.Published[k])+"\n      now: "+orNone(current[k]))
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d published figures or totals changed since release %s without an entry of release %s in seed/data/corrections.yaml naming their key:\n  %s",
			len(missing), before.Release, release, strings.Join(missing, "\n  "))
	}
	if snap.Release == release && len(changedKeys(snap.Published, current)) == 0 {
		return
	}
	if !*updatePublished {
		t.Fatalf("the snapshot %s is not what release %s publishes (%d keys changed since release %s, each with its corrections entry): rewrite it with\n  go test ./seed -run TestPublishedChangesHaveCorrections -update-published",
			publishedFile, release, len(changed), before.Release)
	}
	prev := before
	prev.Previous = nil
	writeSnapshot(t, publishedSnapshot{Release: release, Published: current, Previous: &prev})
}

// TestCorrectionsNameRealKeys: every key an entry of the current release names is a
// key of the snapshot before or of the data now (no typo hides a change).
func TestCorrectionsNameRealKeys(t *testing.T) {
	d := readDataset(t, seed.Files())
	release := d.releases[len(d.releases)-1].Version
	current := d.published()
	snap := readSnapshot(t)
	before := snap.Published
	if snap.Release == release {
		before = map[string]string{}
		if snap.Previous != nil {
			before = snap.Previous.Published
		}
	}
	for _, c := range d.corrections {
		if c.Release != release {
			continue
		}
		for _, k := range c.Keys {
			_, now := current[k]
			_, then := before[k]
			if !now && !then && !strings.HasPrefix(k, "note:") {
				t.Errorf("correction %s names the key %q, which is not published (before or now)", c.Slug, k)
			}
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// TestWriteBaselineSnapshot writes the snapshot of another copy of the data files
// (BASELINE_DATA, a directory holding data/ and documents/) as the API counted
// before release 2026.12: every claim. It made the snapshot of the release before.
func TestWriteBaselineSnapshot(t *testing.T) {
	dir := os.Getenv("BASELINE_DATA")
	if dir == "" {
		t.Skip("BASELINE_DATA not set")
	}
	d := readDataset(t, os.DirFS(dir))
	writeSnapshot(t, publishedSnapshot{Release: os.Getenv("BASELINE_RELEASE"), Published: d.publishedAs(true)})
}

// TestCorrectionsAreInTheDocs: docs/corrections.md shows every entry of the log.
func TestCorrectionsAreInTheDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/corrections.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readDataset(t, seed.Files()).corrections {
		if !strings.Contains(string(doc), "`"+c.Slug+"`") {
			t.Errorf("docs/corrections.md does not show the entry %s", c.Slug)
		}
	}
}
