package graph

import (
	"fmt"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/model"
)

// NewSubsidyAggregate builds the aggregate of public money from the model's groups
// (model.AggregateSubsidies), without the records of their keys (programme, territory,
// recipient: the caller loads them from the groups' ids, in the same order): the
// groups, their totals, and a grand total only when every counted group has the same
// scope and the same kind of funder (an envelope is never added to the money inside
// it, public money never to private money). The resolver and the compiled read path
// both build it here.
func NewSubsidyAggregate(rows []model.AggregateGroup, sel model.Claims) *gqlmodel.SubsidyAggregate {
	out := &gqlmodel.SubsidyAggregate{Groups: make([]*gqlmodel.SubsidyGroup, len(rows)), Claims: sel, Computation: subsidyComputation(sel)}
	sum, scopes := 0.0, map[string]bool{}
	for i, g := range rows {
		grp := &gqlmodel.SubsidyGroup{Year: intPtr(g.Year), Count: int(g.Count), SumEur: g.Sum, MinEur: g.Min, MaxEur: g.Max,
			SetAside: int(g.SetAside)}
		if g.Scope != nil {
			grp.Scope = model.MoneyScope(*g.Scope)
		}
		grp.Public = g.Public != nil && *g.Public == 1
		if g.FunderKind != nil {
			k := model.FunderKind(*g.FunderKind)
			grp.FunderKind = &k
		}
		if g.Status != nil {
			s := model.ObservationStatus(*g.Status)
			grp.Status = &s
		}
		out.Groups[i] = grp
		if i == 0 || g.Min < out.MinEur {
			out.MinEur = g.Min
		}
		if i == 0 || g.Max > out.MaxEur {
			out.MaxEur = g.Max
		}
		out.Count += int(g.Count)
		out.SetAside += int(g.SetAside)
		sum += g.Sum
		if g.Count > 0 && g.Scope != nil {
			scopes[fmt.Sprint(*g.Scope, grp.Public)] = true
		}
	}
	// A total across scopes would add an envelope to the money inside it, and across
	// public and private money would mix who pays: none then.
	if len(scopes) <= 1 {
		out.SumEur = &sum
	}
	return out
}

// NewObservationAggregate builds the aggregate of figures from the model's groups
// (model.AggregateObservations), without the records of their keys (metric, subject:
// the caller loads them from the groups' ids, in the same order). The resolver and the
// compiled read path both build it here.
func NewObservationAggregate(rows []model.AggregateGroup, sel model.Claims, f model.ObservationFilter) *gqlmodel.ObservationAggregate {
	out := &gqlmodel.ObservationAggregate{Groups: make([]*gqlmodel.ObservationGroup, len(rows)), Claims: sel, Filter: f,
		Computation: observationComputation(sel)}
	for i, g := range rows {
		grp := &gqlmodel.ObservationGroup{Year: intPtr(g.Year), Category: g.Category, Count: int(g.Count), Sum: g.Sum, Min: g.Min, Max: g.Max,
			SetAside: int(g.SetAside)}
		if g.Unit != nil {
			grp.Unit = *g.Unit
		}
		if g.Status != nil {
			s := model.ObservationStatus(*g.Status)
			grp.Status = &s
		}
		if g.Rank != nil {
			rk := model.Rank(*g.Rank)
			grp.Rank = &rk
		}
		out.Groups[i] = grp
		out.Count += int(g.Count)
		out.SetAside += int(g.SetAside)
	}
	return out
}
