package model

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
)

// Filters of the root lists. Every field is optional; all given fields must match.
// They are built by the API layer from its inputs and turned into SQL here, with bound
// parameters only.

// TerritoryFilter filters territories.
type TerritoryFilter struct {
	Kinds  []TerritoryKind
	Parent *string // slug of the direct parent
	Within *string // slug of an ancestor
	Code   *string
	Name   *string
}

// SiteFilter filters sites.
type SiteFilter struct {
	Territory *string // slug; the territory or anything below it
	Statuses  []SiteStatus
	Name      *string
	// Activity matches, accents and case ignored, the activity of an occupant on the
	// site (occupancies.activity), the activity of an occupant or of the operator
	// (companies.activity), or the site's description.
	Activity *string
	// Operator is the slug of the company that operates the site.
	Operator *string
	// Occupant is the slug of a company present on the site (at any time).
	Occupant *string
	BBox     *BBox
	Near     *Near
}

// BBox is a bounding box in WGS 84 degrees. West may be greater than East for a box
// across the antimeridian (not needed in France, but handled).
type BBox struct {
	South, West, North, East float64
}

// Near is a disc around a point: a distance in kilometres.
type Near struct {
	Latitude, Longitude, RadiusKm float64
}

// EarthRadiusKm is the mean radius used for distances (haversine formula).
const EarthRadiusKm = 6371.0088

// Box returns a bounding box that contains the disc (a prefilter for an index scan).
func (n Near) Box() BBox {
	dLat := n.RadiusKm / EarthRadiusKm * 180 / math.Pi
	cos := math.Cos(n.Latitude * math.Pi / 180)
	dLon := 180.0
	if cos > 1e-6 {
		dLon = math.Min(180, dLat/cos)
	}
	return BBox{South: n.Latitude - dLat, North: n.Latitude + dLat, West: n.Longitude - dLon, East: n.Longitude + dLon}
}

// Validate checks the box's coordinates.
func (b BBox) Validate() error {
	switch {
	case !finite(b.South, b.West, b.North, b.East):
		return BadInput("bbox: south, west, north and east must be numbers")
	case b.South < -90 || b.North > 90 || b.South > b.North:
		return BadInput("bbox: south and north must be latitudes between -90 and 90, south <= north")
	case b.West < -180 || b.West > 180 || b.East < -180 || b.East > 180:
		return BadInput("bbox: west and east must be longitudes between -180 and 180")
	}
	return nil
}

// Validate checks the point and the radius.
func (n Near) Validate() error {
	switch {
	case !finite(n.Latitude, n.Longitude, n.RadiusKm):
		return BadInput("near: latitude, longitude and radiusKm must be numbers")
	case n.Latitude < -90 || n.Latitude > 90 || n.Longitude < -180 || n.Longitude > 180:
		return BadInput("near: latitude must be between -90 and 90, longitude between -180 and 180")
	case !(n.RadiusKm > 0) || n.RadiusKm > 2000:
		return BadInput("near: radiusKm must be greater than 0 and at most 2000")
	}
	return nil
}

// finite reports whether every value is a number (not NaN nor infinite).
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// HaversineSQL is the great-circle distance in kilometres from the bound point (?, ?:
// latitude, longitude) to the row's latitude/longitude columns. It uses only functions
// that PostgreSQL and SQLite (with its math functions, built in) both have.
func HaversineSQL(lat, lon string) string {
	return fmt.Sprintf("(%g * 2 * ASIN(SQRT(POWER(SIN(RADIANS(%s - ?) / 2), 2) + COS(RADIANS(?)) * COS(RADIANS(%s)) * POWER(SIN(RADIANS(%s - ?) / 2), 2))))",
		EarthRadiusKm, lat, lat, lon)
}

// withinBox is the condition of a point (lat, lon columns) inside b.
func withinBox(b BBox, lat, lon string) Conds {
	cs := Conds{}.and(lat+" IS NOT NULL AND "+lon+" IS NOT NULL AND "+lat+" BETWEEN ? AND ?", b.South, b.North)
	if b.West <= b.East {
		return cs.and(lon+" BETWEEN ? AND ?", b.West, b.East)
	}
	return cs.and("("+lon+" >= ? OR "+lon+" <= ?)", b.West, b.East)
}

// withinDistance is the condition of a point within n (a box prefilter, then the
// great-circle distance).
func withinDistance(n Near, lat, lon string) Conds {
	return withinBox(clampBox(n.Box()), lat, lon).
		and(HaversineSQL(lat, lon)+" <= ?", n.Latitude, n.Latitude, n.Longitude, n.RadiusKm)
}

func clampBox(b BBox) BBox {
	b.South, b.North = math.Max(-90, b.South), math.Min(90, b.North)
	if b.West < -180 || b.East > 180 {
		b.West, b.East = -180, 180
	}
	return b
}

// foldedContains matches the SQL fold of expr against folded user text.
// bothTexts is the SQL of a text column (model.Text) in both languages, for the filters
// that find a record by either.
func bothTexts(column string) string { return "(" + column + "_fr || ' ' || " + column + "_en)" }

func foldedContains(expr, text string) (string, string) {
	return SQLFold(expr) + " LIKE ? ESCAPE '\\'", "%" + escapeLike(textnorm.Fold(text)) + "%"
}

// CompanyFilter filters companies.
type CompanyFilter struct {
	Kinds     []CompanyKind
	Territory *string
	Siren     *string
	Name      *string
	// Activity matches the company's activity, or its activity on a site it occupies,
	// accents and case ignored.
	Activity *string
	// Site is the slug of a site the company occupies or operates.
	Site *string
}

// SubsidyFilter filters subsidies.
type SubsidyFilter struct {
	Programme *string
	Recipient *string
	Territory *string
	// From and To (stored form) keep the subsidies whose period overlaps [From, To].
	From, To *string
	// MinAmount and MaxAmount bound amount_eur, inclusive.
	MinAmount, MaxAmount *float64
	Statuses             []ObservationStatus
	// FunderKinds, Scopes and Public select money by who pays and at which level;
	// Public true keeps public money (any funder but a private company), false private.
	FunderKinds []FunderKind
	Scopes      []MoneyScope
	Public      *bool
	Ranks       []Rank
}

// ObservationFilter filters observations.
type ObservationFilter struct {
	Metric   *string
	Subject  *SubjectRef
	Statuses []ObservationStatus
	Ranks    []Rank
	Source   *string
	From     *string // stored form YYYY-MM-DD
	To       *string
	// Territory keeps the observations about a territory or anything below it, and
	// about the sites and companies located there.
	Territory *string
	// Category and Dimension select a breakdown ("outcome" / PERMANENT_CONTRACT);
	// NoBreakdown keeps only the observations without a dimension.
	Dimension   *string
	Category    *string
	NoBreakdown bool
	// KnownAt (stored form) keeps the observations that became public on or before that
	// date: whose passage was published then (its own date, or else its source's). What
	// was known then.
	KnownAt *string
	// Claim keeps the claims of one fact.
	Claim *string
}

// EventFilter filters events.
type EventFilter struct {
	Kinds   []EventKind
	Subject *SubjectRef
	From    *string
	To      *string
}

// nameContains matches a folded search_text column against folded user text (nothing
// to add when name is nil or folds to nothing).
func nameContains(cs Conds, column string, name *string) Conds {
	if name == nil {
		return cs
	}
	folded := textnorm.Fold(*name)
	if folded == "" {
		return cs
	}
	return cs.and(column+" LIKE ? ESCAPE '\\'", "%"+escapeLike(folded)+"%")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// territoriesWithin is the subquery of the ids of a territory and everything below it.
// Below a département or a région, a commune belongs where its own département is
// (admin_path), whatever the département its EPCI is placed in; below anything else
// (an EPCI, a grouping, a commune), the hierarchy of path decides.
func territoriesWithin(slug string) Cond {
	return Cond{SQL: "SELECT t.id FROM territories AS t JOIN territories AS anc ON anc.slug = ? WHERE " + WithinCondition, Args: []any{slug}}
}

// in is "column IN (subquery)".
//
// On PostgreSQL it is written "column = ANY(ARRAY(subquery))": the subquery runs once,
// and the planner estimates the outer rows from the array rather than from the
// subquery's ranges (for the sites within Paris, an index scan of the commune's
// sites, 4 ms, instead of a walk of every site in name order, 1 s at national scale).
func in(column string, sub Cond) Cond {
	return Cond{SQL: column + " IN (" + sub.SQL + ")", Args: sub.Args,
		PostgreSQL: column + " = ANY(ARRAY(" + sub.ForPostgres() + "))"}
}

// WithinCondition is the SQL condition of territoriesWithin, on the aliases t (the
// candidate) and anc (the ancestor).
//
// It reads "CASE WHEN t.admin_path IS NOT NULL AND anc.kind IN ('DEPARTEMENT', 'REGION')
// THEN <admin_path range> ELSE <path range> END", written as an OR of the two branches
// so that PostgreSQL can scan both ranges on their indexes (a CASE hides them: a région
// took a 36 000-row scan, 65 ms, instead of 4 ms; bench/RESULTS.md).
const WithinCondition = `((t.admin_path IS NOT NULL AND anc.kind IN ('DEPARTEMENT', 'REGION')
	AND t.admin_path >= anc.path AND t.admin_path < anc.path || '~')
	OR (NOT (t.admin_path IS NOT NULL AND anc.kind IN ('DEPARTEMENT', 'REGION'))
	AND t.path >= anc.path AND t.path < anc.path || '~'))`

// TerritoryRows is what the territories list reads for f.
func TerritoryRows(f TerritoryFilter) Rows {
	var cs Conds
	if len(f.Kinds) > 0 {
		cs = cs.and("territories.kind IN ?", f.Kinds)
	}
	if f.Parent != nil {
		cs = cs.and("territories.parent_id = (SELECT id FROM territories WHERE slug = ?)", *f.Parent)
	}
	if f.Within != nil {
		w := in("territories.id", territoriesWithin(*f.Within))
		cs = append(cs, Cond{SQL: w.SQL + " AND territories.slug <> ?", Args: append(w.Args, *f.Within),
			PostgreSQL: w.ForPostgres() + " AND territories.slug <> ?"})
	}
	if f.Code != nil {
		cs = cs.and("territories.code = ?", *f.Code)
	}
	return Rows{From: Cond{SQL: "territories"}, Where: nameContains(cs, "territories.search_text", f.Name)}
}

// ScopeTerritories is the query of the territories matching f.
func ScopeTerritories(db *gorm.DB, f TerritoryFilter) *gorm.DB {
	return TerritoryRows(f).Query(db, &Territory{})
}

// SiteRows is what the sites list reads for f.
func SiteRows(f SiteFilter) Rows {
	var cs Conds
	if f.Territory != nil {
		cs = append(cs, in("sites.territory_id", territoriesWithin(*f.Territory)))
	}
	if len(f.Statuses) > 0 {
		cs = cs.and("sites.status IN ?", f.Statuses)
	}
	if f.Activity != nil && textnorm.Fold(*f.Activity) != "" {
		occCond, occArg := foldedContains(bothTexts("o.activity"), *f.Activity)
		coCond, coArg := foldedContains(bothTexts("c.activity"), *f.Activity)
		descCond, descArg := foldedContains(bothTexts("sites.description"), *f.Activity)
		cs = cs.and("("+descCond+
			" OR sites.id IN (SELECT o.site_id FROM occupancies AS o WHERE "+occCond+")"+
			" OR sites.id IN (SELECT o.site_id FROM occupancies AS o JOIN companies AS c ON c.id = o.company_id WHERE "+coCond+")"+
			" OR sites.operator_id IN (SELECT c.id FROM companies AS c WHERE "+coCond+"))",
			descArg, occArg, coArg, coArg)
	}
	if f.Operator != nil {
		cs = cs.and("sites.operator_id IN (SELECT id FROM companies WHERE slug = ?)", *f.Operator)
	}
	if f.Occupant != nil {
		cs = cs.and("sites.id IN (SELECT o.site_id FROM occupancies AS o JOIN companies AS c ON c.id = o.company_id WHERE c.slug = ?)", *f.Occupant)
	}
	if f.BBox != nil {
		cs = append(cs, withinBox(*f.BBox, "sites.latitude", "sites.longitude")...)
	}
	if f.Near != nil {
		cs = append(cs, withinDistance(*f.Near, "sites.latitude", "sites.longitude")...)
	}
	return Rows{From: Cond{SQL: "sites"}, Where: nameContains(cs, "sites.search_text", f.Name)}
}

// ScopeSites is the query of the sites matching f.
func ScopeSites(db *gorm.DB, f SiteFilter) *gorm.DB {
	return SiteRows(f).Query(db, &Site{})
}

// CompanyRows is what the companies list reads for f.
func CompanyRows(f CompanyFilter) Rows {
	var cs Conds
	if len(f.Kinds) > 0 {
		cs = cs.and("companies.kind IN ?", f.Kinds)
	}
	if f.Territory != nil {
		cs = append(cs, in("companies.territory_id", territoriesWithin(*f.Territory)))
	}
	if f.Siren != nil {
		cs = cs.and("companies.siren = ?", *f.Siren)
	}
	if f.Activity != nil && textnorm.Fold(*f.Activity) != "" {
		coCond, coArg := foldedContains(bothTexts("companies.activity"), *f.Activity)
		occCond, occArg := foldedContains(bothTexts("o.activity"), *f.Activity)
		cs = cs.and("("+coCond+" OR companies.id IN (SELECT o.company_id FROM occupancies AS o WHERE "+occCond+"))", coArg, occArg)
	}
	if f.Site != nil {
		cs = cs.and("(companies.id IN (SELECT company_id FROM occupancies WHERE site_id IN (SELECT id FROM sites WHERE slug = ?))"+
			" OR companies.id IN (SELECT operator_id FROM sites WHERE slug = ? AND operator_id IS NOT NULL))", *f.Site, *f.Site)
	}
	return Rows{From: Cond{SQL: "companies"}, Where: nameContains(cs, "companies.search_text", f.Name)}
}

// ScopeCompanies is the query of the companies matching f.
func ScopeCompanies(db *gorm.DB, f CompanyFilter) *gorm.DB {
	return CompanyRows(f).Query(db, &Company{})
}

// SubsidyRows is what the subsidies list reads for f: with a territory, the rows of
// SubsidiesWithin, under the name subsidies.
func SubsidyRows(f SubsidyFilter) Rows {
	if f.Territory != nil {
		within := SubsidiesWithin(*f.Territory, f, "subsidies.*")
		return Rows{From: Cond{SQL: "(" + within.SQL + ") AS subsidies", Args: within.Args}}
	}
	return Rows{From: Cond{SQL: "subsidies"}, Where: subsidyConds(f)}
}

// ScopeSubsidies is the query of the subsidies matching f.
func ScopeSubsidies(db *gorm.DB, f SubsidyFilter) *gorm.DB {
	return SubsidyRows(f).Query(db, &Subsidy{})
}

// subsidyConds are the conditions of the fields of f other than the territory, on the
// table subsidies.
func subsidyConds(f SubsidyFilter) Conds {
	var cs Conds
	if f.Programme != nil {
		cs = cs.and("subsidies.programme_id IN (SELECT p.id FROM programmes AS p JOIN programmes AS top ON top.slug = ? WHERE p.id = top.id OR p.parent_id = top.id)", *f.Programme)
	}
	if f.Recipient != nil {
		cs = cs.and("subsidies.recipient_id = (SELECT id FROM companies WHERE slug = ?)", *f.Recipient)
	}
	if f.From != nil {
		cs = cs.and("COALESCE(subsidies.period_end, subsidies.period_start, '9999-12-31') >= ?", *f.From)
	}
	if f.To != nil {
		cs = cs.and("COALESCE(subsidies.period_start, subsidies.period_end, '0000-01-01') <= ?", *f.To)
	}
	if f.MinAmount != nil {
		cs = cs.and("subsidies.amount_eur >= ?", *f.MinAmount)
	}
	if f.MaxAmount != nil {
		cs = cs.and("subsidies.amount_eur <= ?", *f.MaxAmount)
	}
	if len(f.Statuses) > 0 {
		cs = cs.and("subsidies.status IN ?", f.Statuses)
	}
	if len(f.FunderKinds) > 0 {
		cs = cs.and("subsidies.funder_kind IN ?", f.FunderKinds)
	}
	if len(f.Scopes) > 0 {
		cs = cs.and("subsidies.scope IN ?", f.Scopes)
	}
	if f.Public != nil {
		if *f.Public {
			cs = cs.and("subsidies.funder_kind <> ?", FunderPrivateCompany)
		} else {
			cs = cs.and("subsidies.funder_kind = ?", FunderPrivateCompany)
		}
	}
	if len(f.Ranks) > 0 {
		cs = cs.and("subsidies.rank IN ?", f.Ranks)
	}
	return cs
}

// A subsidy is within a territory when its own territory or its recipient's commune is
// (WithinCondition). Both are resolved on write into columns of subsidies (migration
// 00008, kept by triggers): place_path and place_admin_path for its own territory, else
// its recipient's commune; recipient_path and recipient_admin_path for the recipient's
// commune when the subsidy also has its own territory and it is another one. The
// *_admin_path columns hold the territory's admin_path, or its path when it has none.
//
// So within the ancestor anc, as in WithinCondition: below a département or a région,
// place_admin_path or recipient_admin_path is in anc's range; below anything else,
// place_path or recipient_path is. Each branch below is one range on one indexed
// column, and a subsidy matches at most one branch (the kind of anc picks two, and the
// recipient's branch leaves out what the place's branch took), so that their UNION ALL
// is the set of subsidies within anc, each once, and PostgreSQL reads each branch on its
// index (only the index for an aggregate: the place indexes cover its columns). An OR of
// the ranges would mean a bitmap scan of the table's rows instead. (IS NOT NULL on the
// recipient columns, implied by the ranges, lets the planner see how few rows have one.)
var subsidyWithinBranches = [...]string{
	`anc.kind IN ('DEPARTEMENT', 'REGION')
	AND subsidies.place_admin_path >= anc.path AND subsidies.place_admin_path < anc.path || '~'`,
	`anc.kind NOT IN ('DEPARTEMENT', 'REGION')
	AND subsidies.place_path >= anc.path AND subsidies.place_path < anc.path || '~'`,
	`anc.kind IN ('DEPARTEMENT', 'REGION')
	AND subsidies.recipient_admin_path IS NOT NULL AND subsidies.recipient_admin_path >= anc.path AND subsidies.recipient_admin_path < anc.path || '~'
	AND (subsidies.place_admin_path IS NULL OR NOT (subsidies.place_admin_path >= anc.path AND subsidies.place_admin_path < anc.path || '~'))`,
	`anc.kind NOT IN ('DEPARTEMENT', 'REGION')
	AND subsidies.recipient_path IS NOT NULL AND subsidies.recipient_path >= anc.path AND subsidies.recipient_path < anc.path || '~'
	AND (subsidies.place_path IS NULL OR NOT (subsidies.place_path >= anc.path AND subsidies.place_path < anc.path || '~'))`,
}

// SubsidiesWithin is the query (to be used as "(...) AS alias") of the subsidies
// within the territory slug that match the other fields of f (f.Territory is not
// read), each selecting sel (columns of the table subsidies).
func SubsidiesWithin(slug string, f SubsidyFilter, sel string) Cond {
	var (
		parts []string
		args  []any
	)
	for _, branch := range subsidyWithinBranches {
		where := append(Conds{{SQL: branch}}, subsidyConds(f)...).Joined()
		parts = append(parts, "SELECT "+sel+" FROM subsidies JOIN territories AS anc ON anc.slug = ? WHERE "+where.SQL)
		args = append(append(args, slug), where.Args...)
	}
	return Cond{SQL: strings.Join(parts, " UNION ALL "), Args: args}
}

// ObservationRows is what the observations list reads for f.
func ObservationRows(f ObservationFilter) Rows {
	var cs Conds
	if f.Metric != nil {
		cs = cs.and("observations.metric_id = (SELECT id FROM metrics WHERE code = ?)", *f.Metric)
	}
	if f.Subject != nil {
		cs = cs.and("observations.subject_type = ? AND observations.subject_id = ?", f.Subject.Type, f.Subject.ID)
	}
	if len(f.Statuses) > 0 {
		cs = cs.and("observations.status IN ?", f.Statuses)
	}
	if len(f.Ranks) > 0 {
		cs = cs.and("observations.rank IN ?", f.Ranks)
	}
	if f.Source != nil {
		cs = cs.and("observations.citation_id IN (SELECT c.id FROM citations AS c JOIN sources AS s ON s.id = c.source_id WHERE s.slug = ?)", *f.Source)
	}
	if f.From != nil {
		cs = cs.and("observations.date >= ?", *f.From)
	}
	if f.To != nil {
		cs = cs.and("observations.date <= ?", *f.To)
	}
	if f.Territory != nil {
		cs = append(cs, subjectsWithin("observations.subject_type", "observations.subject_id", *f.Territory))
	}
	if f.Dimension != nil {
		cs = cs.and("observations.dimension = ?", *f.Dimension)
	}
	if f.Category != nil {
		cs = cs.and("observations.category = ?", *f.Category)
	}
	if f.NoBreakdown {
		cs = cs.and("observations.dimension IS NULL")
	}
	if f.KnownAt != nil {
		// A passage is public from its own date (a post inside a page), or else from
		// its source's; stored dates are the first day of their period.
		cs = cs.and("observations.citation_id IN (SELECT kc.id FROM citations AS kc JOIN sources AS ks ON ks.id = kc.source_id"+
			" WHERE COALESCE(kc.published_on, ks.published_on) IS NOT NULL AND COALESCE(kc.published_on, ks.published_on) <= ?)", *f.KnownAt)
	}
	if f.Claim != nil {
		cs = cs.and("observations.claim = ?", *f.Claim)
	}
	return Rows{From: Cond{SQL: "observations"}, Where: cs}
}

// ScopeObservations is the query of the observations matching f.
func ScopeObservations(db *gorm.DB, f ObservationFilter) *gorm.DB {
	return ObservationRows(f).Query(db, &Observation{})
}

// subjectsWithin is a condition on (typeCol, idCol) true for the territories within
// slug, the sites located there and the companies established there.
func subjectsWithin(typeCol, idCol, slug string) Cond {
	w := territoriesWithin(slug)
	return Cond{SQL: "(" + typeCol + " = 'TERRITORY' AND " + idCol + " IN (" + w.SQL + ")) OR (" +
		typeCol + " = 'SITE' AND " + idCol + " IN (SELECT id FROM sites WHERE territory_id IN (" + w.SQL + "))) OR (" +
		typeCol + " = 'COMPANY' AND " + idCol + " IN (SELECT id FROM companies WHERE territory_id IN (" + w.SQL + ")))",
		Args: []any{slug, slug, slug}}
}

// EventRows is what the events list reads for f.
func EventRows(f EventFilter) Rows {
	var cs Conds
	if len(f.Kinds) > 0 {
		cs = cs.and("events.kind IN ?", f.Kinds)
	}
	if f.Subject != nil {
		cs = cs.and("events.id IN (SELECT event_id FROM event_subjects WHERE subject_type = ? AND subject_id = ?)", f.Subject.Type, f.Subject.ID)
	}
	if f.From != nil {
		cs = cs.and("events.date >= ?", *f.From)
	}
	if f.To != nil {
		cs = cs.and("events.date <= ?", *f.To)
	}
	return Rows{From: Cond{SQL: "events"}, Where: cs}
}

// ScopeEvents is the query of the events matching f.
func ScopeEvents(db *gorm.DB, f EventFilter) *gorm.DB {
	return EventRows(f).Query(db, &Event{})
}

// Orders of the root lists.
var (
	OrderByName         = Order{Expr: "name_key", Key: fieldKey("NameKey")} // French order (collation.go)
	OrderByID           = Order{Expr: "id"}
	OrderTerritoryCode  = Order{Expr: "COALESCE(code, '')", Key: func(r any) any { return deref(r.(*Territory).Code) }}
	OrderPopulationDesc = Order{Expr: "COALESCE(population, -1)", Desc: true, Key: func(r any) any {
		if p := r.(*Territory).Population; p != nil {
			return float64(*p)
		}
		return float64(-1)
	}}
	OrderAreaDesc = Order{Expr: "COALESCE(area_m2, -1)", Desc: true, Key: func(r any) any {
		if a := r.(*Site).AreaM2; a != nil {
			return *a
		}
		return float64(-1)
	}}
	OrderAmountDesc = Order{Expr: "amount_eur", Desc: true, Key: func(r any) any { return r.(*Subsidy).AmountEur }}
	OrderByDate     = Order{Expr: "date", Key: func(r any) any {
		switch v := r.(type) {
		case *Observation:
			return v.Date
		case *Event:
			return v.Date
		}
		return nil
	}}
	OrderSourceDate = Order{Expr: "COALESCE(published_on, '')", Key: func(r any) any { return deref(r.(*Source).PublishedOn) }}
)

// fieldKey reads the sort key of a record from its struct field name (a string), for
// the orders that every kind with that column shares.
func fieldKey(name string) func(r any) any {
	return func(r any) any {
		v := reflect.ValueOf(r)
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		f := v.FieldByName(name)
		if !f.IsValid() {
			panic("model: the order's key " + name + " is not a field of " + v.Type().String())
		}
		return f.Interface()
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Orders added for exploration.
var (
	OrderByDateDesc = Order{Expr: "date", Desc: true, Key: OrderByDate.Key}
	// OrderPeriod sorts subsidies by the start of their period (unknown periods last).
	OrderPeriod = Order{Expr: "COALESCE(period_start, period_end, '9999-12-31')", Key: func(r any) any {
		s := r.(*Subsidy)
		if s.PeriodStart != nil {
			return *s.PeriodStart
		}
		if s.PeriodEnd != nil {
			return *s.PeriodEnd
		}
		return "9999-12-31"
	}}
	// OrderPeriodDesc sorts subsidies by the start of their period, most recent first
	// (unknown periods last).
	OrderPeriodDesc = Order{Expr: "COALESCE(period_start, period_end, '0000-01-01')", Desc: true, Key: func(r any) any {
		s := r.(*Subsidy)
		if s.PeriodStart != nil {
			return *s.PeriodStart
		}
		if s.PeriodEnd != nil {
			return *s.PeriodEnd
		}
		return "0000-01-01"
	}}
)
