// Package synth generates a synthetic, national-scale dataset for performance work:
// all the real French communes, EPCI, départements and régions (the seed's geography),
// and synthetic sources, citations, programmes, companies, sites, occupancies,
// subsidies, observations and relationships, skewed like the real thing (big communes
// get more of everything: sampling is weighted by population).
//
// It is never mixed with the curated, public dataset: it refuses to run against a
// database holding curated records (anything whose slug does not start with
// "synthetic-") unless Force is set, every record it writes has a slug (or metric
// code) starting with "synthetic-", and a rerun first removes the previous synthetic
// records. See docs/deployment.md and bench/README.md.
//
// On PostgreSQL rows are streamed with COPY (pgx CopyFrom) with the secondary indexes
// of the big tables dropped during the load and rebuilt after, then ANALYZE; on SQLite
// (tests, small scales) with multi-row INSERTs.
package synth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

// Prefix starts every synthetic slug and metric code.
const Prefix = model.SyntheticPrefix

// Counts at scale 1.0 (the national scale).
const (
	NationalSites        = 200_000
	NationalCompanies    = 150_000
	NationalSubsidies    = 500_000
	NationalObservations = 5_000_000
)

// Options says what to generate.
type Options struct {
	// Scale multiplies the national counts (1.0: 200 000 sites, 5 000 000 observations).
	Scale float64
	// Force allows generating into a database that holds curated records.
	Force bool
	// Seed makes the data reproducible (same seed, same data).
	Seed uint64
	// Log receives progress lines (nil: discarded).
	Log io.Writer
}

// Counts are the numbers of synthetic rows of each kind for a scale.
type Counts struct {
	Sources, Citations, Programmes, Companies, Sites, Occupancies, Subsidies, Observations, Relationships int
}

// CountsFor returns the row counts at scale.
func CountsFor(scale float64) Counts {
	n := func(base float64, min int) int {
		v := int(math.Round(base * scale))
		if v < min {
			return min
		}
		return v
	}
	return Counts{
		Sources:       n(5_000, 5),
		Citations:     n(100_000, 20),
		Programmes:    n(60, 12),
		Companies:     n(NationalCompanies, 10),
		Sites:         n(NationalSites, 10),
		Occupancies:   n(300_000, 10),
		Subsidies:     n(NationalSubsidies, 10),
		Observations:  n(NationalObservations, 50),
		Relationships: n(200_000, 10),
	}
}

// Report says what was generated and how long each step took.
type Report struct {
	Counts Counts
	Steps  []Step
	Total  time.Duration
}

// Step is one timed step of a run.
type Step struct {
	Name    string
	Rows    int
	Elapsed time.Duration
}

func (r Report) String() string {
	var b strings.Builder
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "  %-28s %10d rows %9s\n", s.Name, s.Rows, s.Elapsed.Round(time.Millisecond))
	}
	fmt.Fprintf(&b, "  %-28s %10s      %9s\n", "total", "", r.Total.Round(time.Millisecond))
	return b.String()
}

// ErrCurated is returned when the database holds the curated dataset and Force is not set.
var ErrCurated = errors.New("synth: the database holds curated (non-synthetic) records; refusing to mix synthetic data into it (use a separate database, or --force)")

// Generate writes the geography and the synthetic dataset into db (already migrated).
func Generate(ctx context.Context, db *gorm.DB, opts Options) (Report, error) {
	if opts.Scale <= 0 || opts.Scale > 10 {
		return Report{}, fmt.Errorf("synth: scale must be in (0, 10], got %g", opts.Scale)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Seed == 0 {
		opts.Seed = 20200916 // the day Bridgestone announced the closure of Béthune
	}
	g := &gen{db: db.WithContext(ctx), ctx: ctx, opts: opts, counts: CountsFor(opts.Scale),
		rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		pg:  db.Dialector.Name() == "postgres"}
	start := time.Now()
	if err := g.checkCurated(); err != nil {
		return Report{}, err
	}
	steps := []struct {
		name string
		f    func() (int, error)
	}{
		{"remove previous synthetic", g.removePrevious},
		{"geography", g.geography},
		{"prepare (drop indexes)", g.prepare},
		{"sources", g.sources},
		{"citations", g.citations},
		{"metrics", g.metrics},
		{"programmes", g.programmes},
		{"companies", g.companies},
		{"sites", g.sites},
		{"occupancies", g.occupancies},
		{"subsidies", g.subsidies},
		{"observations", g.observations},
		{"relationships", g.relationships},
		{"finish (indexes, analyze)", g.finish},
	}
	rep := Report{Counts: g.counts}
	for _, s := range steps {
		t := time.Now()
		n, err := s.f()
		if err != nil {
			g.restoreIndexes()
			return rep, fmt.Errorf("synth: %s: %w", s.name, err)
		}
		st := Step{Name: s.name, Rows: n, Elapsed: time.Since(t)}
		rep.Steps = append(rep.Steps, st)
		fmt.Fprintf(opts.Log, "%-28s %10d rows %9s\n", st.Name, st.Rows, st.Elapsed.Round(time.Millisecond))
	}
	rep.Total = time.Since(start)
	return rep, nil
}

type commune struct {
	id       int64
	name     string
	lat, lon float64
	hasPoint bool
	// path, and admin_path or path when it has none: what a subsidy placed there
	// carries in place_path and place_admin_path (migration 00008).
	path, adminPath string
}

type gen struct {
	db     *gorm.DB
	ctx    context.Context
	opts   Options
	counts Counts
	rng    *rand.Rand
	pg     bool

	// first ids of the synthetic rows of each table (ids are assigned here, not by
	// the sequences, so that references need no read-back).
	sourceID, citationID, metricID, programmeID, companyID, siteID int64
	occupancyID, subsidyID, observationID, relationshipID          int64

	communes   []commune
	cumWeight  []float64 // cumulative population weights of communes
	others     []int64   // départements, régions, EPCI (territory-level figures)
	metricIDs  []int64
	metricUnit []string
	companyLoc []int32 // commune index of each company
	siteLoc    []int32 // commune index of each site

	droppedIndexes []string // CREATE statements to replay
}

// checkCurated refuses a database with curated records unless Force.
func (g *gen) checkCurated() error {
	if g.opts.Force {
		return nil
	}
	for _, table := range []string{"sources", "sites", "companies", "observations"} {
		var n int64
		if err := g.db.Raw("SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" WHERE slug NOT LIKE ? LIMIT 1) x", Prefix+"%").Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrCurated
		}
	}
	return nil
}

// removePrevious deletes the synthetic records of an earlier run (children first).
func (g *gen) removePrevious() (int, error) {
	var n int64
	if err := g.db.Raw("SELECT COUNT(*) FROM sources WHERE slug LIKE ?", Prefix+"%").Scan(&n).Error; err != nil || n == 0 {
		return 0, err
	}
	like := Prefix + "%"
	// Dependents first: the registry lists the kinds of records before the kinds that
	// refer to them, so its reverse order deletes the references before their targets.
	var stmts []string
	for i := len(model.Kinds) - 1; i >= 0; i-- {
		k := model.Kinds[i]
		switch {
		case !generated[k.Table]:
		case k == model.KindCitation:
			stmts = append(stmts, "DELETE FROM citations WHERE source_id IN (SELECT id FROM sources WHERE slug LIKE ?)")
		case k.Node:
			stmts = append(stmts, "DELETE FROM "+k.Table+" WHERE "+k.SlugCol()+" LIKE ?")
		case k.Code != "":
			stmts = append(stmts, "DELETE FROM "+k.Table+" WHERE "+k.Code+" LIKE ?")
		}
	}
	total := 0
	for _, s := range stmts {
		res := g.db.Exec(s, like)
		if res.Error != nil {
			return total, res.Error
		}
		total += int(res.RowsAffected)
	}
	return total, nil
}

func (g *gen) geography() (int, error) {
	if err := seed.LoadGeography(g.ctx, g.db); err != nil {
		return 0, err
	}
	var rows []struct {
		ID         int64
		Kind       string
		Name       string
		Population *int64
		Latitude   *float64
		Longitude  *float64
		Path       string
		AdminPath  string
	}
	if err := g.db.Raw("SELECT id, kind, name, population, latitude, longitude, path, COALESCE(admin_path, path) AS admin_path FROM territories WHERE kind IN ('COMMUNE','EPCI','DEPARTEMENT','REGION') ORDER BY id").Scan(&rows).Error; err != nil {
		return 0, err
	}
	total := 0.0
	for _, r := range rows {
		if r.Kind != "COMMUNE" {
			g.others = append(g.others, r.ID)
			continue
		}
		c := commune{id: r.ID, name: r.Name, path: r.Path, adminPath: r.AdminPath}
		if r.Latitude != nil && r.Longitude != nil {
			c.lat, c.lon, c.hasPoint = *r.Latitude, *r.Longitude, true
		}
		w := 50.0 // communes without a population still get a little
		if r.Population != nil && *r.Population > 0 {
			w = float64(*r.Population)
		}
		total += w
		g.communes = append(g.communes, c)
		g.cumWeight = append(g.cumWeight, total)
	}
	if len(g.communes) == 0 {
		return 0, errors.New("no commune in the geography")
	}
	return len(rows), nil
}

// pickCommune returns the index of a commune drawn with probability proportional to
// its population.
func (g *gen) pickCommune() int32 {
	x := g.rng.Float64() * g.cumWeight[len(g.cumWeight)-1]
	return int32(sort.SearchFloat64s(g.cumWeight, x))
}

// nextIDs reads max(id)+1 of every table the run writes.
func (g *gen) nextID(table string) (int64, error) {
	var n sql.NullInt64
	if err := g.db.Raw("SELECT MAX(id) FROM " + table).Scan(&n).Error; err != nil {
		return 0, err
	}
	return n.Int64 + 1, nil
}

// generated are the tables the generator writes (their synthetic rows have a slug or a
// code starting with Prefix).
var generated = map[string]bool{"sources": true, "citations": true, "metrics": true, "programmes": true, "companies": true,
	"sites": true, "occupancies": true, "subsidies": true, "observations": true, "relationships": true}

// bigTables are the tables whose secondary indexes are dropped during a PostgreSQL load.
var bigTables = []string{"observations", "subsidies", "occupancies", "sites", "companies", "citations", "relationships"}

func (g *gen) prepare() (int, error) {
	for _, x := range []struct {
		table string
		id    *int64
	}{
		{"sources", &g.sourceID}, {"citations", &g.citationID}, {"metrics", &g.metricID},
		{"programmes", &g.programmeID}, {"companies", &g.companyID}, {"sites", &g.siteID},
		{"occupancies", &g.occupancyID}, {"subsidies", &g.subsidyID},
		{"observations", &g.observationID}, {"relationships", &g.relationshipID},
	} {
		id, err := g.nextID(x.table)
		if err != nil {
			return 0, err
		}
		*x.id = id
	}
	if !g.pg || g.counts.Observations < 200_000 {
		return 0, nil
	}
	// Secondary indexes (not the primary keys, not the unique constraints the
	// foreign keys of other tables rely on) are rebuilt once after the load: much
	// faster than maintaining them row by row.
	var idx []struct {
		Name string
		Def  string
	}
	err := g.db.Raw(`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
		WHERE i.schemaname = current_schema() AND i.tablename IN ?
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`, bigTables).Scan(&idx).Error
	if err != nil {
		return 0, err
	}
	for _, x := range idx {
		if err := g.db.Exec(`DROP INDEX "` + x.Name + `"`).Error; err != nil {
			return 0, err
		}
		g.droppedIndexes = append(g.droppedIndexes, x.Def)
	}
	return len(idx), nil
}

// restoreIndexes recreates the dropped indexes (after the load, or after a failure).
func (g *gen) restoreIndexes() {
	for _, def := range g.droppedIndexes {
		_ = g.db.Exec(def).Error
	}
	g.droppedIndexes = nil
}

func (g *gen) finish() (int, error) {
	n := len(g.droppedIndexes)
	if g.pg {
		_ = g.db.Exec("SET maintenance_work_mem = '256MB'").Error
		// Two connections build indexes side by side (2 cores here).
		defs := g.droppedIndexes
		g.droppedIndexes = nil
		errs := make(chan error, 2)
		for w := 0; w < 2; w++ {
			go func(w int) {
				for i := w; i < len(defs); i += 2 {
					if err := g.db.Exec(defs[i]).Error; err != nil {
						errs <- fmt.Errorf("%s: %w", defs[i], err)
						return
					}
				}
				errs <- nil
			}(w)
		}
		var first error
		for w := 0; w < 2; w++ {
			if err := <-errs; err != nil && first == nil {
				first = err
			}
		}
		if first != nil {
			return n, first
		}
		for _, t := range []string{"sources", "citations", "metrics", "programmes", "companies", "sites", "occupancies", "subsidies", "observations", "relationships", "territories"} {
			if err := g.db.Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), GREATEST((SELECT MAX(id) FROM %s), 1))", t, t)).Error; err != nil {
				return n, err
			}
		}
		// The records' documented counts (migration 00017), which the triggers did not
		// keep during the COPY.
		if _, err := model.RecountDocumented(g.ctx, g.db); err != nil {
			return n, err
		}
		// VACUUM sets the visibility maps: the region aggregates read only the place
		// indexes of subsidies (index-only scans), which a freshly loaded table defeats,
		// and the recount rewrote the subjects' rows.
		if err := g.db.Exec("VACUUM subsidies, territories, sites, companies, programmes").Error; err != nil {
			return n, err
		}
		return n, g.db.Exec("ANALYZE").Error
	}
	return n, g.db.Exec("ANALYZE").Error
}

// rowFunc returns the i-th row of a table.
type rowFunc func(i int) []any

// load writes n rows made by row into table.
func (g *gen) load(table string, columns []string, n int, row rowFunc) (int, error) {
	columns, row = bilingual(columns, row)
	if g.pg {
		return g.copyPostgres(table, columns, n, row)
	}
	return g.insertBatches(table, columns, n, row)
}

// textColumns are the columns of texts in both languages (model.Text: <name>_fr and
// <name>_en); the generator writes its French text in both.
var textColumns = map[string]bool{"description": true, "label": true, "definition": true, "activity": true, "purpose": true}

// bilingual expands the text columns of a generated row into their two languages.
func bilingual(columns []string, row rowFunc) ([]string, rowFunc) {
	var at []int
	var out []string
	for i, c := range columns {
		if textColumns[c] {
			at = append(at, i)
			out = append(out, c+"_fr", c+"_en")
			continue
		}
		out = append(out, c)
	}
	if len(at) == 0 {
		return columns, row
	}
	return out, func(i int) []any {
		r := row(i)
		wide := make([]any, 0, len(out))
		for j, v := range r {
			wide = append(wide, v)
			if textColumns[columns[j]] {
				if v == nil {
					v = ""
					wide[len(wide)-1] = v
				}
				wide = append(wide, v)
			}
		}
		return wide
	}
}

func (g *gen) copyPostgres(table string, columns []string, n int, row rowFunc) (int, error) {
	sqlDB, err := g.db.DB()
	if err != nil {
		return 0, err
	}
	conn, err := sqlDB.Conn(g.ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var copied int64
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		pc := c.Conn()
		// Foreign keys are checked by triggers, row by row; the ids are generated
		// consistent, so skip them when allowed (superuser), as pg_restore does.
		_, replica := pc.Exec(g.ctx, "SET session_replication_role = replica")
		defer func() {
			if replica == nil {
				_, _ = pc.Exec(context.Background(), "SET session_replication_role = DEFAULT")
			}
		}()
		i := 0
		copied, err = pc.CopyFrom(g.ctx, pgx.Identifier{table}, columns, pgx.CopyFromFunc(func() ([]any, error) {
			if i >= n {
				return nil, nil
			}
			r := row(i)
			i++
			return r, nil
		}))
		return err
	})
	return int(copied), err
}

func (g *gen) insertBatches(table string, columns []string, n int, row rowFunc) (int, error) {
	per := 50
	if max := 900 / len(columns); per > max {
		per = max
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	err := g.db.Transaction(func(tx *gorm.DB) error {
		for start := 0; start < n; start += per {
			end := min(start+per, n)
			args := make([]any, 0, (end-start)*len(columns))
			values := make([]string, 0, end-start)
			for i := start; i < end; i++ {
				args = append(args, row(i)...)
				values = append(values, one)
			}
			q := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " + strings.Join(values, ", ")
			if err := tx.Exec(q, args...).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ---------------------------------------------------------------- vocabulary

var (
	publishers = []string{"INSEE", "Banque publique d'investissement", "Préfecture de région", "Conseil régional",
		"Ministère de l'Économie", "La Voix du Nord", "Ouest-France", "Le Télégramme", "Les Échos", "L'Usine Nouvelle",
		"Agence d'urbanisme", "Chambre de commerce et d'industrie", "Communauté d'agglomération"}
	sourceKinds = []string{"DATASET", "PRESS_ARTICLE", "PRESS_RELEASE", "REPORT", "NEWS_POST", "PRESS_KIT"}
	activities  = []string{"métallurgie", "plasturgie", "agroalimentaire", "logistique", "chimie", "batteries",
		"pneumatiques", "textile", "électronique", "aéronautique", "automobile", "bois", "papeterie", "verrerie",
		"pharmacie", "recyclage", "mécanique de précision", "énergie", "hydrogène", "photovoltaïque"}
	companyWords = []string{"Ateliers", "Forges", "Industries", "Manufacture", "Fonderie", "Usines", "Compagnie",
		"Société", "Établissements", "Groupe", "Techniques", "Laboratoires", "Filature", "Aciéries"}
	siteWords = []string{"Usine", "Site", "Zone d'activités", "Parc industriel", "Entrepôt", "Plateforme",
		"Friche", "Pôle", "Atelier", "Centre de production"}
	siteStatuses = []string{"OPERATING", "OPERATING", "OPERATING", "OPERATING", "CLOSED", "UNDER_CONVERSION", "REOCCUPIED", "PLANNED", "CLOSING"}
	obsStatuses  = []string{"ACTUAL", "ACTUAL", "ACTUAL", "ACTUAL", "ACTUAL", "TARGET", "FORECAST", "ANNOUNCED", "ESTIMATE"}
	// Synthetic figures have no claim: each is the only claim of its fact, so PREFERRED,
	// or DEPRECATED when withdrawn.
	ranks         = []string{"PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "PREFERRED", "DEPRECATED"}
	relKinds      = []string{"SUPPLIES", "SUPPLIES", "SUPPLIES", "PARTNER_OF", "SUBSIDIARY_OF", "VALUE_CHAIN", "INVESTS_IN"}
	programmeLvls = []string{"NATIONAL", "REGIONAL", "LOCAL", "EUROPEAN"}
	// programmeFunders and programmeScopes go with programmeLvls: who pays, and the level
	// its money is counted at.
	programmeFunders = []string{"STATE", "REGION", "LOCAL_AUTHORITY", "EU"}
	programmeScopes  = []string{"NATIONAL_ENVELOPE", "TERRITORIAL_ALLOCATION", "TERRITORIAL_ALLOCATION", "NATIONAL_ENVELOPE"}
)

// metricDefs are the synthetic metrics (code without the prefix, label, unit, typical size).
var metricDefs = []struct {
	code, label, unit string
	scale             float64
}{
	{"jobs", "Emplois (synthétique)", "jobs", 120},
	{"jobs-created", "Emplois créés (synthétique)", "jobs", 30},
	{"investment", "Investissement (synthétique)", "EUR", 2_000_000},
	{"floor-area", "Surface de plancher (synthétique)", "m2", 8_000},
	{"revenue", "Chiffre d'affaires (synthétique)", "EUR", 15_000_000},
	{"energy", "Consommation d'énergie (synthétique)", "MWh", 5_000},
	{"establishments", "Établissements industriels (synthétique)", "establishments", 40},
	{"unemployment-rate", "Taux de chômage (synthétique)", "percent", 8},
}

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// lognormal returns a value around typical with a long tail.
func (g *gen) lognormal(typical float64) float64 {
	return math.Round(typical*math.Exp(g.rng.NormFloat64()*0.9)*100) / 100
}

func (g *gen) date(fromYear, toYear int) (string, int) {
	y := fromYear + g.rng.IntN(toYear-fromYear+1)
	m := 1 + g.rng.IntN(12)
	d := 1 + g.rng.IntN(28)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), y
}

func (g *gen) citation() int64 { return g.citationID + int64(g.rng.IntN(g.counts.Citations)) }

func (g *gen) company() int64 { return g.companyID + int64(g.rng.IntN(g.counts.Companies)) }

func (g *gen) site() int64 { return g.siteID + int64(g.rng.IntN(g.counts.Sites)) }

// ---------------------------------------------------------------- tables

func (g *gen) sources() (int, error) {
	cols := []string{"id", "slug", "title", "publisher", "kind", "published_on", "published_precision", "language", "url", "licence", "description", "search_text"}
	return g.load("sources", cols, g.counts.Sources, func(i int) []any {
		pub := g.pick(publishers)
		d, y := g.date(2012, 2025)
		title := fmt.Sprintf("Bulletin synthétique n° %d (%d)", i+1, y)
		return []any{g.sourceID + int64(i), fmt.Sprintf("%ssource-%05d", Prefix, i+1), title, pub, g.pick(sourceKinds),
			d, "DAY", "fr", fmt.Sprintf("https://example.org/synthetic/sources/%d", i+1), "CC-BY-4.0",
			"Source synthétique générée pour les mesures de performance ; aucune donnée réelle.",
			textnorm.Join(title, pub)}
	})
}

func (g *gen) citations() (int, error) {
	cols := []string{"id", "source_id", "quote", "locator"}
	return g.load("citations", cols, g.counts.Citations, func(i int) []any {
		src := g.sourceID + int64(i%g.counts.Sources)
		return []any{g.citationID + int64(i), src,
			fmt.Sprintf("Passage synthétique n° %d : chiffre généré pour les tests de charge.", i+1),
			fmt.Sprintf("§%d", 1+i/g.counts.Sources)}
	})
}

func (g *gen) metrics() (int, error) {
	cols := []string{"id", "code", "label", "unit", "definition"}
	g.metricIDs, g.metricUnit = nil, nil
	return g.load("metrics", cols, len(metricDefs), func(i int) []any {
		m := metricDefs[i]
		id := g.metricID + int64(i)
		g.metricIDs = append(g.metricIDs, id)
		g.metricUnit = append(g.metricUnit, m.unit)
		return []any{id, Prefix + m.code, m.label, m.unit, "Indicateur synthétique (données de performance)."}
	})
}

func (g *gen) programmes() (int, error) {
	cols := []string{"id", "slug", "name", "short_name", "level", "parent_id", "period_start", "period_end", "description", "search_text",
		"funder_kind", "scope", "name_key"}
	n := g.counts.Programmes
	return g.load("programmes", cols, n, func(i int) []any {
		var parent any
		if i >= 4 {
			parent = g.programmeID + int64(i%4) // the first four are umbrella programmes
		}
		name := fmt.Sprintf("Programme synthétique %d : %s", i+1, activities[i%len(activities)])
		start := 2014 + i%8
		return []any{g.programmeID + int64(i), fmt.Sprintf("%sprogramme-%03d", Prefix, i+1), name, fmt.Sprintf("PS%d", i+1),
			programmeLvls[i%len(programmeLvls)], parent, fmt.Sprintf("%04d-01-01", start), fmt.Sprintf("%04d-01-01", start+6),
			"Programme de financement synthétique.", textnorm.Join(name),
			programmeFunders[i%len(programmeFunders)], programmeScopes[i%len(programmeScopes)], model.NameKey(name)}
	})
}

func (g *gen) companies() (int, error) {
	cols := []string{"id", "slug", "name", "kind", "activity", "group_name", "description", "territory_id", "search_text", "name_key"}
	n := g.counts.Companies
	g.companyLoc = make([]int32, n)
	return g.load("companies", cols, n, func(i int) []any {
		ci := g.pickCommune()
		g.companyLoc[i] = ci
		c := g.communes[ci]
		act := g.pick(activities)
		name := fmt.Sprintf("%s %s de %s %d", g.pick(companyWords), act, c.name, i+1)
		var group any
		if g.rng.IntN(5) == 0 {
			group = fmt.Sprintf("Groupe synthétique %d", g.rng.IntN(max(1, n/50))+1)
		}
		kind := "BUSINESS"
		if g.rng.IntN(20) == 0 {
			kind = "PUBLIC_BODY"
		}
		return []any{g.companyID + int64(i), fmt.Sprintf("%scompany-%06d", Prefix, i+1), name, kind, act, group,
			"Entreprise synthétique.", c.id, textnorm.Join(name, act, c.name), model.NameKey(name)}
	})
}

func (g *gen) sites() (int, error) {
	cols := []string{"id", "slug", "name", "territory_id", "address", "latitude", "longitude", "location_precision",
		"area_m2", "operator_id", "status", "opened_on", "opened_precision", "description", "search_text", "name_key"}
	n := g.counts.Sites
	g.siteLoc = make([]int32, n)
	return g.load("sites", cols, n, func(i int) []any {
		ci := g.pickCommune()
		g.siteLoc[i] = ci
		c := g.communes[ci]
		act := g.pick(activities)
		name := fmt.Sprintf("%s %s %s %d", g.pick(siteWords), act, c.name, i+1)
		var lat, lon, prec any
		if c.hasPoint {
			lat = c.lat + (g.rng.Float64()-0.5)*0.04
			lon = c.lon + (g.rng.Float64()-0.5)*0.06
			prec = "STREET"
		}
		var op any
		if g.rng.IntN(10) < 7 {
			op = g.company()
		}
		d, _ := g.date(1950, 2025)
		return []any{g.siteID + int64(i), fmt.Sprintf("%ssite-%06d", Prefix, i+1), name, c.id,
			fmt.Sprintf("%d rue de l'Industrie, %s", 1+g.rng.IntN(200), c.name), lat, lon, prec,
			math.Round(g.lognormal(20_000)), op, g.pick(siteStatuses), d[:4] + "-01-01", "YEAR",
			"Site industriel synthétique.", textnorm.Join(name, c.name, act), model.NameKey(name)}
	})
}

func (g *gen) occupancies() (int, error) {
	cols := []string{"id", "slug", "site_id", "company_id", "since", "since_precision", "until", "until_precision",
		"floor_area_m2", "activity", "citation_id"}
	return g.load("occupancies", cols, g.counts.Occupancies, func(i int) []any {
		since, y := g.date(1990, 2024)
		var until, untilPrec any
		if g.rng.IntN(3) == 0 {
			u, _ := g.date(min(y+1, 2025), 2025)
			until, untilPrec = u, "DAY"
		}
		// Every site gets a first occupant, then the rest go to random sites.
		site := g.siteID + int64(i%g.counts.Sites)
		if i >= g.counts.Sites {
			site = g.site()
		}
		return []any{g.occupancyID + int64(i), fmt.Sprintf("%soccupancy-%06d", Prefix, i+1), site, g.company(),
			since, "DAY", until, untilPrec, math.Round(g.lognormal(3_000)), g.pick(activities), g.citation()}
	})
}

func (g *gen) subsidies() (int, error) {
	// The place columns are written here: COPY runs without triggers (replica role).
	// The subsidy's territory is its recipient's commune when it has one, so the
	// recipient_* columns stay NULL.
	cols := []string{"id", "slug", "programme_id", "recipient_id", "territory_id", "amount_eur", "approximation",
		"recipients_count", "period_start", "period_end", "precision", "status", "purpose", "citation_id",
		"place_path", "place_admin_path", "funder_kind", "scope"}
	return g.load("subsidies", cols, g.counts.Subsidies, func(i int) []any {
		var recipient, count any
		var place commune
		scope := "INDIVIDUAL_GRANT"
		if g.rng.IntN(10) < 8 {
			ci := g.rng.IntN(g.counts.Companies)
			recipient = g.companyID + int64(ci)
			place = g.communes[g.companyLoc[ci]]
		} else {
			place = g.communes[g.pickCommune()]
			count = int64(2 + g.rng.IntN(60))
			scope = "TERRITORIAL_ALLOCATION"
		}
		y := 2015 + g.rng.IntN(11)
		status := "ACTUAL"
		if g.rng.IntN(6) == 0 {
			status = "ANNOUNCED"
		}
		programme := g.rng.IntN(g.counts.Programmes)
		return []any{g.subsidyID + int64(i), fmt.Sprintf("%ssubsidy-%06d", Prefix, i+1),
			g.programmeID + int64(programme), recipient, place.id,
			math.Round(g.lognormal(250_000)), "EXACT", count, fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-01-01", y+g.rng.IntN(3)),
			"YEAR", status, "Aide synthétique à l'investissement (" + g.pick(activities) + ")", g.citation(),
			place.path, place.adminPath, programmeFunders[programme%len(programmeFunders)], scope}
	})
}

func (g *gen) observations() (int, error) {
	cols := []string{"id", "slug", "subject_type", "subject_id", "metric_id", "value", "approximation", "unit",
		"date", "precision", "status", "rank", "citation_id"}
	return g.load("observations", cols, g.counts.Observations, func(i int) []any {
		var st string
		var sid int64
		switch r := g.rng.IntN(20); {
		case r < 12: // 60 % about sites, more for sites in big communes (sites already are)
			st, sid = "SITE", g.site()
		case r < 18:
			st, sid = "COMPANY", g.company()
		case r < 19:
			st, sid = "TERRITORY", g.communes[g.pickCommune()].id
		default:
			st, sid = "TERRITORY", g.others[g.rng.IntN(len(g.others))]
		}
		m := g.rng.IntN(len(metricDefs))
		y := 2008 + g.rng.IntN(18)
		prec, date := "YEAR", fmt.Sprintf("%04d-01-01", y)
		if g.rng.IntN(3) == 0 {
			prec, date = "MONTH", fmt.Sprintf("%04d-%02d-01", y, 1+g.rng.IntN(12))
		}
		return []any{g.observationID + int64(i), fmt.Sprintf("%sobs-%07d", Prefix, i+1), st, sid, g.metricIDs[m],
			g.lognormal(metricDefs[m].scale), "EXACT", metricDefs[m].unit, date, prec, g.pick(obsStatuses), g.pick(ranks), g.citation()}
	})
}

func (g *gen) relationships() (int, error) {
	cols := []string{"id", "slug", "kind", "from_type", "from_id", "to_type", "to_id", "since", "since_precision", "description", "citation_id"}
	return g.load("relationships", cols, g.counts.Relationships, func(i int) []any {
		// Suppliers are mostly near their clients: same commune when possible.
		from := g.rng.IntN(g.counts.Companies)
		to := g.rng.IntN(g.counts.Companies)
		since, _ := g.date(2000, 2025)
		return []any{g.relationshipID + int64(i), fmt.Sprintf("%srelationship-%06d", Prefix, i+1), g.pick(relKinds),
			"COMPANY", g.companyID + int64(from), "COMPANY", g.companyID + int64(to), since, "DAY",
			"Relation synthétique.", g.citation()}
	})
}

// Rows is the number of rows written by all the steps.
func (r Report) Rows() int {
	n := 0
	for _, s := range r.Steps {
		if !strings.HasPrefix(s.Name, "prepare") && !strings.HasPrefix(s.Name, "finish") && !strings.HasPrefix(s.Name, "remove") {
			n += s.Rows
		}
	}
	return n
}
