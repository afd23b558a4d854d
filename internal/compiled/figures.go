package compiled

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// figureGroup is a group of an aggregate of figures with the ids of its keys.
type figureGroup struct {
	*gqlmodel.ObservationGroup
	row *model.AggregateGroup
}

// rootObservationAggregate is observationAggregate(filter, groupBy, claims): the groups
// read by the model, the aggregate built by graph.NewObservationAggregate.
func rootObservationAggregate(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	filter, err := x.observationFilter(args)
	if err != nil {
		return err
	}
	by, claims, ok := aggregateArgs[model.ObservationGroupBy](args)
	if !ok {
		return decline()
	}
	rows, err := model.AggregateObservations(x.ctx, loaders.For(x.ctx).DB(), filter, by, claims)
	if err != nil {
		return decline()
	}
	agg := graph.NewObservationAggregate(rows, claims, filter)
	groups := make([]*figureGroup, len(agg.Groups))
	for i, g := range agg.Groups {
		groups[i] = &figureGroup{ObservationGroup: g, row: &rows[i]}
	}

	fields := x.fields(f.Selections, []string{"ObservationAggregate"})
	writers := make([]func() error, len(fields))
	for i := range fields {
		c := &fields[i]
		if w, ok := aggregateTotals(x, c, "ObservationAggregate", agg.Claims, agg.Count, agg.SetAside, agg.Computation); ok {
			writers[i] = w
			continue
		}
		switch c.Name {
		case "groups":
			w, err := figureGroups(x, c, groups)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, groups, w) }
		case "setAsideClaims":
			first, ok := intArg(x.args(c)["first"])
			if !ok {
				return decline()
			}
			limit, err := graph.SubjectLimit(first)
			if err != nil {
				return decline()
			}
			var claimed []*model.Observation
			if agg.Claims != model.ClaimsAll && agg.SetAside != 0 {
				if claimed, err = model.SetAsideObservations(x.ctx, loaders.For(x.ctx).DB(), filter, limit); err != nil {
					return decline()
				}
			}
			w, err := observationType.prepare(x, claimed, c.Selections)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, claimed, w) }
		default:
			return decline()
		}
	}
	return x.writeObject(fields, func(i int) error { return writers[i]() })
}

func figureGroups(x *exec, f *graphql.CollectedField, groups []*figureGroup) (func(*figureGroup) error, error) {
	fields := x.fields(f.Selections, []string{"ObservationGroup"})
	keys := make([]func(*figureGroup) error, len(fields))
	for i := range fields {
		var err error
		switch fields[i].Name {
		case "metric":
			keys[i], err = toOne(metricType, func(g *figureGroup) *int64 { return g.row.MetricID }, false)(x, groups, &fields[i])
		case "subject":
			var refs []model.SubjectRef
			for _, g := range groups {
				if r, ok := groupSubject(g); ok {
					refs = append(refs, r)
				}
			}
			var w func(model.SubjectRef) error
			if w, err = subjects(x, refs, &fields[i]); err == nil {
				keys[i] = func(g *figureGroup) error {
					r, ok := groupSubject(g)
					if !ok {
						x.null()
						return nil
					}
					return w(r)
				}
			}
		case "__typename", "year", "status", "statusLabel", "rank", "category", "categoryLabel", "unit", "unitLabel",
			"count", "setAside", "sum", "min", "max":
		default:
			return nil, decline()
		}
		if err != nil {
			return nil, err
		}
	}
	return func(g *figureGroup) error {
		return x.writeObject(fields, func(i int) error {
			c := &fields[i]
			switch c.Name {
			case "__typename":
				x.str("ObservationGroup")
			case "metric", "subject":
				return keys[i](g)
			case "year":
				x.optInt(g.Year)
			case "status":
				optEnumValue(x, g.Status)
			case "statusLabel":
				return x.label(c, "ObservationStatus", (*string)(g.Status))
			case "rank":
				optEnumValue(x, g.Rank)
			case "category":
				x.optStr(g.Category)
			case "categoryLabel":
				return x.label(c, model.TermCategory, g.Category)
			case "unit":
				x.str(g.Unit)
			case "unitLabel":
				l, err := x.langOf(c)
				if err != nil {
					return err
				}
				x.str(model.LabelOf(model.TermUnit, g.Unit, *l))
			case "count":
				x.integer(int64(g.Count))
			case "setAside":
				x.integer(int64(g.SetAside))
			case "sum":
				return x.float(g.Sum)
			case "min":
				return x.float(g.Min)
			case "max":
				return x.float(g.Max)
			}
			return nil
		})
	}, nil
}

// groupSubject is the subject of a group grouped by subject.
func groupSubject(g *figureGroup) (model.SubjectRef, bool) {
	if g.row.SubjectType == nil || g.row.SubjectID == nil {
		return model.SubjectRef{}, false
	}
	return model.SubjectRef{Type: model.SubjectType(*g.row.SubjectType), ID: *g.row.SubjectID}, true
}

// aggregateArgs reads the arguments groupBy (keys of type G) and claims of an aggregate.
func aggregateArgs[G ~string](args map[string]any) ([]G, model.Claims, bool) {
	by, ok := enumsArg[G](args["groupBy"])
	if !ok {
		return nil, "", false
	}
	claims, ok := claimsArg(args)
	return by, claims, ok
}

// claimsArg is the argument claims of an aggregate or a time series (PREFERRED by default).
func claimsArg(args map[string]any) (model.Claims, bool) {
	if v, ok := args["claims"].(string); ok && v != "" {
		return model.Claims(v), true
	} else if args["claims"] != nil {
		return "", false
	}
	return model.ClaimsPreferred, true
}
