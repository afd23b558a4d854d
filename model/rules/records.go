package rules

import (
	"github.com/reindustrie/observatory/model"
)

// Range checks the value_max of a figure against its approximation.
//
// The rule, decided once for the data files and the API: value_max is given if and
// only if the approximation is RANGE, and then it is not less than value. A range of
// one value (value_max = value) is allowed: it says no more than an EXACT value, but
// it is not wrong. Before this package, the seed refused value_max <= value (a range had to be
// strictly increasing) while the editors accepted any value_max, even below value; the
// curated data holds two RANGE figures (1500..2000 jobs, 2..3 hours), both strictly
// increasing, so it loads under either rule.
func Range(s Style, approximation model.Approximation, value float64, valueMax *float64) *model.Error {
	max, val := s.Name("valueMax"), s.Name("value")
	switch {
	case (approximation == model.ApproxRange) != (valueMax != nil):
		return model.BadInput("%s goes with approximation RANGE, and RANGE needs %s", max, max)
	case valueMax == nil:
		return nil
	case Number(max, *valueMax) != nil:
		return Number(max, *valueMax)
	case *valueMax < value:
		return model.BadInput("in a RANGE, %s must not be less than %s", max, val)
	}
	return nil
}

// RankReason checks that a rank other than NORMAL says why (a reason that is not blank).
func RankReason(s Style, rank model.Rank, reason model.Text) *model.Error {
	if rank != model.RankNormal && BlankText(reason) {
		return model.BadInput("rank %s needs a %s", rank, s.Name("rankReason"))
	}
	return nil
}

// Observation checks a figure, once its fields are read, and completes its defaults
// (approximation EXACT; rank PREFERRED without a claim, NORMAL with one): its unit (when given, unless it already has a
// problem), value, approximation and RANGE, status, rank and rank reason, dimension
// and category, and that it has a date (unless its date already has a problem). Its
// references (subject, metric, citation) and the presence of its value (a stored 0
// cannot tell) are the caller's to check.
func Observation(p *Problems, s Style, o *model.Observation) {
	if o.Unit != "" && !p.Has("unit") {
		p.Add("unit", Unit(o.Unit))
	}
	p.Add(s.Name("value"), InRange(s.Name("value"), o.Unit, o.Value))
	if o.ValueMax != nil {
		p.Add(s.Name("valueMax"), InRange(s.Name("valueMax"), o.Unit, *o.ValueMax))
	}
	orDefault(&o.Approximation, model.ApproxExact)
	p.Add(s.Name("approximation"), OneOf(s, s.Name("approximation"), o.Approximation, Approximations))
	p.Add(s.Name("valueMax"), Range(s, o.Approximation, o.Value, o.ValueMax))
	if !p.Has(s.Name("status")) {
		p.Add(s.Name("status"), OneOf(s, s.Name("status"), o.Status, Statuses))
	}
	rank(p, s, &o.Rank, o.RankReason, o.Claim)
	if Blank(o.Dimension) != Blank(o.Category) {
		p.Addf(s.Name("category"), "%s and %s go together", s.Name("dimension"), s.Name("category"))
	}
	if o.Date == "" && !p.Has(s.Name("date")) {
		p.Add(s.Name("date"), Missing(s, s.Name("date")))
	}
	Clean(p, s, o)
}

// rank completes a rank and checks it and its reason. A record without a claim is the
// only claim of its fact, so its PREFERRED one (the default), or DEPRECATED once
// retracted; it needs no reason to be preferred. With a claim, the default is NORMAL,
// and a rank other than NORMAL says why.
func rank(p *Problems, s Style, r *model.Rank, reason model.Text, claim *string) {
	claimed := !Blank(claim)
	if claimed {
		orDefault(r, model.RankNormal)
	} else {
		orDefault(r, model.RankPreferred)
	}
	if err := OneOf(s, s.Name("rank"), *r, Ranks); err != nil {
		p.Add(s.Name("rank"), err)
		return
	}
	switch {
	case !claimed && *r == model.RankNormal:
		p.Addf(s.Name("rank"), "rank NORMAL needs a %s: a record without a claim is the only claim of its fact, so its PREFERRED one", s.Name("claim"))
	case !claimed && *r == model.RankPreferred:
	default:
		p.Add(s.Name("rankReason"), RankReason(s, *r, reason))
	}
}

// Event checks a dated fact and completes its defaults (status ACTUAL; rank PREFERRED
// without a claim, NORMAL with one):
// kind, title, date (unless it already has a problem), status, rank and rank reason.
// Its subjects and citation are the caller's to check.
func Event(p *Problems, s Style, e *model.Event) {
	p.Add(s.Name("kind"), OneOf(s, s.Name("kind"), e.Kind, EventKinds))
	p.Add(s.Name("title"), RequiredText(s, s.Name("title"), e.Title))
	if e.Date == "" && !p.Has(s.Name("date")) {
		p.Add(s.Name("date"), Missing(s, s.Name("date")))
	}
	rank(p, s, &e.Rank, e.RankReason, e.Claim)
	orDefault(&e.Status, model.StatusActual)
	p.Add(s.Name("status"), OneOf(s, s.Name("status"), e.Status, Statuses))
	Clean(p, s, e)
}

// Company checks a company and completes its kind (BUSINESS): name, kind, SIREN. Its
// territory is the caller's to check.
func Company(p *Problems, s Style, c *model.Company) {
	p.Add(s.Name("name"), Required(s, s.Name("name"), c.Name))
	orDefault(&c.Kind, model.CompanyBusiness)
	p.Add(s.Name("kind"), OneOf(s, s.Name("kind"), c.Kind, CompanyKinds))
	if c.Siren != nil {
		p.Add(s.Name("siren"), Siren(*c.Siren))
	}
	if c.Website != nil {
		p.Add(s.Name("website"), WebURL(s.Name("website"), *c.Website))
	}
	Clean(p, s, c)
}

// Site checks a site: name, status (unless it already has a problem), location
// (latitude and longitude together and within range, with a precision), area. Its
// territory and operator are the caller's to check.
func Site(p *Problems, s Style, site *model.Site) {
	p.Add(s.Name("name"), Required(s, s.Name("name"), site.Name))
	if !p.Has(s.Name("status")) {
		p.Add(s.Name("status"), OneOf(s, s.Name("status"), site.Status, SiteStatuses))
	}
	lat, lon, prec := s.Name("latitude"), s.Name("longitude"), s.Name("locationPrecision")
	switch {
	case (site.Latitude == nil) != (site.Longitude == nil):
		p.Addf(lat, "give %s and %s together", lat, lon)
	case site.Latitude == nil:
	case !(*site.Latitude >= -90 && *site.Latitude <= 90 && *site.Longitude >= -180 && *site.Longitude <= 180):
		p.Addf(lat, "%s must be within ±90 and %s within ±180", lat, lon)
	}
	switch {
	case site.Latitude != nil && site.LocationPrecision == nil:
		p.Addf(prec, "%s is required with a location", prec)
	case site.LocationPrecision != nil:
		p.Add(prec, OneOf(s, prec, *site.LocationPrecision, LocationPrecisions))
	}
	p.Add(s.Name("areaSquareMetres"), Area(s.Name("areaSquareMetres"), site.AreaM2))
	Clean(p, s, site)
}

// Source checks a source document and completes its defaults (language fr, precision of
// the publication date DAY): title, publisher, kind, URL.
func Source(p *Problems, s Style, src *model.Source) {
	title, publisher := Required(s, s.Name("title"), src.Title), Required(s, s.Name("publisher"), src.Publisher)
	if title != nil && publisher != nil && s == API {
		p.Addf(s.Name("title"), "%s and %s are required", s.Name("title"), s.Name("publisher"))
	} else {
		p.Add(s.Name("title"), title)
		p.Add(s.Name("publisher"), publisher)
	}
	p.Add(s.Name("kind"), OneOf(s, s.Name("kind"), src.Kind, SourceKinds))
	orDefault(&src.Language, "fr")
	orDefault(&src.PublishedPrecision, model.PrecisionDay)
	if src.URL != nil {
		p.Add(s.Name("url"), WebURL(s.Name("url"), *src.URL))
	}
	Clean(p, s, src)
}

// Relationship checks an edge: its kind. Its ends (two different entities, see Ends)
// and citation are the caller's to check.
func Relationship(p *Problems, s Style, r *model.Relationship) {
	p.Add(s.Name("kind"), OneOf(s, s.Name("kind"), r.Kind, RelationshipKinds))
	Clean(p, s, r)
}

// Metric checks an entry of the catalogue of metrics: label, definition, unit.
func Metric(p *Problems, s Style, m *model.Metric) {
	p.Add(s.Name("label"), RequiredText(s, s.Name("label"), m.Label))
	p.Add(s.Name("definition"), RequiredText(s, s.Name("definition"), m.Definition))
	p.Add(s.Name("unit"), Unit(m.Unit))
	Clean(p, s, m)
}

// Programme checks a funding programme: name, level, who pays (funder kind) and the
// scope of its money. Its parent is the caller's to check.
func Programme(p *Problems, s Style, pr *model.Programme) {
	p.Add(s.Name("name"), Required(s, s.Name("name"), pr.Name))
	p.Add(s.Name("level"), OneOf(s, s.Name("level"), pr.Level, ProgrammeLevels))
	p.Add(s.Name("funderKind"), OneOf(s, s.Name("funderKind"), pr.FunderKind, FunderKinds))
	p.Add(s.Name("scope"), OneOf(s, s.Name("scope"), pr.Scope, MoneyScopes))
	Clean(p, s, pr)
}

// Subsidy checks an amount of aid and completes its defaults (approximation EXACT,
// status ACTUAL; rank PREFERRED without a claim, NORMAL with one): a positive amount
// (unless it already has a problem: its presence is the caller's to check), an
// approximation that is not RANGE (a subsidy has no upper bound), a status, who pays
// (funder kind: the caller completes it from the programme) and the scope, the rank
// and its reason. Its programme, recipient and citation are the caller's to check.
func Subsidy(p *Problems, s Style, sub *model.Subsidy) {
	amount := s.Name("amountEur")
	if !p.Has(amount) {
		if err := Positive(amount, &sub.AmountEur); err != nil {
			p.Add(amount, err)
		} else {
			p.Add(amount, InRange(amount, "EUR", sub.AmountEur))
		}
	}
	orDefault(&sub.Approximation, model.ApproxExact)
	if err := OneOf(s, s.Name("approximation"), sub.Approximation, Approximations); err != nil {
		p.Add(s.Name("approximation"), err)
	} else if sub.Approximation == model.ApproxRange {
		p.Addf(s.Name("approximation"), "a subsidy amount cannot be a RANGE (no %s column)", s.Name("amountMax"))
	}
	orDefault(&sub.Status, model.StatusActual)
	p.Add(s.Name("status"), OneOf(s, s.Name("status"), sub.Status, Statuses))
	p.Add(s.Name("funderKind"), OneOf(s, s.Name("funderKind"), sub.FunderKind, FunderKinds))
	p.Add(s.Name("scope"), OneOf(s, s.Name("scope"), sub.Scope, MoneyScopes))
	rank(p, s, &sub.Rank, sub.RankReason, sub.Claim)
	Clean(p, s, sub)
}

// Occupancy checks the occupation of a site by a company and completes its status
// (ACTIVE): its floor area and status; an ENDED occupancy has an end. Its site,
// company and citation are the caller's to check.
func Occupancy(p *Problems, s Style, o *model.Occupancy) {
	p.Add(s.Name("floorAreaM2"), Area(s.Name("floorAreaM2"), o.FloorAreaM2))
	orDefault(&o.Status, model.OccupancyActive)
	p.Add(s.Name("status"), OneOf(s, s.Name("status"), o.Status, OccupancyStatuses))
	if o.Status == model.OccupancyEnded && o.Until == nil {
		p.Addf(s.Name("until"), "an ENDED occupancy needs %s", s.Name("until"))
	}
	Clean(p, s, o)
}
