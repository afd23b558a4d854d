package model

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// SubsidyGroupBy is a dimension subsidies can be grouped by.
type SubsidyGroupBy string

// Dimensions of subsidy aggregates.
const (
	SubsidyByProgramme  SubsidyGroupBy = "PROGRAMME"
	SubsidyByYear       SubsidyGroupBy = "YEAR"
	SubsidyByTerritory  SubsidyGroupBy = "TERRITORY"
	SubsidyByRecipient  SubsidyGroupBy = "RECIPIENT"
	SubsidyByStatus     SubsidyGroupBy = "STATUS"
	SubsidyByFunderKind SubsidyGroupBy = "FUNDER_KIND"
	SubsidyByScope      SubsidyGroupBy = "SCOPE"
)

// ObservationGroupBy is a dimension observations can be grouped by.
type ObservationGroupBy string

// Dimensions of observation aggregates.
const (
	ObservationByMetric   ObservationGroupBy = "METRIC"
	ObservationByYear     ObservationGroupBy = "YEAR"
	ObservationByStatus   ObservationGroupBy = "STATUS"
	ObservationByRank     ObservationGroupBy = "RANK"
	ObservationBySubject  ObservationGroupBy = "SUBJECT"
	ObservationByCategory ObservationGroupBy = "CATEGORY"
)

// AggregateGroup is one group of an aggregate: its keys (only those grouped by are
// set), the number of rows counted and the sum, minimum and maximum of their value, and
// the number of rows matching the filter that were not counted (SetAside: the other
// claims of the facts counted).
type AggregateGroup struct {
	ProgrammeID *int64
	Year        *int64
	TerritoryID *int64
	RecipientID *int64
	Status      *string
	MetricID    *int64
	Rank        *string
	SubjectType *string
	SubjectID   *int64
	Category    *string
	Unit        *string
	FunderKind  *string
	Scope       *string
	// Public is 1 for public money, 0 for private (subsidies: always a key).
	Public   *int64
	Count    int64
	Sum      float64
	Min      float64
	Max      float64
	SetAside int64
}

// MaxAggregateGroups bounds the groups of one aggregate.
const MaxAggregateGroups = 1000

type groupCol struct{ expr, alias string }

// yearOf reads the year of a stored date (YYYY-MM-DD) as an integer on both stores.
func yearOf(expr string) string { return "CAST(SUBSTR(" + expr + ", 1, 4) AS INTEGER)" }

var subsidyGroupCols = map[SubsidyGroupBy]groupCol{
	SubsidyByProgramme: {"s.programme_id", "programme_id"},
	// The year a subsidy is counted in: the start of its period, or its end when only the end is known.
	SubsidyByYear:       {yearOf("COALESCE(s.period_start, s.period_end)"), "year"},
	SubsidyByTerritory:  {"COALESCE(s.territory_id, rc.territory_id)", "territory_id"},
	SubsidyByRecipient:  {"s.recipient_id", "recipient_id"},
	SubsidyByStatus:     {"s.status", "status"},
	SubsidyByFunderKind: {"s.funder_kind", "funder_kind"},
	SubsidyByScope:      {"s.scope", "scope"},
}

var observationGroupCols = map[ObservationGroupBy]groupCol{
	ObservationByMetric:   {"o.metric_id", "metric_id"},
	ObservationByYear:     {yearOf("o.date"), "year"},
	ObservationByStatus:   {"o.status", "status"},
	ObservationByRank:     {"o.rank", "rank"},
	ObservationByCategory: {"o.category", "category"},
}

// counted is the condition of the rows an aggregate counts: the preferred claim of
// each fact (ClaimsPreferred, the default), or every row (ClaimsAll).
func counted(alias string, claims Claims) (string, error) {
	switch claims {
	case ClaimsPreferred, "":
		return alias + ".rank = 'PREFERRED'", nil
	case ClaimsAll:
		return "1 = 1", nil
	}
	return "", BadInput("unknown claims %s", claims)
}

// subsidyAggregateColumns are the columns an aggregate of subsidies reads: what it
// groups, filters and sums on. The place indexes include them (migration 00016), so
// that the aggregate within a territory reads only the index.
const subsidyAggregateColumns = "subsidies.programme_id, subsidies.period_start, subsidies.period_end, subsidies.amount_eur, subsidies.status, " +
	"subsidies.scope, subsidies.funder_kind, subsidies.rank, subsidies.territory_id, subsidies.recipient_id"

// AggregateSubsidies groups the subsidies matching f by the given dimensions, by scope
// and by public or private money (always: amounts of different scopes, or public and
// private money, are never added), in one statement,
// counting the preferred claim of each amount (or every claim). Groups come in key
// order (nulls last), at most MaxAggregateGroups.
func AggregateSubsidies(ctx context.Context, db *gorm.DB, f SubsidyFilter, by []SubsidyGroupBy, claims Claims) ([]AggregateGroup, error) {
	var cols []groupCol
	for _, b := range dedupe(by) {
		c, ok := subsidyGroupCols[b]
		if !ok {
			return nil, BadInput("unknown groupBy %s", b)
		}
		cols = append(cols, c)
	}
	if !slices.Contains(by, SubsidyByScope) {
		cols = append(cols, subsidyGroupCols[SubsidyByScope])
	}
	cols = append(cols, groupCol{"CASE WHEN s.funder_kind = 'PRIVATE_COMPANY' THEN 0 ELSE 1 END", "public"})
	cond, err := counted("s", claims)
	if err != nil {
		return nil, err
	}
	// The matching rows are aggregated where they are read: within a territory, the
	// branches of SubsidiesWithin, each an index range scan (index only on PostgreSQL
	// for the columns its place indexes cover).
	var rows Cond
	if f.Territory != nil {
		rows = SubsidiesWithin(*f.Territory, f, subsidyAggregateColumns)
	} else {
		where := subsidyConds(f).Joined()
		rows = Cond{SQL: "SELECT subsidies.* FROM subsidies WHERE " + where.SQL, Args: where.Args, PostgreSQL: "SELECT subsidies.* FROM subsidies WHERE " + where.ForPostgres()}
	}
	q := db.WithContext(ctx).Table("("+rows.SQL+") AS s", rows.Args...)
	if slices.Contains(by, SubsidyByTerritory) {
		q = q.Joins("LEFT JOIN companies AS rc ON rc.id = s.recipient_id")
	}
	return runAggregate(q, cols, "s.amount_eur", cond)
}

// AggregateObservations groups the observations matching f by the given dimensions, in
// one statement, counting the preferred claim of each fact (or every claim). The metric
// and the unit are always keys: values of different metrics or units are never summed.
func AggregateObservations(ctx context.Context, db *gorm.DB, f ObservationFilter, by []ObservationGroupBy, claims Claims) ([]AggregateGroup, error) {
	cond, err := counted("o", claims)
	if err != nil {
		return nil, err
	}
	var cols []groupCol
	for _, b := range dedupe(by) {
		if b == ObservationBySubject {
			cols = append(cols, groupCol{"o.subject_type", "subject_type"}, groupCol{"o.subject_id", "subject_id"})
			continue
		}
		c, ok := observationGroupCols[b]
		if !ok {
			return nil, BadInput("unknown groupBy %s", b)
		}
		cols = append(cols, c)
	}
	if !slices.Contains(by, ObservationByMetric) {
		cols = append(cols, observationGroupCols[ObservationByMetric])
	}
	cols = append(cols, groupCol{"o.unit", "unit"})
	ids := ScopeObservations(db, f).Select("observations.id")
	q := db.WithContext(ctx).Table("observations AS o").Where("o.id IN (?)", ids)
	return runAggregate(q, cols, "o.value", cond)
}

// SetAsideObservations returns the observations matching f that an aggregate with
// claims PREFERRED does not count (every claim but the preferred one of each fact), in
// date order, at most limit.
func SetAsideObservations(ctx context.Context, db *gorm.DB, f ObservationFilter, limit int) ([]*Observation, error) {
	var rows []*Observation
	err := ScopeObservations(db, f).WithContext(ctx).Where("observations.rank <> 'PREFERRED'").
		Order("date, id").Limit(limit).Find(&rows).Error
	return rows, err
}

// runAggregate groups q by cols; the rows for which cond holds are counted (count, sum,
// min, max of value), the others set aside (their number).
func runAggregate(q *gorm.DB, cols []groupCol, value, cond string) ([]AggregateGroup, error) {
	sel := make([]string, 0, len(cols)+4)
	group := make([]string, 0, len(cols))
	order := make([]string, 0, 2*len(cols))
	for _, c := range cols {
		sel = append(sel, c.expr+" AS "+c.alias)
		group = append(group, c.expr)
		// Nulls last, the same way on both stores.
		order = append(order, "CASE WHEN "+c.expr+" IS NULL THEN 1 ELSE 0 END", c.expr)
	}
	countedValue := "CASE WHEN " + cond + " THEN " + value + " END"
	sel = append(sel, "COUNT(CASE WHEN "+cond+" THEN 1 END) AS count", "COALESCE(SUM("+countedValue+"), 0) AS sum",
		"COALESCE(MIN("+countedValue+"), 0) AS min", "COALESCE(MAX("+countedValue+"), 0) AS max",
		"COUNT(CASE WHEN NOT ("+cond+") THEN 1 END) AS set_aside")
	q = q.Select(strings.Join(sel, ", "))
	if len(group) > 0 {
		q = q.Group(strings.Join(group, ", ")).Order(strings.Join(order, ", "))
	}
	var rows []AggregateGroup
	if err := q.Limit(MaxAggregateGroups).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(group) == 0 && len(rows) == 1 && rows[0].Count == 0 && rows[0].SetAside == 0 {
		return []AggregateGroup{}, nil
	}
	for _, r := range rows {
		// The record rules bound every value (rules.UnitRanges), so no sum overflows; a
		// value stored before them must not make the answer fail for everyone.
		if !finite(r.Sum, r.Min, r.Max) {
			return nil, BadInput("these figures add up beyond what a number can hold: narrow the filter, or group by metric and unit")
		}
	}
	return rows, nil
}

func dedupe[T comparable](list []T) []T {
	seen := map[T]bool{}
	out := make([]T, 0, len(list))
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
