package compiled

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Claims: the records that share a claim key (the claims of one fact), as the general
// path's loaders read them (model.ByClaims, model.SubsidiesByClaims): the field
// conflictsWith of observations and events, and the disagreements.

// Each relation read by claim keeps what it read in the request under one of these.
var (
	observationsByClaimMemo = new(byte)
	eventsByClaimMemo       = new(byte)
	subsidiesByClaimMemo    = new(byte)
)

// byClaim reads the records of type T of the claim keys with the model's reader, by key.
func byClaim[T any](x *exec, memo any, claims []string, claimOf func(*T) *string,
	read func(context.Context, *gorm.DB, []string) ([]T, error),
) (map[string][]*T, error) {
	return groupsOf(x, memo, claims, func(claims []string) (map[string][]*T, error) {
		rows, err := read(x.ctx, loaders.For(x.ctx).DB(), claims)
		if err != nil {
			return nil, err
		}
		out := make(map[string][]*T, len(claims))
		for i := range rows {
			r := &rows[i]
			out[*claimOf(r)] = append(out[*claimOf(r)], r)
		}
		return out, nil
	})
}

func observationsByClaim(x *exec, claims []string) (map[string][]*model.Observation, error) {
	return byClaim(x, observationsByClaimMemo, claims, func(o *model.Observation) *string { return o.Claim }, model.ByClaims[model.Observation])
}

func eventsByClaim(x *exec, claims []string) (map[string][]*model.Event, error) {
	return byClaim(x, eventsByClaimMemo, claims, func(e *model.Event) *string { return e.Claim }, model.ByClaims[model.Event])
}

func subsidiesByClaim(x *exec, claims []string) (map[string][]*model.Subsidy, error) {
	return byClaim(x, subsidiesByClaimMemo, claims, func(s *model.Subsidy) *string { return s.Claim }, model.SubsidiesByClaims)
}

// conflictsWith is the field conflictsWith of observations and events: the other
// claims of a record's claim key that disagree with it (among, the model's rule).
func conflictsWith[T any](o *object[T], claimOf func(*T) *string,
	load func(*exec, []string) (map[string][]*T, error), among func(*T, []*T) []*T,
) link[T] {
	return func(x *exec, parents []*T, f *graphql.CollectedField) (func(*T) error, error) {
		var claims []string
		for _, p := range parents {
			if c := claimOf(p); c != nil {
				claims = append(claims, *c)
			}
		}
		groups, err := load(x, claims)
		if err != nil {
			return nil, err
		}
		conflicts := make(map[int64][]*T, len(parents))
		var all []*T
		for _, p := range parents {
			if c := claimOf(p); c != nil {
				if _, done := conflicts[o.id(p)]; !done {
					conflicts[o.id(p)] = among(p, groups[*c])
					all = append(all, conflicts[o.id(p)]...)
				}
			}
		}
		w, err := o.prepare(x, all, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(p *T) error { return list(x, conflicts[o.id(p)], w) }, nil
	}
}

// disagreementType is Disagreement: the claims of one disputed claim key.
var disagreementType = (&object[gqlmodel.Disagreement]{
	name: "Disagreement",
	scalars: map[string]scalar[gqlmodel.Disagreement]{
		"claim": text(func(d *gqlmodel.Disagreement) string { return d.Claim }),
	},
}).init()

func init() {
	disagreementType.links = map[string]link[gqlmodel.Disagreement]{
		"subject": disagreementSubject,
		"observations": claimList(observationType, observationsByClaim,
			func(o *model.Observation) model.Rank { return o.Rank }),
		"events":     claimList(eventType, eventsByClaim, func(e *model.Event) model.Rank { return e.Rank }),
		"subsidies":  claimList(subsidyType, subsidiesByClaim, func(s *model.Subsidy) model.Rank { return s.Rank }),
		"compatible": disagreementCompatible,
	}
}

func claimsOf(parents []*gqlmodel.Disagreement) []string {
	claims := make([]string, len(parents))
	for i, d := range parents {
		claims[i] = d.Claim
	}
	return claims
}

// claimedFigures returns the claim keys of the disagreements, and the figures and the
// events claimed under each.
func claimedFigures(x *exec, parents []*gqlmodel.Disagreement) ([]string, map[string][]*model.Observation, map[string][]*model.Event, error) {
	claims := claimsOf(parents)
	observations, err := observationsByClaim(x, claims)
	if err != nil {
		return nil, nil, nil, err
	}
	events, err := eventsByClaim(x, claims)
	if err != nil {
		return nil, nil, nil, err
	}
	return claims, observations, events, nil
}

// claimList is a list of a disagreement's claims of one type, the preferred first
// (model.PreferredFirst).
func claimList[C any](child *object[C], load func(*exec, []string) (map[string][]*C, error), rank func(*C) model.Rank) link[gqlmodel.Disagreement] {
	return func(x *exec, parents []*gqlmodel.Disagreement, f *graphql.CollectedField) (func(*gqlmodel.Disagreement) error, error) {
		groups, err := load(x, claimsOf(parents))
		if err != nil {
			return nil, err
		}
		ranked := make(map[string][]*C, len(groups))
		var all []*C
		for claim, rows := range groups {
			ranked[claim] = model.PreferredFirst(rows, rank)
			all = append(all, rows...)
		}
		w, err := child.prepare(x, all, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(d *gqlmodel.Disagreement) error { return list(x, ranked[d.Claim], w) }, nil
	}
}

// disagreementCompatible is Disagreement.compatible: whether the figures and the dates
// claimed only differ in precision (model.ObservationsCompatible, EventsCompatible).
func disagreementCompatible(x *exec, parents []*gqlmodel.Disagreement, _ *graphql.CollectedField) (func(*gqlmodel.Disagreement) error, error) {
	_, observations, events, err := claimedFigures(x, parents)
	if err != nil {
		return nil, err
	}
	return func(d *gqlmodel.Disagreement) error {
		x.boolean(model.ObservationsCompatible(observations[d.Claim]) && model.EventsCompatible(events[d.Claim]))
		return nil
	}, nil
}

// disagreementSubject is Disagreement.subject: the subject of its first figure, else
// the first subject of its first event, else null.
func disagreementSubject(x *exec, parents []*gqlmodel.Disagreement, f *graphql.CollectedField) (func(*gqlmodel.Disagreement) error, error) {
	claims, observations, events, err := claimedFigures(x, parents)
	if err != nil {
		return nil, err
	}
	subjectOf := make(map[string]model.SubjectRef, len(claims))
	firstEvent := map[int64][]string{} // the claims whose subject is that of this event
	for _, c := range claims {
		if obs := observations[c]; len(obs) > 0 {
			subjectOf[c] = model.SubjectRef{Type: obs[0].SubjectType, ID: obs[0].SubjectID}
		} else if ev := events[c]; len(ev) > 0 {
			firstEvent[ev[0].ID] = append(firstEvent[ev[0].ID], c)
		}
	}
	if len(firstEvent) > 0 {
		ids := make([]int64, 0, len(firstEvent))
		for id := range firstEvent {
			ids = append(ids, id)
		}
		rows, err := model.SubjectsOfEvents(x.ctx, loaders.For(x.ctx).DB(), ids)
		if err != nil {
			return nil, decline()
		}
		for _, r := range rows {
			for _, c := range firstEvent[r.EventID] {
				if _, ok := subjectOf[c]; !ok {
					subjectOf[c] = model.SubjectRef{Type: r.SubjectType, ID: r.SubjectID}
				}
			}
		}
	}
	refs := make([]model.SubjectRef, 0, len(subjectOf))
	for _, r := range subjectOf {
		refs = append(refs, r)
	}
	w, err := subjects(x, refs, f)
	if err != nil {
		return nil, err
	}
	return func(d *gqlmodel.Disagreement) error {
		r, ok := subjectOf[d.Claim]
		if !ok {
			x.null()
			return nil
		}
		return w(r)
	}, nil
}

// rootDisagreements is disagreements(first, after, compatible): a page of the disputed
// claim keys as graph.NewDisagreementConnection reads it.
func rootDisagreements(x *exec, f *graphql.CollectedField) error {
	args := x.args(f)
	first, ok1 := intArg(args["first"])
	after, ok2 := stringArg(args["after"])
	compatible, ok3 := boolArg(args["compatible"])
	if !ok1 || !ok2 || !ok3 {
		return decline()
	}
	conn, err := graph.NewDisagreementConnection(x.ctx, loaders.For(x.ctx).DB(), first, after, compatible)
	if err != nil {
		return decline()
	}
	p := &page[gqlmodel.Disagreement]{rows: conn.Nodes, hasNext: conn.PageInfo.HasNextPage, hasPrev: conn.PageInfo.HasPreviousPage,
		cursors: make([]string, len(conn.Edges))}
	for i, e := range conn.Edges {
		p.cursors[i] = e.Cursor
	}
	if selectsTotal(x, f, "DisagreementConnection") {
		if p.count, err = conn.Count(x.ctx); err != nil {
			return decline()
		}
	}
	w, err := connection(x, disagreementType, f, p.rows)
	if err != nil {
		return err
	}
	return w(p)
}
