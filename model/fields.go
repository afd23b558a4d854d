package model

import "strings"

// The fields the API computes from a record alone: plain methods without a context,
// bound in gqlgen.yml (fieldName), so that the executor calls them inline instead of
// starting a goroutine per field and per row as it does for resolvers. Relations go
// through the loaders and stay resolvers (package graph).

// GeoPoint is a point on the map (WGS 84) with how precise it is.
type GeoPoint struct {
	Latitude  float64
	Longitude float64
	Precision LocationPrecision
}

// geoPoint returns the point of a record, nil without coordinates; a point of unknown
// precision is APPROXIMATE.
func geoPoint(lat, lon *float64, p *LocationPrecision) *GeoPoint {
	if lat == nil || lon == nil {
		return nil
	}
	prec := LocationApproximate
	if p != nil {
		prec = *p
	}
	return &GeoPoint{Latitude: *lat, Longitude: *lon, Precision: prec}
}

// dateAt formats a date that is always present at its precision.
func dateAt(stored string, p Precision) Date { return Date(FormatPartialDate(stored, p)) }

// GlobalID is the source's global ID.
func (s *Source) GlobalID() string { return GlobalID(TypeSource, s.Slug) }

// PublishedOnDate is the publication date at its precision.
func (s *Source) PublishedOnDate() *Date { return DateOf(s.PublishedOn, &s.PublishedPrecision) }

// GlobalID is the territory's global ID.
func (t *Territory) GlobalID() string { return GlobalID(TypeTerritory, t.Slug) }

// AncestorSlugs are the slugs of the territories above t in its path, the nearest
// first (Territory.ancestors).
func (t *Territory) AncestorSlugs() []string {
	slugs := strings.Split(strings.Trim(t.Path, "/"), "/")
	out := make([]string, 0, len(slugs))
	for i := len(slugs) - 1; i >= 0; i-- {
		if slugs[i] != "" && slugs[i] != t.Slug {
			out = append(out, slugs[i])
		}
	}
	return out
}

// PostalCodeList splits the stored comma-separated postal codes (empty, never nil).
func (t *Territory) PostalCodeList() []string {
	if t.PostalCodes == nil || *t.PostalCodes == "" {
		return []string{}
	}
	parts := strings.Split(*t.PostalCodes, ",")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Location is the territory's point (a commune's centre), nil when unknown.
func (t *Territory) Location() *GeoPoint {
	return geoPoint(t.Latitude, t.Longitude, t.LocationPrecision)
}

// SinceDate is the start of the membership at its precision.
func (m *TerritoryMembership) SinceDate() *Date { return DateOf(m.Since, m.SincePrecision) }

// UntilDate is the end of the membership at its precision.
func (m *TerritoryMembership) UntilDate() *Date { return DateOf(m.Until, m.UntilPrecision) }

// GlobalID is the company's global ID.
func (c *Company) GlobalID() string { return GlobalID(TypeCompany, c.Slug) }

// GlobalID is the site's global ID.
func (s *Site) GlobalID() string { return GlobalID(TypeSite, s.Slug) }

// Location is the site's point, nil when unknown.
func (s *Site) Location() *GeoPoint { return geoPoint(s.Latitude, s.Longitude, s.LocationPrecision) }

// OpenedOnDate is the opening date at its precision.
func (s *Site) OpenedOnDate() *Date { return DateOf(s.OpenedOn, s.OpenedPrecision) }

// SinceDate is the start of the period at its precision.
func (p *SiteStatusPeriod) SinceDate() Date { return dateAt(p.Since, p.SincePrecision) }

// UntilDate is the end of the period at its precision, nil while it lasts.
func (p *SiteStatusPeriod) UntilDate() *Date { return DateOf(p.Until, p.UntilPrecision) }

// GlobalID is the occupancy's global ID.
func (o *Occupancy) GlobalID() string { return GlobalID(TypeOccupancy, o.Slug) }

// SinceDate is the start of the occupancy at its precision.
func (o *Occupancy) SinceDate() *Date { return DateOf(o.Since, o.SincePrecision) }

// UntilDate is the end of the occupancy at its precision.
func (o *Occupancy) UntilDate() *Date { return DateOf(o.Until, o.UntilPrecision) }

// GlobalID is the programme's global ID.
func (p *Programme) GlobalID() string { return GlobalID(TypeProgramme, p.Slug) }

// PeriodStartDate is the start of the programme at its precision.
func (p *Programme) PeriodStartDate() *Date { return DateOf(p.PeriodStart, p.PeriodStartPrecision) }

// PeriodEndDate is the end of the programme at its precision.
func (p *Programme) PeriodEndDate() *Date { return DateOf(p.PeriodEnd, p.PeriodEndPrecision) }

// GlobalID is the subsidy's global ID.
func (s *Subsidy) GlobalID() string { return GlobalID(TypeSubsidy, s.Slug) }

// PeriodStartDate is the start of the subsidy's period at its precision.
func (s *Subsidy) PeriodStartDate() *Date { return DateOf(s.PeriodStart, &s.Precision) }

// PeriodEndDate is the end of the subsidy's period at its precision.
func (s *Subsidy) PeriodEndDate() *Date { return DateOf(s.PeriodEnd, &s.Precision) }

// GlobalID is the observation's global ID.
func (o *Observation) GlobalID() string { return GlobalID(TypeObservation, o.Slug) }

// PartialDate is the observation's date at its precision.
func (o *Observation) PartialDate() Date { return dateAt(o.Date, o.Precision) }

// PeriodStartDate is the start of the period the figure covers, at its precision.
func (o *Observation) PeriodStartDate() *Date { return DateOf(o.PeriodStart, &o.Precision) }

// Retracted says whether the observatory withdrew the claim.
func (o *Observation) Retracted() bool { return o.RetractedAt != nil }

// GlobalID is the event's global ID.
func (e *Event) GlobalID() string { return GlobalID(TypeEvent, e.Slug) }

// PartialDate is the event's date at its precision.
func (e *Event) PartialDate() Date { return dateAt(e.Date, e.Precision) }

// GlobalID is the relationship's global ID.
func (r *Relationship) GlobalID() string { return GlobalID(TypeRelationship, r.Slug) }

// SinceDate is the start of the relationship at its precision.
func (r *Relationship) SinceDate() *Date { return DateOf(r.Since, r.SincePrecision) }

// UntilDate is the end of the relationship at its precision.
func (r *Relationship) UntilDate() *Date { return DateOf(r.Until, r.UntilPrecision) }

// Retracted says whether the observatory withdrew the claim.
func (r *Relationship) Retracted() bool { return r.RetractedAt != nil }

// GlobalID returns the metric's opaque global ID (derived from its code).
func (m *Metric) GlobalID() string { return GlobalID(KindMetric.Type, m.Code) }

// GlobalID returns the breakdown's opaque global ID.
func (b *Breakdown) GlobalID() string { return GlobalID(KindBreakdown.Type, b.Slug) }

// PublishedOnDate is the passage's own publication date at its precision (nil: the
// source's date applies).
func (c *Citation) PublishedOnDate() *Date { return DateOf(c.PublishedOn, c.PublishedPrecision) }

// KnownSince is the date a passage became public, stored form and precision: its own
// date, or else its source's; "" when neither is known. (What asOf filters on.)
func KnownSince(c *Citation, src *Source) (string, Precision) {
	switch {
	case c != nil && c.PublishedOn != nil && c.PublishedPrecision != nil:
		return *c.PublishedOn, *c.PublishedPrecision
	case src != nil && src.PublishedOn != nil:
		return *src.PublishedOn, src.PublishedPrecision
	}
	return "", ""
}

// ReleasedOnDate is the release's date (day precision).
func (r *DatasetRelease) ReleasedOnDate() Date { return dateAt(r.ReleasedOn, PrecisionDay) }

// PublishedOnDate is the entry's date (day precision).
func (c *Correction) PublishedOnDate() Date { return dateAt(c.PublishedOn, PrecisionDay) }

// RecordList lists the records of the entry.
func (c *Correction) RecordList() []string { return lines(c.Records) }

// KeyList lists the published keys of the entry.
func (c *Correction) KeyList() []string { return lines(c.Keys) }

func lines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// IsPublic reports whether money of this funder kind is public (any funder but a
// private company).
func (k FunderKind) IsPublic() bool { return k != FunderPrivateCompany && k != "" }

// Public reports whether the programme's money is public.
func (p *Programme) Public() bool { return p.FunderKind.IsPublic() }

// Public reports whether the subsidy's money is public.
func (s *Subsidy) Public() bool { return s.FunderKind.IsPublic() }

// Computation says how the observatory computes the numbers of a breakdown.
func (b *Breakdown) Computation() Text {
	switch b.PartsKind {
	case PartsOccupancyAreas:
		return Bi("partsCount : les occupations du site qui ont une surface (annoncées, actives ou terminées, telles que la source les liste) ; "+
			"partsSum : la somme de leurs surfaces en mètres carrés ; baseValue : la surface du site (voir areaCitation du site) ; "+
			"partsShareOfBase : partsSum / baseValue × 100. Calculé par l’observatoire, non publié par les sources.",
			"partsCount: the occupancies of the site with a floor area (announced, active or ended, as the source lists them); "+
				"partsSum: the sum of their floor areas in square metres; baseValue: the site's area (see the site's areaCitation); "+
				"partsShareOfBase: partsSum / baseValue × 100. Computed by the observatory, not published by the sources.")
	}
	return Bi("partsCount : les parties, une par catégorie (l’affirmation retenue de chacune) ; partsSum : la somme de leurs valeurs ; "+
		"baseValue : la valeur du chiffre de base (même unité que les parties) ; partsShareOfBase : partsSum / baseValue × 100. "+
		"Calculé par l’observatoire, non publié par les sources : à comparer avec publishedTotals.",
		"partsCount: the parts, one per category (the preferred claim of each); partsSum: the sum of their values; "+
			"baseValue: the value of the base figure (same unit as the parts); partsShareOfBase: partsSum / baseValue × 100. "+
			"Computed by the observatory, not published by the sources: compare with publishedTotals.")
}

// GeographySource is the slug of the source the populations of the administrative
// territories are read from (seed/data/sources.yaml).
const GeographySource = "etalab-decoupage-administratif-6-0-0"

// Provenance says where a number that is not a cited figure comes from: a dataset
// (SourceSlug, Locator) or a computation of the observatory (HowComputed).
type Provenance struct {
	SourceSlug  string
	Locator     *string
	Computed    bool
	HowComputed Text // "" when it is read, not computed
}

// PopulationProvenanceOf says where a territory's population comes from: for communes
// and EPCI, INSEE's legal population read from the geography dataset; for départements,
// régions and the country, the sum of their communes computed by the observatory (in
// seed/geo/convert.mjs). Other territories have no population from the geography.
func PopulationProvenanceOf(t *Territory) Provenance {
	code := deref(t.Code)
	switch t.Kind {
	case TerritoryCommune:
		loc := "communes.json, field population, commune " + code
		return Provenance{SourceSlug: GeographySource, Locator: &loc}
	case TerritoryEPCI:
		loc := "epci.json, field populationMunicipale, EPCI " + code
		return Provenance{SourceSlug: GeographySource, Locator: &loc}
	case TerritoryDepartement, TerritoryRegion, TerritoryCountry:
		how := Bi("Somme des populations de ses communes (communes.json de "+GeographySource+
			", champ population), calculée par l’observatoire lors de la conversion de la géographie (seed/geo/convert.mjs)",
			"Sum of the populations of its communes (communes.json of "+GeographySource+
				", field population), computed by the observatory when converting the geography (seed/geo/convert.mjs)")
		if t.Kind == TerritoryDepartement {
			how.FR += " ; une commune compte dans son propre département, quel que soit le département de son EPCI"
			how.EN += "; a commune counts in its own département, whatever the département of its EPCI"
		}
		return Provenance{SourceSlug: GeographySource, Computed: true, HowComputed: how}
	}
	return Provenance{Computed: false, HowComputed: Bi("Ne vient pas du jeu de données géographiques : aucune citation enregistrée",
		"Not from the geography dataset: no citation recorded")}
}

// PartValues returns the values of b's parts and the unit they share: the values of
// the preferred observations (parts, for OBSERVATIONS) in their unit, else in the unit
// of b's metric (metricUnit, asked only then); or the floor areas of the site's
// occupancies that have one (occupancies, for OCCUPANCY_AREAS), in square metres.
func (b *Breakdown) PartValues(parts []*Observation, occupancies []*Occupancy, metricUnit func() string) ([]float64, string) {
	if b.PartsKind == PartsOccupancyAreas {
		values := make([]float64, 0, len(occupancies))
		for _, o := range occupancies {
			if o.FloorAreaM2 != nil {
				values = append(values, *o.FloorAreaM2)
			}
		}
		return values, "M2"
	}
	values := make([]float64, len(parts))
	unit := ""
	for i, p := range parts {
		values[i] = p.Value
		unit = p.Unit
	}
	if unit == "" && b.MetricID != nil {
		unit = metricUnit()
	}
	return values, unit
}

// BaseValueOf is the value b's parts are a share of: its base figure's (base), or for
// OCCUPANCY_AREAS on a site, the site's area (site); nil when there is none.
func (b *Breakdown) BaseValueOf(base *Observation, site *Site) *float64 {
	if base != nil {
		return &base.Value
	}
	if b.PartsKind == PartsOccupancyAreas && b.SubjectType == SubjectSite && site != nil {
		return site.AreaM2
	}
	return nil
}

// ShareOf is sum as a percentage of base; nil without a base or with a base of 0.
func ShareOf(sum float64, base *float64) *float64 {
	if base == nil || *base == 0 {
		return nil
	}
	share := sum / *base * 100
	return &share
}

// Sum adds values up.
func Sum(values []float64) float64 {
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum
}
