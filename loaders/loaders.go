// Package loaders holds the per-request dataloaders: one per relation of the API, built
// for each HTTP request by Middleware, so that a request runs a number of SQL
// statements bounded by the depth of its query, never by the number of rows.
package loaders

import (
	"context"
	"net/http"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// Wait is how long a loader collects keys before it runs its batch.
const Wait = 2 * time.Millisecond

// BatchCapacity bounds the number of keys of one statement.
const BatchCapacity = 1000

// Prefetcher queues the loads of the relations a query selects below rows (a slice of
// model pointers), so that the next level of the query is one batch whatever the
// number of rows. The graph package provides it; nil disables lookahead.
type Prefetcher func(ctx context.Context, rows any)

// Loaders are the dataloaders of one request.
type Loaders struct {
	db       *gorm.DB
	prefetch Prefetcher

	TerritoryByID *Loader[int64, *model.Territory]
	SiteByID      *Loader[int64, *model.Site]
	CompanyByID   *Loader[int64, *model.Company]
	ProgrammeByID *Loader[int64, *model.Programme]
	SourceByID    *Loader[int64, *model.Source]
	CitationByID  *Loader[int64, *model.Citation]
	MetricByID    *Loader[int64, *model.Metric]
	EventByID     *Loader[int64, *model.Event]

	TerritoryBySlug    *Loader[string, *model.Territory]
	SiteBySlug         *Loader[string, *model.Site]
	CompanyBySlug      *Loader[string, *model.Company]
	ProgrammeBySlug    *Loader[string, *model.Programme]
	SourceBySlug       *Loader[string, *model.Source]
	EventBySlug        *Loader[string, *model.Event]
	ObservationBySlug  *Loader[string, *model.Observation]
	OccupancyBySlug    *Loader[string, *model.Occupancy]
	SubsidyBySlug      *Loader[string, *model.Subsidy]
	RelationshipBySlug *Loader[string, *model.Relationship]

	OccupanciesBySite      *Loader[int64, []*model.Occupancy]
	OccupanciesByCompany   *Loader[int64, []*model.Occupancy]
	StatusPeriodsBySite    *Loader[int64, []*model.SiteStatusPeriod]
	SitesByOperator        *Loader[int64, []*model.Site]
	ProgrammesByParent     *Loader[int64, []*model.Programme]
	SubsidiesByProgramme   *Loader[int64, []*model.Subsidy]
	SubsidiesByRecipient   *Loader[int64, []*model.Subsidy]
	SubsidiesByTerritory   *Loader[int64, []*model.Subsidy]
	MembershipsByMember    *Loader[int64, []*model.TerritoryMembership]
	MembershipsByGroup     *Loader[int64, []*model.TerritoryMembership]
	CitationsBySource      *Loader[int64, []*model.Citation]
	SubjectsByEvent        *Loader[int64, []model.SubjectRef]
	EventsBySubject        *Loader[model.SubjectRef, []*model.Event]
	RelationshipsBySubject *Loader[model.SubjectRef, []*model.Relationship]
	ObservationsBySubject  *Loader[ObservationsKey, []*model.Observation]
	ObservationsByClaim    *Loader[string, []*model.Observation]
	EventsByClaim          *Loader[string, []*model.Event]

	ObservationByID *Loader[int64, *model.Observation]
	BreakdownParts  *Loader[int64, []*model.Observation]
	BreakdownTotals *Loader[int64, []*model.Observation]

	TerritoryChildren      *Loader[PageKey, []*model.Territory]
	TerritoryChildrenCount *Loader[CountKey, int64]
	TerritorySites         *Loader[PageKey, []*model.Site]
	TerritorySitesCount    *Loader[CountKey, int64]
}

// New builds the loaders of one request on db. After each batch, prefetch (if not nil)
// queues the next level's loads for all the rows of the batch.
func New(db *gorm.DB, prefetch Prefetcher) *Loaders {
	l := &Loaders{db: db, prefetch: prefetch}

	l.TerritoryByID = byID(l, func(t *model.Territory) int64 { return t.ID })
	l.SiteByID = byID(l, func(t *model.Site) int64 { return t.ID })
	l.CompanyByID = byID(l, func(t *model.Company) int64 { return t.ID })
	l.ProgrammeByID = byID(l, func(t *model.Programme) int64 { return t.ID })
	l.SourceByID = byID(l, func(t *model.Source) int64 { return t.ID })
	l.CitationByID = byID(l, func(t *model.Citation) int64 { return t.ID })
	l.MetricByID = byID(l, func(t *model.Metric) int64 { return t.ID })
	l.EventByID = byID(l, func(t *model.Event) int64 { return t.ID })

	l.TerritoryBySlug = bySlug(l, func(t *model.Territory) string { return t.Slug })
	l.SiteBySlug = bySlug(l, func(t *model.Site) string { return t.Slug })
	l.CompanyBySlug = bySlug(l, func(t *model.Company) string { return t.Slug })
	l.ProgrammeBySlug = bySlug(l, func(t *model.Programme) string { return t.Slug })
	l.SourceBySlug = bySlug(l, func(t *model.Source) string { return t.Slug })
	l.EventBySlug = bySlug(l, func(t *model.Event) string { return t.Slug })
	l.ObservationBySlug = bySlug(l, func(t *model.Observation) string { return t.Slug })
	l.OccupancyBySlug = bySlug(l, func(t *model.Occupancy) string { return t.Slug })
	l.SubsidyBySlug = bySlug(l, func(t *model.Subsidy) string { return t.Slug })
	l.RelationshipBySlug = bySlug(l, func(t *model.Relationship) string { return t.Slug })

	l.OccupanciesBySite = byParent(l, "occupancies", "site_id", "COALESCE(since, '9999'), id", func(o *model.Occupancy) int64 { return o.SiteID })
	l.OccupanciesByCompany = byParent(l, "occupancies", "company_id", "COALESCE(since, '9999'), id", func(o *model.Occupancy) int64 { return o.CompanyID })
	l.StatusPeriodsBySite = byParent(l, "site_status_periods", "site_id", "since, id", func(p *model.SiteStatusPeriod) int64 { return p.SiteID })
	l.SitesByOperator = byParent(l, "sites", "operator_id", "name, id", func(s *model.Site) int64 { return deref(s.OperatorID) })
	l.ProgrammesByParent = byParent(l, "programmes", "parent_id", "name, id", func(p *model.Programme) int64 { return deref(p.ParentID) })
	l.SubsidiesByProgramme = byParent(l, "subsidies", "programme_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return s.ProgrammeID })
	l.SubsidiesByRecipient = byParent(l, "subsidies", "recipient_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.RecipientID) })
	l.SubsidiesByTerritory = byParent(l, "subsidies", "territory_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.TerritoryID) })
	l.MembershipsByMember = byParent(l, "territory_memberships", "member_id", "COALESCE(since, ''), id", func(m *model.TerritoryMembership) int64 { return m.MemberID })
	l.MembershipsByGroup = byParent(l, "territory_memberships", "group_id", "COALESCE(since, ''), id", func(m *model.TerritoryMembership) int64 { return m.GroupID })
	l.CitationsBySource = byParent(l, "citations", "source_id", "locator, id", func(c *model.Citation) int64 { return c.SourceID })

	l.ObservationByID = byID(l, func(t *model.Observation) int64 { return t.ID })
	l.BreakdownParts = NewLoader(l.breakdownParts)
	l.BreakdownTotals = NewLoader(l.breakdownTotals)
	l.SubjectsByEvent = NewLoader(l.subjectsByEvent)
	l.EventsBySubject = NewLoader(l.eventsBySubject)
	l.RelationshipsBySubject = NewLoader(l.relationshipsBySubject)
	l.ObservationsBySubject = NewLoader(l.observationsBySubject)
	l.ObservationsByClaim = NewLoader(l.observationsByClaim)
	l.EventsByClaim = NewLoader(l.eventsByClaim)
	l.TerritoryChildren = NewLoader(l.territoryChildren)
	l.TerritoryChildrenCount = NewLoader(l.territoryChildrenCount)
	l.TerritorySites = NewLoader(l.territorySites)
	l.TerritorySitesCount = NewLoader(l.territorySitesCount)
	return l
}

// DB returns the database the loaders read, for the root queries of the same request.
func (l *Loaders) DB() *gorm.DB { return l.db }

type ctxKey struct{}

// Middleware builds fresh loaders for every request and puts them in its context.
func Middleware(db *gorm.DB, prefetch Prefetcher, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(With(r.Context(), New(db, prefetch))))
	})
}

// lookahead hands the rows of a finished batch to the prefetcher, with the context of
// the batch (that of its first caller, which carries the selected fields).
func (l *Loaders) lookahead(ctx context.Context, rows any) {
	if l.prefetch != nil {
		l.prefetch(ctx, rows)
	}
}

// With returns ctx carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request ctx belongs to.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	if l == nil {
		panic("loaders: no loaders in context; wrap the handler with loaders.Middleware")
	}
	return l
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
