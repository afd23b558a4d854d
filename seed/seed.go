// Package seed holds the observatory's curated dataset and the code that validates it
// and loads it into the database.
//
// The dataset is a set of YAML files in data/, one per kind of record, embedded in the
// binary with copies of the source documents they cite (documents/). Every figure
// carries a citation whose quote must be found, word for word, in its document: this
// is what lets the API answer "who says so?". Loading validates everything first
// (unknown fields, references, units, dates, enumerations, quotes, duplicate slugs) and
// writes nothing when anything is wrong; then it writes everything in one transaction,
// upserting by slug so that reloading keeps every id.
package seed

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

//go:embed data/*.yaml documents/*.txt
var embedded embed.FS

// Files returns the embedded dataset: data/*.yaml and documents/*.txt.
func Files() fs.FS { return embedded }

// Report says what a load wrote.
type Report struct {
	// Counts is the number of records written per table (sources, citations,
	// territories, observations...). Administrative territories created by the
	// geography are not counted.
	Counts   map[string]int
	Duration time.Duration
	// Conflicts are the fields of the curated records an editor changed where the
	// dataset says otherwise: the editor's values were kept.
	Conflicts []model.DatasetConflict
}

func (r Report) String() string {
	names := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%d", k, r.Counts[k])
	}
	return fmt.Sprintf("seed loaded in %s: %s", r.Duration.Round(time.Millisecond), strings.Join(parts, " "))
}

// Load validates the embedded dataset and writes it in one transaction.
func Load(ctx context.Context, db *gorm.DB) (Report, error) { return LoadFS(ctx, db, embedded) }

// LoadFS validates the dataset of fsys (same layout as the embedded one: data/*.yaml and
// documents/*.txt) and writes it in one transaction. Invalid data gives a
// *ValidationError and leaves the database untouched.
func LoadFS(ctx context.Context, db *gorm.DB, fsys fs.FS) (Report, error) {
	start := time.Now()
	p, err := validateFS(fsys)
	if err != nil {
		return Report{}, err
	}
	w := &writer{
		p: p, counts: map[string]int{},
		citations: map[citeKey]int64{}, territories: map[string]territoryInfo{},
		companyName: map[string]string{}, programmes: map[string]int64{},
	}
	err = model.InTransaction(ctx, db, func(tx *gorm.DB) error {
		w.tx = tx
		return w.write(ctx)
	})
	if err != nil {
		return Report{}, err
	}
	return Report{Counts: w.counts, Duration: time.Since(start), Conflicts: w.conflicts}, nil
}

// Validate reads and checks the dataset of fsys without touching any database. It
// returns a *ValidationError listing the problems found. (References to administrative
// territories are checked against the geography only when loading.)
func Validate(fsys fs.FS) error {
	_, err := validateFS(fsys)
	return err
}

func validateFS(fsys fs.FS) (*plan, error) {
	var ps problems
	d := readData(fsys, &ps)
	p := validate(d, &ps)
	if err := ps.asError(); err != nil {
		return nil, err
	}
	return p, nil
}
