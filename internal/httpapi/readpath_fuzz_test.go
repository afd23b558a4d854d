package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/compiled"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// FuzzReadPaths is the differential fuzz target of the two read paths: each input
// seeds a random valid query on the curated dataset (a root field with arguments
// drawn from the data, then fields picked from the schema down to three levels, with
// aliases, fragments, @include and __typename), sent to a test server that runs every
// answer of the compiled path through the general path too and requires the same
// bytes (apitest.SameAnswers). A query the compiled path does not know takes the
// general path, which is fine: the target checks the answers, not the coverage.
//
//	TEST_DATABASE_URL=postgres://... go test -run NONE -fuzz FuzzReadPaths -fuzztime 2m ./internal/httpapi/
func FuzzReadPaths(f *testing.F) {
	s := testdb.Seeded(f)
	if s.Dialect != store.Postgres {
		f.Skip("the compiled read path runs on PostgreSQL only")
	}
	// The comparison of the two paths is reported to the iteration that sent the query
	// (a fuzz target must fail through its own T).
	var (
		mu   sync.Mutex
		diff string
	)
	srv := apitest.NewWith(f, s, func(c *httpapi.Config) {
		c.NoRateLimit = true
		c.VerifyReads = func(ctx context.Context, compiled, general *graphql.Response) {
			if d := apitest.DifferentAnswers(ctx, compiled, general); d != "" {
				mu.Lock()
				diff = d
				mu.Unlock()
			}
		}
	})
	data := loadReadPathData(f, s)
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for seed := range uint64(24) {
		f.Add(seed, seed*7919)
	}
	f.Cleanup(func() { f.Logf("%d answers of the compiled path compared", compiledAnswers.Load()) })
	f.Fuzz(func(t *testing.T, a, b uint64) {
		g := &queryGen{r: rand.New(rand.NewPCG(a, b)), schema: schema, data: data, b: &strings.Builder{}}
		query, vars := g.query()
		mu.Lock()
		diff = ""
		mu.Unlock()
		r := srv.Query(t, query, vars)
		mu.Lock()
		if diff != "" {
			t.Error(diff)
		}
		mu.Unlock()
		if r.Status != 200 && r.Status != 400 {
			t.Errorf("status %d for\n%s\n%s", r.Status, query, r.Raw)
		}
		if r.ReadPath() == "compiled" {
			compiledAnswers.Add(1)
		}
	})
}

// compiledAnswers counts the fuzzed queries the compiled path answered.
var compiledAnswers atomic.Int64

// readPathData are identifiers that exist, to draw arguments from.
type readPathData struct {
	territories, sites, companies, sources, metrics []string
}

func loadReadPathData(tb testing.TB, s *store.Store) readPathData {
	var d readPathData
	for _, q := range []struct {
		into *[]string
		sql  string
	}{
		{&d.territories, "SELECT slug FROM territories WHERE slug IN (SELECT DISTINCT t.slug FROM territories t JOIN sites s ON s.territory_id = t.id) OR kind IN ('REGION', 'DEPARTEMENT', 'EPCI') ORDER BY slug"},
		{&d.sites, "SELECT slug FROM sites ORDER BY slug"},
		{&d.companies, "SELECT slug FROM companies ORDER BY slug"},
		{&d.sources, "SELECT slug FROM sources ORDER BY slug"},
		{&d.metrics, "SELECT code FROM metrics ORDER BY code"},
	} {
		if err := s.DB.Raw(q.sql).Scan(q.into).Error; err != nil || len(*q.into) == 0 {
			tb.Fatalf("%s: %v (%d rows)", q.sql, err, len(*q.into))
		}
	}
	return d
}

// queryGen writes one random valid query.
type queryGen struct {
	r      *rand.Rand
	schema *ast.Schema
	data   readPathData
	b      *strings.Builder
	vars   map[string]any
	frags  []string
	n      int
}

func (g *queryGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *queryGen) query() (string, map[string]any) {
	g.vars = map[string]any{}
	roots := []func(){
		func() { g.root("territory", fmt.Sprintf(`(slug: %q)`, g.pick(g.data.territories)), "Territory") },
		func() { g.root("site", fmt.Sprintf(`(slug: %q)`, g.pick(g.data.sites)), "Site") },
		func() { g.root("company", fmt.Sprintf(`(slug: %q)`, g.pick(g.data.companies)), "Company") },
		func() { g.root("source", fmt.Sprintf(`(slug: %q)`, g.pick(g.data.sources)), "Source") },
		func() {
			g.root("sites", g.listArgs(`territory: %q`, g.data.territories, "NAME", "AREA_DESC"), "SiteConnection")
		},
		func() {
			g.root("observations", g.listArgs(`metric: %q`, g.data.metrics, "DATE", "DATE_DESC"), "ObservationConnection")
		},
		func() {
			subject := model.GlobalID(g.pick([]string{"Site", "Company", "Territory"}), "")
			switch subject {
			case "Site:":
				subject += g.pick(g.data.sites)
			case "Company:":
				subject += g.pick(g.data.companies)
			default:
				subject += g.pick(g.data.territories)
			}
			claims := g.pick([]string{"", ", claims: ALL", ", claims: PREFERRED"})
			g.root("timeSeries", fmt.Sprintf(`(subject: %q, metric: %q%s)`, subject, g.pick(g.data.metrics), claims), "TimeSeries")
		},
		func() {
			g.root("search", fmt.Sprintf(`(text: %q, first: %d)`, g.pick([]string{"bethune", "batterie", "bridgestone", "a", "zzz"}), 1+g.r.IntN(20)), "SearchHit")
		},
		func() {
			g.root("graph", fmt.Sprintf(`(from: %q, depth: %d)`, model.GlobalID("Site", g.pick(g.data.sites)), 1+g.r.IntN(2)), "NetworkGraph")
		},
	}
	g.b.WriteString("query Q($yes: Boolean = true, $no: Boolean = false) {\n")
	for range 1 + g.r.IntN(2) {
		roots[g.r.IntN(len(roots))]()
	}
	g.b.WriteString("}\n")
	for _, f := range g.frags {
		g.b.WriteString(f)
	}
	return g.b.String(), g.vars
}

// listArgs writes the arguments of a root list: a page size, sometimes a filter and
// an order.
func (g *queryGen) listArgs(filter string, values []string, orders ...string) string {
	args := []string{fmt.Sprintf("first: %d", 1+g.r.IntN(10))}
	if g.r.IntN(2) == 0 {
		args = append(args, "filter: {"+fmt.Sprintf(filter, g.pick(values))+"}")
	}
	if g.r.IntN(2) == 0 {
		args = append(args, "orderBy: "+g.pick(orders))
	}
	return "(" + strings.Join(args, ", ") + ")"
}

func (g *queryGen) root(field, args, typ string) {
	if g.r.IntN(3) == 0 {
		g.n++
		fmt.Fprintf(g.b, "  r%d: ", g.n)
	}
	g.b.WriteString(field + args + " ")
	g.selection(typ, 0)
	g.b.WriteString("\n")
}

// selection writes a selection set on typ: fields picked at random (objects below,
// down to depth 3), sometimes aliased, under @include or @skip, or in a fragment.
func (g *queryGen) selection(typ string, depth int) {
	def := g.schema.Types[typ]
	if def.IsAbstractType() {
		g.b.WriteString("{ __typename")
		for _, p := range g.schema.GetPossibleTypes(def) {
			if g.r.IntN(2) == 0 {
				g.b.WriteString(" ... on " + p.Name + " ")
				g.selection(p.Name, depth+1)
			}
		}
		g.b.WriteString(" }")
		return
	}
	var candidates []*ast.FieldDefinition
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || hasRequiredArgs(f) {
			continue
		}
		if !compiled.Knows(typ, f.Name) && g.r.IntN(8) != 0 {
			continue // mostly fields the compiled path knows, so that it answers often
		}
		inner := g.schema.Types[f.Type.Name()]
		if inner == nil || (depth >= 3 && (inner.Kind == ast.Object || inner.IsAbstractType())) {
			continue
		}
		candidates = append(candidates, f)
	}
	g.b.WriteString("{")
	picked := 0
	for _, f := range candidates {
		if g.r.IntN(3) != 0 && picked > 0 {
			continue
		}
		picked++
		g.b.WriteString(" ")
		switch g.r.IntN(8) {
		case 0:
			g.n++
			fmt.Fprintf(g.b, "a%d: ", g.n)
		case 1:
			g.b.WriteString("__typename ")
		}
		g.b.WriteString(f.Name)
		if f.Arguments.ForName("first") != nil && g.r.IntN(2) == 0 {
			fmt.Fprintf(g.b, "(first: %d)", 1+g.r.IntN(5))
		} else if f.Arguments.ForName("lang") != nil && g.r.IntN(3) == 0 {
			g.b.WriteString("(lang: " + g.pick([]string{"FR", "EN"}) + ")")
		}
		switch g.r.IntN(10) {
		case 0:
			g.b.WriteString(" @include(if: $yes)")
		case 1:
			g.b.WriteString(" @skip(if: $no)")
		case 2:
			g.b.WriteString(" @skip(if: $yes)")
		}
		if inner := g.schema.Types[f.Type.Name()]; inner.Kind == ast.Object || inner.IsAbstractType() {
			g.b.WriteString(" ")
			if inner.Kind == ast.Object && g.r.IntN(5) == 0 {
				g.n++
				name := fmt.Sprintf("F%d", g.n)
				g.b.WriteString("{ ..." + name + " }")
				saved := g.b
				g.b = &strings.Builder{}
				fmt.Fprintf(g.b, "fragment %s on %s ", name, inner.Name)
				g.selection(inner.Name, depth+1)
				g.frags = append(g.frags, g.b.String()+"\n")
				g.b = saved
			} else {
				g.selection(inner.Name, depth+1)
			}
		}
	}
	g.b.WriteString(" }")
}

func hasRequiredArgs(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}
