package compiled

import (
	"bytes"
	"context"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// rootFields are the root query fields the compiled path answers.
var rootFields map[string]func(x *exec, f *graphql.CollectedField) error

func init() {
	rootFields = map[string]func(x *exec, f *graphql.CollectedField) error{
		"territory":            lookup(territoryType, model.KindTerritory),
		"site":                 lookup(siteType, model.KindSite),
		"company":              lookup(companyType, model.KindCompany),
		"source":               lookup(sourceType, model.KindSource),
		"sites":                rootSites,
		"observations":         rootObservations,
		"timeSeries":           rootTimeSeries,
		"search":               rootSearch,
		"graph":                rootGraph,
		"subsidyAggregate":     rootSubsidyAggregate,
		"subsidies":            rootSubsidies,
		"observationAggregate": rootObservationAggregate,
		"dataset":              rootDataset,
		"corrections":          rootCorrections,
		"relationships":        rootRelationships,
		"breakdowns":           rootBreakdowns,
		"disagreements":        rootDisagreements,
		"sitesGeoJSON":         mapView(graph.SiteFilterOf, model.SitesGeoJSON),
		"territoriesGeoJSON":   mapView(graph.TerritoryFilterOf, model.TerritoriesGeoJSON),
	}
}

// lookup answers a root field that looks one record up by its slug or global ID (its
// only argument, "slug"). Not found: the general path answers (null, or NOT_FOUND with
// suggestions, or a record found by its official code).
func lookup[T any](o *object[T], k *model.Kind) func(x *exec, f *graphql.CollectedField) error {
	return func(x *exec, f *graphql.CollectedField) error {
		args := x.args(f)
		if len(args) != 1 {
			return decline()
		}
		slug, ok := lookupSlug(args["slug"], k)
		if !ok {
			return decline()
		}
		column := k.SlugColumn
		if column == "" {
			column = "slug"
		}
		r, err := bySlug(x, o, column, slug)
		if err != nil {
			return err
		}
		if r == nil {
			return decline()
		}
		w, err := o.prepare(x, []*T{r}, f.Selections)
		if err != nil {
			return err
		}
		return w(r)
	}
}

func rootSites(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	filter, err := filterArg(args, graph.SiteFilterOf)
	if err != nil {
		return err
	}
	order := model.OrderByName
	switch args["orderBy"] {
	case nil, string(gqlmodel.SiteOrderName):
	case string(gqlmodel.SiteOrderAreaDesc):
		order = model.OrderAreaDesc
	default:
		return decline()
	}
	return writePage(x, siteType, f, model.SiteRows(filter), order, args)
}

// mapView is a map view (sitesGeoJSON, territoriesGeoJSON): its filter of type F read
// by filterOf, the FeatureCollection built by the model's build, written as gqlgen
// writes the GeoJSON scalar (graphql.MarshalMap).
func mapView[F, M any](filterOf func(*F) (M, error),
	build func(context.Context, *gorm.DB, M, int) (map[string]any, error),
) func(x *exec, f *graphql.CollectedField) error {
	return func(x *exec, f *graphql.CollectedField) error {
		args, err := x.refArgs(f)
		if err != nil {
			return err
		}
		filter, err := filterArg(args, filterOf)
		if err != nil {
			return err
		}
		limit, err := mapLimitArg(args)
		if err != nil {
			return err
		}
		fc, err := build(x.ctx, loaders.For(x.ctx).DB(), filter, limit)
		if err != nil {
			return decline()
		}
		x.geoJSON(fc)
		return nil
	}
}

// mapLimitArg is a map view's argument first, as graph.MapLimit reads it.
func mapLimitArg(args map[string]any) (int, error) {
	first, ok := intArg(args["first"])
	if !ok {
		return 0, decline()
	}
	limit, err := graph.MapLimit(first)
	if err != nil {
		return 0, decline()
	}
	return limit, nil
}

// geoJSON writes a GeoJSON object as the scalar's marshaller does.
func (x *exec) geoJSON(v map[string]any) {
	var b bytes.Buffer
	graphql.MarshalMap(v).MarshalGQL(&b)
	x.b = append(x.b, b.Bytes()...)
}

func rootObservations(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	filter, err := x.observationFilter(args)
	if err != nil {
		return err
	}
	order := model.OrderByDate
	switch args["orderBy"] {
	case nil, string(gqlmodel.ObservationOrderDate):
	case string(gqlmodel.ObservationOrderDateDesc):
		order = model.OrderByDateDesc
	default:
		return decline()
	}
	return writePage(x, observationType, f, model.ObservationRows(filter), order, args)
}

// territorySites is Territory.sites: a page of the sites of each territory, by name.
func territorySites(x *exec, parents []*model.Territory, f *graphql.CollectedField) (func(*model.Territory) error, error) {
	pages, all, err := nestedPages(x, siteType, parents, func(t *model.Territory) int64 { return t.ID }, "territory_id", model.OrderByName, f)
	if err != nil {
		return nil, err
	}
	w, err := connection(x, siteType, f, all)
	if err != nil {
		return nil, err
	}
	return func(t *model.Territory) error { return w(pages[t.ID]) }, nil
}

// territoryAncestors is Territory.ancestors: the territories above each one in its
// path, nearest first (model.Territory.AncestorSlugs), read in one statement.
func territoryAncestors(x *exec, parents []*model.Territory, f *graphql.CollectedField) (func(*model.Territory) error, error) {
	var slugs []string
	seen := map[string]bool{}
	for _, t := range parents {
		for _, s := range t.AncestorSlugs() {
			if !seen[s] {
				seen[s] = true
				slugs = append(slugs, s)
			}
		}
	}
	bySlug := make(map[string]*model.Territory, len(slugs))
	var all []*model.Territory
	if len(slugs) > 0 {
		rows, err := read(x, territoryType, "SELECT "+territoryType.selectList+" FROM territories WHERE territories.slug = ANY($1)",
			[]any{slugs}, nil, nil)
		if err != nil {
			return nil, err
		}
		cache := readByID(x, territoryType)
		for _, t := range rows {
			bySlug[t.Slug] = t
			if _, ok := cache[t.ID]; !ok {
				cache[t.ID] = t
			}
		}
		all = rows
	}
	w, err := territoryType.prepare(x, all, f.Selections)
	if err != nil {
		return nil, err
	}
	return func(t *model.Territory) error {
		var ancestors []*model.Territory
		for _, s := range t.AncestorSlugs() {
			if a := bySlug[s]; a != nil {
				ancestors = append(ancestors, a)
			}
		}
		return list(x, ancestors, w)
	}, nil
}

// relationRows are the rows of a one-to-many relation list: all of a parent's, up to
// the bound of relation lists.
func relationRows(*exec, *graphql.CollectedField) (model.Cond, int, error) {
	return model.Cond{SQL: "1 = 1"}, model.MaxRelationRows, nil
}

// subjectObservations are the observations of subjects of one type (the field
// `observations(metric, status, first)` of territories, sites and companies), oldest
// first, as model.ObservationsOfSubjects reads them.
func subjectObservations(typ model.SubjectType) func(x *exec, f *graphql.CollectedField) (model.Cond, int, error) {
	return func(x *exec, f *graphql.CollectedField) (model.Cond, int, error) {
		args, err := x.refArgs(f)
		if err != nil {
			return model.Cond{}, 0, err
		}
		first, ok := intArg(args["first"])
		if !ok {
			return model.Cond{}, 0, decline()
		}
		limit := model.MaxPageSize
		if first != nil {
			if *first < 1 || *first > model.MaxPageSize {
				return model.Cond{}, 0, decline()
			}
			limit = *first
		}
		conds := model.Conds{{SQL: "observations.subject_type = ?", Args: []any{typ}}}
		if m, ok := stringArg(args["metric"]); !ok {
			return model.Cond{}, 0, decline()
		} else if m != nil {
			conds = append(conds, model.Cond{SQL: "observations.metric_id = (SELECT id FROM metrics WHERE code = ?)", Args: []any{*m}})
		}
		statuses, ok := enumsArg[string](args["status"])
		if !ok {
			return model.Cond{}, 0, decline()
		}
		if len(statuses) > 0 {
			conds = append(conds, model.Cond{SQL: "observations.status IN ?", Args: []any{statuses}})
		}
		return conds.Joined(), limit, nil
	}
}

// rootTimeSeries is timeSeries(subject, metric, ...): the points read with the model's
// filter and order, the series built by graph.NewTimeSeries.
func rootTimeSeries(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	subjectID, ok := args["subject"].(string)
	if !ok {
		return decline()
	}
	metricCode, ok := args["metric"].(string)
	if !ok {
		return decline()
	}
	// The subject and the metric in one statement.
	var found any
	subject, ref, write, err := subjectByGlobalID(x, subjectID, alongside{target: metricType, column: "code", value: metricCode, found: &found})
	if err != nil {
		return err
	}
	metric, ok := found.(*model.Metric)
	if !ok {
		return decline()
	}
	var asOf *model.Date
	if v, ok := stringArg(args["asOf"]); !ok {
		return decline()
	} else if v != nil {
		d := model.Date(*v)
		asOf = &d
	}
	includeBreakdowns, ok1 := boolArg(args["includeBreakdowns"])
	includeDeprecated, ok2 := boolArg(args["includeDeprecated"])
	claims, ok3 := claimsArg(args)
	if !ok1 || !ok2 || !ok3 {
		return decline()
	}
	rows := model.ObservationRows(graph.SeriesFilter(ref, metricCode, asOf, includeBreakdowns, includeDeprecated))
	where := rows.Where.Joined()
	sql, sqlArgs := model.Numbered(model.Cond{
		SQL:  "SELECT " + observationType.selectList + " FROM observations WHERE " + where.ForPostgres() + " ORDER BY " + model.SeriesOrder + " LIMIT " + itoa(model.MaxSeriesPoints),
		Args: where.Args,
	}, 1)
	points, err := read(x, observationType, sql, sqlArgs, nil, nil)
	if err != nil {
		return err
	}
	ts := graph.NewTimeSeries(subject, metric, asOf, claims, points)

	fields := x.fields(f.Selections, []string{"TimeSeries"})
	writers := make([]func() error, len(fields))
	for i := range fields {
		c := &fields[i]
		observations := func(rows []*model.Observation) error {
			w, err := observationType.prepare(x, rows, c.Selections)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, rows, w) }
			return nil
		}
		latest := func(o *model.Observation) error {
			if o == nil {
				writers[i] = func() error { x.null(); return nil }
				return nil
			}
			w, err := observationType.prepare(x, []*model.Observation{o}, c.Selections)
			if err != nil {
				return err
			}
			writers[i] = func() error { return w(o) }
			return nil
		}
		var err error
		switch c.Name {
		case "__typename":
			writers[i] = func() error { x.str("TimeSeries"); return nil }
		case "subject":
			writers[i], err = write(c)
		case "metric":
			var w func(*model.Metric) error
			w, err = metricType.prepare(x, []*model.Metric{metric}, c.Selections)
			writers[i] = func() error { return w(metric) }
		case "asOf":
			writers[i] = func() error {
				if ts.AsOf == nil {
					x.null()
				} else {
					x.date(string(*ts.AsOf))
				}
				return nil
			}
		case "claims":
			writers[i] = func() error { x.str(string(ts.Claims)); return nil }
		case "setAside":
			writers[i] = func() error { x.integer(int64(ts.SetAside)); return nil }
		case "points":
			err = observations(ts.Points)
		case "actual":
			err = observations(ts.Actual)
		case "target":
			err = observations(ts.Target)
		case "other":
			err = observations(ts.Other)
		case "latestActual":
			err = latest(ts.LatestActual)
		case "latestTarget":
			err = latest(ts.LatestTarget)
		default:
			return decline()
		}
		if err != nil {
			return err
		}
	}
	return x.writeObject(fields, func(i int) error { return writers[i]() })
}

// subjectByGlobalID looks a territory, site or company up by its global ID (the
// arguments subject and from), and the records along in the same statement (bySlug);
// anything else is left to the general path.
func subjectByGlobalID(x *exec, id string, along ...alongside) (gqlmodel.Subject, model.SubjectRef, func(*graphql.CollectedField) (func() error, error), error) {
	typ, slug, ok := model.ParseGlobalID(id)
	if !ok {
		return nil, model.SubjectRef{}, nil, decline()
	}
	switch typ {
	case model.KindTerritory.Type:
		return subjectOf(x, territoryType, model.SubjectTerritory, slug, along...)
	case model.KindSite.Type:
		return subjectOf(x, siteType, model.SubjectSite, slug, along...)
	case model.KindCompany.Type:
		return subjectOf(x, companyType, model.SubjectCompany, slug, along...)
	}
	return nil, model.SubjectRef{}, nil, decline()
}

// subjectOf looks a subject up by slug (and the records along, bySlug) and returns
// it, its reference and the writer of a field selecting it.
func subjectOf[T any](x *exec, o *object[T], typ model.SubjectType, slug string, along ...alongside) (gqlmodel.Subject, model.SubjectRef, func(*graphql.CollectedField) (func() error, error), error) {
	r, err := bySlug(x, o, "slug", slug, along...)
	if err != nil {
		return nil, model.SubjectRef{}, nil, err
	}
	if r == nil {
		return nil, model.SubjectRef{}, nil, decline()
	}
	subject, ok := any(r).(gqlmodel.Subject)
	if !ok {
		return nil, model.SubjectRef{}, nil, decline()
	}
	write := func(f *graphql.CollectedField) (func() error, error) {
		w, err := o.prepare(x, []*T{r}, f.Selections)
		if err != nil {
			return nil, err
		}
		return func() error { return w(r) }, nil
	}
	return subject, model.SubjectRef{Type: typ, ID: o.id(r)}, write, nil
}

// boolArg reads a Boolean argument (nil when absent).
func boolArg(v any) (*bool, bool) {
	switch b := v.(type) {
	case nil:
		return nil, true
	case bool:
		return &b, true
	}
	return nil, false
}
