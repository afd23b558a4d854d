package compiled

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// breakdownType is Breakdown: published parts next to the totals they should add up
// to. Its sums and shares are the model's (model.Breakdown.PartValues, BaseValueOf,
// model.ShareOf) over the parts, occupancies, base figures and sites read here.
var breakdownType = (&object[model.Breakdown]{
	name: "Breakdown", satisfies: []string{"Node"}, table: "breakdowns",
	columns: []string{"id", "slug", "title_fr", "title_en", "note_fr", "note_en", "subject_type", "subject_id", "parts_kind",
		"metric_id", "dimension", "date", "base_observation_id"},
	scan: func(b *model.Breakdown) []any {
		return []any{&b.ID, &b.Slug, &b.Title.FR, &b.Title.EN, &b.Note.FR, &b.Note.EN, enumCol(&b.SubjectType), &b.SubjectID, enumCol(&b.PartsKind),
			optIntCol(&b.MetricID), optTextCol(&b.Dimension), optTextCol(&b.Date), optIntCol(&b.BaseObservationID)}
	},
	id: func(b *model.Breakdown) int64 { return b.ID },
	scalars: map[string]scalar[model.Breakdown]{
		"id":          text((*model.Breakdown).GlobalID),
		"slug":        text(func(b *model.Breakdown) string { return b.Slug }),
		"title":       localized((*model.Breakdown).TitleIn),
		"note":        optLocalized((*model.Breakdown).NoteIn),
		"partsKind":   enum(func(b *model.Breakdown) model.PartsKind { return b.PartsKind }),
		"dimension":   optText(func(b *model.Breakdown) *string { return b.Dimension }),
		"computation": localized((*model.Breakdown).ComputationIn),
	},
}).init()

func init() {
	breakdownType.links = map[string]link[model.Breakdown]{
		"subject": subjectLink(func(b *model.Breakdown) model.SubjectRef {
			return model.SubjectRef{Type: b.SubjectType, ID: b.SubjectID}
		}),
		"parts":           breakdownList(observationType, breakdownParts),
		"occupancies":     breakdownList(occupancyType, breakdownOccupancies),
		"publishedTotals": breakdownList(observationType, breakdownTotals),
		"base":            toOne(observationType, func(b *model.Breakdown) *int64 { return b.BaseObservationID }, true),
		"partsCount": breakdownFigure(false, func(x *exec, values []float64, _ string, _ *float64) error {
			x.integer(int64(len(values)))
			return nil
		}),
		"partsSum": breakdownFigure(false, func(x *exec, values []float64, _ string, _ *float64) error {
			return x.float(model.Sum(values))
		}),
		"unit": breakdownFigure(false, func(x *exec, _ []float64, unit string, _ *float64) error {
			x.str(unit)
			return nil
		}),
		"baseValue": breakdownFigure(true, func(x *exec, _ []float64, _ string, base *float64) error {
			return x.optFloat(base)
		}),
		"partsShareOfBase": breakdownFigure(true, func(x *exec, values []float64, _ string, base *float64) error {
			return x.optFloat(model.ShareOf(model.Sum(values), base))
		}),
	}
}

// The relations of breakdowns read by key keep what they read in the request under these.
var (
	breakdownPartsMemo    = new(byte)
	breakdownTotalsMemo   = new(byte)
	occupanciesBySiteMemo = new(byte)
)

// rootBreakdowns is breakdowns(subject): every breakdown, or those of one territory,
// site or company, as model.Breakdowns reads them.
func rootBreakdowns(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	var subject *model.SubjectRef
	if v, ok := stringArg(args["subject"]); !ok {
		return decline()
	} else if v != nil {
		_, ref, _, err := subjectByGlobalID(x, *v)
		if err != nil {
			return err
		}
		subject = &ref
	}
	rows, err := model.Breakdowns(x.ctx, loaders.For(x.ctx).DB(), subject)
	if err != nil {
		return decline()
	}
	w, err := breakdownType.prepare(x, rows, f.Selections)
	if err != nil {
		return err
	}
	return list(x, rows, w)
}

// breakdownList is a list of the records of each breakdown that rowsOf reads.
func breakdownList[C any](child *object[C], rowsOf func(*exec, []*model.Breakdown) (func(*model.Breakdown) []*C, error)) link[model.Breakdown] {
	return func(x *exec, parents []*model.Breakdown, f *graphql.CollectedField) (func(*model.Breakdown) error, error) {
		of, err := rowsOf(x, parents)
		if err != nil {
			return nil, err
		}
		var all []*C
		for _, b := range parents {
			all = append(all, of(b)...)
		}
		w, err := child.prepare(x, all, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(b *model.Breakdown) error { return list(x, of(b), w) }, nil
	}
}

// breakdownParts are the parts of the breakdowns of OBSERVATIONS (model.BreakdownParts).
func breakdownParts(x *exec, parents []*model.Breakdown) (func(*model.Breakdown) []*model.Observation, error) {
	return breakdownObservations(x, parents, breakdownPartsMemo, model.PartsObservations, model.BreakdownParts)
}

// breakdownTotals are the published totals of the breakdowns (model.BreakdownTotals).
func breakdownTotals(x *exec, parents []*model.Breakdown) (func(*model.Breakdown) []*model.Observation, error) {
	return breakdownObservations(x, parents, breakdownTotalsMemo, "", model.BreakdownTotals)
}

// breakdownObservations reads observations of each breakdown (of one kind of parts
// only, when kind is not "") with the model's reader.
func breakdownObservations(x *exec, parents []*model.Breakdown, memo any, kind model.PartsKind,
	read func(ctx context.Context, db *gorm.DB, ids []int64) ([]model.BreakdownObservation, error),
) (func(*model.Breakdown) []*model.Observation, error) {
	var ids []int64
	for _, b := range parents {
		if kind == "" || b.PartsKind == kind {
			ids = append(ids, b.ID)
		}
	}
	groups, err := groupsOf(x, memo, ids, func(ids []int64) (map[int64][]*model.Observation, error) {
		rows, err := read(x.ctx, loaders.For(x.ctx).DB(), ids)
		if err != nil {
			return nil, err
		}
		out := make(map[int64][]*model.Observation, len(ids))
		for i := range rows {
			out[rows[i].BreakdownID] = append(out[rows[i].BreakdownID], &rows[i].Observation)
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return func(b *model.Breakdown) []*model.Observation {
		if kind != "" && b.PartsKind != kind {
			return nil
		}
		return groups[b.ID]
	}, nil
}

// breakdownOccupancies are the occupancies of the site of each breakdown of
// OCCUPANCY_AREAS, as Site.occupancies lists them.
func breakdownOccupancies(x *exec, parents []*model.Breakdown) (func(*model.Breakdown) []*model.Occupancy, error) {
	onSite := func(b *model.Breakdown) bool {
		return b.PartsKind == model.PartsOccupancyAreas && b.SubjectType == model.SubjectSite
	}
	var sites []int64
	for _, b := range parents {
		if onSite(b) {
			sites = append(sites, b.SubjectID)
		}
	}
	groups, err := groupsOf(x, occupanciesBySiteMemo, sites, func(ids []int64) (map[int64][]*model.Occupancy, error) {
		groups, _, err := children(x, occupancyType, distinctIDs(ptrsOf(ids), func(id *int64) int64 { return *id }),
			"site_id", model.OccupancyOrder, model.Cond{SQL: "1 = 1"}, model.MaxRelationRows)
		return groups, err
	})
	if err != nil {
		return nil, err
	}
	return func(b *model.Breakdown) []*model.Occupancy {
		if !onSite(b) {
			return nil
		}
		return groups[b.SubjectID]
	}, nil
}

// breakdownFigure is a figure the observatory computes for a breakdown: write gets the
// values of its parts, their unit and (withBase) the value they are a share of.
func breakdownFigure(withBase bool, write func(x *exec, values []float64, unit string, base *float64) error) link[model.Breakdown] {
	return func(x *exec, parents []*model.Breakdown, _ *graphql.CollectedField) (func(*model.Breakdown) error, error) {
		parts, err := breakdownParts(x, parents)
		if err != nil {
			return nil, err
		}
		occupancies, err := breakdownOccupancies(x, parents)
		if err != nil {
			return nil, err
		}
		// The metrics whose unit applies (parts without one), then the bases.
		var metricIDs, baseIDs, siteIDs []int64
		for _, b := range parents {
			b.PartValues(parts(b), occupancies(b), func() string {
				metricIDs = append(metricIDs, *b.MetricID)
				return ""
			})
			switch {
			case !withBase:
			case b.BaseObservationID != nil:
				baseIDs = append(baseIDs, *b.BaseObservationID)
			case b.PartsKind == model.PartsOccupancyAreas && b.SubjectType == model.SubjectSite:
				siteIDs = append(siteIDs, b.SubjectID)
			}
		}
		metrics, err := byID(x, metricType, metricIDs)
		if err != nil {
			return nil, err
		}
		bases, err := byID(x, observationType, baseIDs)
		if err != nil {
			return nil, err
		}
		sites, err := byID(x, siteType, siteIDs)
		if err != nil {
			return nil, err
		}
		return func(b *model.Breakdown) error {
			values, unit := b.PartValues(parts(b), occupancies(b), func() string {
				if m := metrics[*b.MetricID]; m != nil {
					return m.Unit
				}
				return ""
			})
			if !withBase {
				return write(x, values, unit, nil)
			}
			var base *model.Observation
			if b.BaseObservationID != nil {
				base = bases[*b.BaseObservationID]
			}
			return write(x, values, unit, b.BaseValueOf(base, sites[b.SubjectID]))
		}, nil
	}
}
