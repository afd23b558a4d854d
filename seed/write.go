package seed

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
	"github.com/reindustrie/observatory/model"
)

// batchSize bounds the rows of one INSERT (SQLite allows 32766 parameters).
const batchSize = 200

// territoryInfo is what the writer needs to know about a territory.
type territoryInfo = model.TerritoryPlace

// writer writes a validated plan inside one transaction.
type writer struct {
	tx     *gorm.DB
	p      *plan
	counts map[string]int

	sources     map[string]int64
	citations   map[citeKey]int64
	metrics     map[string]int64
	territories map[string]territoryInfo
	companies   map[string]int64
	companyName map[string]string
	sites       map[string]int64
	programmes  map[string]int64
	events      map[string]int64

	// conflicts are the fields of the records an editor changed where the curated
	// dataset differs (keepEdited).
	conflicts []model.DatasetConflict
}

func (w *writer) write(ctx context.Context) error {
	steps := []struct {
		name string
		f    func() error
	}{
		{"geography", func() error { return loadGeography(ctx, w.tx) }},
		{"administrative territories", w.resolveAdmin},
		{"sources", w.writeSources},
		{"citations", w.writeCitations},
		{"metrics", w.writeMetrics},
		{"territories", w.writeTerritories},
		{"territory memberships", w.writeMemberships},
		{"companies", w.writeCompanies},
		{"programmes", w.writeProgrammes},
		{"sites", w.writeSites},
		{"occupancies", w.writeOccupancies},
		{"removed records", w.deleteRemoved},
		{"events", w.writeEvents},
		{"subsidies", w.writeSubsidies},
		{"observations", w.writeObservations},
		{"relationships", w.writeRelationships},
		{"breakdowns", w.writeBreakdowns},
		{"releases and corrections", w.writeCorrections},
		{"dataset conflicts", w.writeConflicts},
		{"search text", func() error { return model.RefreshSearchText(ctx, w.tx) }},
	}
	for _, s := range steps {
		if err := s.f(); err != nil {
			if _, ok := err.(*ValidationError); ok {
				return err
			}
			return fmt.Errorf("seed: writing %s: %w", s.name, err)
		}
	}
	return nil
}

// upsert inserts rows, or updates every column but the id of the rows whose conflict
// column already exists, so that ids survive a reload.
func upsert[T any](tx *gorm.DB, rows []T, conflict string) error {
	return model.Upsert(tx, rows, conflict, batchSize)
}

// idsBySlug reads back the ids of the rows of a table whose key column is in keys.
func idsBySlug(tx *gorm.DB, table, column string, keys []string) (map[string]int64, error) {
	return model.IDsByKey(tx, table, column, keys)
}

func (w *writer) loadTerritories(slugs []string) error {
	rows, err := model.TerritoryPlaces(w.tx, slugs)
	if err != nil {
		return err
	}
	for _, r := range rows {
		w.territories[r.Slug] = r
	}
	return nil
}

// resolveAdmin checks that every administrative territory the story refers to was
// created by the geography; the missing ones make a ValidationError (and a rollback).
func (w *writer) resolveAdmin() error {
	slugs := make([]string, 0, len(w.p.adminRefs))
	for s := range w.p.adminRefs {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	if err := w.loadTerritories(slugs); err != nil {
		return err
	}
	var ps problems
	for _, s := range slugs {
		if _, ok := w.territories[s]; !ok {
			pr := w.p.adminRefs[s]
			ps.add(pr.File, pr.Record, "%s", pr.Message)
		}
	}
	return ps.asError()
}

func (w *writer) writeSources() error {
	rows := w.p.sources
	slugs := make([]string, len(rows))
	for i := range rows {
		rows[i].SearchText = model.SourceSearchText(&rows[i])
		slugs[i] = rows[i].Slug
	}
	rows, err := keepEdited(w, rows, func(r *model.Source) string { return r.Slug })
	if err != nil {
		return err
	}
	if err := upsert(w.tx, rows, "slug"); err != nil {
		return err
	}
	w.sources, err = idsBySlug(w.tx, "sources", "slug", slugs)
	w.counts["sources"] = len(slugs)
	return err
}

// writeCitations inserts the citations that do not exist yet: a citation is the same
// when its source, quote and locator are.
func (w *writer) writeCitations() error {
	ids := make([]int64, 0, len(w.sources))
	for _, id := range w.sources {
		ids = append(ids, id)
	}
	load := func() error {
		rows, err := model.CitationsOfSources(w.tx, ids)
		if err != nil {
			return err
		}
		bySource := map[int64]string{}
		for slug, id := range w.sources {
			bySource[id] = slug
		}
		for _, r := range rows {
			w.citations[citeKey{Source: bySource[r.SourceID], Quote: r.Quote, Locator: r.Locator}] = r.ID
		}
		return nil
	}
	if err := load(); err != nil {
		return err
	}
	var missing []model.Citation
	for _, k := range w.p.citations {
		if _, ok := w.citations[k]; !ok {
			c := model.Citation{SourceID: w.sources[k.Source], Quote: k.Quote, Locator: k.Locator}
			if d, ok := w.p.citeDates[k]; ok {
				c.PublishedOn, c.PublishedPrecision = &d.on, &d.precision
			}
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		if err := model.InsertBatches(w.tx, missing, batchSize); err != nil {
			return err
		}
		if err := load(); err != nil {
			return err
		}
	}
	// A reload sets the passages' own dates (they may be new, or corrected).
	stored, err := model.CitationsOfSources(w.tx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]model.Citation, len(stored))
	for _, c := range stored {
		byID[c.ID] = c
	}
	for _, k := range w.p.citations {
		id := w.citations[k]
		var on *string
		var prec *model.Precision
		if d, ok := w.p.citeDates[k]; ok {
			on, prec = &d.on, &d.precision
		}
		c := byID[id]
		if str(c.PublishedOn) == str(on) && (c.PublishedPrecision == nil) == (prec == nil) &&
			(prec == nil || *c.PublishedPrecision == *prec) {
			continue
		}
		if err := model.SetCitationDate(w.tx, id, on, prec); err != nil {
			return err
		}
	}
	w.counts["citations"] = len(w.p.citations)
	return nil
}

func (w *writer) citation(k *citeKey) *int64 {
	if k == nil {
		return nil
	}
	id := w.citations[*k]
	return &id
}

func (w *writer) writeMetrics() error {
	codes := make([]string, len(w.p.metrics))
	for i, m := range w.p.metrics {
		codes[i] = m.Code
	}
	if err := upsert(w.tx, w.p.metrics, "code"); err != nil {
		return err
	}
	var err error
	w.metrics, err = idsBySlug(w.tx, "metrics", "code", codes)
	w.counts["metrics"] = len(codes)
	return err
}

// writeTerritories writes the story territories, parents first, each under the path of
// its parent.
func (w *writer) writeTerritories() error {
	for _, tp := range w.p.territories {
		row := tp.row
		parent, ok := w.territories[tp.parent]
		switch {
		case tp.parent == "":
			row.Path = "/" + row.Slug + "/"
		case !ok:
			return fmt.Errorf("territory %s: parent %q not written yet", tp.row.Slug, tp.parent)
		default:
			row.ParentID = &parent.ID
			base := parent.Path
			if base == "" {
				base = "/" + parent.Slug + "/"
			}
			row.Path = base + row.Slug + "/"
		}
		row.SearchText = textnorm.Join(row.Name, str(row.Code), parent.Name)
		if err := upsert(w.tx, []model.Territory{row}, "slug"); err != nil {
			return err
		}
		if err := w.loadTerritories([]string{row.Slug}); err != nil {
			return err
		}
	}
	w.counts["territories"] = len(w.p.territories)
	return nil
}

// writeMemberships replaces the memberships of the groupings the story defines.
func (w *writer) writeMemberships() error {
	groups := map[int64]bool{}
	for _, tp := range w.p.territories {
		groups[w.territories[tp.row.Slug].ID] = true
	}
	var rows []model.TerritoryMembership
	for _, m := range w.p.memberships {
		row := m.row
		row.MemberID = w.territories[m.member].ID
		row.GroupID = w.territories[m.group].ID
		row.CitationID = *w.citation(m.cite)
		groups[row.GroupID] = true
		rows = append(rows, row)
	}
	if err := model.DeleteWhereIn[model.TerritoryMembership](w.tx, "group_id", keysOf(groups)); err != nil {
		return err
	}
	w.counts["territory_memberships"] = len(rows)
	if len(rows) == 0 {
		return nil
	}
	return model.InsertBatches(w.tx, rows, batchSize)
}

func keysOf(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	if len(out) == 0 {
		out = append(out, -1) // IN () is not valid SQL everywhere
	}
	return out
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (w *writer) writeCompanies() error {
	rows := make([]model.Company, len(w.p.companies))
	slugs := make([]string, len(rows))
	for i, cp := range w.p.companies {
		row := cp.row
		place := ""
		if cp.territory != "" {
			t := w.territories[cp.territory]
			row.TerritoryID, place = &t.ID, t.Name
		}
		row.SearchText = model.CompanySearchText(&row, place)
		rows[i], slugs[i] = row, row.Slug
		w.companyName[row.Slug] = row.Name
	}
	rows, err := keepEdited(w, rows, func(r *model.Company) string { return r.Slug })
	if err != nil {
		return err
	}
	if err := upsert(w.tx, rows, "slug"); err != nil {
		return err
	}
	w.companies, err = idsBySlug(w.tx, "companies", "slug", slugs)
	w.counts["companies"] = len(slugs)
	return err
}

func (w *writer) writeProgrammes() error {
	// Parents come first in the plan: write level by level so each parent id is known.
	for _, pp := range w.p.programmes {
		row := pp.row
		if pp.parent != "" {
			id, ok := w.programmes[pp.parent]
			if !ok {
				return fmt.Errorf("programme %s: parent %q not written yet", row.Slug, pp.parent)
			}
			row.ParentID = &id
		}
		row.SearchText = textnorm.Join(row.Name, str(row.ShortName))
		if err := upsert(w.tx, []model.Programme{row}, "slug"); err != nil {
			return err
		}
		ids, err := idsBySlug(w.tx, "programmes", "slug", []string{row.Slug})
		if err != nil {
			return err
		}
		w.programmes[row.Slug] = ids[row.Slug]
	}
	w.counts["programmes"] = len(w.p.programmes)
	return nil
}

func (w *writer) writeSites() error {
	rows := make([]model.Site, len(w.p.sites))
	slugs := make([]string, len(rows))
	for i, sp := range w.p.sites {
		row := sp.row
		t := w.territories[sp.territory]
		row.TerritoryID = t.ID
		row.AreaCitationID = w.citation(sp.areaCite)
		if !sp.hasLocation && t.Latitude != nil && t.Longitude != nil {
			// No point of its own: the centre of its commune, and say so.
			row.Latitude, row.Longitude, row.LocationPrecision = t.Latitude, t.Longitude, ptr(model.LocationCommune)
		}
		operator := ""
		if sp.operator != "" {
			id := w.companies[sp.operator]
			row.OperatorID, operator = &id, w.companyName[sp.operator]
		}
		row.SearchText = model.SiteSearchText(&row, t.Name, operator)
		rows[i], slugs[i] = row, row.Slug
	}
	rows, err := keepEdited(w, rows, func(r *model.Site) string { return r.Slug })
	if err != nil {
		return err
	}
	if err := upsert(w.tx, rows, "slug"); err != nil {
		return err
	}
	if w.sites, err = idsBySlug(w.tx, "sites", "slug", slugs); err != nil {
		return err
	}
	w.counts["sites"] = len(slugs)
	// The status history is replaced as a whole.
	siteIDs := map[int64]bool{}
	var periods []model.SiteStatusPeriod
	for _, sp := range w.p.sites {
		id := w.sites[sp.row.Slug]
		siteIDs[id] = true
		for _, pp := range sp.periods {
			row := pp.row
			row.SiteID = id
			row.CitationID = *w.citation(pp.cite)
			periods = append(periods, row)
		}
	}
	if err := model.DeleteWhereIn[model.SiteStatusPeriod](w.tx, "site_id", keysOf(siteIDs)); err != nil {
		return err
	}
	w.counts["site_status_periods"] = len(periods)
	if len(periods) == 0 {
		return nil
	}
	return model.InsertBatches(w.tx, periods, batchSize)
}

func (w *writer) writeOccupancies() error {
	rows := make([]model.Occupancy, len(w.p.occupancies))
	for i, op := range w.p.occupancies {
		row := op.row
		row.SiteID = w.sites[op.site]
		row.CompanyID = w.companies[op.company]
		row.CitationID = *w.citation(op.cite)
		rows[i] = row
	}
	w.counts["occupancies"] = len(rows)
	return upsert(w.tx, rows, "slug")
}

func (w *writer) writeSubsidies() error {
	rows := make([]model.Subsidy, len(w.p.subsidies))
	for i, sp := range w.p.subsidies {
		row := sp.row
		row.ProgrammeID = w.programmes[sp.programme]
		if sp.recipient != "" {
			id := w.companies[sp.recipient]
			row.RecipientID = &id
		}
		if sp.territory != "" {
			id := w.territories[sp.territory].ID
			row.TerritoryID = &id
		}
		row.CitationID = *w.citation(&sp.cite)
		if sp.event != "" {
			eid, ok := w.events[sp.event]
			if !ok {
				return fmt.Errorf("subsidy %s: event %q not written", row.Slug, sp.event)
			}
			row.EventID = &eid
		}
		rows[i] = row
	}
	w.counts["subsidies"] = len(rows)
	return upsert(w.tx, rows, "slug")
}

// subjectID resolves a reference to the id of its row.
func (w *writer) subjectID(r ref) (int64, error) {
	var (
		id int64
		ok bool
	)
	switch r.Type {
	case model.SubjectTerritory:
		var t territoryInfo
		t, ok = w.territories[r.Slug]
		id = t.ID
	case model.SubjectSite:
		id, ok = w.sites[r.Slug]
	case model.SubjectCompany:
		id, ok = w.companies[r.Slug]
	case model.SubjectProgramme:
		id, ok = w.programmes[r.Slug]
	}
	if !ok {
		return 0, fmt.Errorf("unresolved reference %s", r)
	}
	return id, nil
}

func (w *writer) writeObservations() error {
	rows := make([]model.Observation, len(w.p.observations))
	for i, op := range w.p.observations {
		row := op.row
		id, err := w.subjectID(op.subject)
		if err != nil {
			return fmt.Errorf("observation %s: %w", row.Slug, err)
		}
		row.SubjectType, row.SubjectID = op.subject.Type, id
		row.MetricID = w.metrics[op.metric]
		row.CitationID = *w.citation(&op.cite)
		if op.event != "" {
			eid, ok := w.events[op.event]
			if !ok {
				return fmt.Errorf("observation %s: event %q not written", row.Slug, op.event)
			}
			row.EventID = &eid
		}
		rows[i] = row
	}
	w.counts["observations"] = len(rows)
	rows, err := keepEdited(w, rows, func(r *model.Observation) string { return r.Slug })
	if err != nil {
		return err
	}
	return upsert(w.tx, rows, "slug")
}

func (w *writer) writeEvents() error {
	rows := make([]model.Event, len(w.p.events))
	slugs := make([]string, len(rows))
	for i, ep := range w.p.events {
		row := ep.row
		row.CitationID = *w.citation(&ep.cite)
		row.SearchText = model.EventSearchText(&row, "")
		rows[i], slugs[i] = row, row.Slug
	}
	if err := upsert(w.tx, rows, "slug"); err != nil {
		return err
	}
	ids, err := idsBySlug(w.tx, "events", "slug", slugs)
	if err != nil {
		return err
	}
	w.events = ids
	w.counts["events"] = len(rows)
	eventIDs := map[int64]bool{}
	var subjects []model.EventSubject
	for _, ep := range w.p.events {
		eid := ids[ep.row.Slug]
		eventIDs[eid] = true
		for _, s := range ep.subjects {
			sid, err := w.subjectID(s.subject)
			if err != nil {
				return fmt.Errorf("event %s: %w", ep.row.Slug, err)
			}
			subjects = append(subjects, model.EventSubject{EventID: eid, SubjectType: s.subject.Type, SubjectID: sid, Role: collapseText(s.role)})
		}
	}
	if err := model.DeleteWhereIn[model.EventSubject](w.tx, "event_id", keysOf(eventIDs)); err != nil {
		return err
	}
	w.counts["event_subjects"] = len(subjects)
	if len(subjects) == 0 {
		return nil
	}
	return model.InsertBatches(w.tx, subjects, batchSize)
}

func (w *writer) writeRelationships() error {
	rows := make([]model.Relationship, len(w.p.relationships))
	for i, rp := range w.p.relationships {
		row := rp.row
		from, err := w.subjectID(rp.from)
		if err != nil {
			return fmt.Errorf("relationship %s: %w", row.Slug, err)
		}
		to, err := w.subjectID(rp.to)
		if err != nil {
			return fmt.Errorf("relationship %s: %w", row.Slug, err)
		}
		row.FromType, row.FromID, row.ToType, row.ToID = rp.from.Type, from, rp.to.Type, to
		row.CitationID = *w.citation(&rp.cite)
		rows[i] = row
	}
	w.counts["relationships"] = len(rows)
	rows, err := keepEdited(w, rows, func(r *model.Relationship) string { return r.Slug })
	if err != nil {
		return err
	}
	return upsert(w.tx, rows, "slug")
}

func (w *writer) writeBreakdowns() error {
	if len(w.p.breakdowns) == 0 {
		return nil
	}
	var obsSlugs []string
	for _, bp := range w.p.breakdowns {
		if bp.base != "" {
			obsSlugs = append(obsSlugs, bp.base)
		}
		obsSlugs = append(obsSlugs, bp.totals...)
	}
	observations, err := idsBySlug(w.tx, "observations", "slug", dedupe(obsSlugs))
	if err != nil {
		return err
	}
	rows := make([]model.Breakdown, len(w.p.breakdowns))
	slugs := make([]string, len(rows))
	for i, bp := range w.p.breakdowns {
		row := bp.row
		id, err := w.subjectID(bp.subject)
		if err != nil {
			return fmt.Errorf("breakdown %s: %w", row.Slug, err)
		}
		row.SubjectType, row.SubjectID = bp.subject.Type, id
		if bp.metric != "" {
			mid := w.metrics[bp.metric]
			row.MetricID = &mid
		}
		if bp.base != "" {
			oid := observations[bp.base]
			row.BaseObservationID = &oid
		}
		rows[i], slugs[i] = row, row.Slug
	}
	if err := upsert(w.tx, rows, "slug"); err != nil {
		return err
	}
	ids, err := idsBySlug(w.tx, "breakdowns", "slug", slugs)
	if err != nil {
		return err
	}
	w.counts["breakdowns"] = len(rows)
	breakdownIDs := map[int64]bool{}
	var totals []model.BreakdownTotal
	for _, bp := range w.p.breakdowns {
		bid := ids[bp.row.Slug]
		breakdownIDs[bid] = true
		for _, t := range dedupe(bp.totals) {
			totals = append(totals, model.BreakdownTotal{BreakdownID: bid, ObservationID: observations[t]})
		}
	}
	if err := model.DeleteWhereIn[model.BreakdownTotal](w.tx, "breakdown_id", keysOf(breakdownIDs)); err != nil {
		return err
	}
	w.counts["breakdown_totals"] = len(totals)
	if len(totals) == 0 {
		return nil
	}
	return model.InsertBatches(w.tx, totals, batchSize)
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// deleteRemoved deletes the records the corrections log says a release removed, when a
// database loaded with an earlier release still holds them.
func (w *writer) deleteRemoved() error {
	byKind := map[string][]string{}
	for _, r := range w.p.removed {
		kind, slug, _ := strings.Cut(r, ":")
		byKind[kind] = append(byKind[kind], slug)
	}
	for _, kind := range []string{"observation", "subsidy", "event"} {
		if err := model.DeleteRemoved(w.tx, kind, byKind[kind]); err != nil {
			return err
		}
	}
	return nil
}

// writeCorrections rewrites the releases of the dataset and its corrections log.
func (w *writer) writeCorrections() error {
	if err := model.ReplaceAll(w.tx, w.p.releases, batchSize); err != nil {
		return err
	}
	w.counts["dataset_releases"] = len(w.p.releases)
	w.counts["corrections"] = len(w.p.corrections)
	return model.ReplaceAll(w.tx, w.p.corrections, batchSize)
}
