package seed

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/reindustrie/observatory/model"
)

// Units is the closed list of units a metric (and so an observation) may use.
var Units = map[string]string{
	"EUR":                    "euros",
	"EUR_PER_SENIORITY_YEAR": "euros per year of seniority",
	"JOBS":                   "jobs (positions created, planned or threatened)",
	"PEOPLE":                 "people (employees, workers, former workers)",
	"INHABITANTS":            "inhabitants",
	"COMPANIES":              "companies",
	"PROJECTS":               "projects",
	"AID_FILES":              "aid files (applications granted)",
	"SITES":                  "industrial sites",
	"M2":                     "square metres",
	"HA":                     "hectares",
	"DAYS":                   "days (of work)",
	"HOURS":                  "hours (of travel)",
	"GWH":                    "gigawatt-hours (of yearly production capacity)",
	"PERCENT":                "per cent",
	"RATIO":                  "ratio (2 = doubled)",
	"YEARS":                  "years",
	"COUNT":                  "a number of things, named by the metric",
	"RANK":                   "a rank (1 = first)",
	"TERRITORIES":            "territories",
	"COMMUNES":               "communes",
	"ZONES":                  "business zones",
	"COURSES":                "training courses",
	"POLICY_STRANDS":         "strands of a policy",
}

var (
	enumSourceKinds = set(model.SourcePressArticle, model.SourcePressRelease, model.SourcePressKit,
		model.SourceNewsPost, model.SourceDataset, model.SourceReport)
	// Story territories are zones and groupings; COUNTRY is allowed for foreign
	// countries only (France and its subdivisions come from the geography).
	enumStoryTerritoryKinds = set(model.TerritoryIndustrialZone, model.TerritoryGrouping, model.TerritoryCountry)
	enumLocationPrecisions  = set(model.LocationExact, model.LocationStreet, model.LocationCommune, model.LocationApproximate)
	enumSiteStatuses        = set(model.SiteOperating, model.SiteClosing, model.SiteClosed, model.SiteUnderConversion,
		model.SiteReoccupied, model.SitePlanned)
	enumCompanyKinds = set(model.CompanyBusiness, model.CompanyPublicBody, model.CompanyResearch, model.CompanyEducation,
		model.CompanyCluster, model.CompanyAssociation, model.CompanyInvestor)
	enumLevels   = set(model.LevelEuropean, model.LevelNational, model.LevelRegional, model.LevelLocal, model.LevelPrivate)
	enumStatuses = set(model.StatusActual, model.StatusTarget, model.StatusForecast, model.StatusAnnounced, model.StatusEstimate)
	enumRanks    = set(model.RankPreferred, model.RankNormal, model.RankDeprecated)
	enumApprox   = set(model.ApproxExact, model.ApproxAbout, model.ApproxMoreThan, model.ApproxLessThan, model.ApproxRange)
	enumEvents   = set(model.EventAnnouncement, model.EventClosure, model.EventAgreementSigned, model.EventSiteHandedOver,
		model.EventMinisterialVisit, model.EventLabelAwarded, model.EventProductionStarted, model.EventOpening,
		model.EventMeeting, model.EventDemonstration, model.EventPublication, model.EventProgrammeLaunched,
		model.EventBuildingPermit, model.EventWorksStarted)
	enumRelationships = set(model.RelSupplies, model.RelOperates, model.RelOccupies, model.RelSucceeds, model.RelSubsidiaryOf,
		model.RelPartnerOf, model.RelMemberOf, model.RelSupports, model.RelInvestsIn, model.RelLocatedIn, model.RelValueChain)
)

func set[T ~string](vs ...T) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[string(v)] = true
	}
	return m
}

func keys(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// adminSlug matches the slugs of the administrative territories that the geography
// loader creates: france, region-32, departement-62, epci-200072460, commune-62119.
var adminSlug = regexp.MustCompile(`^(france|region-\d{2}|departement-(\d{2,3}|2A|2B)|epci-\d{9}|commune-(\d{5}|2A\d{3}|2B\d{3}))$`)

var slugForm = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ref points at a record of one of the subject kinds.
type ref struct {
	Type model.SubjectType
	Slug string
}

func (r ref) String() string { return strings.ToLower(string(r.Type)) + ":" + r.Slug }

var kindFiles = map[model.SubjectType]string{
	model.SubjectTerritory: fileTerritories,
	model.SubjectSite:      fileSites,
	model.SubjectCompany:   fileCompanies,
	model.SubjectProgramme: fileProgrammes,
}

var refKinds = map[string]model.SubjectType{
	"territory": model.SubjectTerritory,
	"site":      model.SubjectSite,
	"company":   model.SubjectCompany,
	"programme": model.SubjectProgramme,
}

// citeKey identifies a citation row: (source, quote, locator).
type citeKey struct {
	Source  string
	Quote   string
	Locator string
}

// The plan is the validated data, with references still as slugs: the writer resolves
// them to ids inside the transaction.
type plan struct {
	sources       []model.Source
	citations     []citeKey
	metrics       []model.Metric
	territories   []territoryPlan // parents before children
	memberships   []membershipPlan
	companies     []companyPlan
	programmes    []programmePlan // parents before children
	sites         []sitePlan
	occupancies   []occupancyPlan
	subsidies     []subsidyPlan
	observations  []observationPlan
	events        []eventPlan
	relationships []relationshipPlan
	breakdowns    []breakdownPlan
	// adminRefs are the administrative territories the story refers to; they must
	// exist once the geography is loaded. Value: where the first reference is.
	adminRefs map[string]Problem
}

type territoryPlan struct {
	row    model.Territory
	parent string
}

type membershipPlan struct {
	row           model.TerritoryMembership
	member, group string
	cite          *citeKey
}

type companyPlan struct {
	row       model.Company
	territory string
}

type programmePlan struct {
	row    model.Programme
	parent string
}

type statusPlan struct {
	row  model.SiteStatusPeriod
	cite *citeKey
}

type sitePlan struct {
	row                 model.Site
	territory, operator string
	hasLocation         bool
	periods             []statusPlan
}

type occupancyPlan struct {
	row           model.Occupancy
	site, company string
	cite          *citeKey
}

type subsidyPlan struct {
	row                             model.Subsidy
	programme, recipient, territory string
	cite                            citeKey
}

type observationPlan struct {
	row     model.Observation
	subject ref
	metric  string
	cite    citeKey
}

type eventSubjectPlan struct {
	subject ref
	role    string
}

type eventPlan struct {
	row      model.Event
	subjects []eventSubjectPlan
	cite     citeKey
}

type breakdownPlan struct {
	row     model.Breakdown
	subject ref
	metric  string
	base    string
	totals  []string
}

type relationshipPlan struct {
	row      model.Relationship
	from, to ref
	cite     citeKey
}

// The data files, in the order they are read.
const (
	fileSources       = "sources.yaml"
	fileMetrics       = "metrics.yaml"
	fileTerritories   = "territories.yaml"
	fileMemberships   = "memberships.yaml"
	fileCompanies     = "companies.yaml"
	fileSites         = "sites.yaml"
	fileOccupancies   = "occupancies.yaml"
	fileProgrammes    = "programmes.yaml"
	fileSubsidies     = "subsidies.yaml"
	fileObservations  = "observations.yaml"
	fileEvents        = "events.yaml"
	fileRelationships = "relationships.yaml"
	fileBreakdowns    = "breakdowns.yaml"
	fileChecklist     = "checklist.yaml"
)

// readData decodes every data file and reads the source documents.
func readData(fsys fs.FS, ps *problems) *rawData {
	d := &rawData{documents: map[string]string{}, failed: map[string]bool{}}
	ok := true
	d.sources, ok = decodeFileOK[sourceRec](fsys, fileSources, ps)
	d.failed[fileSources] = !ok
	d.metrics, ok = decodeFileOK[metricRec](fsys, fileMetrics, ps)
	d.failed[fileMetrics] = !ok
	d.territories, ok = decodeFileOK[territoryRec](fsys, fileTerritories, ps)
	d.failed[fileTerritories] = !ok
	d.memberships = decodeFile[membershipRec](fsys, fileMemberships, ps)
	d.companies, ok = decodeFileOK[companyRec](fsys, fileCompanies, ps)
	d.failed[fileCompanies] = !ok
	d.sites, ok = decodeFileOK[siteRec](fsys, fileSites, ps)
	d.failed[fileSites] = !ok
	d.occupancies = decodeFile[occupancyRec](fsys, fileOccupancies, ps)
	d.programmes, ok = decodeFileOK[programmeRec](fsys, fileProgrammes, ps)
	d.failed[fileProgrammes] = !ok
	d.subsidies = decodeFile[subsidyRec](fsys, fileSubsidies, ps)
	d.observations, ok = decodeFileOK[observationRec](fsys, fileObservations, ps)
	d.observationsFailed = !ok
	d.events = decodeFile[eventRec](fsys, fileEvents, ps)
	d.relationships = decodeFile[relationshipRec](fsys, fileRelationships, ps)
	d.breakdowns = decodeFile[breakdownRec](fsys, fileBreakdowns, ps)
	for i, s := range d.sources {
		if s.Document == "" {
			continue
		}
		text, err := fs.ReadFile(fsys, "documents/"+s.Document)
		if err != nil {
			ps.add(fileSources, recordName(s.Slug, i), "document %q: %v", s.Document, err)
			continue
		}
		d.documents[s.Document] = normaliseQuote(string(text))
	}
	return d
}

// validator checks the raw data and builds the plan.
type validator struct {
	ps   *problems
	d    *rawData
	p    *plan
	file string // the file being checked
	rec  string // the record being checked

	sourceDocs  map[string]string // source slug → normalised document text ("" if none)
	metricUnits map[string]string
	slugs       map[model.SubjectType]map[string]bool
	citeSeen    map[citeKey]bool
}

func (v *validator) bad(format string, args ...any) { v.ps.add(v.file, v.rec, format, args...) }

func (v *validator) at(file string, slug string, i int) {
	v.file, v.rec = file, recordName(slug, i)
}

func validate(d *rawData, ps *problems) *plan {
	v := &validator{
		ps: ps, d: d,
		p:           &plan{adminRefs: map[string]Problem{}},
		sourceDocs:  map[string]string{},
		metricUnits: map[string]string{},
		slugs: map[model.SubjectType]map[string]bool{
			model.SubjectTerritory: {}, model.SubjectSite: {}, model.SubjectCompany: {}, model.SubjectProgramme: {},
		},
		citeSeen: map[citeKey]bool{},
	}
	v.collectKeys()
	v.checkSources()
	v.checkMetrics()
	v.checkTerritories()
	v.checkMemberships()
	v.checkCompanies()
	v.checkProgrammes()
	v.checkSites()
	v.checkOccupancies()
	v.checkSubsidies()
	v.checkObservations()
	v.checkEvents()
	v.checkRelationships()
	v.checkBreakdowns()
	return v.p
}

// unique reports duplicate or malformed slugs of a file and returns the set.
func (v *validator) unique(file string, slugs []string) map[string]bool {
	seen := make(map[string]bool, len(slugs))
	for i, s := range slugs {
		v.at(file, s, i)
		switch {
		case s == "":
			v.bad("missing slug")
		case !slugForm.MatchString(s) && file != fileMetrics:
			v.bad("slug %q must be lower-case words separated by hyphens", s)
		case seen[s]:
			v.bad("duplicate slug %q", s)
		}
		seen[s] = true
	}
	return seen
}

func slugsOf[T any](rs []T, f func(T) string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

func (v *validator) collectKeys() {
	d := v.d
	v.unique(fileSources, slugsOf(d.sources, func(r sourceRec) string { return r.Slug }))
	v.unique(fileMetrics, slugsOf(d.metrics, func(r metricRec) string { return r.Code }))
	v.slugs[model.SubjectTerritory] = v.unique(fileTerritories, slugsOf(d.territories, func(r territoryRec) string { return r.Slug }))
	v.slugs[model.SubjectCompany] = v.unique(fileCompanies, slugsOf(d.companies, func(r companyRec) string { return r.Slug }))
	v.slugs[model.SubjectSite] = v.unique(fileSites, slugsOf(d.sites, func(r siteRec) string { return r.Slug }))
	v.slugs[model.SubjectProgramme] = v.unique(fileProgrammes, slugsOf(d.programmes, func(r programmeRec) string { return r.Slug }))
	v.unique(fileOccupancies, slugsOf(d.occupancies, func(r occupancyRec) string { return r.Slug }))
	v.unique(fileSubsidies, slugsOf(d.subsidies, func(r subsidyRec) string { return r.Slug }))
	v.unique(fileObservations, slugsOf(d.observations, func(r observationRec) string { return r.Slug }))
	v.unique(fileEvents, slugsOf(d.events, func(r eventRec) string { return r.Slug }))
	v.unique(fileRelationships, slugsOf(d.relationships, func(r relationshipRec) string { return r.Slug }))
	for i, s := range d.sources {
		v.sourceDocs[s.Slug] = d.documents[s.Document]
		_ = i
	}
	for _, m := range d.metrics {
		v.metricUnits[m.Code] = m.Unit
	}
}

// --- field helpers -----------------------------------------------------------------

func (v *validator) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.bad("missing %s", field)
	}
}

func (v *validator) enum(field, value string, allowed map[string]bool, def string) string {
	if value == "" {
		if def == "" {
			v.bad("missing %s (one of %s)", field, keys(allowed))
		}
		return def
	}
	if !allowed[value] {
		v.bad("%s %q is not one of %s", field, value, keys(allowed))
	}
	return value
}

func ptr[T any](x T) *T { return &x }

func optString(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// date checks an optional date field and returns its stored form and precision.
func (v *validator) date(field, s string) (*string, *model.Precision) {
	if s == "" {
		return nil, nil
	}
	stored, p, err := parseDate(s)
	if err != nil {
		v.bad("%s: %v", field, err)
		return nil, nil
	}
	return &stored, &p
}

// span checks "date" or "period" (exactly one) and returns the stored start (nil for
// a date), the stored date (the end of a period) and the precision they share.
func (v *validator) span(date string, per *period) (start *string, at string, prec model.Precision, ok bool) {
	switch {
	case date != "" && per != nil:
		v.bad("give either date or period, not both")
		return nil, "", "", false
	case date != "":
		d, p := v.date("date", date)
		if d == nil {
			return nil, "", "", false
		}
		return nil, *d, *p, true
	case per != nil:
		if per.End == "" {
			v.bad("period needs an end")
			return nil, "", "", false
		}
		e, ep := v.date("period.end", per.End)
		s, sp := v.date("period.start", per.Start)
		if e == nil || (per.Start != "" && s == nil) {
			return nil, "", "", false
		}
		if s != nil {
			if *sp != *ep {
				v.bad("period.start %q and period.end %q must have the same precision", per.Start, per.End)
				return nil, "", "", false
			}
			if *s > *e {
				v.bad("period.start %q is after period.end %q", per.Start, per.End)
				return nil, "", "", false
			}
		}
		return s, *e, *ep, true
	default:
		v.bad("missing date or period")
		return nil, "", "", false
	}
}

// cite checks a citation: known source, exact quote found in the source document,
// locator given.
func (v *validator) cite(c *cite, mandatory bool) *citeKey {
	if c == nil {
		if mandatory {
			v.bad("missing cite (source, quote, locator)")
		}
		return nil
	}
	doc, ok := v.sourceDocs[c.Source]
	switch {
	case c.Source == "":
		v.bad("cite: missing source")
		return nil
	case !ok && v.d.failed[fileSources]:
		return nil
	case !ok:
		v.bad("cite: unknown source %q", c.Source)
		return nil
	}
	quote := collapseSpaces(c.Quote)
	if quote == "" {
		v.bad("cite: missing quote")
		return nil
	}
	if strings.TrimSpace(c.Locator) == "" {
		v.bad("cite: missing locator")
	}
	if doc == "" {
		v.bad("cite: source %q has no document to check the quote against", c.Source)
	} else if !strings.Contains(doc, normaliseQuote(quote)) {
		v.bad("cite: quote not found in the document of source %q: %q", c.Source, abbreviate(quote, 90))
	}
	k := citeKey{Source: c.Source, Quote: quote, Locator: collapseSpaces(c.Locator)}
	if !v.citeSeen[k] {
		v.citeSeen[k] = true
		v.p.citations = append(v.p.citations, k)
	}
	return &k
}

func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// territoryRef checks a reference to a territory: a story territory of
// territories.yaml, or an administrative territory that the geography provides.
func (v *validator) territoryRef(field, slug string, mandatory bool) string {
	if slug == "" {
		if mandatory {
			v.bad("missing %s", field)
		}
		return ""
	}
	if v.slugs[model.SubjectTerritory][slug] || v.d.failed[fileTerritories] {
		return slug
	}
	if adminSlug.MatchString(slug) {
		if _, seen := v.p.adminRefs[slug]; !seen {
			v.p.adminRefs[slug] = Problem{File: v.file, Record: v.rec,
				Message: fmt.Sprintf("%s: territory %q is not in territories.yaml nor in the geography", field, slug)}
		}
		return slug
	}
	v.bad("%s: unknown territory %q", field, slug)
	return ""
}

// plainRef checks a reference to a company, site or programme slug.
func (v *validator) plainRef(field string, t model.SubjectType, slug string, mandatory bool) string {
	if slug == "" {
		if mandatory {
			v.bad("missing %s", field)
		}
		return ""
	}
	if t == model.SubjectTerritory {
		return v.territoryRef(field, slug, mandatory)
	}
	if !v.slugs[t][slug] {
		if v.d.failed[kindFiles[t]] {
			return slug // its file did not decode: already reported
		}
		v.bad("%s: unknown %s %q", field, strings.ToLower(string(t)), slug)
		return ""
	}
	return slug
}

// subjectRef checks a "kind:slug" reference.
func (v *validator) subjectRef(field, s string) (ref, bool) {
	if s == "" {
		v.bad("missing %s", field)
		return ref{}, false
	}
	kind, slug, ok := strings.Cut(s, ":")
	t, known := refKinds[kind]
	if !ok || !known || slug == "" {
		v.bad("%s %q must be written kind:slug with kind territory, site, company or programme", field, s)
		return ref{}, false
	}
	if v.plainRef(field, t, slug, true) == "" {
		return ref{}, false
	}
	return ref{Type: t, Slug: slug}, true
}

// --- files -------------------------------------------------------------------------

func (v *validator) checkSources() {
	for i, s := range v.d.sources {
		v.at(fileSources, s.Slug, i)
		v.required("title", s.Title)
		v.required("publisher", s.Publisher)
		kind := v.enum("kind", s.Kind, enumSourceKinds, "")
		published, precision := v.date("published", s.Published)
		if precision == nil {
			precision = ptr(model.PrecisionDay)
		}
		lang := s.Language
		if lang == "" {
			lang = "fr"
		}
		v.p.sources = append(v.p.sources, model.Source{
			Slug: s.Slug, Title: collapseSpaces(s.Title), Publisher: s.Publisher, Kind: model.SourceKind(kind),
			PublishedOn: published, PublishedPrecision: *precision, Language: lang,
			URL: optString(s.URL), Licence: optString(s.Licence), Document: optString(s.Document),
			Description: optString(s.Description),
		})
	}
}

func (v *validator) checkMetrics() {
	for i, m := range v.d.metrics {
		v.at(fileMetrics, m.Code, i)
		v.required("label", m.Label)
		v.required("definition", m.Definition)
		if _, ok := Units[m.Unit]; !ok {
			v.bad("unit %q is not one of the known units (%s)", m.Unit, unitList())
		}
		v.p.metrics = append(v.p.metrics, model.Metric{Code: m.Code, Label: m.Label, Unit: m.Unit, Definition: collapseSpaces(m.Definition)})
	}
}

func unitList() string {
	m := make(map[string]bool, len(Units))
	for u := range Units {
		m[u] = true
	}
	return keys(m)
}

func (v *validator) checkTerritories() {
	byslug := map[string]territoryRec{}
	for _, t := range v.d.territories {
		byslug[t.Slug] = t
	}
	var plans []territoryPlan
	depth := map[string]int{}
	var depthOf func(slug string, seen int) int
	depthOf = func(slug string, seen int) int {
		t, ok := byslug[slug]
		if !ok || seen > len(byslug) {
			return 0
		}
		if d, ok := depth[slug]; ok {
			return d
		}
		d := 1 + depthOf(t.Parent, seen+1)
		depth[slug] = d
		return d
	}
	for i, t := range v.d.territories {
		v.at(fileTerritories, t.Slug, i)
		v.required("name", t.Name)
		if adminSlug.MatchString(t.Slug) {
			v.bad("slug %q is reserved for the administrative territories of the geography", t.Slug)
		}
		kind := v.enum("kind", t.Kind, enumStoryTerritoryKinds, "")
		parent := v.territoryRef("parent", t.Parent, kind != string(model.TerritoryCountry))
		if parent == t.Slug {
			v.bad("a territory cannot be its own parent")
		}
		row := model.Territory{Slug: t.Slug, Name: t.Name, Kind: model.TerritoryKind(kind), Code: optString(t.Code),
			Description: optString(collapseSpaces(t.Description))}
		if t.Location != nil {
			lp := v.enum("location.precision", t.Location.Precision, enumLocationPrecisions, "")
			row.Latitude, row.Longitude, row.LocationPrecision = ptr(t.Location.Lat), ptr(t.Location.Lon), ptr(model.LocationPrecision(lp))
		}
		plans = append(plans, territoryPlan{row: row, parent: parent})
		if depthOf(t.Slug, 0) > len(byslug) {
			v.bad("the parent chain loops")
		}
	}
	sort.SliceStable(plans, func(a, b int) bool { return depth[plans[a].row.Slug] < depth[plans[b].row.Slug] })
	v.p.territories = plans
}

func (v *validator) checkMemberships() {
	for i, m := range v.d.memberships {
		v.at(fileMemberships, "", i)
		v.rec = fmt.Sprintf("#%d (%s in %s)", i+1, m.Member, m.Group)
		member := v.territoryRef("member", m.Member, true)
		group := v.territoryRef("group", m.Group, true)
		since, sp := v.date("since", m.Since)
		until, up := v.date("until", m.Until)
		v.p.memberships = append(v.p.memberships, membershipPlan{
			row:    model.TerritoryMembership{Role: optString(m.Role), Since: since, SincePrecision: sp, Until: until, UntilPrecision: up},
			member: member, group: group, cite: v.cite(m.Cite, true),
		})
	}
}

var sirenForm = regexp.MustCompile(`^\d{9}$`)

func (v *validator) checkCompanies() {
	for i, c := range v.d.companies {
		v.at(fileCompanies, c.Slug, i)
		v.required("name", c.Name)
		kind := v.enum("kind", c.Kind, enumCompanyKinds, string(model.CompanyBusiness))
		if c.Siren != "" && !sirenForm.MatchString(c.Siren) {
			v.bad("siren %q must be 9 digits", c.Siren)
		}
		territory := v.territoryRef("territory", c.Territory, false)
		v.p.companies = append(v.p.companies, companyPlan{
			row: model.Company{Slug: c.Slug, Name: c.Name, Kind: model.CompanyKind(kind), Siren: optString(c.Siren),
				Activity: optString(c.Activity), GroupName: optString(c.Group), Description: optString(collapseSpaces(c.Description)),
				Website: optString(c.Website)},
			territory: territory,
		})
	}
}

func (v *validator) checkProgrammes() {
	byslug := map[string]programmeRec{}
	for _, p := range v.d.programmes {
		byslug[p.Slug] = p
	}
	depth := func(slug string) int {
		n := 0
		for p, ok := byslug[slug]; ok && n <= len(byslug); p, ok = byslug[p.Parent] {
			n++
		}
		return n
	}
	var plans []programmePlan
	for i, p := range v.d.programmes {
		v.at(fileProgrammes, p.Slug, i)
		v.required("name", p.Name)
		level := v.enum("level", p.Level, enumLevels, "")
		parent := v.plainRef("parent", model.SubjectProgramme, p.Parent, false)
		if depth(p.Slug) > len(byslug) {
			v.bad("the parent chain loops")
		}
		row := model.Programme{Slug: p.Slug, Name: p.Name, ShortName: optString(p.ShortName), Level: model.ProgrammeLevel(level),
			Description: optString(collapseSpaces(p.Description))}
		if p.Period != nil {
			row.PeriodStart, row.PeriodStartPrecision = v.date("period.start", p.Period.Start)
			row.PeriodEnd, row.PeriodEndPrecision = v.date("period.end", p.Period.End)
		}
		plans = append(plans, programmePlan{row: row, parent: parent})
	}
	sort.SliceStable(plans, func(a, b int) bool { return depth(plans[a].row.Slug) < depth(plans[b].row.Slug) })
	v.p.programmes = plans
}

func (v *validator) checkSites() {
	for i, s := range v.d.sites {
		v.at(fileSites, s.Slug, i)
		v.required("name", s.Name)
		territory := v.territoryRef("territory", s.Territory, true)
		operator := v.plainRef("operator", model.SubjectCompany, s.Operator, false)
		opened, op := v.date("opened", s.Opened)
		row := model.Site{Slug: s.Slug, Name: s.Name, Address: optString(s.Address), AreaM2: s.AreaM2,
			OpenedOn: opened, OpenedPrecision: op, Description: optString(collapseSpaces(s.Description))}
		if s.AreaM2 != nil && *s.AreaM2 <= 0 {
			v.bad("area_m2 must be positive")
		}
		if s.Location != nil {
			lp := v.enum("location.precision", s.Location.Precision, enumLocationPrecisions, "")
			row.Latitude, row.Longitude, row.LocationPrecision = ptr(s.Location.Lat), ptr(s.Location.Lon), ptr(model.LocationPrecision(lp))
		}
		if len(s.StatusHistory) == 0 {
			v.bad("missing status_history (at least one status period)")
		}
		var periods []statusPlan
		prev := ""
		for j, h := range s.StatusHistory {
			status := v.enum(fmt.Sprintf("status_history[%d].status", j), h.Status, enumSiteStatuses, "")
			since, sp := v.date(fmt.Sprintf("status_history[%d].since", j), h.Since)
			until, up := v.date(fmt.Sprintf("status_history[%d].until", j), h.Until)
			if since == nil {
				if h.Since == "" {
					v.bad("status_history[%d]: missing since", j)
				}
				continue
			}
			if *since < prev {
				v.bad("status_history[%d]: periods must be in chronological order", j)
			}
			prev = *since
			periods = append(periods, statusPlan{
				row: model.SiteStatusPeriod{Status: model.SiteStatus(status), Since: *since, SincePrecision: *sp,
					Until: until, UntilPrecision: up},
				cite: v.cite(h.Cite, true),
			})
		}
		if len(periods) > 0 {
			row.Status = periods[len(periods)-1].row.Status
		}
		v.p.sites = append(v.p.sites, sitePlan{row: row, territory: territory, operator: operator,
			hasLocation: s.Location != nil, periods: periods})
	}
}

func (v *validator) checkOccupancies() {
	for i, o := range v.d.occupancies {
		v.at(fileOccupancies, o.Slug, i)
		site := v.plainRef("site", model.SubjectSite, o.Site, true)
		company := v.plainRef("company", model.SubjectCompany, o.Company, true)
		since, sp := v.date("since", o.Since)
		until, up := v.date("until", o.Until)
		if o.FloorAreaM2 != nil && *o.FloorAreaM2 <= 0 {
			v.bad("floor_area_m2 must be positive")
		}
		v.p.occupancies = append(v.p.occupancies, occupancyPlan{
			row: model.Occupancy{Slug: o.Slug, Since: since, SincePrecision: sp, Until: until, UntilPrecision: up,
				FloorAreaM2: o.FloorAreaM2, Activity: optString(o.Activity)},
			site: site, company: company, cite: v.cite(o.Cite, true),
		})
	}
}

func (v *validator) checkSubsidies() {
	for i, s := range v.d.subsidies {
		v.at(fileSubsidies, s.Slug, i)
		programme := v.plainRef("programme", model.SubjectProgramme, s.Programme, true)
		recipient := v.plainRef("recipient", model.SubjectCompany, s.Recipient, false)
		territory := v.territoryRef("territory", s.Territory, false)
		if s.Recipient == "" && s.Territory == "" {
			v.bad("a subsidy needs a recipient (company) or a territory")
		}
		if s.AmountEUR == nil {
			v.bad("missing amount_eur")
		} else if *s.AmountEUR <= 0 {
			v.bad("amount_eur must be positive")
		}
		approx := v.enum("approximation", s.Approximation, enumApprox, string(model.ApproxExact))
		if approx == string(model.ApproxRange) {
			v.bad("a subsidy amount cannot be a RANGE (no amount_max column)")
		}
		status := v.enum("status", s.Status, enumStatuses, string(model.StatusActual))
		start, at, prec, _ := v.span(s.Date, s.Period)
		row := model.Subsidy{Slug: s.Slug, Approximation: model.Approximation(approx), RecipientsCount: s.RecipientsCount,
			PeriodStart: start, Precision: prec, Status: model.ObservationStatus(status),
			Purpose: optString(s.Purpose), Note: optString(collapseSpaces(s.Note))}
		if at != "" {
			// A date alone is the end of an undated period ("au 31 décembre 2023").
			row.PeriodEnd = &at
		}
		if s.AmountEUR != nil {
			row.AmountEur = *s.AmountEUR
		}
		c := v.cite(s.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		v.p.subsidies = append(v.p.subsidies, subsidyPlan{row: row, programme: programme, recipient: recipient,
			territory: territory, cite: *c})
	}
}

func (v *validator) checkObservations() {
	type claimInfo struct {
		metric    string
		subject   ref
		preferred int
		count     int
		noReason  bool
		first     string
		values    map[string]bool // distinct published values
	}
	claims := map[string]*claimInfo{}
	var claimOrder []string
	for i, o := range v.d.observations {
		v.at(fileObservations, o.Slug, i)
		subject, _ := v.subjectRef("subject", o.Subject)
		unit, known := v.metricUnits[o.Metric]
		if o.Metric == "" {
			v.bad("missing metric")
		} else if !known && !v.d.failed[fileMetrics] {
			v.bad("unknown metric %q", o.Metric)
		}
		if o.Unit != "" {
			if _, ok := Units[o.Unit]; !ok {
				v.bad("unit %q is not one of the known units (%s)", o.Unit, unitList())
			} else if known && o.Unit != unit {
				v.bad("unit %q differs from the unit %q of metric %q", o.Unit, unit, o.Metric)
			}
			unit = o.Unit
		}
		if o.Value == nil {
			v.bad("missing value")
		}
		approx := v.enum("approximation", o.Approximation, enumApprox, string(model.ApproxExact))
		switch {
		case approx == string(model.ApproxRange) && (o.ValueMax == nil || o.Value == nil || *o.ValueMax <= *o.Value):
			v.bad("a RANGE needs value_max greater than value")
		case approx != string(model.ApproxRange) && o.ValueMax != nil:
			v.bad("value_max is only for approximation RANGE")
		}
		status := v.enum("status", o.Status, enumStatuses, "")
		rank := v.enum("rank", o.Rank, enumRanks, string(model.RankNormal))
		if rank != string(model.RankNormal) && o.RankReason == "" {
			v.bad("rank %s needs a rank_reason", rank)
		}
		if (o.Dimension == "") != (o.Category == "") {
			v.bad("dimension and category go together")
		}
		start, at, prec, _ := v.span(o.Date, o.Period)
		c := v.cite(o.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		row := model.Observation{Slug: o.Slug, Unit: unit, Approximation: model.Approximation(approx), ValueMax: o.ValueMax,
			Date: at, Precision: prec, PeriodStart: start, Status: model.ObservationStatus(status), Rank: model.Rank(rank),
			RankReason: optString(collapseSpaces(o.RankReason)), Claim: optString(o.Claim), Dimension: optString(o.Dimension),
			Category: optString(o.Category), Note: optString(collapseSpaces(o.Note))}
		if o.Value != nil {
			row.Value = *o.Value
		}
		v.p.observations = append(v.p.observations, observationPlan{row: row, subject: subject, metric: o.Metric, cite: *c})
		if o.Claim != "" {
			ci := claims[o.Claim]
			if ci == nil {
				ci = &claimInfo{metric: o.Metric, subject: subject, first: v.rec, values: map[string]bool{}}
				claims[o.Claim] = ci
				claimOrder = append(claimOrder, o.Claim)
			} else if ci.metric != o.Metric || ci.subject != subject {
				v.bad("claim %q: every observation of a claim must have the subject and metric of %s", o.Claim, ci.first)
			}
			ci.count++
			if rank == string(model.RankPreferred) {
				ci.preferred++
			}
			if o.RankReason == "" {
				ci.noReason = true
			}
			ci.values[fmt.Sprint(row.Value, row.ValueMax, row.Approximation, row.Date, row.PeriodStart)] = true
		}
	}
	for _, k := range claimOrder {
		ci := claims[k]
		v.file, v.rec = fileObservations, "claim "+k
		if ci.preferred > 1 {
			v.bad("more than one PREFERRED observation")
		}
		// Sources that agree corroborate each other; when they disagree, each
		// observation must say why it has its rank.
		if len(ci.values) > 1 && ci.noReason {
			v.bad("the observations of the claim disagree: each needs a rank_reason")
		}
	}
}

func (v *validator) checkEvents() {
	type claimInfo struct {
		kind, first      string
		preferred, count int
		noReason         bool
		dates            map[string]bool
	}
	claims := map[string]*claimInfo{}
	var order []string
	for i, e := range v.d.events {
		v.at(fileEvents, e.Slug, i)
		kind := v.enum("kind", e.Kind, enumEvents, "")
		v.required("title", e.Title)
		at, prec := v.date("date", e.Date)
		if e.Date == "" {
			v.bad("missing date")
		}
		rank := v.enum("rank", e.Rank, enumRanks, string(model.RankNormal))
		if rank != string(model.RankNormal) && e.RankReason == "" {
			v.bad("rank %s needs a rank_reason", rank)
		}
		status := v.enum("status", e.Status, enumStatuses, string(model.StatusActual))
		if len(e.Subjects) == 0 {
			v.bad("an event needs at least one subject")
		}
		var subjects []eventSubjectPlan
		seen := map[ref]bool{}
		for j, s := range e.Subjects {
			r, ok := v.subjectRef(fmt.Sprintf("subjects[%d].ref", j), s.Ref)
			if !ok {
				continue
			}
			if seen[r] {
				v.bad("subject %s is listed twice", r)
				continue
			}
			seen[r] = true
			subjects = append(subjects, eventSubjectPlan{subject: r, role: s.Role})
		}
		c := v.cite(e.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		row := model.Event{Slug: e.Slug, Kind: model.EventKind(kind), Title: e.Title, Description: optString(collapseSpaces(e.Description)),
			Status: model.ObservationStatus(status), Rank: model.Rank(rank), RankReason: optString(collapseSpaces(e.RankReason)), Claim: optString(e.Claim)}
		if at != nil {
			row.Date, row.Precision = *at, *prec
		}
		v.p.events = append(v.p.events, eventPlan{row: row, subjects: subjects, cite: *c})
		if e.Claim != "" {
			ci := claims[e.Claim]
			if ci == nil {
				ci = &claimInfo{kind: kind, first: v.rec, dates: map[string]bool{}}
				claims[e.Claim] = ci
				order = append(order, e.Claim)
			} else if ci.kind != kind {
				v.bad("claim %q: every event of a claim must have the kind of %s", e.Claim, ci.first)
			}
			ci.count++
			if rank == string(model.RankPreferred) {
				ci.preferred++
			}
			if e.RankReason == "" {
				ci.noReason = true
			}
			ci.dates[row.Date+" "+string(row.Precision)] = true
		}
	}
	for _, k := range order {
		ci := claims[k]
		v.file, v.rec = fileEvents, "claim "+k
		if ci.preferred > 1 {
			v.bad("more than one PREFERRED event")
		}
		if len(ci.dates) > 1 && ci.noReason {
			v.bad("the events of the claim disagree on the date: each needs a rank_reason")
		}
	}
}

func (v *validator) checkRelationships() {
	for i, r := range v.d.relationships {
		v.at(fileRelationships, r.Slug, i)
		kind := v.enum("kind", r.Kind, enumRelationships, "")
		from, _ := v.subjectRef("from", r.From)
		to, _ := v.subjectRef("to", r.To)
		if from == to && from.Slug != "" {
			v.bad("from and to are the same")
		}
		since, sp := v.date("since", r.Since)
		until, up := v.date("until", r.Until)
		c := v.cite(r.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		v.p.relationships = append(v.p.relationships, relationshipPlan{
			row: model.Relationship{Slug: r.Slug, Kind: model.RelationshipKind(kind), Since: since, SincePrecision: sp,
				Until: until, UntilPrecision: up, Description: optString(collapseSpaces(r.Description))},
			from: from, to: to, cite: *c,
		})
	}
}

var enumPartsKinds = set(model.PartsObservations, model.PartsOccupancyAreas)

func (v *validator) checkBreakdowns() {
	observations := map[string]string{} // slug → metric
	for _, o := range v.d.observations {
		observations[o.Slug] = o.Metric
	}
	obsRef := func(field, slug string) {
		if _, ok := observations[slug]; !ok && !v.d.observationsFailed {
			v.bad("%s: unknown observation %q", field, slug)
		}
	}
	v.unique(fileBreakdowns, slugsOf(v.d.breakdowns, func(r breakdownRec) string { return r.Slug }))
	for i, b := range v.d.breakdowns {
		v.at(fileBreakdowns, b.Slug, i)
		v.required("title", b.Title)
		subject, _ := v.subjectRef("subject", b.Subject)
		kind := v.enum("parts", b.Parts, enumPartsKinds, "")
		row := model.Breakdown{Slug: b.Slug, Title: b.Title, Note: optString(collapseSpaces(b.Note)),
			PartsKind: model.PartsKind(kind), Dimension: optString(b.Dimension)}
		switch model.PartsKind(kind) {
		case model.PartsObservations:
			if _, ok := v.metricUnits[b.Metric]; !ok && !v.d.failed[fileMetrics] {
				v.bad("metric: unknown metric %q", b.Metric)
			}
			v.required("dimension", b.Dimension)
		case model.PartsOccupancyAreas:
			if subject.Type != model.SubjectSite && subject.Slug != "" {
				v.bad("OCCUPANCY_AREAS needs a site as subject")
			}
			if b.Metric != "" || b.Dimension != "" {
				v.bad("metric and dimension are only for OBSERVATIONS parts")
			}
		}
		if d, _ := v.date("date", b.Date); d != nil {
			row.Date = d
		}
		if b.Base != "" {
			obsRef("base", b.Base)
		}
		for j, t := range b.Totals {
			obsRef(fmt.Sprintf("totals[%d]", j), t)
		}
		v.p.breakdowns = append(v.p.breakdowns, breakdownPlan{row: row, subject: subject, metric: b.Metric, base: b.Base, totals: b.Totals})
	}
}
