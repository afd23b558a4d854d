package graph

import (
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/model"
)

// NewTimeSeries builds the time series of a subject and a metric from its points (the
// observations matching the series, in series order): each fact once, its preferred
// claim (unless sel is ClaimsAll; the other claims are counted as set aside), split by
// status, with the latest actual and target figures. The resolver and the compiled
// read path both build their series here.
func NewTimeSeries(subject gqlmodel.Subject, metric *model.Metric, asOf *model.Date, sel model.Claims, points []*model.Observation) *gqlmodel.TimeSeries {
	ts := &gqlmodel.TimeSeries{Subject: subject, Metric: metric, AsOf: asOf, Claims: sel,
		Actual: []*model.Observation{}, Target: []*model.Observation{}, Other: []*model.Observation{}}
	if sel == model.ClaimsAll {
		ts.Points = points
	} else {
		ts.Points = make([]*model.Observation, 0, len(points))
		for _, o := range points {
			if o.Rank == model.RankPreferred {
				ts.Points = append(ts.Points, o)
			} else {
				ts.SetAside++
			}
		}
	}
	for _, o := range ts.Points {
		switch o.Status {
		case model.StatusActual:
			ts.Actual = append(ts.Actual, o)
			ts.LatestActual = latest(ts.LatestActual, o)
		case model.StatusTarget:
			ts.Target = append(ts.Target, o)
			ts.LatestTarget = latest(ts.LatestTarget, o)
		default:
			ts.Other = append(ts.Other, o)
		}
	}
	return ts
}

// SeriesFilter is the filter of the points of a time series: the subject's figures of
// the metric, known at asOf (when given), without breakdown parts unless asked for,
// with or without deprecated claims.
func SeriesFilter(subject model.SubjectRef, metric string, asOf *model.Date, includeBreakdowns, includeDeprecated *bool) model.ObservationFilter {
	f := model.ObservationFilter{Metric: &metric, Subject: &subject, KnownAt: inputDateEnd(asOf)}
	if includeBreakdowns == nil || !*includeBreakdowns {
		f.NoBreakdown = true
	}
	if includeDeprecated != nil && !*includeDeprecated {
		f.Ranks = []model.Rank{model.RankPreferred, model.RankNormal}
	}
	return f
}
