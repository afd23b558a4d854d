package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// The curated dataset follows the code (docs/operations.md, "Dataset updates"): the
// release a database holds is the last of its dataset releases; when the embedded
// release is newer, the server loads the dataset again on start. A load never
// overwrites a curated record that an editor changed: the editor's version is kept, and
// every field where the curated dataset says otherwise is listed as a conflict.

// Action says what EnsureCurrent did.
type Action string

// What EnsureCurrent may do.
const (
	// Seeded: the database was empty; the curated dataset was loaded.
	Seeded Action = "seeded"
	// Updated: the database held an older release; the curated records were updated.
	Updated Action = "updated"
	// Current: the database holds the embedded release (or a newer one); nothing written.
	Current Action = "current"
	// Synthetic: the database holds only synthetic data; it is left alone.
	Synthetic Action = "synthetic"
)

// Outcome is what EnsureCurrent did.
type Outcome struct {
	Action Action
	// From is the release the database held ("" for none); To the embedded one.
	From, To string
	// Report is the load's, for Seeded and Updated.
	Report Report
}

// EmbeddedRelease is the version and date of the embedded dataset's current release
// (the last of data/releases.yaml).
func EmbeddedRelease() (version, date string, err error) {
	var ps problems
	recs, ok := decodeFileOK[releaseRec](embedded, fileReleases, &ps)
	if !ok || len(recs) == 0 {
		if err := ps.asError(); err != nil {
			return "", "", err
		}
		return "", "", fmt.Errorf("seed: %s lists no release", fileReleases)
	}
	last := recs[len(recs)-1]
	return last.Version, last.Date, nil
}

// EnsureCurrent loads the embedded dataset into an empty database, and again into a
// database that holds curated records of an older release (or of none), keeping the
// records its editors changed (Report.Conflicts). A database that holds only synthetic
// data, or the embedded release already, is left alone.
func EnsureCurrent(ctx context.Context, db *gorm.DB) (Outcome, error) {
	embeddedVersion, _, err := EmbeddedRelease()
	if err != nil {
		return Outcome{}, err
	}
	st, err := model.ReadDatasetState(ctx, db)
	if err != nil {
		return Outcome{}, fmt.Errorf("seed: read the dataset release of the database: %w", err)
	}
	out := Outcome{From: st.Release, To: embeddedVersion}
	switch {
	case !st.HasSources:
		out.Action = Seeded
	case !st.HasCurated:
		out.Action = Synthetic
		return out, nil
	case st.Release != "" && CompareReleases(embeddedVersion, st.Release) <= 0:
		out.Action = Current
		return out, nil
	default:
		out.Action = Updated
	}
	out.Report, err = Load(ctx, db)
	return out, err
}

// EnsureSeeded loads the embedded dataset when the database has no source yet (a first
// start), and says whether it did. (EnsureCurrent also updates an older release.)
func EnsureSeeded(ctx context.Context, db *gorm.DB) (bool, error) {
	loaded, err := model.HasSources(ctx, db)
	if err != nil {
		return false, fmt.Errorf("seed: count sources: %w", err)
	}
	if loaded {
		return false, nil
	}
	if _, err := Load(ctx, db); err != nil {
		return false, err
	}
	return true, nil
}

// CompareReleases compares two release versions ("2026.12", "2027.1"), part by part,
// numerically where both parts are numbers: -1, 0 or 1.
func CompareReleases(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		if i >= len(pa) {
			return -1
		}
		if i >= len(pb) {
			return 1
		}
		x, errX := strconv.Atoi(pa[i])
		y, errY := strconv.Atoi(pb[i])
		switch {
		case errX == nil && errY == nil && x != y:
			if x < y {
				return -1
			}
			return 1
		case (errX != nil || errY != nil) && pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return 0
}

// keepEdited returns the curated rows to write: those of the records an editor wrote
// are left out (the editor's version is kept), and each field where the curated row
// differs from the stored one is recorded as a conflict.
func keepEdited[T any](w *writer, rows []T, slugOf func(*T) string) ([]T, error) {
	k := model.KindFor[T]()
	slugs := make([]string, len(rows))
	for i := range rows {
		slugs[i] = slugOf(&rows[i])
	}
	edited, err := model.EditedSlugs(w.tx, k, slugs)
	if err != nil || len(edited) == 0 {
		return rows, err
	}
	out := rows[:0:0]
	for i := range rows {
		slug := slugOf(&rows[i])
		if !edited[slug] {
			out = append(out, rows[i])
			continue
		}
		stored, err := model.BySlug[T](w.tx, slug)
		if err != nil {
			return nil, err
		}
		if stored == nil {
			out = append(out, rows[i])
			continue
		}
		diffs, err := fieldDiffs(w.tx, &rows[i], stored)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", k.Type, slug, err)
		}
		for _, d := range diffs {
			d.EntityType, d.EntitySlug = k.Type, slug
			w.conflicts = append(w.conflicts, d)
		}
		w.counts["kept_edited_"+k.Table]++
	}
	return out, nil
}

// fieldDiffs lists the public fields (as the audit trail names them) where the curated
// row and the stored one differ; the edit version is not compared.
func fieldDiffs(tx *gorm.DB, curated, stored any) ([]model.DatasetConflict, error) {
	c, err := model.PublicRecord(tx, curated)
	if err != nil {
		return nil, err
	}
	s, err := model.PublicRecord(tx, stored)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(c))
	for name := range c {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []model.DatasetConflict
	for _, name := range names {
		if name == "version" {
			continue
		}
		cj, err := json.Marshal(c[name])
		if err != nil {
			return nil, err
		}
		sj, err := json.Marshal(s[name])
		if err != nil {
			return nil, err
		}
		if string(cj) != string(sj) {
			out = append(out, model.DatasetConflict{Field: name, CuratedJSON: string(cj), KeptJSON: string(sj)})
		}
	}
	return out, nil
}

// writeConflicts replaces the list of conflicts with those of this load.
func (w *writer) writeConflicts() error {
	release := ""
	if n := len(w.p.releases); n > 0 {
		release = w.p.releases[n-1].Version
	}
	now := time.Now().UTC().Format(time.RFC3339)
	for i := range w.conflicts {
		w.conflicts[i].Release, w.conflicts[i].DetectedAt = release, now
	}
	w.counts["dataset_conflicts"] = len(w.conflicts)
	return model.ReplaceDatasetConflicts(w.tx, w.conflicts)
}
