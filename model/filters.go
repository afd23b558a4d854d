package model

import (
	"fmt"
	"math"
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
	case n.Latitude < -90 || n.Latitude > 90 || n.Longitude < -180 || n.Longitude > 180:
		return BadInput("near: latitude must be between -90 and 90, longitude between -180 and 180")
	case !(n.RadiusKm > 0) || n.RadiusKm > 2000:
		return BadInput("near: radiusKm must be greater than 0 and at most 2000")
	}
	return nil
}

// HaversineSQL is the great-circle distance in kilometres from the bound point (?, ?:
// latitude, longitude) to the row's latitude/longitude columns. It uses only functions
// that PostgreSQL and SQLite (with its math functions, built in) both have.
func HaversineSQL(lat, lon string) string {
	return fmt.Sprintf("(%g * 2 * ASIN(SQRT(POWER(SIN(RADIANS(%s - ?) / 2), 2) + COS(RADIANS(?)) * COS(RADIANS(%s)) * POWER(SIN(RADIANS(%s - ?) / 2), 2))))",
		EarthRadiusKm, lat, lat, lon)
}

func withinBox(q *gorm.DB, b BBox, lat, lon string) *gorm.DB {
	q = q.Where(lat+" IS NOT NULL AND "+lon+" IS NOT NULL AND "+lat+" BETWEEN ? AND ?", b.South, b.North)
	if b.West <= b.East {
		return q.Where(lon+" BETWEEN ? AND ?", b.West, b.East)
	}
	return q.Where("("+lon+" >= ? OR "+lon+" <= ?)", b.West, b.East)
}

func withinDistance(q *gorm.DB, n Near, lat, lon string) *gorm.DB {
	q = withinBox(q, clampBox(n.Box()), lat, lon)
	return q.Where(HaversineSQL(lat, lon)+" <= ?", n.Latitude, n.Latitude, n.Longitude, n.RadiusKm)
}

func clampBox(b BBox) BBox {
	b.South, b.North = math.Max(-90, b.South), math.Min(90, b.North)
	if b.West < -180 || b.East > 180 {
		b.West, b.East = -180, 180
	}
	return b
}

// foldedContains matches the SQL fold of expr against folded user text.
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
	// KnownAt (stored form) keeps the observations whose source was published on or
	// before that date: what was known then.
	KnownAt *string
}

// EventFilter filters events.
type EventFilter struct {
	Kinds   []EventKind
	Subject *SubjectRef
	From    *string
	To      *string
}

// nameContains matches a folded search_text column against folded user text.
func nameContains(q *gorm.DB, name *string) *gorm.DB {
	if name == nil {
		return q
	}
	folded := textnorm.Fold(*name)
	if folded == "" {
		return q
	}
	return q.Where("search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(folded)+"%")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// territoriesWithin is a subquery of the ids of a territory and everything below it.
// Below a département or a région, a commune belongs where its own département is
// (admin_path), whatever the département its EPCI is placed in; below anything else
// (an EPCI, a grouping, a commune), the hierarchy of path decides.
func territoriesWithin(db *gorm.DB, slug string) *gorm.DB {
	return db.Table("territories AS t").Select("t.id").
		Joins("JOIN territories AS anc ON anc.slug = ?", slug).
		Where(WithinCondition)
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

// ScopeTerritories applies f to a query on territories.
func ScopeTerritories(db *gorm.DB, f TerritoryFilter) *gorm.DB {
	q := db.Model(&Territory{})
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	if f.Parent != nil {
		q = q.Where("parent_id = (?)", db.Table("territories").Select("id").Where("slug = ?", *f.Parent))
	}
	if f.Within != nil {
		q = q.Where("id IN (?) AND slug <> ?", territoriesWithin(db, *f.Within), *f.Within)
	}
	if f.Code != nil {
		q = q.Where("code = ?", *f.Code)
	}
	return nameContains(q, f.Name)
}

// ScopeSites applies f to a query on sites.
func ScopeSites(db *gorm.DB, f SiteFilter) *gorm.DB {
	q := db.Model(&Site{})
	if f.Territory != nil {
		q = q.Where("territory_id IN (?)", territoriesWithin(db, *f.Territory))
	}
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if f.Activity != nil && textnorm.Fold(*f.Activity) != "" {
		occCond, occArg := foldedContains("o.activity", *f.Activity)
		coCond, coArg := foldedContains("c.activity", *f.Activity)
		descCond, descArg := foldedContains("sites.description", *f.Activity)
		q = q.Where("("+descCond+" OR sites.id IN (?) OR sites.id IN (?) OR sites.operator_id IN (?))", descArg,
			db.Table("occupancies AS o").Select("o.site_id").Where(occCond, occArg),
			db.Table("occupancies AS o").Select("o.site_id").Joins("JOIN companies AS c ON c.id = o.company_id").Where(coCond, coArg),
			db.Table("companies AS c").Select("c.id").Where(coCond, coArg))
	}
	if f.Operator != nil {
		q = q.Where("sites.operator_id IN (?)", db.Table("companies").Select("id").Where("slug = ?", *f.Operator))
	}
	if f.Occupant != nil {
		q = q.Where("sites.id IN (?)", db.Table("occupancies AS o").Select("o.site_id").
			Joins("JOIN companies AS c ON c.id = o.company_id").Where("c.slug = ?", *f.Occupant))
	}
	if f.BBox != nil {
		q = withinBox(q, *f.BBox, "sites.latitude", "sites.longitude")
	}
	if f.Near != nil {
		q = withinDistance(q, *f.Near, "sites.latitude", "sites.longitude")
	}
	return nameContains(q, f.Name)
}

// ScopeCompanies applies f to a query on companies.
func ScopeCompanies(db *gorm.DB, f CompanyFilter) *gorm.DB {
	q := db.Model(&Company{})
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	if f.Territory != nil {
		q = q.Where("territory_id IN (?)", territoriesWithin(db, *f.Territory))
	}
	if f.Siren != nil {
		q = q.Where("siren = ?", *f.Siren)
	}
	if f.Activity != nil && textnorm.Fold(*f.Activity) != "" {
		coCond, coArg := foldedContains("companies.activity", *f.Activity)
		occCond, occArg := foldedContains("o.activity", *f.Activity)
		q = q.Where("("+coCond+" OR companies.id IN (?))", coArg,
			db.Table("occupancies AS o").Select("o.company_id").Where(occCond, occArg))
	}
	if f.Site != nil {
		site := db.Table("sites").Select("id").Where("slug = ?", *f.Site)
		q = q.Where("(companies.id IN (?) OR companies.id IN (?))",
			db.Table("occupancies").Select("company_id").Where("site_id IN (?)", site),
			db.Table("sites").Select("operator_id").Where("slug = ? AND operator_id IS NOT NULL", *f.Site))
	}
	return nameContains(q, f.Name)
}

// ScopeSubsidies applies f to a query on subsidies. With a territory, the query reads
// from the rows of SubsidiesWithin, under the name subsidies.
func ScopeSubsidies(db *gorm.DB, f SubsidyFilter) *gorm.DB {
	if f.Territory != nil {
		return db.Model(&Subsidy{}).Table("(?) AS subsidies", SubsidiesWithin(db, *f.Territory, f, "subsidies.*"))
	}
	return filterSubsidies(db, db.Model(&Subsidy{}), f)
}

// filterSubsidies applies the fields of f other than the territory to q, a query on
// the table subsidies.
func filterSubsidies(db, q *gorm.DB, f SubsidyFilter) *gorm.DB {
	if f.Programme != nil {
		q = q.Where("subsidies.programme_id IN (?)", db.Table("programmes AS p").Select("p.id").
			Joins("JOIN programmes AS top ON top.slug = ?", *f.Programme).
			Where("p.id = top.id OR p.parent_id = top.id"))
	}
	if f.Recipient != nil {
		q = q.Where("subsidies.recipient_id = (?)", db.Table("companies").Select("id").Where("slug = ?", *f.Recipient))
	}
	if f.From != nil {
		q = q.Where("COALESCE(subsidies.period_end, subsidies.period_start, '9999-12-31') >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("COALESCE(subsidies.period_start, subsidies.period_end, '0000-01-01') <= ?", *f.To)
	}
	if f.MinAmount != nil {
		q = q.Where("subsidies.amount_eur >= ?", *f.MinAmount)
	}
	if f.MaxAmount != nil {
		q = q.Where("subsidies.amount_eur <= ?", *f.MaxAmount)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("subsidies.status IN ?", f.Statuses)
	}
	return q
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

// SubsidiesWithin is a subquery (to be used as "(?) AS alias") of the subsidies within
// the territory slug that match the other fields of f (f.Territory is not read), each
// selecting sel (columns of the table subsidies).
func SubsidiesWithin(db *gorm.DB, slug string, f SubsidyFilter, sel string) *gorm.DB {
	parts := make([]any, len(subsidyWithinBranches))
	for i, cond := range subsidyWithinBranches {
		parts[i] = filterSubsidies(db, db.Table("subsidies").Select(sel).
			Joins("JOIN territories AS anc ON anc.slug = ?", slug).Where(cond), f)
	}
	return db.Raw("? UNION ALL ? UNION ALL ? UNION ALL ?", parts...)
}

// ScopeObservations applies f to a query on observations.
func ScopeObservations(db *gorm.DB, f ObservationFilter) *gorm.DB {
	q := db.Model(&Observation{})
	if f.Metric != nil {
		q = q.Where("metric_id = (?)", db.Table("metrics").Select("id").Where("code = ?", *f.Metric))
	}
	if f.Subject != nil {
		q = q.Where("subject_type = ? AND subject_id = ?", f.Subject.Type, f.Subject.ID)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if len(f.Ranks) > 0 {
		q = q.Where("rank IN ?", f.Ranks)
	}
	if f.Source != nil {
		q = q.Where("citation_id IN (?)", db.Table("citations AS c").Select("c.id").
			Joins("JOIN sources AS s ON s.id = c.source_id").Where("s.slug = ?", *f.Source))
	}
	if f.From != nil {
		q = q.Where("date >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("date <= ?", *f.To)
	}
	if f.Territory != nil {
		q = q.Where("("+subjectsWithin("subject_type", "subject_id")+")", subjectsWithinArgs(db, *f.Territory)...)
	}
	if f.Dimension != nil {
		q = q.Where("dimension = ?", *f.Dimension)
	}
	if f.Category != nil {
		q = q.Where("category = ?", *f.Category)
	}
	if f.NoBreakdown {
		q = q.Where("dimension IS NULL")
	}
	if f.KnownAt != nil {
		q = q.Where("citation_id IN (?)", db.Table("citations AS kc").Select("kc.id").
			Joins("JOIN sources AS ks ON ks.id = kc.source_id").Where("ks.published_on IS NOT NULL AND ks.published_on <= ?", *f.KnownAt))
	}
	return q
}

// subjectsWithin is a condition on (typeCol, idCol) true for the territories within
// slug, the sites located there and the companies established there.
func subjectsWithin(typeCol, idCol string) string {
	return "(" + typeCol + " = 'TERRITORY' AND " + idCol + " IN (?)) OR (" + typeCol + " = 'SITE' AND " + idCol + " IN (?)) OR (" +
		typeCol + " = 'COMPANY' AND " + idCol + " IN (?))"
}

func subjectsWithinArgs(db *gorm.DB, slug string) []any {
	return []any{
		territoriesWithin(db, slug),
		db.Table("sites").Select("id").Where("territory_id IN (?)", territoriesWithin(db, slug)),
		db.Table("companies").Select("id").Where("territory_id IN (?)", territoriesWithin(db, slug)),
	}
}

// ScopeEvents applies f to a query on events.
func ScopeEvents(db *gorm.DB, f EventFilter) *gorm.DB {
	q := db.Model(&Event{})
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	if f.Subject != nil {
		q = q.Where("id IN (?)", db.Table("event_subjects").Select("event_id").
			Where("subject_type = ? AND subject_id = ?", f.Subject.Type, f.Subject.ID))
	}
	if f.From != nil {
		q = q.Where("date >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("date <= ?", *f.To)
	}
	return q
}

// Orders of the root lists.
var (
	OrderByName = Order{Expr: "name", Key: func(r any) any {
		switch v := r.(type) {
		case *Territory:
			return v.Name
		case *Site:
			return v.Name
		case *Company:
			return v.Name
		case *Programme:
			return v.Name
		}
		return nil
	}}
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
