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

	// The loaders, each made on first use (see the methods of the same names): a
	// request builds only those its query needs.
	lz struct {
		TerritoryByID lazy[int64, *model.Territory]
		SiteByID      lazy[int64, *model.Site]
		CompanyByID   lazy[int64, *model.Company]
		ProgrammeByID lazy[int64, *model.Programme]
		SourceByID    lazy[int64, *model.Source]
		CitationByID  lazy[int64, *model.Citation]
		MetricByID    lazy[int64, *model.Metric]
		EventByID     lazy[int64, *model.Event]

		OccupanciesBySite      lazy[int64, []*model.Occupancy]
		OccupanciesByCompany   lazy[int64, []*model.Occupancy]
		StatusPeriodsBySite    lazy[int64, []*model.SiteStatusPeriod]
		SitesByOperator        lazy[int64, []*model.Site]
		ProgrammesByParent     lazy[int64, []*model.Programme]
		SubsidiesByProgramme   lazy[int64, []*model.Subsidy]
		SubsidiesByRecipient   lazy[int64, []*model.Subsidy]
		SubsidiesByTerritory   lazy[int64, []*model.Subsidy]
		MembershipsByMember    lazy[int64, []*model.TerritoryMembership]
		MembershipsByGroup     lazy[int64, []*model.TerritoryMembership]
		CitationsBySource      lazy[int64, []*model.Citation]
		SubjectsByEvent        lazy[int64, []model.SubjectRef]
		EventsBySubject        lazy[model.SubjectRef, []*model.Event]
		RelationshipsBySubject lazy[model.SubjectRef, []*model.Relationship]
		ObservationsBySubject  lazy[ObservationsKey, []*model.Observation]
		ObservationsByClaim    lazy[string, []*model.Observation]
		EventsByClaim          lazy[string, []*model.Event]
		SubsidiesByClaim       lazy[string, []*model.Subsidy]
		FiguresByEvent         lazy[int64, []*model.Observation]
		AmountsByEvent         lazy[int64, []*model.Subsidy]

		ObservationByID lazy[int64, *model.Observation]
		BreakdownParts  lazy[int64, []*model.Observation]
		BreakdownTotals lazy[int64, []*model.Observation]

		TerritoryChildren      lazy[PageKey, []*model.Territory]
		TerritoryChildrenCount lazy[CountKey, int64]
		TerritorySites         lazy[PageKey, []*model.Site]
		TerritorySitesCount    lazy[CountKey, int64]
	}
}

// New returns the loaders of one request on db. After each batch, prefetch (if not nil)
// queues the next level's loads for all the rows of the batch. No loader is built here:
// each is made, once, by the first call of its method.
func New(db *gorm.DB, prefetch Prefetcher) *Loaders {
	return &Loaders{db: db, prefetch: prefetch}
}

// lazy is a loader made on first use, safely from concurrent resolvers.
type lazy[K comparable, V any] struct {
	once sync.Once
	ld   *Loader[K, V]
}

func (z *lazy[K, V]) get(build func() *Loader[K, V]) *Loader[K, V] {
	z.once.Do(func() { z.ld = build() })
	return z.ld
}

// TerritoryByID returns the request's TerritoryByID loader, made on the first call.
func (l *Loaders) TerritoryByID() *Loader[int64, *model.Territory] {
	return l.lz.TerritoryByID.get(func() *Loader[int64, *model.Territory] {
		return byID(l, func(t *model.Territory) int64 { return t.ID })
	})
}

// SiteByID returns the request's SiteByID loader, made on the first call.
func (l *Loaders) SiteByID() *Loader[int64, *model.Site] {
	return l.lz.SiteByID.get(func() *Loader[int64, *model.Site] { return byID(l, func(t *model.Site) int64 { return t.ID }) })
}

// CompanyByID returns the request's CompanyByID loader, made on the first call.
func (l *Loaders) CompanyByID() *Loader[int64, *model.Company] {
	return l.lz.CompanyByID.get(func() *Loader[int64, *model.Company] { return byID(l, func(t *model.Company) int64 { return t.ID }) })
}

// ProgrammeByID returns the request's ProgrammeByID loader, made on the first call.
func (l *Loaders) ProgrammeByID() *Loader[int64, *model.Programme] {
	return l.lz.ProgrammeByID.get(func() *Loader[int64, *model.Programme] {
		return byID(l, func(t *model.Programme) int64 { return t.ID })
	})
}

// SourceByID returns the request's SourceByID loader, made on the first call.
func (l *Loaders) SourceByID() *Loader[int64, *model.Source] {
	return l.lz.SourceByID.get(func() *Loader[int64, *model.Source] { return byID(l, func(t *model.Source) int64 { return t.ID }) })
}

// CitationByID returns the request's CitationByID loader, made on the first call.
func (l *Loaders) CitationByID() *Loader[int64, *model.Citation] {
	return l.lz.CitationByID.get(func() *Loader[int64, *model.Citation] { return byID(l, func(t *model.Citation) int64 { return t.ID }) })
}

// MetricByID returns the request's MetricByID loader, made on the first call.
func (l *Loaders) MetricByID() *Loader[int64, *model.Metric] {
	return l.lz.MetricByID.get(func() *Loader[int64, *model.Metric] { return byID(l, func(t *model.Metric) int64 { return t.ID }) })
}

// EventByID returns the request's EventByID loader, made on the first call.
func (l *Loaders) EventByID() *Loader[int64, *model.Event] {
	return l.lz.EventByID.get(func() *Loader[int64, *model.Event] { return byID(l, func(t *model.Event) int64 { return t.ID }) })
}

// OccupanciesBySite returns the request's OccupanciesBySite loader, made on the first call.
func (l *Loaders) OccupanciesBySite() *Loader[int64, []*model.Occupancy] {
	return l.lz.OccupanciesBySite.get(func() *Loader[int64, []*model.Occupancy] {
		return byParent(l, "occupancies", "site_id", model.OccupancyOrder, func(o *model.Occupancy) int64 { return o.SiteID })
	})
}

// OccupanciesByCompany returns the request's OccupanciesByCompany loader, made on the first call.
func (l *Loaders) OccupanciesByCompany() *Loader[int64, []*model.Occupancy] {
	return l.lz.OccupanciesByCompany.get(func() *Loader[int64, []*model.Occupancy] {
		return byParent(l, "occupancies", "company_id", model.OccupancyOrder, func(o *model.Occupancy) int64 { return o.CompanyID })
	})
}

// StatusPeriodsBySite returns the request's StatusPeriodsBySite loader, made on the first call.
func (l *Loaders) StatusPeriodsBySite() *Loader[int64, []*model.SiteStatusPeriod] {
	return l.lz.StatusPeriodsBySite.get(func() *Loader[int64, []*model.SiteStatusPeriod] {
		return byParent(l, "site_status_periods", "site_id", "since, id", func(p *model.SiteStatusPeriod) int64 { return p.SiteID })
	})
}

// SitesByOperator returns the request's SitesByOperator loader, made on the first call.
func (l *Loaders) SitesByOperator() *Loader[int64, []*model.Site] {
	return l.lz.SitesByOperator.get(func() *Loader[int64, []*model.Site] {
		return byParent(l, "sites", "operator_id", "name, id", func(s *model.Site) int64 { return deref(s.OperatorID) })
	})
}

// ProgrammesByParent returns the request's ProgrammesByParent loader, made on the first call.
func (l *Loaders) ProgrammesByParent() *Loader[int64, []*model.Programme] {
	return l.lz.ProgrammesByParent.get(func() *Loader[int64, []*model.Programme] {
		return byParent(l, "programmes", "parent_id", "name, id", func(p *model.Programme) int64 { return deref(p.ParentID) })
	})
}

// SubsidiesByProgramme returns the request's SubsidiesByProgramme loader, made on the first call.
func (l *Loaders) SubsidiesByProgramme() *Loader[int64, []*model.Subsidy] {
	return l.lz.SubsidiesByProgramme.get(func() *Loader[int64, []*model.Subsidy] {
		return byParent(l, "subsidies", "programme_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return s.ProgrammeID })
	})
}

// SubsidiesByRecipient returns the request's SubsidiesByRecipient loader, made on the first call.
func (l *Loaders) SubsidiesByRecipient() *Loader[int64, []*model.Subsidy] {
	return l.lz.SubsidiesByRecipient.get(func() *Loader[int64, []*model.Subsidy] {
		return byParent(l, "subsidies", "recipient_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.RecipientID) })
	})
}

// SubsidiesByTerritory returns the request's SubsidiesByTerritory loader, made on the first call.
func (l *Loaders) SubsidiesByTerritory() *Loader[int64, []*model.Subsidy] {
	return l.lz.SubsidiesByTerritory.get(func() *Loader[int64, []*model.Subsidy] {
		return byParent(l, "subsidies", "territory_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.TerritoryID) })
	})
}

// MembershipsByMember returns the request's MembershipsByMember loader, made on the first call.
func (l *Loaders) MembershipsByMember() *Loader[int64, []*model.TerritoryMembership] {
	return l.lz.MembershipsByMember.get(func() *Loader[int64, []*model.TerritoryMembership] {
		return byParent(l, "territory_memberships", "member_id", "COALESCE(since, ''), id", func(m *model.TerritoryMembership) int64 { return m.MemberID })
	})
}

// MembershipsByGroup returns the request's MembershipsByGroup loader, made on the first call.
func (l *Loaders) MembershipsByGroup() *Loader[int64, []*model.TerritoryMembership] {
	return l.lz.MembershipsByGroup.get(func() *Loader[int64, []*model.TerritoryMembership] {
		return byParent(l, "territory_memberships", "group_id", "COALESCE(since, ''), id", func(m *model.TerritoryMembership) int64 { return m.GroupID })
	})
}

// CitationsBySource returns the request's CitationsBySource loader, made on the first call.
func (l *Loaders) CitationsBySource() *Loader[int64, []*model.Citation] {
	return l.lz.CitationsBySource.get(func() *Loader[int64, []*model.Citation] {
		return byParent(l, "citations", "source_id", "locator, id", func(c *model.Citation) int64 { return c.SourceID })
	})
}

// SubjectsByEvent returns the request's SubjectsByEvent loader, made on the first call.
func (l *Loaders) SubjectsByEvent() *Loader[int64, []model.SubjectRef] {
	return l.lz.SubjectsByEvent.get(func() *Loader[int64, []model.SubjectRef] { return NewLoader(l.subjectsByEvent) })
}

// EventsBySubject returns the request's EventsBySubject loader, made on the first call.
func (l *Loaders) EventsBySubject() *Loader[model.SubjectRef, []*model.Event] {
	return l.lz.EventsBySubject.get(func() *Loader[model.SubjectRef, []*model.Event] { return NewLoader(l.eventsBySubject) })
}

// RelationshipsBySubject returns the request's RelationshipsBySubject loader, made on the first call.
func (l *Loaders) RelationshipsBySubject() *Loader[model.SubjectRef, []*model.Relationship] {
	return l.lz.RelationshipsBySubject.get(func() *Loader[model.SubjectRef, []*model.Relationship] { return NewLoader(l.relationshipsBySubject) })
}

// ObservationsBySubject returns the request's ObservationsBySubject loader, made on the first call.
func (l *Loaders) ObservationsBySubject() *Loader[ObservationsKey, []*model.Observation] {
	return l.lz.ObservationsBySubject.get(func() *Loader[ObservationsKey, []*model.Observation] { return NewLoader(l.observationsBySubject) })
}

// ObservationsByClaim returns the request's ObservationsByClaim loader, made on the first call.
func (l *Loaders) ObservationsByClaim() *Loader[string, []*model.Observation] {
	return l.lz.ObservationsByClaim.get(func() *Loader[string, []*model.Observation] { return NewLoader(l.observationsByClaim) })
}

// EventsByClaim returns the request's EventsByClaim loader, made on the first call.
func (l *Loaders) EventsByClaim() *Loader[string, []*model.Event] {
	return l.lz.EventsByClaim.get(func() *Loader[string, []*model.Event] { return NewLoader(l.eventsByClaim) })
}

// SubsidiesByClaim returns the request's SubsidiesByClaim loader, made on the first call.
func (l *Loaders) SubsidiesByClaim() *Loader[string, []*model.Subsidy] {
	return l.lz.SubsidiesByClaim.get(func() *Loader[string, []*model.Subsidy] { return NewLoader(l.subsidiesByClaim) })
}

// FiguresByEvent returns the request's FiguresByEvent loader, made on the first call.
func (l *Loaders) FiguresByEvent() *Loader[int64, []*model.Observation] {
	return l.lz.FiguresByEvent.get(func() *Loader[int64, []*model.Observation] {
		return byParent(l, "observations", "event_id", "date, id", func(o *model.Observation) int64 { return deref(o.EventID) })
	})
}

// AmountsByEvent returns the request's AmountsByEvent loader, made on the first call.
func (l *Loaders) AmountsByEvent() *Loader[int64, []*model.Subsidy] {
	return l.lz.AmountsByEvent.get(func() *Loader[int64, []*model.Subsidy] {
		return byParent(l, "subsidies", "event_id", "amount_eur DESC, id", func(s *model.Subsidy) int64 { return deref(s.EventID) })
	})
}

// ObservationByID returns the request's ObservationByID loader, made on the first call.
func (l *Loaders) ObservationByID() *Loader[int64, *model.Observation] {
	return l.lz.ObservationByID.get(func() *Loader[int64, *model.Observation] {
		return byID(l, func(t *model.Observation) int64 { return t.ID })
	})
}

// BreakdownParts returns the request's BreakdownParts loader, made on the first call.
func (l *Loaders) BreakdownParts() *Loader[int64, []*model.Observation] {
	return l.lz.BreakdownParts.get(func() *Loader[int64, []*model.Observation] { return NewLoader(l.breakdownParts) })
}

// BreakdownTotals returns the request's BreakdownTotals loader, made on the first call.
func (l *Loaders) BreakdownTotals() *Loader[int64, []*model.Observation] {
	return l.lz.BreakdownTotals.get(func() *Loader[int64, []*model.Observation] { return NewLoader(l.breakdownTotals) })
}

// TerritoryChildren returns the request's TerritoryChildren loader, made on the first call.
func (l *Loaders) TerritoryChildren() *Loader[PageKey, []*model.Territory] {
	return l.lz.TerritoryChildren.get(func() *Loader[PageKey, []*model.Territory] { return NewLoader(l.territoryChildren) })
}

// TerritoryChildrenCount returns the request's TerritoryChildrenCount loader, made on the first call.
func (l *Loaders) TerritoryChildrenCount() *Loader[CountKey, int64] {
	return l.lz.TerritoryChildrenCount.get(func() *Loader[CountKey, int64] { return NewLoader(l.territoryChildrenCount) })
}

// TerritorySites returns the request's TerritorySites loader, made on the first call.
func (l *Loaders) TerritorySites() *Loader[PageKey, []*model.Site] {
	return l.lz.TerritorySites.get(func() *Loader[PageKey, []*model.Site] { return NewLoader(l.territorySites) })
}

// TerritorySitesCount returns the request's TerritorySitesCount loader, made on the first call.
func (l *Loaders) TerritorySitesCount() *Loader[CountKey, int64] {
	return l.lz.TerritorySitesCount.get(func() *Loader[CountKey, int64] { return NewLoader(l.territorySitesCount) })
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
