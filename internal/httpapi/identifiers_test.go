package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// refArg is an argument or input field of the schema marked @ref.
type refArg struct {
	owner, name string // "Query.site", "slug"; or "SiteFilter", "territory"
	kinds       []string
	lookup      bool
}

func (a refArg) String() string { return a.owner + "." + a.name }

// refArgs lists every @ref argument and input field of the schema.
func refArgs() []refArg {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	var out []refArg
	read := func(owner, name string, dirs ast.DirectiveList) {
		d := dirs.ForName("ref")
		if d == nil {
			return
		}
		a := refArg{owner: owner, name: name}
		for _, c := range d.Arguments.ForName("kinds").Value.Children {
			a.kinds = append(a.kinds, c.Value.Raw)
		}
		if l := d.Arguments.ForName("lookup"); l != nil {
			a.lookup = l.Value.Raw == "true"
		}
		out = append(out, a)
	}
	for _, t := range schema.Types {
		for _, f := range t.Fields {
			if t.Kind == ast.InputObject {
				read(t.Name, f.Name, f.Directives)
				continue
			}
			for _, arg := range f.Arguments {
				read(t.Name+"."+f.Name, arg.Name, arg.Directives)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// refQueries says how to give a value ($v) to each @ref argument: a document whose
// only identifier under test is $v, and whether it needs an editor's token. A new @ref
// argument without an entry fails TestEveryIdentifierArgument: none can be forgotten.
var refQueries = map[string]struct {
	query  string
	editor bool
}{
	"Query.site.slug":                      {query: `query($v: String!) { x: site(slug: $v) { slug } }`},
	"Query.territory.slug":                 {query: `query($v: String) { x: territory(slug: $v) { slug } }`},
	"Query.company.slug":                   {query: `query($v: String) { x: company(slug: $v) { slug } }`},
	"Query.programme.slug":                 {query: `query($v: String!) { x: programme(slug: $v) { slug } }`},
	"Query.source.slug":                    {query: `query($v: String!) { x: source(slug: $v) { slug } }`},
	"Query.event.slug":                     {query: `query($v: String!) { x: event(slug: $v) { slug } }`},
	"Query.observation.slug":               {query: `query($v: String!) { x: observation(slug: $v) { slug } }`},
	"Query.node.id":                        {query: `query($v: ID!) { x: node(id: $v) { id } }`},
	"Query.timeSeries.subject":             {query: `query($v: ID!) { x: timeSeries(subject: $v, metric: "jobs") { metric { code } } }`},
	"Query.timeSeries.metric":              {query: `query($v: String!) { x: timeSeries(subject: "bridgestone-bethune", metric: $v) { metric { code } } }`},
	"Query.graph.from":                     {query: `query($v: ID!) { x: graph(from: $v) { truncated } }`},
	"Query.breakdowns.subject":             {query: `query($v: ID) { x: breakdowns(subject: $v) { slug } }`},
	"Query.auditTrail.entity":              {query: `query($v: ID) { x: auditTrail(entity: $v) { action } }`},
	"Site.observations.metric":             {query: `query($v: String) { site(slug: "bridgestone-bethune") { x: observations(metric: $v) { value } } }`},
	"Territory.observations.metric":        {query: `query($v: String) { territory(slug: "commune-62119") { x: observations(metric: $v) { value } } }`},
	"Company.observations.metric":          {query: `query($v: String) { company(slug: "black-star") { x: observations(metric: $v) { value } } }`},
	"FundingProgramme.observations.metric": {query: `query($v: String) { programme(slug: "france-relance") { x: observations(metric: $v) { value } } }`},
	"TerritoryFilter.parent":               {query: `query($v: String) { x: territories(filter: {parent: $v}) { totalCount } }`},
	"TerritoryFilter.within":               {query: `query($v: String) { x: territories(filter: {within: $v}) { totalCount } }`},
	"SiteFilter.territory":                 {query: `query($v: String) { x: sites(filter: {territory: $v}) { totalCount } }`},
	"SiteFilter.operator":                  {query: `query($v: String) { x: sites(filter: {operator: $v}) { totalCount } }`},
	"SiteFilter.occupant":                  {query: `query($v: String) { x: sites(filter: {occupant: $v}) { totalCount } }`},
	"CompanyFilter.territory":              {query: `query($v: String) { x: companies(filter: {territory: $v}) { totalCount } }`},
	"CompanyFilter.site":                   {query: `query($v: String) { x: companies(filter: {site: $v}) { totalCount } }`},
	"SubsidyFilter.programme":              {query: `query($v: String) { x: subsidies(filter: {programme: $v}) { totalCount } }`},
	"SubsidyFilter.recipient":              {query: `query($v: String) { x: subsidies(filter: {recipient: $v}) { totalCount } }`},
	"SubsidyFilter.territory":              {query: `query($v: String) { x: subsidies(filter: {territory: $v}) { totalCount } }`},
	"ObservationFilter.metric":             {query: `query($v: String) { x: observations(filter: {metric: $v}) { totalCount } }`},
	"ObservationFilter.subject":            {query: `query($v: ID) { x: observations(filter: {subject: $v}) { totalCount } }`},
	"ObservationFilter.source":             {query: `query($v: String) { x: observations(filter: {source: $v}) { totalCount } }`},
	"ObservationFilter.territory":          {query: `query($v: String) { x: observations(filter: {territory: $v}) { totalCount } }`},
	"EventFilter.subject":                  {query: `query($v: ID) { x: events(filter: {subject: $v}) { totalCount } }`},
	"Mutation.updateCompany.slug":          {query: `mutation($v: String!) { x: updateCompany(slug: $v, expectedVersion: 999, input: {}) { slug } }`, editor: true},
	"Mutation.updateSite.slug":             {query: `mutation($v: String!) { x: updateSite(slug: $v, expectedVersion: 999, input: {}) { slug } }`, editor: true},
	"Mutation.updateSource.slug":           {query: `mutation($v: String!) { x: updateSource(slug: $v, expectedVersion: 999, input: {}) { slug } }`, editor: true},
	"Mutation.updateObservation.slug":      {query: `mutation($v: String!) { x: updateObservation(slug: $v, expectedVersion: 999, input: {}) { slug } }`, editor: true},
	"Mutation.retractObservation.slug":     {query: `mutation($v: String!) { x: retractObservation(slug: $v, expectedVersion: 999, reason: "test") { slug } }`, editor: true},
	"Mutation.reinstateObservation.slug":   {query: `mutation($v: String!) { x: reinstateObservation(slug: $v, expectedVersion: 999, reason: "test") { slug } }`, editor: true},
	"Mutation.reinstateRelationship.slug":  {query: `mutation($v: String!) { x: reinstateRelationship(slug: $v, expectedVersion: 999, reason: "test") { slug } }`, editor: true},
	"Mutation.preferObservation.slug":      {query: `mutation($v: String!) { x: preferObservation(slug: $v, expectedVersion: 999, rankReason: {fr: "test", en: "test"}) { slug } }`, editor: true},
	"Mutation.retractRelationship.slug":    {query: `mutation($v: String!) { x: retractRelationship(slug: $v, expectedVersion: 999, reason: "test") { slug } }`, editor: true},
}

// identifiersOf returns, for a kind, the forms a client may name one of its records
// with: global ID, slug and official code, read from the curated dataset.
func identifiersOf(t *testing.T, srv *apitest.Server, kind string) map[string]string {
	t.Helper()
	k := model.KindOfType(kind)
	if k == nil {
		t.Fatalf("no kind %s", kind)
	}
	var row struct {
		Slug string
		Code *string
	}
	cols, where := k.SlugCol()+" AS slug, NULL AS code", "1 = 1"
	switch {
	case k.Code != "" && k.Node:
		cols, where = k.SlugCol()+" AS slug, "+k.Code+" AS code", k.Code+" IS NOT NULL"
	case k.Code != "":
		cols = k.Code + " AS slug, " + k.Code + " AS code"
	}
	if k == model.KindTerritory {
		where = "kind = 'COMMUNE' AND code = '62119'" // Béthune
	}
	if err := srv.Store.DB.Raw("SELECT " + cols + " FROM " + k.Table + " WHERE " + where + " ORDER BY id LIMIT 1").Scan(&row).Error; err != nil || row.Slug == "" {
		// No record of the kind has a code in the dataset: the other forms.
		if err := srv.Store.DB.Raw("SELECT " + k.SlugCol() + " AS slug, NULL AS code FROM " + k.Table + " ORDER BY id LIMIT 1").Scan(&row).Error; err != nil || row.Slug == "" {
			t.Fatalf("%s: no record (%v)", kind, err)
		}
	}
	out := map[string]string{}
	if k.Node {
		out["global ID"] = model.GlobalID(k.Type, row.Slug)
		out["slug"] = row.Slug
	}
	if row.Code != nil {
		out["code"] = *row.Code
	}
	return out
}

// TestEveryIdentifierArgument: every argument and filter field of the schema that
// names a record, enumerated from the schema, accepts the record's global ID, its slug
// and its official code, and refuses an unknown identifier with NOT_FOUND (lookups) or
// BAD_USER_INPUT (filters), naming the argument and suggesting records.
func TestEveryIdentifierArgument(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })
	token, err := auth.CreateToken(context.Background(), s.DB, "ids", model.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	args := refArgs()
	if len(args) < 30 {
		t.Fatalf("only %d @ref arguments in the schema", len(args))
	}
	send := func(q string, editor bool, v string) *apitest.Response {
		if editor {
			return srv.QueryAs(t, token, q, map[string]any{"v": v})
		}
		return srv.Query(t, q, map[string]any{"v": v})
	}
	for _, a := range args {
		t.Run(a.String(), func(t *testing.T) {
			rq, ok := refQueries[a.String()]
			if !ok {
				t.Fatalf("no query to test %s: add one to refQueries", a)
			}
			for _, kind := range a.kinds {
				for form, v := range identifiersOf(t, srv, kind) {
					r := send(rq.query, rq.editor, v)
					for _, e := range r.Errors {
						switch e.Code() {
						case "NOT_FOUND", "BAD_USER_INPUT", "AMBIGUOUS_LOOKUP":
							if e.Extensions["argument"] == a.name || e.Extensions["argument"] == nil && !rq.editor {
								t.Errorf("%s by %s %q: %s", kind, form, v, r.Raw)
							}
						}
					}
				}
			}
			want := "BAD_USER_INPUT"
			if a.lookup {
				want = "NOT_FOUND"
			}
			r := send(rq.query, rq.editor, "bethune-nowhere-42")
			if len(r.Errors) == 0 || r.Errors[0].Code() != want || r.Errors[0].Extensions["argument"] != a.name {
				t.Fatalf("unknown identifier: want %s naming %s: %s", want, a.name, r.Raw)
			}
			if _, ok := r.Errors[0].Extensions["suggestions"].([]any); !ok {
				t.Errorf("no suggestions: %s", r.Raw)
			}
		})
	}

	t.Run("suggestions", func(t *testing.T) {
		r := srv.Query(t, `{ site(slug: "bridgestone") { slug } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" || !strings.Contains(r.Errors[0].Message, "bridgestone-bethune") {
			t.Errorf("site(slug: \"bridgestone\"): want NOT_FOUND suggesting bridgestone-bethune: %s", r.Raw)
		}
		if strings.Contains(r.Errors[0].Message, "{") {
			t.Errorf("a suggestion's name is not plain text: %s", r.Errors[0].Message)
		}
		// A typing error in a metric code is suggested the close codes.
		r = srv.Query(t, `{ observations(filter: {metric: "jobz"}) { totalCount } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "did you mean jobs") {
			t.Errorf("metric \"jobz\": want BAD_USER_INPUT suggesting jobs: %s", r.Raw)
		}
	})
	t.Run("a code shared by several records is ambiguous", func(t *testing.T) {
		// Région 32 (Hauts-de-France) and département 32 (Gers).
		r := srv.Query(t, `{ sites(filter: {territory: "32"}) { totalCount } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Code() != "AMBIGUOUS_LOOKUP" {
			t.Fatalf("want AMBIGUOUS_LOOKUP: %s", r.Raw)
		}
		if c, _ := r.Errors[0].Extensions["candidates"].([]any); len(c) != 2 {
			t.Errorf("want the 2 candidates: %s", r.Raw)
		}
	})
}

// TestDownloadIdentifiers: the download parameters that name records follow the same
// rule: global ID, slug or code; unknown ones are a 400 in the API's error shape.
func TestDownloadIdentifiers(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })
	params := map[string][]string{"metric": {"Metric"}, "source": {"Source"}, "territory": {"Territory"},
		"subject": {"Territory", "Site", "Company", "FundingProgramme"}}
	for param, kinds := range params {
		t.Run(param, func(t *testing.T) {
			for _, kind := range kinds {
				for form, v := range identifiersOf(t, srv, kind) {
					res, body := get(t, srv.URL+"/download/observations.csv?"+url.Values{param: {v}}.Encode())
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s by %s %q: %d %s", kind, form, v, res.StatusCode, body)
					}
				}
			}
			res, body := get(t, srv.URL+"/download/observations.csv?"+param+"=nowhere-42")
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"BAD_USER_INPUT"`) || !strings.Contains(string(body), fmt.Sprintf(`"argument":%q`, param)) {
				t.Errorf("unknown %s: %d %s", param, res.StatusCode, body)
			}
		})
	}
}
