package model

import (
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/textnorm"
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
}

// CompanyFilter filters companies.
type CompanyFilter struct {
	Kinds     []CompanyKind
	Territory *string
	Siren     *string
	Name      *string
}

// SubsidyFilter filters subsidies.
type SubsidyFilter struct {
	Programme *string
	Recipient *string
	Territory *string
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
func territoriesWithin(db *gorm.DB, slug string) *gorm.DB {
	return db.Table("territories AS t").Select("t.id").
		Joins("JOIN territories AS anc ON anc.slug = ?", slug).
		Where("t.path >= anc.path AND t.path < anc.path || '~'")
}

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
	return nameContains(q, f.Name)
}

// ScopeSubsidies applies f to a query on subsidies.
func ScopeSubsidies(db *gorm.DB, f SubsidyFilter) *gorm.DB {
	q := db.Model(&Subsidy{})
	if f.Programme != nil {
		q = q.Where("programme_id IN (?)", db.Table("programmes AS p").Select("p.id").
			Joins("JOIN programmes AS top ON top.slug = ?", *f.Programme).
			Where("p.id = top.id OR p.parent_id = top.id"))
	}
	if f.Recipient != nil {
		q = q.Where("recipient_id = (?)", db.Table("companies").Select("id").Where("slug = ?", *f.Recipient))
	}
	if f.Territory != nil {
		within := territoriesWithin(db, *f.Territory)
		q = q.Where("(territory_id IN (?) OR recipient_id IN (?))", within,
			db.Table("companies").Select("id").Where("territory_id IN (?)", territoriesWithin(db, *f.Territory)))
	}
	return q
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
	return q
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
