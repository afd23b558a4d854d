package seed_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

// tables are the tables the seed writes, to count their rows.
var tables = []string{
	"sources", "citations", "territories", "territory_memberships", "companies", "sites",
	"site_status_periods", "occupancies", "programmes", "subsidies", "metrics", "observations",
	"events", "event_subjects", "relationships", "breakdowns", "breakdown_totals", "dataset_releases", "corrections",
}

func rowCounts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range tables {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// idsBySlug returns slug → id for every table that has slugs.
func idsBySlug(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"sources", "territories", "companies", "sites", "occupancies", "programmes",
		"subsidies", "observations", "events", "relationships", "breakdowns"} {
		var rows []struct {
			ID   int64
			Slug string
		}
		if err := db.Table(table).Select("id, slug").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out[table+"/"+r.Slug] = r.ID
		}
	}
	var cites []model.Citation
	if err := db.Find(&cites).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range cites {
		out["citations/"+c.Quote+"|"+c.Locator] = c.ID
	}
	return out
}

func TestLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testdb.New(t)
	rep, err := seed.Load(ctx, s.DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	counts := rowCounts(t, s.DB)
	for _, table := range tables {
		if counts[table] == 0 {
			t.Errorf("table %s is empty after the load", table)
		}
	}
	for kind, n := range rep.Counts {
		if kind == "territories" {
			continue // the geography adds administrative territories
		}
		if counts[kind] != int64(n) {
			t.Errorf("report says %d %s, table has %d", n, kind, counts[kind])
		}
	}

	// The story core.
	var site model.Site
	if err := s.DB.Where("slug = ?", "bridgestone-bethune").First(&site).Error; err != nil {
		t.Fatal(err)
	}
	if site.Status != model.SiteReoccupied {
		t.Errorf("bridgestone-bethune status = %s, want the latest period's REOCCUPIED", site.Status)
	}
	if site.SearchText == "" || strings.ContainsAny(site.SearchText, "ÉéÈè") {
		t.Errorf("search_text %q is not folded", site.SearchText)
	}
	var jobs []model.Observation
	if err := s.DB.Where("claim = ?", "bridgestone-bethune/jobs-at-announcement").Order("value").Find(&jobs).Error; err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 || jobs[0].Value != 823 || jobs[1].Value != 863 || jobs[1].Rank != model.RankPreferred {
		t.Errorf("jobs-at-announcement claim = %+v, want 823 (NORMAL) and 863 (PREFERRED)", jobs)
	}
	var closures []model.Event
	if err := s.DB.Where("claim = ?", "bridgestone-bethune/closure-date").Order("date").Find(&closures).Error; err != nil {
		t.Fatal(err)
	}
	if len(closures) != 2 || closures[0].Date != "2021-04-30" || closures[1].Date != "2021-05-01" {
		t.Errorf("closure-date claim = %+v", closures)
	}
	var black model.Occupancy
	if err := s.DB.Where("slug = ?", "black-star-bridgestone-bethune").First(&black).Error; err != nil {
		t.Fatal(err)
	}
	if black.Since == nil || *black.Since != "2022-01-01" || black.SincePrecision == nil || *black.SincePrecision != model.PrecisionYear {
		t.Errorf("Black-Star since = %v %v, want 2022-01-01 YEAR", black.Since, black.SincePrecision)
	}
	var parts struct {
		N   int64
		Sum float64
	}
	if err := s.DB.Raw(`SELECT COUNT(*) AS n, SUM(o.value) AS sum FROM observations o
		JOIN breakdowns b ON b.subject_type = o.subject_type AND b.subject_id = o.subject_id
			AND b.metric_id = o.metric_id AND b.dimension = o.dimension AND b.date = o.date
		WHERE b.slug = ?`, "bridgestone-bethune-redeployment-by-outcome").Scan(&parts).Error; err != nil {
		t.Fatal(err)
	}
	if parts.N != 8 || parts.Sum != 769 {
		t.Errorf("redeployment breakdown: %d parts summing to %v, want 8 parts summing to 769", parts.N, parts.Sum)
	}
	var zone model.Territory
	if err := s.DB.Where("slug = ?", "zi-communautaire-ruitz").First(&zone).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(zone.Path, "/france/") || !strings.HasSuffix(zone.Path, "/commune-62727/zi-communautaire-ruitz/") {
		t.Errorf("zone path = %q", zone.Path)
	}
}

func TestReloadIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testdb.Seeded(t) // loaded once by seed.Load
	countsBefore, idsBefore := rowCounts(t, s.DB), idsBySlug(t, s.DB)
	if _, err := seed.Load(ctx, s.DB); err != nil {
		t.Fatalf("reload: %v", err)
	}
	countsAfter, idsAfter := rowCounts(t, s.DB), idsBySlug(t, s.DB)
	for _, table := range tables {
		if countsBefore[table] != countsAfter[table] {
			t.Errorf("%s: %d rows before the reload, %d after", table, countsBefore[table], countsAfter[table])
		}
	}
	for k, id := range idsBefore {
		if idsAfter[k] != id {
			t.Errorf("%s: id %d became %d", k, id, idsAfter[k])
		}
	}
}

func TestEnsureSeeded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testdb.New(t)
	for i, want := range []bool{true, false} {
		seeded, err := seed.EnsureSeeded(ctx, s.DB)
		if err != nil {
			t.Fatal(err)
		}
		if seeded != want {
			t.Errorf("call %d: seeded = %v, want %v", i+1, seeded, want)
		}
	}
}

// copyFS copies the embedded dataset into a MapFS that a test can break.
func copyFS(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(seed.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seed.Files(), path)
		if err != nil {
			return err
		}
		out[path] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// edit replaces the first occurrence of old in a data file.
func edit(t *testing.T, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	f := fsys["data/"+file]
	if f == nil || !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

func TestBrokenData(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		break_ func(t *testing.T, fsys fstest.MapFS)
		want   []string // substrings of one problem
	}{
		{
			name: "unknown field",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "companies.yaml", "  name: Black-Star\n", "  name: Black-Star\n  headcount: 90\n")
			},
			want: []string{"companies.yaml", "black-star", "unknown field", "headcount"},
		},
		{
			name: "dangling reference",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "occupancies.yaml", "company: black-star", "company: black-star-sas")
			},
			want: []string{"occupancies.yaml", "black-star-bridgestone-bethune", `unknown company "black-star-sas"`},
		},
		{
			name: "dangling administrative territory",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "companies.yaml", "territory: commune-62486", "territory: commune-62999")
			},
			want: []string{"companies.yaml", "cartonnages-vaillant", `"commune-62999"`},
		},
		{
			name: "bad unit",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "metrics.yaml", "unit: HA\n  definition:\n    fr: Superficie du terrain", "unit: HECTARES\n  definition:\n    fr: Superficie du terrain")
			},
			want: []string{"metrics.yaml", "site_area", `unit "HECTARES"`},
		},
		{
			name: "text in one language only",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "metrics.yaml", "    fr: Superficie du site\n", "")
			},
			want: []string{"metrics.yaml", "site_area", "label has no French text (fr)"},
		},
		{
			name: "control character in a quote",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "events.yaml", "Ouvert en 1961 à Béthune", "Ouvert en 1961\\u0000 à Béthune")
			},
			want: []string{"events.yaml", "bridgestone-bethune-opening-1961", "NUL"},
		},
		{
			name: "bad date",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "events.yaml", `date: "2021-05-01"`, `date: "2021-13-01"`)
			},
			want: []string{"events.yaml", "bridgestone-bethune-closure-2021-05-01", `"2021-13-01"`},
		},
		{
			name: "quote not in the document",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "observations.yaml", `quote: "452 en CDI"`, `quote: "462 en CDI"`)
			},
			want: []string{"observations.yaml", "bridgestone-bethune-redeployment-permanent-contract", "quote not found", "462 en CDI"},
		},
		{
			name: "duplicate slug",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "observations.yaml", "- slug: mecaware-jobs-target", "- slug: mecaware-jobs")
			},
			want: []string{"observations.yaml", `duplicate slug "mecaware-jobs"`},
		},
		{
			name: "bad enumeration",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "observations.yaml", "status: TARGET", "status: GOAL")
			},
			want: []string{"observations.yaml", `status "GOAL"`},
		},
		{
			name: "missing citation",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "occupancies.yaml", "  cite:\n    source: cabbalr-2025-09-dossier-de-presse\n"+
					"    quote: \"Black-Star (2022) 46 000 m² · reconditionnement de pneus · 90 emplois à terme.\"\n"+
					"    locator: \"Enjeux — 2. Réussir la reconversion du site (liste des entreprises)\"\n", "")
			},
			want: []string{"occupancies.yaml", "black-star-bridgestone-bethune", "missing cite"},
		},
		{
			name: "unknown field in a citation",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "occupancies.yaml", "    locator: \"Enjeux", "    page: 13\n    locator: \"Enjeux")
			},
			want: []string{"occupancies.yaml", "black-star-bridgestone-bethune", "unknown field", "page"},
		},
		{
			name: "two preferred claims",
			break_: func(t *testing.T, fsys fstest.MapFS) {
				edit(t, fsys, "observations.yaml", "claim: bridgestone-bethune/jobs-at-announcement\n  rank: NORMAL",
					"claim: bridgestone-bethune/jobs-at-announcement\n  rank: PREFERRED")
			},
			want: []string{"observations.yaml", "claim bridgestone-bethune/jobs-at-announcement", "more than one PREFERRED"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := testdb.New(t)
			before := rowCounts(t, s.DB)
			fsys := copyFS(t)
			c.break_(t, fsys)
			_, err := seed.LoadFS(ctx, s.DB, fsys)
			var verr *seed.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("LoadFS error = %v, want a *seed.ValidationError", err)
			}
			found := false
			for _, p := range verr.Problems {
				text := p.String()
				ok := true
				for _, w := range c.want {
					ok = ok && strings.Contains(text, w)
				}
				found = found || ok
			}
			if !found {
				t.Errorf("no problem mentions all of %q in:\n%v", c.want, err)
			}
			after := rowCounts(t, s.DB)
			for _, table := range tables {
				if before[table] != after[table] {
					t.Errorf("%s: %d rows before, %d after a failed load", table, before[table], after[table])
				}
			}
		})
	}
}
