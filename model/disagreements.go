package model

import (
	"context"
	"math"
	"sort"

	"gorm.io/gorm"
)

// disputedClaims is the set of claim keys whose claims do not all agree: observations
// with different values, events with different dates, or amounts that differ.
const disputedClaims = `SELECT claim FROM observations WHERE claim IS NOT NULL
 GROUP BY claim HAVING COUNT(DISTINCT value) > 1 OR COUNT(DISTINCT COALESCE(value_max, -1)) > 1
 UNION
 SELECT claim FROM events WHERE claim IS NOT NULL
 GROUP BY claim HAVING COUNT(DISTINCT date || precision) > 1
 UNION
 SELECT claim FROM subsidies WHERE claim IS NOT NULL
 GROUP BY claim HAVING COUNT(DISTINCT amount_eur) > 1`

// DisputedClaims returns up to limit disputed claim keys after the key after, in order.
func DisputedClaims(ctx context.Context, db *gorm.DB, after string, limit int) ([]string, error) {
	var claims []string
	err := db.WithContext(ctx).Raw(`SELECT claim FROM (`+disputedClaims+`) AS d WHERE claim > ? ORDER BY claim LIMIT ?`, after, limit).
		Scan(&claims).Error
	return claims, err
}

// CountDisputedClaims counts the disputed claim keys.
func CountDisputedClaims(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM (` + disputedClaims + `) AS d`).Scan(&n).Error
	return n, err
}

// aboutTolerance is the relative margin given to an ABOUT value ("près de 10 millions").
const aboutTolerance = 0.05

// interval returns the range of values a published figure allows.
func (o *Observation) interval() (lo, hi float64) {
	v := o.Value
	switch o.Approximation {
	case ApproxAbout:
		d := math.Abs(v) * aboutTolerance
		return v - d, v + d
	case ApproxMoreThan:
		return v, math.Inf(1)
	case ApproxLessThan:
		return math.Inf(-1), v
	case ApproxRange:
		if o.ValueMax != nil {
			return v, *o.ValueMax
		}
	}
	return v, v
}

// interval returns the range of amounts a published amount allows.
func (s *Subsidy) interval() (lo, hi float64) {
	o := Observation{Value: s.AmountEur, Approximation: s.Approximation}
	return o.interval()
}

// SubsidiesCompatible reports whether amounts only differ in precision: every pair of
// the ranges they allow overlaps (4 689 915 and "4,7 millions").
func SubsidiesCompatible(subs []*Subsidy) bool {
	for i := range subs {
		for j := i + 1; j < len(subs); j++ {
			alo, ahi := subs[i].interval()
			blo, bhi := subs[j].interval()
			if alo > bhi || blo > ahi {
				return false
			}
		}
	}
	return true
}

// ObservationsCompatible reports whether claims only differ in precision: every pair
// of the ranges they allow overlaps (4 689 915 and "4,7 millions"; 2 000 and "1 500 à
// 2 000").
func ObservationsCompatible(obs []*Observation) bool {
	for i := range obs {
		for j := i + 1; j < len(obs); j++ {
			alo, ahi := obs[i].interval()
			blo, bhi := obs[j].interval()
			if alo > bhi || blo > ahi {
				return false
			}
		}
	}
	return true
}

// EventsCompatible reports whether dated claims only differ in precision: every pair
// of the periods they name overlaps ("2023" and "2023-05-30").
func EventsCompatible(events []*Event) bool {
	for i := range events {
		for j := i + 1; j < len(events); j++ {
			a, b := events[i], events[j]
			if a.Date > PeriodEnd(b.Date, b.Precision) || b.Date > PeriodEnd(a.Date, a.Precision) {
				return false
			}
		}
	}
	return true
}

// ClaimCompatibility returns every disputed claim key with whether its claims only
// differ in precision. Disputed claims are curated and few: three statements read them all.
func ClaimCompatibility(ctx context.Context, db *gorm.DB) (map[string]bool, error) {
	var obs []*Observation
	if err := db.WithContext(ctx).Where("claim IN (" + disputedClaims + ")").Find(&obs).Error; err != nil {
		return nil, err
	}
	var events []*Event
	if err := db.WithContext(ctx).Where("claim IN (" + disputedClaims + ")").Find(&events).Error; err != nil {
		return nil, err
	}
	byClaimObs := map[string][]*Observation{}
	for _, o := range obs {
		byClaimObs[*o.Claim] = append(byClaimObs[*o.Claim], o)
	}
	byClaimEv := map[string][]*Event{}
	for _, e := range events {
		byClaimEv[*e.Claim] = append(byClaimEv[*e.Claim], e)
	}
	var subs []*Subsidy
	if err := db.WithContext(ctx).Where("claim IN (" + disputedClaims + ")").Find(&subs).Error; err != nil {
		return nil, err
	}
	byClaimSub := map[string][]*Subsidy{}
	for _, s := range subs {
		byClaimSub[*s.Claim] = append(byClaimSub[*s.Claim], s)
	}
	out := map[string]bool{}
	for c := range byClaimObs {
		out[c] = true
	}
	for c := range byClaimEv {
		out[c] = true
	}
	for c := range byClaimSub {
		out[c] = true
	}
	for c := range out {
		out[c] = ObservationsCompatible(byClaimObs[c]) && EventsCompatible(byClaimEv[c]) && SubsidiesCompatible(byClaimSub[c])
	}
	return out, nil
}

// PreferredFirst returns the claims of one fact as a new list, the preferred first,
// then the normal, then the deprecated ones, each rank in the order given.
func PreferredFirst[T any](claims []*T, rank func(*T) Rank) []*T {
	out := append(make([]*T, 0, len(claims)), claims...)
	sort.SliceStable(out, func(i, j int) bool { return rankOrder(rank(out[i])) < rankOrder(rank(out[j])) })
	return out
}

// ConflictsAmong returns the claims of o's claim key (sameClaim: every observation of
// that key) that give another value or upper bound than o.
func (o *Observation) ConflictsAmong(sameClaim []*Observation) []*Observation {
	out := []*Observation{}
	for _, c := range sameClaim {
		if c.ID != o.ID && (c.Value != o.Value || !sameFloat(c.ValueMax, o.ValueMax)) {
			out = append(out, c)
		}
	}
	return out
}

// ConflictsAmong returns the claims of e's claim key (sameClaim: every event of that
// key) that give another date or precision than e.
func (e *Event) ConflictsAmong(sameClaim []*Event) []*Event {
	out := []*Event{}
	for _, c := range sameClaim {
		if c.ID != e.ID && (c.Date != e.Date || c.Precision != e.Precision) {
			out = append(out, c)
		}
	}
	return out
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
