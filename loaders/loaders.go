// Package loaders holds the per-request dataloaders: one per relation of the API, built
// for each HTTP request by Middleware, so that a request runs a number of SQL
// statements bounded by the depth of its query, never by the number of rows.
package loaders

import (
	"context"
	"net/http"
	"sync"
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

	mu     sync.Mutex
	bySlug map[*model.Kind]*Loader[string, any] // one per kind with slugs, made on first use
	refs   sync.Map                             // refKey -> *refEntry: identifiers resolved (Ref)

	TerritoryByID *Loader[int64, *model.Territory]
	SiteByID      *Loader[int64, *model.Site]
	CompanyByID   *Loader[int64, *model.Company]
	ProgrammeByID *Loader[int64, *model.Programme]
	SourceByID    *Loader[int64, *model.Source]
	CitationByID  *Loader[int64, *model.Citation]
	MetricByID    *Loader[int64, *model.Metric]
	EventByID     *Loader[int64, *model.Event]

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
	SubsidiesByClaim       *Loader[string, []*model.Subsidy]
	FiguresByEvent         *Loader[int64, []*model.Observation]
	AmountsByEvent         *Loader[int64, []*model.Subsidy]

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
	l.FiguresByEvent = byParent(l, "observations", "event_id", "date, id", func(o *model.Observation) int64 { return deref(o.EventID) })
	l.AmountsByEvent = byParent(l, "subsidies", "event_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.EventID) })

	l.ObservationByID = byID(l, func(t *model.Observation) int64 { return t.ID })
	l.BreakdownParts = NewLoader(l.breakdownParts)
	l.BreakdownTotals = NewLoader(l.breakdownTotals)
	l.SubjectsByEvent = NewLoader(l.subjectsByEvent)
	l.EventsBySubject = NewLoader(l.eventsBySubject)
	l.RelationshipsBySubject = NewLoader(l.relationshipsBySubject)
	l.ObservationsBySubject = NewLoader(l.observationsBySubject)
	l.ObservationsByClaim = NewLoader(l.observationsByClaim)
	l.EventsByClaim = NewLoader(l.eventsByClaim)
	l.SubsidiesByClaim = NewLoader(l.subsidiesByClaim)
	l.TerritoryChildren = NewLoader(l.territoryChildren)
	l.TerritoryChildrenCount = NewLoader(l.territoryChildrenCount)
	l.TerritorySites = NewLoader(l.territorySites)
	l.TerritorySitesCount = NewLoader(l.territorySitesCount)
	return l
}

// BySlug returns the loader of the records of kind k (k.Node) by slug: the node
// lookup, the root lookups and their prefetching share it.
func (l *Loaders) BySlug(k *model.Kind) *Loader[string, any] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld := l.bySlug[k]; ld != nil {
		return ld
	}
	if l.bySlug == nil {
		l.bySlug = map[*model.Kind]*Loader[string, any]{}
	}
	ld := NewLoader(func(ctx context.Context, slugs []string) (map[string]any, error) {
		rows, bySlug, err := k.LoadBySlugs(ctx, l.db, slugs)
		if err != nil {
			return nil, err
		}
		l.lookahead(ctx, rows)
		return bySlug, nil
	})
	l.bySlug[k] = ld
	return ld
}

// LoadBySlug loads the record of kind k (whose records are *T) with the given slug;
// nil, without error, when there is none.
func LoadBySlug[T any](ctx context.Context, k *model.Kind, slug string) (*T, error) {
	v, err := Load(ctx, For(ctx).BySlug(k), slug)
	if err != nil || v == nil {
		return nil, err
	}
	return v.(*T), nil
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

// From returns the loaders of the request ctx belongs to, if it has some.
func From(ctx context.Context) (*Loaders, bool) {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	return l, ok && l != nil
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
