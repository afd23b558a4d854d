package loaders

import (
	"context"
	"sort"
	"strings"

	"github.com/reindustrie/observatory/model"
)

// ObservationsKey asks for the observations of one subject, filtered and capped.
type ObservationsKey struct {
	Subject  model.SubjectRef
	Metric   string // metric code, "" for all
	Statuses string // comma-separated statuses, "" for all
	Limit    int
}

// StatusesKey returns the canonical form of a status filter for ObservationsKey.
func StatusesKey(statuses []model.ObservationStatus) string {
	s := make([]string, len(statuses))
	for i, v := range statuses {
		s[i] = string(v)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// observationsBySubject runs one windowed statement per distinct (subject type, filter)
// in the batch: a number fixed by the query's text, not by the rows.
func (l *Loaders) observationsBySubject(ctx context.Context, keys []ObservationsKey) (map[ObservationsKey][]*model.Observation, error) {
	type group struct {
		typ              model.SubjectType
		metric, statuses string
		limit            int
	}
	groups := map[group][]int64{}
	for _, k := range keys {
		g := group{k.Subject.Type, k.Metric, k.Statuses, k.Limit}
		groups[g] = append(groups[g], k.Subject.ID)
	}
	out := make(map[ObservationsKey][]*model.Observation, len(keys))
	var all []*model.Observation
	for g, ids := range groups {
		var statuses []model.ObservationStatus
		if g.statuses != "" {
			for _, st := range strings.Split(g.statuses, ",") {
				statuses = append(statuses, model.ObservationStatus(st))
			}
		}
		rows, err := model.ObservationsOfSubjects(ctx, l.db, g.typ, ids, g.metric, statuses, g.limit)
		if err != nil {
			return nil, err
		}
		for i := range rows {
			k := ObservationsKey{model.SubjectRef{Type: g.typ, ID: rows[i].SubjectID}, g.metric, g.statuses, g.limit}
			out[k] = append(out[k], &rows[i])
			all = append(all, &rows[i])
		}
	}
	l.lookahead(ctx, all)
	return out, nil
}

func (l *Loaders) eventsBySubject(ctx context.Context, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Event, error) {
	rows, err := model.EventsOfSubjects(ctx, l.db, refs)
	if err != nil {
		return nil, err
	}
	out := model.EventsBySubject(rows)
	all := make([]*model.Event, 0, len(rows))
	for _, r := range refs {
		all = append(all, out[r]...)
	}
	l.lookahead(ctx, all)
	return out, nil
}

func (l *Loaders) subjectsByEvent(ctx context.Context, ids []int64) (map[int64][]model.SubjectRef, error) {
	rows, err := model.SubjectsOfEvents(ctx, l.db, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]model.SubjectRef, len(ids))
	for _, r := range rows {
		out[r.EventID] = append(out[r.EventID], model.SubjectRef{Type: r.SubjectType, ID: r.SubjectID})
	}
	return out, nil
}

func (l *Loaders) relationshipsBySubject(ctx context.Context, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Relationship, error) {
	rows, err := model.RelationshipsOfSubjects(ctx, l.db, refs)
	if err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	return model.RelationshipsBySubject(rows, refs), nil
}

func (l *Loaders) observationsByClaim(ctx context.Context, claims []string) (map[string][]*model.Observation, error) {
	rows, err := model.ByClaims[model.Observation](ctx, l.db, claims)
	if err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	out := make(map[string][]*model.Observation, len(claims))
	for i := range rows {
		out[*rows[i].Claim] = append(out[*rows[i].Claim], &rows[i])
	}
	return out, nil
}

func (l *Loaders) eventsByClaim(ctx context.Context, claims []string) (map[string][]*model.Event, error) {
	rows, err := model.ByClaims[model.Event](ctx, l.db, claims)
	if err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	out := make(map[string][]*model.Event, len(claims))
	for i := range rows {
		out[*rows[i].Claim] = append(out[*rows[i].Claim], &rows[i])
	}
	return out, nil
}

func (l *Loaders) subsidiesByClaim(ctx context.Context, claims []string) (map[string][]*model.Subsidy, error) {
	rows, err := model.SubsidiesByClaims(ctx, l.db, claims)
	if err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	out := make(map[string][]*model.Subsidy, len(claims))
	for i := range rows {
		out[*rows[i].Claim] = append(out[*rows[i].Claim], &rows[i])
	}
	return out, nil
}
