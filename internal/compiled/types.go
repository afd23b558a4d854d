package compiled

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/model"
)

// The object types the compiled path knows, each with the fields it writes. A field
// missing here sends the whole operation to the general path.
var (
	territoryType = (&object[model.Territory]{
		name: "Territory", satisfies: []string{"Node", "Subject"}, table: "territories",
		columns: []string{"id", "slug", "name", "name_key", "kind", "code", "parent_id", "path", "population", "postal_codes",
			"latitude", "longitude", "location_precision", "description_fr", "description_en"},
		scan: func(t *model.Territory) []any {
			return []any{&t.ID, &t.Slug, &t.Name, &t.NameKey, enumCol(&t.Kind), optTextCol(&t.Code), optIntCol(&t.ParentID), &t.Path, optIntCol(&t.Population), optTextCol(&t.PostalCodes),
				optFloatCol(&t.Latitude), optFloatCol(&t.Longitude), optTextCol(&t.LocationPrecision), &t.Description.FR, &t.Description.EN}
		},
		id: func(t *model.Territory) int64 { return t.ID },
		scalars: map[string]scalar[model.Territory]{
			"id":          text((*model.Territory).GlobalID),
			"slug":        text(func(t *model.Territory) string { return t.Slug }),
			"name":        text(func(t *model.Territory) string { return t.Name }),
			"kind":        enum(func(t *model.Territory) model.TerritoryKind { return t.Kind }),
			"kindLabel":   localized((*model.Territory).KindLabel),
			"code":        optText(func(t *model.Territory) *string { return t.Code }),
			"population":  optInteger(func(t *model.Territory) *int64 { return t.Population }),
			"postalCodes": stringList((*model.Territory).PostalCodeList),
			"location":    geoPoint((*model.Territory).Location),
			"description": optLocalized((*model.Territory).DescriptionIn),
		},
	}).init()

	siteType = (&object[model.Site]{
		name: "Site", satisfies: []string{"Node", "Subject"}, table: "sites",
		columns: []string{"id", "slug", "name", "name_key", "territory_id", "address", "latitude", "longitude", "location_precision",
			"area_m2", "area_citation_id", "operator_id", "status", "opened_on", "opened_precision", "description_fr", "description_en"},
		scan: func(s *model.Site) []any {
			return []any{&s.ID, &s.Slug, &s.Name, &s.NameKey, &s.TerritoryID, optTextCol(&s.Address), optFloatCol(&s.Latitude), optFloatCol(&s.Longitude), optTextCol(&s.LocationPrecision),
				optFloatCol(&s.AreaM2), optIntCol(&s.AreaCitationID), optIntCol(&s.OperatorID), enumCol(&s.Status), optTextCol(&s.OpenedOn), optTextCol(&s.OpenedPrecision), &s.Description.FR, &s.Description.EN}
		},
		id: func(s *model.Site) int64 { return s.ID },
		scalars: map[string]scalar[model.Site]{
			"id":               text((*model.Site).GlobalID),
			"slug":             text(func(s *model.Site) string { return s.Slug }),
			"name":             text(func(s *model.Site) string { return s.Name }),
			"address":          optText(func(s *model.Site) *string { return s.Address }),
			"location":         geoPoint((*model.Site).Location),
			"areaSquareMetres": optNumber(func(s *model.Site) *float64 { return s.AreaM2 }),
			"status":           enum(func(s *model.Site) model.SiteStatus { return s.Status }),
			"statusLabel":      localized((*model.Site).StatusLabel),
			"openedOn":         optDate((*model.Site).OpenedOnDate),
			"openedPrecision":  optEnum(func(s *model.Site) *model.Precision { return s.OpenedPrecision }),
			"description":      optLocalized((*model.Site).DescriptionIn),
		},
	}).init()

	companyType = (&object[model.Company]{
		name: "Company", satisfies: []string{"Node", "Subject"}, table: "companies",
		columns: []string{"id", "slug", "name", "name_key", "kind", "siren", "activity_fr", "activity_en", "group_name",
			"description_fr", "description_en", "territory_id", "website"},
		scan: func(c *model.Company) []any {
			return []any{&c.ID, &c.Slug, &c.Name, &c.NameKey, enumCol(&c.Kind), optTextCol(&c.Siren), &c.Activity.FR, &c.Activity.EN, optTextCol(&c.GroupName),
				&c.Description.FR, &c.Description.EN, optIntCol(&c.TerritoryID), optTextCol(&c.Website)}
		},
		id: func(c *model.Company) int64 { return c.ID },
		scalars: map[string]scalar[model.Company]{
			"id":          text((*model.Company).GlobalID),
			"slug":        text(func(c *model.Company) string { return c.Slug }),
			"name":        text(func(c *model.Company) string { return c.Name }),
			"kind":        enum(func(c *model.Company) model.CompanyKind { return c.Kind }),
			"kindLabel":   localized((*model.Company).KindLabel),
			"siren":       optText(func(c *model.Company) *string { return c.Siren }),
			"activity":    optLocalized((*model.Company).ActivityIn),
			"groupName":   optText(func(c *model.Company) *string { return c.GroupName }),
			"description": optLocalized((*model.Company).DescriptionIn),
			"website":     optText(func(c *model.Company) *string { return c.Website }),
		},
	}).init()

	occupancyType = (&object[model.Occupancy]{
		name: "Occupancy", satisfies: []string{"Node"}, table: "occupancies",
		columns: []string{"id", "slug", "site_id", "company_id", "since", "since_precision", "until", "until_precision",
			"floor_area_m2", "activity_fr", "activity_en", "citation_id", "status"},
		scan: func(o *model.Occupancy) []any {
			return []any{&o.ID, &o.Slug, &o.SiteID, &o.CompanyID, optTextCol(&o.Since), optTextCol(&o.SincePrecision), optTextCol(&o.Until), optTextCol(&o.UntilPrecision),
				optFloatCol(&o.FloorAreaM2), &o.Activity.FR, &o.Activity.EN, &o.CitationID, enumCol(&o.Status)}
		},
		id: func(o *model.Occupancy) int64 { return o.ID },
		scalars: map[string]scalar[model.Occupancy]{
			"id":                    text((*model.Occupancy).GlobalID),
			"slug":                  text(func(o *model.Occupancy) string { return o.Slug }),
			"status":                enum(func(o *model.Occupancy) model.OccupancyStatus { return o.Status }),
			"statusLabel":           localized((*model.Occupancy).StatusLabel),
			"since":                 optDate((*model.Occupancy).SinceDate),
			"sincePrecision":        optEnum(func(o *model.Occupancy) *model.Precision { return o.SincePrecision }),
			"until":                 optDate((*model.Occupancy).UntilDate),
			"untilPrecision":        optEnum(func(o *model.Occupancy) *model.Precision { return o.UntilPrecision }),
			"floorAreaSquareMetres": optNumber(func(o *model.Occupancy) *float64 { return o.FloorAreaM2 }),
			"activity":              optLocalized((*model.Occupancy).ActivityIn),
		},
	}).init()

	observationType = (&object[model.Observation]{
		name: "Observation", satisfies: []string{"Node"}, table: "observations",
		columns: []string{"id", "slug", "subject_type", "subject_id", "metric_id", "value", "value_max", "approximation", "unit",
			"date", "precision", "period_start", "status", "rank", "rank_reason_fr", "rank_reason_en", "claim", "dimension", "category",
			"note_fr", "note_en", "citation_id", "event_id", "retracted_at", "retraction_reason"},
		scan: func(o *model.Observation) []any {
			return []any{&o.ID, &o.Slug, enumCol(&o.SubjectType), &o.SubjectID, &o.MetricID, &o.Value, optFloatCol(&o.ValueMax), enumCol(&o.Approximation), &o.Unit,
				&o.Date, enumCol(&o.Precision), optTextCol(&o.PeriodStart), enumCol(&o.Status), enumCol(&o.Rank), &o.RankReason.FR, &o.RankReason.EN, optTextCol(&o.Claim), optTextCol(&o.Dimension), optTextCol(&o.Category),
				&o.Note.FR, &o.Note.EN, &o.CitationID, optIntCol(&o.EventID), optTextCol(&o.RetractedAt), optTextCol(&o.RetractionReason)}
		},
		id: func(o *model.Observation) int64 { return o.ID },
		scalars: map[string]scalar[model.Observation]{
			"id":             text((*model.Observation).GlobalID),
			"slug":           text(func(o *model.Observation) string { return o.Slug }),
			"value":          number(func(o *model.Observation) float64 { return o.Value }),
			"valueMax":       optNumber(func(o *model.Observation) *float64 { return o.ValueMax }),
			"approximation":  enum(func(o *model.Observation) model.Approximation { return o.Approximation }),
			"unit":           text(func(o *model.Observation) string { return o.Unit }),
			"unitLabel":      localized((*model.Observation).UnitLabel),
			"date":           date((*model.Observation).PartialDate),
			"precision":      enum(func(o *model.Observation) model.Precision { return o.Precision }),
			"periodStart":    optDate((*model.Observation).PeriodStartDate),
			"status":         enum(func(o *model.Observation) model.ObservationStatus { return o.Status }),
			"statusLabel":    localized((*model.Observation).StatusLabel),
			"rank":           enum(func(o *model.Observation) model.Rank { return o.Rank }),
			"rankLabel":      localized((*model.Observation).RankLabel),
			"rankReason":     optLocalized((*model.Observation).RankReasonIn),
			"claim":          optText(func(o *model.Observation) *string { return o.Claim }),
			"dimension":      optText(func(o *model.Observation) *string { return o.Dimension }),
			"dimensionLabel": optLocalized((*model.Observation).DimensionLabel),
			"category":       optText(func(o *model.Observation) *string { return o.Category }),
			"categoryLabel":  optLocalized((*model.Observation).CategoryLabel),
			"note":           optLocalized((*model.Observation).NoteIn),
		},
	}).init()

	citationType = (&object[model.Citation]{
		name: "Citation", table: "citations",
		columns: []string{"id", "source_id", "quote", "locator", "published_on", "published_precision"},
		scan: func(c *model.Citation) []any {
			return []any{&c.ID, &c.SourceID, &c.Quote, &c.Locator, optTextCol(&c.PublishedOn), optTextCol(&c.PublishedPrecision)}
		},
		id: func(c *model.Citation) int64 { return c.ID },
		scalars: map[string]scalar[model.Citation]{
			"quote":              text(func(c *model.Citation) string { return c.Quote }),
			"quoteDisplay":       text((*model.Citation).QuoteDisplay),
			"locator":            text(func(c *model.Citation) string { return c.Locator }),
			"publishedOn":        optDate((*model.Citation).PublishedOnDate),
			"publishedPrecision": optEnum(func(c *model.Citation) *model.Precision { return c.PublishedPrecision }),
		},
	}).init()

	sourceType = (&object[model.Source]{
		name: "Source", satisfies: []string{"Node"}, table: "sources",
		columns: []string{"id", "slug", "title", "publisher", "publisher_inferred", "kind", "published_on", "published_precision",
			"language", "url", "licence", "description_fr", "description_en"},
		scan: func(s *model.Source) []any {
			return []any{&s.ID, &s.Slug, &s.Title, &s.Publisher, &s.PublisherInferred, enumCol(&s.Kind), optTextCol(&s.PublishedOn), enumCol(&s.PublishedPrecision),
				&s.Language, optTextCol(&s.URL), optTextCol(&s.Licence), &s.Description.FR, &s.Description.EN}
		},
		id: func(s *model.Source) int64 { return s.ID },
		scalars: map[string]scalar[model.Source]{
			"id":                 text((*model.Source).GlobalID),
			"slug":               text(func(s *model.Source) string { return s.Slug }),
			"title":              text(func(s *model.Source) string { return s.Title }),
			"publisher":          text(func(s *model.Source) string { return s.Publisher }),
			"publisherInferred":  boolean(func(s *model.Source) bool { return s.PublisherInferred }),
			"kind":               enum(func(s *model.Source) model.SourceKind { return s.Kind }),
			"kindLabel":          localized((*model.Source).KindLabel),
			"publishedOn":        optDate((*model.Source).PublishedOnDate),
			"publishedPrecision": enum(func(s *model.Source) model.Precision { return s.PublishedPrecision }),
			"language":           text(func(s *model.Source) string { return s.Language }),
			"url":                optText(func(s *model.Source) *string { return s.URL }),
			"licence":            optText(func(s *model.Source) *string { return s.Licence }),
			"description":        optLocalized((*model.Source).DescriptionIn),
		},
	}).init()

	metricType = (&object[model.Metric]{
		name: "Metric", satisfies: []string{"Node"}, table: "metrics",
		columns: []string{"id", "code", "label_fr", "label_en", "unit", "definition_fr", "definition_en"},
		scan: func(m *model.Metric) []any {
			return []any{&m.ID, &m.Code, &m.Label.FR, &m.Label.EN, &m.Unit, &m.Definition.FR, &m.Definition.EN}
		},
		id: func(m *model.Metric) int64 { return m.ID },
		scalars: map[string]scalar[model.Metric]{
			"id":         text((*model.Metric).GlobalID),
			"code":       text(func(m *model.Metric) string { return m.Code }),
			"label":      localized((*model.Metric).LabelIn),
			"unit":       text(func(m *model.Metric) string { return m.Unit }),
			"unitLabel":  localized((*model.Metric).UnitLabel),
			"definition": localized((*model.Metric).DefinitionIn),
		},
	}).init()
)

// The relations, declared once every type exists (they refer to each other).
func init() {
	territoryType.links = map[string]link[model.Territory]{
		"parent":    toOne(territoryType, func(t *model.Territory) *int64 { return t.ParentID }, true),
		"sites":     territorySites,
		"ancestors": territoryAncestors,
		"events":    subjectRelation(model.SubjectTerritory, func(t *model.Territory) int64 { return t.ID }, eventType, eventsBySubject),
		"observations": toMany(observationType, func(t *model.Territory) int64 { return t.ID }, "subject_id", model.OrderByDate.SQL(),
			subjectObservations(model.SubjectTerritory)),
	}
	siteType.links = map[string]link[model.Site]{
		"territory":    toOne(territoryType, func(s *model.Site) *int64 { return ref(s.TerritoryID) }, false),
		"operator":     toOne(companyType, func(s *model.Site) *int64 { return s.OperatorID }, true),
		"areaCitation": toOne(citationType, func(s *model.Site) *int64 { return s.AreaCitationID }, true),
		"occupancies": toMany(occupancyType, func(s *model.Site) int64 { return s.ID }, "site_id", model.OccupancyOrder,
			relationRows),
		"observations": toMany(observationType, func(s *model.Site) int64 { return s.ID }, "subject_id", model.OrderByDate.SQL(),
			subjectObservations(model.SubjectSite)),
		"relationships": subjectRelation(model.SubjectSite, func(s *model.Site) int64 { return s.ID }, relationshipType, relationshipsBySubject),
		"events":        subjectRelation(model.SubjectSite, func(s *model.Site) int64 { return s.ID }, eventType, eventsBySubject),
		"statusHistory": toMany(statusPeriodType, func(s *model.Site) int64 { return s.ID }, "site_id", "since, id", relationRows),
	}
	companyType.links = map[string]link[model.Company]{
		"territory": toOne(territoryType, func(c *model.Company) *int64 { return c.TerritoryID }, true),
		"occupancies": toMany(occupancyType, func(c *model.Company) int64 { return c.ID }, "company_id", model.OccupancyOrder,
			relationRows),
		"observations": toMany(observationType, func(c *model.Company) int64 { return c.ID }, "subject_id", model.OrderByDate.SQL(),
			subjectObservations(model.SubjectCompany)),
		"relationships": subjectRelation(model.SubjectCompany, func(c *model.Company) int64 { return c.ID }, relationshipType, relationshipsBySubject),
		"events":        subjectRelation(model.SubjectCompany, func(c *model.Company) int64 { return c.ID }, eventType, eventsBySubject),
	}
	occupancyType.links = map[string]link[model.Occupancy]{
		"site":     toOne(siteType, func(o *model.Occupancy) *int64 { return ref(o.SiteID) }, false),
		"company":  toOne(companyType, func(o *model.Occupancy) *int64 { return ref(o.CompanyID) }, false),
		"citation": toOne(citationType, func(o *model.Occupancy) *int64 { return ref(o.CitationID) }, false),
	}
	observationType.links = map[string]link[model.Observation]{
		"metric": toOne(metricType, func(o *model.Observation) *int64 { return ref(o.MetricID) }, false),
		"subject": subjectLink(func(o *model.Observation) model.SubjectRef {
			return model.SubjectRef{Type: o.SubjectType, ID: o.SubjectID}
		}),
		"citation": toOne(citationType, func(o *model.Observation) *int64 { return ref(o.CitationID) }, false),
		"conflictsWith": conflictsWith(observationType, func(o *model.Observation) *string { return o.Claim }, observationsByClaim,
			(*model.Observation).ConflictsAmong),
	}
	statusPeriodType.links = map[string]link[model.SiteStatusPeriod]{
		"citation": toOne(citationType, func(p *model.SiteStatusPeriod) *int64 { return ref(p.CitationID) }, false),
	}
	citationType.links = map[string]link[model.Citation]{
		"source":     toOne(sourceType, func(c *model.Citation) *int64 { return ref(c.SourceID) }, false),
		"knownSince": citationKnownSince,
	}
	// A citation's source is read with the citation (most citations are asked for
	// with their source).
	citationType.joins = []join{{field: "source", column: "source_id", target: sourceType}}
}

// citationKnownSince is Citation.knownSince: the day the passage became public, its own
// date or else its source's (model.KnownSince); the sources of the citations without a
// date of their own are read once.
func citationKnownSince(x *exec, parents []*model.Citation, _ *graphql.CollectedField) (func(*model.Citation) error, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range parents {
		if on, _ := model.KnownSince(c, nil); on == "" && !seen[c.SourceID] {
			seen[c.SourceID] = true
			ids = append(ids, c.SourceID)
		}
	}
	sources, err := byID(x, sourceType, ids)
	if err != nil {
		return nil, err
	}
	return func(c *model.Citation) error {
		on, p := model.KnownSince(c, nil)
		if on == "" {
			if src := sources[c.SourceID]; src != nil {
				on, p = model.KnownSince(c, src)
			}
		}
		if on == "" {
			x.null()
			return nil
		}
		x.optDate(model.DateOf(&on, &p))
		return nil
	}, nil
}

// subjectLink is a field of type Subject (Observation.subject, Relationship.from and
// to): the territory, site, company or programme a record points at (ref reads it),
// each kind read by id once, written with its own type's fields.
func subjectLink[P any](ref func(*P) model.SubjectRef) link[P] {
	return func(x *exec, parents []*P, f *graphql.CollectedField) (func(*P) error, error) {
		refs := make([]model.SubjectRef, len(parents))
		for i, p := range parents {
			refs[i] = ref(p)
		}
		w, err := subjects(x, refs, f)
		if err != nil {
			return nil, err
		}
		return func(p *P) error { return w(ref(p)) }, nil
	}
}

// subjects reads the subjects refs points at, one statement per kind, and returns the
// writer of one of them.
func subjects(x *exec, refs []model.SubjectRef, f *graphql.CollectedField) (func(model.SubjectRef) error, error) {
	byType := map[model.SubjectType][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	writers := map[model.SubjectType]func(id int64) error{}
	for typ, ids := range byType {
		var (
			w   func(int64) error
			err error
		)
		switch typ {
		case model.SubjectTerritory:
			w, err = subjectWriter(x, territoryType, ids, f)
		case model.SubjectSite:
			w, err = subjectWriter(x, siteType, ids, f)
		case model.SubjectCompany:
			w, err = subjectWriter(x, companyType, ids, f)
		case model.SubjectProgramme:
			w, err = subjectWriter(x, programmeType, ids, f)
		default:
			return nil, decline()
		}
		if err != nil {
			return nil, err
		}
		writers[typ] = w
	}
	return func(r model.SubjectRef) error { return writers[r.Type](r.ID) }, nil
}

// subjectWriter reads records of one kind of subject by id and returns the writer of
// one of them (a missing one is a null in a non-null field: the general path reports it).
func subjectWriter[T any](x *exec, o *object[T], ids []int64, f *graphql.CollectedField) (func(int64) error, error) {
	found, err := byID(x, o, distinctIDs(ptrsOf(ids), func(id *int64) int64 { return *id }))
	if err != nil {
		return nil, err
	}
	rows := make([]*T, 0, len(found))
	for _, r := range found {
		rows = append(rows, r)
	}
	w, err := o.prepare(x, rows, f.Selections)
	if err != nil {
		return nil, err
	}
	return func(id int64) error {
		r := found[id]
		if r == nil {
			return decline()
		}
		return w(r)
	}, nil
}

func ptrsOf(ids []int64) []*int64 {
	out := make([]*int64, len(ids))
	for i := range ids {
		out[i] = &ids[i]
	}
	return out
}

// statusPeriodType is SiteStatusPeriod: a period of a site's history.
var statusPeriodType = (&object[model.SiteStatusPeriod]{
	name: "SiteStatusPeriod", table: "site_status_periods",
	columns: []string{"id", "site_id", "status", "since", "since_precision", "until", "until_precision", "citation_id"},
	scan: func(p *model.SiteStatusPeriod) []any {
		return []any{&p.ID, &p.SiteID, enumCol(&p.Status), &p.Since, enumCol(&p.SincePrecision), optTextCol(&p.Until), optTextCol(&p.UntilPrecision), &p.CitationID}
	},
	id: func(p *model.SiteStatusPeriod) int64 { return p.ID },
	scalars: map[string]scalar[model.SiteStatusPeriod]{
		"status":         enum(func(p *model.SiteStatusPeriod) model.SiteStatus { return p.Status }),
		"statusLabel":    localized((*model.SiteStatusPeriod).StatusLabel),
		"since":          date((*model.SiteStatusPeriod).SinceDate),
		"sincePrecision": enum(func(p *model.SiteStatusPeriod) model.Precision { return p.SincePrecision }),
		"until":          optDate((*model.SiteStatusPeriod).UntilDate),
		"untilPrecision": optEnum(func(p *model.SiteStatusPeriod) *model.Precision { return p.UntilPrecision }),
	},
}).init()
