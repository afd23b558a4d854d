package httpapi

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
)

// The query parameters of the downloads. Each downloadable kind with a filtered list in
// the API takes that list's filters, under the same names (the GraphQL input's fields),
// read with the same rules: records are named by the API's identifier rule (a global ID,
// a slug or an official code), enumerations take the schema's values, dates are
// "2021", "2021-04" or "2021-04-30". Every download also takes lang (fr or en) and, for
// CSV, dialect. Any other parameter is refused (400, BAD_USER_INPUT, naming it).
//
// A kind's filters are written once, as a function reading a paramReader: run on a
// request it builds the selection; run on nothing it lists the parameters (Params),
// for /download/, the data package and the documentation.

// Param documents one query parameter of a download.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// paramReader reads the parameters of one request, or lists them (q nil).
type paramReader struct {
	ctx    context.Context
	db     *gorm.DB
	q      url.Values
	known  map[string]bool
	params []Param
	err    error
}

// kindFilters are the filters of the downloadable kinds that have some: each reads its
// parameters and returns the selection (nil: every record).
var kindFilters = map[string]func(p *paramReader) model.Selection{
	"territories": func(p *paramReader) model.Selection {
		var f model.TerritoryFilter
		f.Kinds = enumList[model.TerritoryKind](p, "kind", "TerritoryFilter", "TerritoryKind")
		f.Parent = p.slug("parent", "TerritoryFilter", model.KindTerritory)
		f.Within = p.slug("within", "TerritoryFilter", model.KindTerritory)
		f.Code = p.text("code", "TerritoryFilter")
		f.Name = p.text("name", "TerritoryFilter")
		return p.sel(model.TerritoriesMatching(f))
	},
	"companies": func(p *paramReader) model.Selection {
		var f model.CompanyFilter
		f.Kinds = enumList[model.CompanyKind](p, "kind", "CompanyFilter", "CompanyKind")
		f.Territory = p.slug("territory", "CompanyFilter", model.KindTerritory)
		f.Siren = p.text("siren", "CompanyFilter")
		f.Name = p.text("name", "CompanyFilter")
		f.Activity = p.text("activity", "CompanyFilter")
		f.Site = p.slug("site", "CompanyFilter", model.KindSite)
		return p.sel(model.CompaniesMatching(f))
	},
	"sites": func(p *paramReader) model.Selection {
		var f model.SiteFilter
		f.Territory = p.slug("territory", "SiteFilter", model.KindTerritory)
		f.Statuses = enumList[model.SiteStatus](p, "status", "SiteFilter", "SiteStatus")
		f.Name = p.text("name", "SiteFilter")
		f.Activity = p.text("activity", "SiteFilter")
		f.Operator = p.slug("operator", "SiteFilter", model.KindCompany)
		f.Occupant = p.slug("occupant", "SiteFilter", model.KindCompany)
		if n := p.numbers("bbox", "west,south,east,north", "Only located sites inside this rectangle (WGS 84 degrees, the GeoJSON order).", 4); n != nil {
			f.BBox = &model.BBox{West: n[0], South: n[1], East: n[2], North: n[3]}
			p.fail(f.BBox.Validate())
		}
		if n := p.numbers("near", "latitude,longitude,radiusKm", "Only located sites within this distance (km) of a point (great-circle distance).", 3); n != nil {
			f.Near = &model.Near{Latitude: n[0], Longitude: n[1], RadiusKm: n[2]}
			p.fail(f.Near.Validate())
		}
		return p.sel(model.SitesMatching(f))
	},
	"site_status_periods": func(p *paramReader) model.Selection {
		return p.referring(model.KindSiteStatusPeriod, []refParam{{"site", "site_id", model.KindSite, "Only the periods of the site with this identifier."}})
	},
	"occupancies": func(p *paramReader) model.Selection {
		return p.referring(model.KindOccupancy, []refParam{
			{"site", "site_id", model.KindSite, "Only the companies on the site with this identifier."},
			{"company", "company_id", model.KindCompany, "Only the sites of the company with this identifier."},
		})
	},
	"citations": func(p *paramReader) model.Selection {
		return p.referring(model.KindCitation, []refParam{{"source", "source_id", model.KindSource, "Only the passages of the source with this identifier."}})
	},
	"memberships": func(p *paramReader) model.Selection {
		return p.referring(model.KindMembership, []refParam{
			{"group", "group_id", model.KindTerritory, "Only the members of the grouping with this identifier."},
			{"member", "member_id", model.KindTerritory, "Only the groupings of the territory with this identifier."},
		})
	},
	"subsidies": func(p *paramReader) model.Selection {
		var f model.SubsidyFilter
		f.Programme = p.slug("programme", "SubsidyFilter", model.KindProgramme)
		f.Recipient = p.slug("recipient", "SubsidyFilter", model.KindCompany)
		f.Territory = p.slug("territory", "SubsidyFilter", model.KindTerritory)
		f.From = p.date("from", "SubsidyFilter", false)
		f.To = p.date("to", "SubsidyFilter", true)
		f.MinAmount = p.number("minAmountEur", "SubsidyFilter")
		f.MaxAmount = p.number("maxAmountEur", "SubsidyFilter")
		f.Statuses = enumList[model.ObservationStatus](p, "status", "SubsidyFilter", "ObservationStatus")
		f.FunderKinds = enumList[model.FunderKind](p, "funderKinds", "SubsidyFilter", "FunderKind")
		f.Scopes = enumList[model.MoneyScope](p, "scopes", "SubsidyFilter", "MoneyScope")
		f.Public = p.boolean("public", "SubsidyFilter")
		f.Ranks = enumList[model.Rank](p, "rank", "SubsidyFilter", "Rank")
		return p.sel(model.SubsidiesMatching(f))
	},
	"observations": func(p *paramReader) model.Selection {
		var f model.ObservationFilter
		f.Metric = p.slug("metric", "ObservationFilter", model.KindMetric)
		if s := p.subject("subject", "ObservationFilter"); s != nil {
			f.Subject = s
		}
		f.Statuses = enumList[model.ObservationStatus](p, "status", "ObservationFilter", "ObservationStatus")
		f.Ranks = enumList[model.Rank](p, "rank", "ObservationFilter", "Rank")
		f.Source = p.slug("source", "ObservationFilter", model.KindSource)
		f.From = p.date("from", "ObservationFilter", false)
		f.To = p.date("to", "ObservationFilter", true)
		f.Territory = p.slug("territory", "ObservationFilter", model.KindTerritory)
		f.Dimension = p.text("dimension", "ObservationFilter")
		f.Category = p.text("category", "ObservationFilter")
		if b := p.boolean("withoutBreakdown", "ObservationFilter"); b != nil {
			f.NoBreakdown = *b
		}
		f.KnownAt = p.date("asOf", "ObservationFilter", false)
		f.Claim = p.text("claim", "ObservationFilter")
		return p.sel(model.ObservationsMatching(f))
	},
	"events": func(p *paramReader) model.Selection {
		var f model.EventFilter
		f.Kinds = enumList[model.EventKind](p, "kind", "EventFilter", "EventKind")
		f.Subject = p.subject("subject", "EventFilter")
		f.From = p.date("from", "EventFilter", false)
		f.To = p.date("to", "EventFilter", true)
		return p.sel(model.EventsMatching(f))
	},
}

// Parameters taken by every download (the filters come after).
const (
	paramLang    = "lang"
	paramDialect = "dialect"
)

// commonParams documents lang and dialect.
func commonParams(format string) []Param {
	out := []Param{{paramLang, "fr | en", "Language of the texts (labels, descriptions, notes); default: Accept-Language, else French. Column names are the same in both."}}
	if format == "csv" {
		out = append(out, Param{paramDialect, strings.Join(export.DialectNames(), " | "),
			"CSV dialect: " + export.DialectDoc()})
	}
	return out
}

// Params lists the query parameters of the download of kind name in format (csv or
// json): lang, dialect for CSV, then the kind's filters.
func Params(name, format string) []Param {
	out := commonParams(format)
	if read, ok := kindFilters[name]; ok {
		p := &paramReader{}
		read(p)
		out = append(out, p.params...)
	}
	return out
}

// readDownloadParams reads a request's parameters for the download of kind name in
// format: the selection of its filters (nil when none is given), or an error naming the
// first parameter that is unknown or wrong.
func readDownloadParams(r *http.Request, db *gorm.DB, name, format string) (model.Selection, error) {
	q := r.URL.Query()
	p := &paramReader{ctx: r.Context(), db: db, q: q, known: map[string]bool{}}
	for _, c := range commonParams(format) {
		p.known[c.Name] = true
	}
	var sel model.Selection
	if read, ok := kindFilters[name]; ok {
		sel = read(p)
	}
	if err := p.unknown(); err != nil {
		return nil, err
	}
	return sel, p.err
}

// refuseUnknown answers an error naming the first parameter of r that is not one of
// known (sorted, for a stable message).
func refuseUnknown(r *http.Request, known ...string) error {
	p := &paramReader{q: r.URL.Query(), known: map[string]bool{}}
	for _, k := range known {
		p.known[k] = true
	}
	return p.unknown()
}

func (p *paramReader) unknown() error {
	var bad []string
	for k := range p.q {
		if !p.known[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	names := make([]string, 0, len(p.known))
	for k := range p.known {
		names = append(names, k)
	}
	sort.Strings(names)
	hint := "this file takes no parameter"
	if len(names) > 0 {
		hint = "this file takes " + strings.Join(names, ", ")
	}
	return model.BadInput("unknown parameter %q: %s (docs/downloads.md)", bad[0], hint).With("argument", bad[0])
}

// sel returns s when a filter was given, nil (everything) otherwise.
func (p *paramReader) sel(s model.Selection) model.Selection {
	if p.q == nil || len(p.q) == 0 {
		return nil
	}
	for k := range p.q {
		if k != paramLang && k != paramDialect {
			return s
		}
	}
	return nil
}

func (p *paramReader) fail(err error) {
	if err != nil && p.err == nil {
		p.err = err
	}
}

// declare records a parameter and returns its value ("" when absent or listing). A
// parameter given twice is refused: a filter has one value (lists are comma-separated).
func (p *paramReader) declare(name, typ, description string) string {
	if p.q == nil {
		p.params = append(p.params, Param{name, typ, description})
		return ""
	}
	p.known[name] = true
	vs := p.q[name]
	if len(vs) > 1 {
		p.fail(model.BadInput("%s: given %d times; give it once (lists are comma-separated)", name, len(vs)).With("argument", name))
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	v := strings.TrimSpace(vs[0])
	if v == "" {
		p.fail(model.BadInput("%s: empty value", name).With("argument", name))
	}
	return v
}

// fieldDoc is the description of the field of a GraphQL input type.
func fieldDoc(input, field string) string {
	if def := schemaAST().Types[input]; def != nil {
		if f := def.Fields.ForName(field); f != nil {
			return strings.Join(strings.Fields(f.Description), " ")
		}
	}
	return ""
}

var schemaAST = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

func (p *paramReader) text(name, input string) *string {
	if v := p.declare(name, "text", fieldDoc(input, name)); v != "" {
		return &v
	}
	return nil
}

// slug reads a record's identifier (global ID, slug or official code) and returns its
// slug, as the filters take it.
func (p *paramReader) slug(name, input string, kind *model.Kind) *string {
	ref := p.ref(name, fieldDoc(input, name), kind)
	if ref == nil {
		return nil
	}
	return &ref.Slug
}

func refType(kinds ...*model.Kind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.Type)
	}
	return "identifier of a " + strings.Join(names, ", ") + " (global ID, slug or official code)"
}

func (p *paramReader) ref(name, doc string, kinds ...*model.Kind) *model.Ref {
	v := p.declare(name, refType(kinds...), doc)
	if v == "" || p.err != nil {
		return nil
	}
	found, err := model.ResolveRef(p.ctx, p.db, name, v, kinds, false)
	if err != nil {
		p.fail(err)
		return nil
	}
	return &found
}

// subject reads the subject of figures or events: an identifier of a territory, site,
// company or programme, or the older form kind:slug (site:bridgestone-bethune).
func (p *paramReader) subject(name, input string) *model.SubjectRef {
	var kinds []*model.Kind
	for _, k := range model.Kinds {
		if k.Subject != "" {
			kinds = append(kinds, k)
		}
	}
	if p.q != nil {
		if v := p.q.Get(name); v != "" {
			if kind, slug, ok := strings.Cut(v, ":"); ok {
				if k := model.KindOfSubject(model.SubjectType(strings.ToUpper(kind))); k != nil {
					p.q[name] = []string{model.GlobalID(k.Type, slug)}
				}
			}
		}
	}
	ref := p.ref(name, fieldDoc(input, name)+" Also kind:slug, e.g. site:bridgestone-bethune.", kinds...)
	if ref == nil {
		return nil
	}
	s := ref.Subject()
	return &s
}

// date reads a date at any precision, in the stored form: its first day, or its last
// when end is true ("to=2022" is until 31 December 2022).
func (p *paramReader) date(name, input string, end bool) *string {
	v := p.declare(name, "date: YYYY, YYYY-MM or YYYY-MM-DD", fieldDoc(input, name))
	if v == "" {
		return nil
	}
	stored, prec, err := model.ParsePartialDate(v)
	if err != nil {
		p.fail(model.BadInput("%s: %s", name, err.Error()).With("argument", name))
		return nil
	}
	if end {
		stored = model.PeriodEnd(stored, prec)
	}
	return &stored
}

func (p *paramReader) number(name, input string) *float64 {
	v := p.declare(name, "number", fieldDoc(input, name))
	if v == "" {
		return nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		p.fail(model.BadInput("%s: not a number: %q", name, v).With("argument", name))
		return nil
	}
	return &n
}

func (p *paramReader) numbers(name, form, doc string, n int) []float64 {
	v := p.declare(name, form+" (numbers)", doc)
	if v == "" {
		return nil
	}
	out, err := floats(v, n, name+" must be "+form)
	if err != nil {
		p.fail(model.BadInput("%s must be %s", name, form).With("argument", name))
		return nil
	}
	return out
}

func (p *paramReader) boolean(name, input string) *bool {
	v := p.declare(name, "true | false", fieldDoc(input, name))
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(model.BadInput("%s: true or false, not %q", name, v).With("argument", name))
		return nil
	}
	return &b
}

// enumList reads a comma-separated list of values of the GraphQL enumeration enum.
func enumList[T ~string](p *paramReader, name, input, enum string) []T {
	var allowed []string
	if def := schemaAST().Types[enum]; def != nil {
		for _, v := range def.EnumValues {
			allowed = append(allowed, v.Name)
		}
	}
	v := p.declare(name, "comma-separated list of "+strings.Join(allowed, ", "), fieldDoc(input, name))
	if v == "" {
		return nil
	}
	var out []T
	for _, s := range splitParam(v) {
		s = strings.ToUpper(s)
		ok := false
		for _, a := range allowed {
			ok = ok || a == s
		}
		if !ok {
			p.fail(model.BadInput("%s: unknown value %q: use %s", name, s, strings.Join(allowed, ", ")).With("argument", name))
			return nil
		}
		out = append(out, T(s))
	}
	return out
}

// refParam is a download filter by a record that rows refer to (a column of the kind's
// table).
type refParam struct {
	name, column string
	kind         *model.Kind
	doc          string
}

func (p *paramReader) referring(k *model.Kind, params []refParam) model.Selection {
	refs := map[string]int64{}
	for _, rp := range params {
		if ref := p.ref(rp.name, rp.doc, rp.kind); ref != nil {
			refs[rp.column] = ref.ID
		}
	}
	if len(refs) == 0 {
		return nil
	}
	return model.RecordsReferring(k, refs)
}
