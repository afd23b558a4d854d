package loaders

import (
	"context"
	"sort"
	"strings"

	"gorm.io/gorm"

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
		w := model.Window{
			Table: "observations", Parent: "subject_id", Order: model.OrderByDate, Limit: g.limit,
			Scope: func(q *gorm.DB) *gorm.DB {
				q = q.Where("subject_type = ?", g.typ)
				if g.metric != "" {
					q = q.Where("metric_id = (?)", l.db.Table("metrics").Select("id").Where("code = ?", g.metric))
				}
				if g.statuses != "" {
					q = q.Where("status IN ?", strings.Split(g.statuses, ","))
				}
				return q
			},
		}
		rows, err := model.LimitedByParent[model.Observation](ctx, l.db, w, ids)
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

// subjectCondition builds "(type = ? AND column IN ?) OR ..." for a batch of refs.
func subjectCondition(refs []model.SubjectRef, typeCol, idCol string) (string, []any) {
	byType := map[model.SubjectType][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, string(t))
	}
	sort.Strings(types)
	var (
		parts []string
		args  []any
	)
	for _, t := range types {
		parts = append(parts, "("+typeCol+" = ? AND "+idCol+" IN ?)")
		args = append(args, t, byType[model.SubjectType(t)])
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

func (l *Loaders) eventsBySubject(ctx context.Context, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Event, error) {
	type row struct {
		model.Event `gorm:"embedded"`
		SubjectType model.SubjectType
		SubjectID   int64
	}
	cond, args := subjectCondition(refs, "es.subject_type", "es.subject_id")
	var rows []row
	err := l.db.WithContext(ctx).Table("events").
		Select("events.*, es.subject_type AS subject_type, es.subject_id AS subject_id").
		Joins("JOIN event_subjects AS es ON es.event_id = events.id").
		Where(cond, args...).Order("events.date, events.id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[model.SubjectRef][]*model.Event, len(refs))
	all := make([]*model.Event, 0, len(rows))
	for i := range rows {
		ref := model.SubjectRef{Type: rows[i].SubjectType, ID: rows[i].SubjectID}
		if len(out[ref]) >= model.MaxRelationRows {
			continue
		}
		ev := rows[i].Event
		out[ref] = append(out[ref], &ev)
		all = append(all, &ev)
	}
	l.lookahead(ctx, all)
	return out, nil
}

func (l *Loaders) subjectsByEvent(ctx context.Context, ids []int64) (map[int64][]model.SubjectRef, error) {
	var rows []model.EventSubject
	if err := l.db.WithContext(ctx).Where("event_id IN ?", ids).Order("event_id, subject_type, subject_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64][]model.SubjectRef, len(ids))
	for _, r := range rows {
		out[r.EventID] = append(out[r.EventID], model.SubjectRef{Type: r.SubjectType, ID: r.SubjectID})
	}
	return out, nil
}

func (l *Loaders) relationshipsBySubject(ctx context.Context, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Relationship, error) {
	fromCond, fromArgs := subjectCondition(refs, "from_type", "from_id")
	toCond, toArgs := subjectCondition(refs, "to_type", "to_id")
	var rows []model.Relationship
	err := l.db.WithContext(ctx).Where(fromCond+" OR "+toCond, append(fromArgs, toArgs...)...).
		Order("kind, id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	want := make(map[model.SubjectRef]bool, len(refs))
	for _, r := range refs {
		want[r] = true
	}
	out := make(map[model.SubjectRef][]*model.Relationship, len(refs))
	for i := range rows {
		from := model.SubjectRef{Type: rows[i].FromType, ID: rows[i].FromID}
		to := model.SubjectRef{Type: rows[i].ToType, ID: rows[i].ToID}
		if want[from] && len(out[from]) < model.MaxRelationRows {
			out[from] = append(out[from], &rows[i])
		}
		if want[to] && to != from && len(out[to]) < model.MaxRelationRows {
			out[to] = append(out[to], &rows[i])
		}
	}
	return out, nil
}

func (l *Loaders) observationsByClaim(ctx context.Context, claims []string) (map[string][]*model.Observation, error) {
	var rows []model.Observation
	if err := l.db.WithContext(ctx).Where("claim IN ?", claims).Order("date, id").Find(&rows).Error; err != nil {
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
	var rows []model.Event
	if err := l.db.WithContext(ctx).Where("claim IN ?", claims).Order("date, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	l.lookahead(ctx, pointers(rows))
	out := make(map[string][]*model.Event, len(claims))
	for i := range rows {
		out[*rows[i].Claim] = append(out[*rows[i].Claim], &rows[i])
	}
	return out, nil
}
