package seed

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

// storyTerritoryKinds are the kinds of the territories the data files may add: zones
// and groupings; COUNTRY for foreign countries only (France and its subdivisions come
// from the geography).
var storyTerritoryKinds = []model.TerritoryKind{model.TerritoryIndustrialZone, model.TerritoryGrouping, model.TerritoryCountry}

// adminSlug matches the slugs of the administrative territories that the geography
// loader creates: france, region-32, departement-62, epci-200072460, commune-62119.
var adminSlug = regexp.MustCompile(`^(france|region-\d{2}|departement-(\d{2,3}|2A|2B)|epci-\d{9}|commune-(\d{5}|2A\d{3}|2B\d{3}))$`)

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

// citeDate is a passage's own publication date.
type citeDate struct {
	on        string
	precision model.Precision
	given     string
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
	sources   []model.Source
	citations []citeKey
	// citeDates are the passages' own publication dates (stored form and precision).
	citeDates     map[citeKey]citeDate
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
	releases      []model.DatasetRelease
	corrections   []model.Correction
	// removed are the records the corrections log says were removed ("observation:slug"):
	// the writer deletes them from a database loaded with an earlier release.
	removed []string
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
	areaCite            *citeKey
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
	event                           string
	cite                            citeKey
}

type observationPlan struct {
	row     model.Observation
	subject ref
	metric  string
	event   string
	cite    citeKey
}

type eventSubjectPlan struct {
	subject ref
	role    model.Text
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
	fileReleases      = "releases.yaml"
	fileCorrections   = "corrections.yaml"
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
	d.events, ok = decodeFileOK[eventRec](fsys, fileEvents, ps)
	d.failed[fileEvents] = !ok
	d.relationships = decodeFile[relationshipRec](fsys, fileRelationships, ps)
	d.breakdowns = decodeFile[breakdownRec](fsys, fileBreakdowns, ps)
	d.release, ok = decodeFileOK[releaseRec](fsys, fileReleases, ps)
	d.failed[fileReleases] = !ok
	d.corrections = decodeFile[correctionRec](fsys, fileCorrections, ps)
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
	// citeSeenUndated: the passages cited at least once without an own date.
	citeSeenUndated map[citeKey]bool
	// events are the slugs of events.yaml (eventsFailed: it did not decode).
	events       map[string]bool
	eventsFailed bool
	// programmeFunders are the programmes' funder kinds, by slug.
	programmeFunders map[string]model.FunderKind
}

func (v *validator) bad(format string, args ...any) { v.ps.add(v.file, v.rec, format, args...) }

func (v *validator) at(file string, slug string, i int) {
	v.file, v.rec = file, recordName(slug, i)
}

func validate(d *rawData, ps *problems) *plan {
	v := &validator{
		ps: ps, d: d,
		p:           &plan{adminRefs: map[string]Problem{}, citeDates: map[citeKey]citeDate{}},
		sourceDocs:  map[string]string{},
		metricUnits: map[string]string{},
		slugs: map[model.SubjectType]map[string]bool{
			model.SubjectTerritory: {}, model.SubjectSite: {}, model.SubjectCompany: {}, model.SubjectProgramme: {},
		},
		citeSeen: map[citeKey]bool{}, citeSeenUndated: map[citeKey]bool{},
		programmeFunders: map[string]model.FunderKind{},
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
	v.checkReleases()
	v.checkCorrections()
	return v.p
}

// unique reports duplicate or malformed slugs of a file and returns the set.
func (v *validator) unique(file string, slugs []string) map[string]bool {
	seen := make(map[string]bool, len(slugs))
	for i, s := range slugs {
		v.at(file, s, i)
		var err *model.Error
		if s == "" || file != fileMetrics { // metric codes are snake_case
			err = rules.Slug(rules.Data, s)
		}
		switch {
		case err != nil:
			v.check(err)
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
	v.events = v.unique(fileEvents, slugsOf(d.events, func(r eventRec) string { return r.Slug }))
	v.eventsFailed = d.failed[fileEvents]
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

// check reports the problem a rule found, if any.
func (v *validator) check(err *model.Error) {
	if err != nil {
		v.bad("%s", err.Message)
	}
}

// report reports the problems the rules found in the record being checked.
func (v *validator) report(p *rules.Problems) {
	for _, err := range p.List() {
		v.check(err)
	}
}

func (v *validator) required(field, value string) {
	v.check(rules.Required(rules.Data, field, value))
}

// text is a curated text as stored (spaces of folded blocks collapsed); one given in a
// single language is a problem: the API answers in French and in English.
func (v *validator) text(field string, t model.Text) model.Text {
	t = collapseText(t)
	v.check(rules.Bilingual(rules.Data, field, t))
	return t
}

// requiredText checks a text the record must have.
func (v *validator) requiredText(field string, value model.Text) {
	v.check(rules.RequiredText(rules.Data, field, value))
}

// enum checks an enumerated field of a record whose rules are the seed's own; def is
// the value of an absent field ("": it is required).
func enum[T ~string](v *validator, field, value string, allowed []T, def T) T {
	if value == "" && def != "" {
		return def
	}
	v.check(rules.OneOf(rules.Data, field, T(value), allowed))
	return T(value)
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
	stored, p, err := rules.Date(field, s)
	if err != nil {
		v.check(err)
		return nil, nil
	}
	return &stored, &p
}

// span checks "date" or "period" (exactly one) and returns the stored start (nil for
// a date), the stored date (the end of a period) and the precision they share. Its
// problems go to p, as problems of the date.
func span(p *rules.Problems, date string, per *period) (start *string, at string, prec model.Precision, ok bool) {
	const field = "date"
	switch {
	case date != "" && per != nil:
		p.Addf(field, "give either date or period, not both")
	case date != "":
		d, dp, err := rules.Date("date", date)
		if err != nil {
			p.Add(field, err)
			break
		}
		return nil, d, dp, true
	case per != nil && per.End == "":
		p.Addf(field, "period needs an end")
	case per != nil:
		e, ep, err := rules.Date("period.end", per.End)
		if err != nil {
			p.Add(field, err)
			break
		}
		if per.Start == "" {
			return nil, e, ep, true
		}
		s, sp, err := rules.Date("period.start", per.Start)
		if err == nil {
			err = rules.Period("period.start", s, sp, "period.end", e, ep)
		}
		if err != nil {
			p.Add(field, err)
			break
		}
		return &s, e, ep, true
	default:
		p.Addf(field, "missing date or period")
	}
	return nil, "", "", false
}

// cite checks a citation: known source, exact quote found in the source document,
// locator given.
func (v *validator) cite(c *cite, mandatory bool) *citeKey {
	if c == nil && !mandatory {
		return nil
	}
	var p rules.Problems
	if c == nil {
		rules.Citation(&p, rules.Data, "cite", false, "", "", "")
		v.report(&p)
		return nil
	}
	quote := collapseSpaces(c.Quote)
	rules.Citation(&p, rules.Data, "cite", true, c.Source, quote, c.Locator)
	v.report(&p)
	if p.Has("cite.source") || p.Has("cite.quote") {
		return nil
	}
	doc, ok := v.sourceDocs[c.Source]
	switch {
	case !ok && v.d.failed[fileSources]:
		return nil
	case !ok:
		v.bad("cite: unknown source %q", c.Source)
		return nil
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
	// A passage that opens with its own posting date ("Posté le 1 septembre 2025") is
	// known from that date, whatever the date of its page: it must say so.
	if m := postedOn.FindStringSubmatch(foldDateText(quote)); m != nil && c.Published == "" {
		v.bad("cite: the passage is posted on its own date (%q): give it as cite.published", m[0])
	}
	// A passage's own date is given with every record that cites it, the same each time.
	prev, dated := v.p.citeDates[k]
	switch {
	case c.Published == "" && dated:
		v.bad("cite: this passage has its own publication date %q elsewhere: give it here too", prev.given)
	case c.Published != "" && v.citeSeenUndated[k]:
		v.bad("cite: this passage is cited elsewhere without its own publication date %q", c.Published)
	case c.Published != "" && dated && prev.given != c.Published:
		v.bad("cite: this passage is given two publication dates, %q and %q", prev.given, c.Published)
	case c.Published != "" && !dated:
		on, prec, err := rules.Date("cite.published", c.Published)
		if err != nil {
			v.check(err)
			break
		}
		v.p.citeDates[k] = citeDate{on: on, precision: prec, given: c.Published}
	}
	if c.Published == "" {
		v.citeSeenUndated[k] = true
	}
	return &k
}

// publishedOf is the date a passage was made public: its own date, or its source's
// (stored form and precision; "" when neither is known).
func (v *validator) publishedOf(k citeKey) (string, model.Precision) {
	if d, ok := v.p.citeDates[k]; ok {
		return d.on, d.precision
	}
	for _, s := range v.p.sources {
		if s.Slug == k.Source && s.PublishedOn != nil {
			return *s.PublishedOn, s.PublishedPrecision
		}
	}
	return "", ""
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
		var p rules.Problems
		row := model.Source{
			Slug: s.Slug, Title: collapseSpaces(s.Title), Publisher: s.Publisher, PublisherInferred: s.PublisherInferred, Kind: model.SourceKind(s.Kind),
			Language: s.Language, URL: optString(s.URL), Licence: optString(s.Licence), Document: optString(s.Document),
			Description: v.text("description", s.Description),
		}
		if s.Published != "" {
			published, precision, err := rules.Date("published", s.Published)
			p.Add("published", err)
			if err == nil {
				row.PublishedOn, row.PublishedPrecision = &published, precision
			}
		}
		rules.Source(&p, rules.Data, &row)
		v.report(&p)
		v.p.sources = append(v.p.sources, row)
	}
}

func (v *validator) checkMetrics() {
	for i, m := range v.d.metrics {
		v.at(fileMetrics, m.Code, i)
		row := model.Metric{Code: m.Code, Label: v.text("label", m.Label), Unit: m.Unit, Definition: v.text("definition", m.Definition)}
		var p rules.Problems
		rules.Metric(&p, rules.Data, &row)
		v.report(&p)
		v.p.metrics = append(v.p.metrics, row)
	}
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
		kind := enum(v, "kind", t.Kind, storyTerritoryKinds, "")
		parent := v.territoryRef("parent", t.Parent, kind != model.TerritoryCountry)
		if parent == t.Slug {
			v.bad("a territory cannot be its own parent")
		}
		row := model.Territory{Slug: t.Slug, Name: t.Name, Kind: kind, Code: optString(t.Code),
			Description: v.text("description", t.Description)}
		if t.Location != nil {
			lp := enum(v, "location.precision", t.Location.Precision, rules.LocationPrecisions, "")
			row.Latitude, row.Longitude, row.LocationPrecision = ptr(t.Location.Lat), ptr(t.Location.Lon), ptr(lp)
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
			row:    model.TerritoryMembership{Role: v.text("role", m.Role), Since: since, SincePrecision: sp, Until: until, UntilPrecision: up},
			member: member, group: group, cite: v.cite(m.Cite, true),
		})
	}
}

func (v *validator) checkCompanies() {
	for i, c := range v.d.companies {
		v.at(fileCompanies, c.Slug, i)
		row := model.Company{Slug: c.Slug, Name: c.Name, Kind: model.CompanyKind(c.Kind), Siren: optString(c.Siren),
			Activity: v.text("activity", c.Activity), GroupName: optString(c.Group), Description: v.text("description", c.Description),
			Website: optString(c.Website)}
		var p rules.Problems
		rules.Company(&p, rules.Data, &row)
		v.report(&p)
		territory := v.territoryRef("territory", c.Territory, false)
		v.p.companies = append(v.p.companies, companyPlan{row: row, territory: territory})
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
		row := model.Programme{Slug: p.Slug, Name: p.Name, ShortName: optString(p.ShortName), Level: model.ProgrammeLevel(p.Level),
			FunderKind: model.FunderKind(p.FunderKind), Scope: model.MoneyScope(p.Scope), Description: v.text("description", p.Description)}
		var ps rules.Problems
		rules.Programme(&ps, rules.Data, &row)
		v.report(&ps)
		parent := v.plainRef("parent", model.SubjectProgramme, p.Parent, false)
		if depth(p.Slug) > len(byslug) {
			v.bad("the parent chain loops")
		}
		if p.Period != nil {
			row.PeriodStart, row.PeriodStartPrecision = v.date("period.start", p.Period.Start)
			row.PeriodEnd, row.PeriodEndPrecision = v.date("period.end", p.Period.End)
		}
		plans = append(plans, programmePlan{row: row, parent: parent})
		v.programmeFunders[p.Slug] = row.FunderKind
	}
	sort.SliceStable(plans, func(a, b int) bool { return depth(plans[a].row.Slug) < depth(plans[b].row.Slug) })
	v.p.programmes = plans
}

func (v *validator) checkSites() {
	for i, s := range v.d.sites {
		v.at(fileSites, s.Slug, i)
		var p rules.Problems
		territory := v.territoryRef("territory", s.Territory, true)
		operator := v.plainRef("operator", model.SubjectCompany, s.Operator, false)
		opened, op := v.date("opened", s.Opened)
		row := model.Site{Slug: s.Slug, Name: s.Name, Address: optString(s.Address), AreaM2: s.AreaM2,
			OpenedOn: opened, OpenedPrecision: op, Description: v.text("description", s.Description)}
		if s.Location != nil {
			row.Latitude, row.Longitude = ptr(s.Location.Lat), ptr(s.Location.Lon)
			if s.Location.Precision != "" {
				row.LocationPrecision = ptr(model.LocationPrecision(s.Location.Precision))
			}
		}
		// The status of the site is the latest of its history: the problems of the
		// history are problems of the status.
		if len(s.StatusHistory) == 0 {
			p.Addf("status", "missing status_history (at least one status period)")
		}
		var periods []statusPlan
		prev := ""
		for j, h := range s.StatusHistory {
			status := model.SiteStatus(h.Status)
			p.Add("status", rules.OneOf(rules.Data, fmt.Sprintf("status_history[%d].status", j), status, rules.SiteStatuses))
			since, sp := v.historyDate(&p, fmt.Sprintf("status_history[%d].since", j), h.Since)
			until, up := v.historyDate(&p, fmt.Sprintf("status_history[%d].until", j), h.Until)
			if since == nil {
				if h.Since == "" {
					p.Addf("status", "status_history[%d]: missing since", j)
				}
				continue
			}
			if *since < prev {
				p.Addf("status", "status_history[%d]: periods must be in chronological order", j)
			}
			prev = *since
			c := v.cite(h.Cite, true)
			if c != nil {
				p.Add("status", v.dateInQuote(fmt.Sprintf("status_history[%d].since", j), *since, *sp, *c))
			}
			periods = append(periods, statusPlan{
				row: model.SiteStatusPeriod{Status: status, Since: *since, SincePrecision: *sp,
					Until: until, UntilPrecision: up},
				cite: c,
			})
		}
		if len(periods) > 0 {
			row.Status = periods[len(periods)-1].row.Status
		}
		rules.Site(&p, rules.Data, &row)
		v.report(&p)
		// No domain number without its source: an area comes with the passage that gives it.
		var areaCite *citeKey
		switch {
		case s.AreaM2 != nil:
			areaCite = v.cite(s.AreaCite, true)
		case s.AreaCite != nil:
			v.bad("area_cite without area_m2")
		}
		v.p.sites = append(v.p.sites, sitePlan{row: row, areaCite: areaCite, territory: territory, operator: operator,
			hasLocation: s.Location != nil, periods: periods})
	}
}

// historyDate reads an optional date of a site's status history; its problem is a
// problem of the site's status.
func (v *validator) historyDate(p *rules.Problems, field, s string) (*string, *model.Precision) {
	if s == "" {
		return nil, nil
	}
	stored, prec, err := rules.Date(field, s)
	if err != nil {
		p.Add("status", err)
		return nil, nil
	}
	return &stored, &prec
}

func (v *validator) checkOccupancies() {
	for i, o := range v.d.occupancies {
		v.at(fileOccupancies, o.Slug, i)
		site := v.plainRef("site", model.SubjectSite, o.Site, true)
		company := v.plainRef("company", model.SubjectCompany, o.Company, true)
		since, sp := v.date("since", o.Since)
		until, up := v.date("until", o.Until)
		row := model.Occupancy{Slug: o.Slug, Since: since, SincePrecision: sp, Until: until, UntilPrecision: up,
			FloorAreaM2: o.FloorAreaM2, Activity: v.text("activity", o.Activity), Status: model.OccupancyStatus(o.Status)}
		var p rules.Problems
		rules.Occupancy(&p, rules.Data, &row)
		v.report(&p)
		c := v.cite(o.Cite, true)
		if c != nil && since != nil {
			v.check(v.dateInQuote("since", *since, *sp, *c))
		}
		v.p.occupancies = append(v.p.occupancies, occupancyPlan{row: row, site: site, company: company, cite: c})
	}
}

func (v *validator) checkSubsidies() {
	var claims claimGroups
	for i, s := range v.d.subsidies {
		v.at(fileSubsidies, s.Slug, i)
		var p rules.Problems
		programme := v.plainRef("programme", model.SubjectProgramme, s.Programme, true)
		recipient := v.plainRef("recipient", model.SubjectCompany, s.Recipient, false)
		territory := v.territoryRef("territory", s.Territory, false)
		if s.Recipient == "" && s.Territory == "" {
			v.bad("a subsidy needs a recipient (company) or a territory")
		}
		if s.AmountEUR == nil {
			p.Add("amount_eur", rules.Missing(rules.Data, "amount_eur"))
		}
		start, at, prec, _ := span(&p, s.Date, s.Period)
		row := model.Subsidy{Slug: s.Slug, Approximation: model.Approximation(s.Approximation), RecipientsCount: s.RecipientsCount,
			PeriodStart: start, Precision: prec, Status: model.ObservationStatus(s.Status),
			FunderKind: model.FunderKind(s.FunderKind), Scope: model.MoneyScope(s.Scope), Rank: model.Rank(s.Rank),
			RankReason: v.text("rank_reason", s.RankReason), Claim: optString(s.Claim),
			Purpose: v.text("purpose", s.Purpose), Note: v.text("note", s.Note)}
		if row.FunderKind == "" {
			// Who pays is the programme's funder unless the subsidy says otherwise.
			row.FunderKind = v.programmeFunders[programme]
		}
		if at != "" {
			// A date alone is the end of an undated period ("au 31 décembre 2023").
			row.PeriodEnd = &at
		}
		if s.AmountEUR != nil {
			row.AmountEur = *s.AmountEUR
		}
		rules.Subsidy(&p, rules.Data, &row)
		v.report(&p)
		c := v.cite(s.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		if s.Event != "" && !v.events[s.Event] && !v.eventsFailed {
			v.bad("event: unknown event %q", s.Event)
		}
		v.p.subsidies = append(v.p.subsidies, subsidyPlan{row: row, programme: programme, recipient: recipient,
			territory: territory, event: s.Event, cite: *c})
		if s.Claim != "" {
			from, to := rules.SubsidySpan(&row)
			claims.add(s.Claim, rules.ClaimMember{Record: v.rec,
				About: fmt.Sprint(programme, " ", recipient, " ", territory, " ", row.Status, " ", row.FunderKind, " ", row.Scope),
				Rank:  row.Rank, RankReason: row.RankReason, Says: rules.SubsidySays(&row), From: from, To: to})
		}
	}
	claims.check(v, fileSubsidies, rules.SubsidyClaims)
}

// claimGroups gathers the members of the claim groups of a file, in the order of the
// file, and checks each group once all are read.
type claimGroups struct {
	order   []string
	members map[string][]rules.ClaimMember
}

func (g *claimGroups) add(claim string, m rules.ClaimMember) {
	if g.members == nil {
		g.members = map[string][]rules.ClaimMember{}
	}
	if _, ok := g.members[claim]; !ok {
		g.order = append(g.order, claim)
	}
	g.members[claim] = append(g.members[claim], m)
}

// check reports the problems of every group of file: a member's at its record, the
// group's at "claim <key>".
func (g *claimGroups) check(v *validator, file string, kind rules.ClaimKind) {
	for _, claim := range g.order {
		for _, cp := range rules.ClaimGroup(rules.Data, kind, claim, g.members[claim]) {
			v.file, v.rec = file, cp.Record
			if cp.Record == "" {
				v.rec = "claim " + claim
			}
			v.check(cp.Err)
		}
	}
}

func (v *validator) checkObservations() {
	var claims claimGroups
	for i, o := range v.d.observations {
		v.at(fileObservations, o.Slug, i)
		var p rules.Problems
		subject, _ := v.subjectRef("subject", o.Subject)
		unit, known := v.metricUnits[o.Metric]
		if o.Metric == "" {
			v.bad("missing metric")
		} else if !known && !v.d.failed[fileMetrics] {
			v.bad("unknown metric %q", o.Metric)
		}
		if o.Unit != "" {
			if err := rules.Unit(o.Unit); err != nil {
				p.Add("unit", err)
			} else if known {
				p.Add("unit", rules.UnitOfMetric(o.Unit, o.Metric, unit))
			}
			unit = o.Unit
		}
		if o.Value == nil {
			p.Add("value", rules.Missing(rules.Data, "value"))
		}
		start, at, prec, _ := span(&p, o.Date, o.Period)
		row := model.Observation{Slug: o.Slug, Unit: unit, Approximation: model.Approximation(o.Approximation), ValueMax: o.ValueMax,
			Date: at, Precision: prec, PeriodStart: start, Status: model.ObservationStatus(o.Status), Rank: model.Rank(o.Rank),
			RankReason: v.text("rank_reason", o.RankReason), Claim: optString(o.Claim), Dimension: optString(o.Dimension),
			Category: optString(o.Category), Note: v.text("note", o.Note)}
		if o.Value != nil {
			row.Value = *o.Value
		}
		rules.Observation(&p, rules.Data, &row)
		v.report(&p)
		c := v.cite(o.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		if o.Event != "" && !v.events[o.Event] && !v.eventsFailed {
			v.bad("event: unknown event %q", o.Event)
		}
		v.p.observations = append(v.p.observations, observationPlan{row: row, subject: subject, metric: o.Metric, event: o.Event, cite: *c})
		if o.Claim != "" {
			from, to := rules.ObservationSpan(&row)
			claims.add(o.Claim, rules.ClaimMember{Record: v.rec,
				About: fmt.Sprint(subject, " ", o.Metric, " ", row.Status, " ", o.Dimension, "/", o.Category),
				Rank:  row.Rank, RankReason: row.RankReason, Says: rules.ObservationSays(&row), From: from, To: to})
		}
	}
	claims.check(v, fileObservations, rules.ObservationClaims)
}

func (v *validator) checkEvents() {
	var claims claimGroups
	for i, e := range v.d.events {
		v.at(fileEvents, e.Slug, i)
		var p rules.Problems
		row := model.Event{Slug: e.Slug, Kind: model.EventKind(e.Kind), Title: v.text("title", e.Title), Description: v.text("description", e.Description),
			Status: model.ObservationStatus(e.Status), Rank: model.Rank(e.Rank), RankReason: v.text("rank_reason", e.RankReason),
			Claim: optString(e.Claim)}
		if e.Date != "" {
			at, prec, err := rules.Date("date", e.Date)
			p.Add("date", err)
			row.Date, row.Precision = at, prec
		}
		rules.Event(&p, rules.Data, &row)
		v.report(&p)
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
			subjects = append(subjects, eventSubjectPlan{subject: r, role: v.text("role", s.Role)})
		}
		c := v.cite(e.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		v.p.events = append(v.p.events, eventPlan{row: row, subjects: subjects, cite: *c})
		if e.Claim != "" {
			claims.add(e.Claim, rules.ClaimMember{Record: v.rec, About: string(row.Kind),
				Rank: row.Rank, RankReason: row.RankReason, Says: rules.EventSays(&row)})
		}
	}
	claims.check(v, fileEvents, rules.EventClaims)
}

func (v *validator) checkRelationships() {
	for i, r := range v.d.relationships {
		v.at(fileRelationships, r.Slug, i)
		row := model.Relationship{Slug: r.Slug, Kind: model.RelationshipKind(r.Kind), Description: v.text("description", r.Description)}
		var p rules.Problems
		rules.Relationship(&p, rules.Data, &row)
		v.report(&p)
		from, _ := v.subjectRef("from", r.From)
		to, _ := v.subjectRef("to", r.To)
		if from.Slug != "" {
			v.check(rules.Ends(from.String(), to.String()))
		}
		row.Since, row.SincePrecision = v.date("since", r.Since)
		row.Until, row.UntilPrecision = v.date("until", r.Until)
		c := v.cite(r.Cite, true)
		if c == nil {
			c = &citeKey{}
		}
		v.p.relationships = append(v.p.relationships, relationshipPlan{row: row, from: from, to: to, cite: *c})
	}
}

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
		v.requiredText("title", b.Title)
		subject, _ := v.subjectRef("subject", b.Subject)
		kind := enum(v, "parts", b.Parts, rules.PartsKinds, "")
		row := model.Breakdown{Slug: b.Slug, Title: v.text("title", b.Title), Note: v.text("note", b.Note),
			PartsKind: kind, Dimension: optString(b.Dimension)}
		switch kind {
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
			// One unit for the parts and their base: people are not compared with jobs.
			if m, ok := observations[b.Base]; ok && kind == model.PartsObservations {
				if bu, pu := v.metricUnits[m], v.metricUnits[b.Metric]; bu != "" && pu != "" && bu != pu {
					v.bad("base: the base %q is in %s, the parts in %s: a breakdown and its base have one unit", b.Base, bu, pu)
				}
			}
		}
		for j, t := range b.Totals {
			obsRef(fmt.Sprintf("totals[%d]", j), t)
		}
		v.p.breakdowns = append(v.p.breakdowns, breakdownPlan{row: row, subject: subject, metric: b.Metric, base: b.Base, totals: b.Totals})
	}
}

// postedOn matches a passage that opens with its own posting date.
var postedOn = regexp.MustCompile(`^posté le \d{1,2}(er)? \p{L}+ \d{4}`)

// frenchMonths are the month names of the documents, January first.
var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// foldDateText lower-cases a passage and writes ordinal exponents plainly ("1^{ER} MAI"
// is "1er mai"), to look for dates in it.
func foldDateText(s string) string {
	s = strings.ToLower(normaliseQuote(s))
	return strings.NewReplacer("^{er}", "er", "^{ère}", "ère", "^{re}", "re").Replace(s)
}

// dateInQuote checks that a date (stored form and precision) is the one its passage
// gives: written in the quote at its precision ("30 avril 2021", "avril 2021", "2021"),
// or the date the passage was published (a status "as of" its source). So a status
// history cannot say "since 2021-05" while quoting "En avril 2021".
func (v *validator) dateInQuote(field, stored string, p model.Precision, c citeKey) *model.Error {
	if on, prec := v.publishedOf(c); on != "" && prec == p && on == stored {
		return nil
	}
	quote := foldDateText(c.Quote)
	year, month, day := stored[:4], stored[5:7], stored[8:10]
	var forms []string
	switch p {
	case model.PrecisionYear:
		forms = []string{year}
	case model.PrecisionMonth, model.PrecisionDay:
		m, _ := strconv.Atoi(month)
		name := frenchMonths[m-1]
		if p == model.PrecisionMonth {
			forms = []string{name + " " + year}
			break
		}
		d, _ := strconv.Atoi(day)
		forms = []string{fmt.Sprintf("%d %s %s", d, name, year), day + " " + name + " " + year}
		if d == 1 {
			forms = append(forms, "1er "+name+" "+year)
		}
	}
	for _, f := range forms {
		if strings.Contains(quote, f) {
			return nil
		}
	}
	return model.BadInput("%s %s is neither written in its quote (%s) nor the date its passage was published",
		field, model.FormatPartialDate(stored, p), strings.Join(forms, ", "))
}

// checkReleases reads releases.yaml: the releases of the dataset, oldest first; the
// last one is the current release.
func (v *validator) checkReleases() {
	seen := map[string]bool{}
	prev := ""
	for i, r := range v.d.release {
		v.at(fileReleases, r.Version, i)
		v.required("version", r.Version)
		if seen[r.Version] {
			v.bad("duplicate version %q", r.Version)
		}
		seen[r.Version] = true
		on, prec, err := rules.Date("date", r.Date)
		switch {
		case err != nil:
			v.check(err)
			continue
		case prec != model.PrecisionDay:
			v.bad("date %q: a release is dated to the day", r.Date)
		case on < prev:
			v.bad("releases must be in chronological order")
		}
		prev = on
		v.p.releases = append(v.p.releases, model.DatasetRelease{Version: r.Version, ReleasedOn: on,
			Description: v.text("description", r.Description)})
	}
	if len(v.d.release) == 0 && !v.d.failed[fileReleases] {
		v.file, v.rec = fileReleases, ""
		v.bad("no release: the file lists the releases of the dataset, the current one last")
	}
}

// correctionKinds are the kinds of a corrections entry.
var correctionKinds = []model.CorrectionKind{model.CorrectionTotal, model.CorrectionPreferred, model.CorrectionValue,
	model.CorrectionRemoved, model.CorrectionGrouping}

// checkCorrections reads corrections.yaml: every entry names a known release, is dated
// to the day, says what changed (before, after) and why. A REMOVED entry lists the
// records it removed, no longer in the data files: the loader deletes them from a
// database loaded with an earlier release.
func (v *validator) checkCorrections() {
	releases := map[string]bool{}
	for _, r := range v.p.releases {
		releases[r.Version] = true
	}
	v.unique(fileCorrections, slugsOf(v.d.corrections, func(r correctionRec) string { return r.Slug }))
	present := map[string]map[string]bool{
		"observation": slugSet(v.d.observations, func(r observationRec) string { return r.Slug }),
		"subsidy":     slugSet(v.d.subsidies, func(r subsidyRec) string { return r.Slug }),
		"event":       slugSet(v.d.events, func(r eventRec) string { return r.Slug }),
	}
	for i, c := range v.d.corrections {
		v.at(fileCorrections, c.Slug, i)
		if !releases[c.Release] && len(v.p.releases) > 0 {
			v.bad("release %q is not in %s", c.Release, fileReleases)
		}
		on, prec, err := rules.Date("date", c.Date)
		if err != nil {
			v.check(err)
		} else if prec != model.PrecisionDay {
			v.bad("date %q: an entry is dated to the day", c.Date)
		}
		kind := enum(v, "kind", c.Kind, correctionKinds, "")
		for _, f := range []struct {
			name  string
			value model.Text
		}{{"title", c.Title}, {"before", c.Before}, {"after", c.After}, {"reason", c.Reason}} {
			v.requiredText(f.name, f.value)
		}
		if len(c.Records) == 0 && len(c.Keys) == 0 {
			v.bad("an entry names the records or the published keys it changed")
		}
		for _, r := range append(append([]string{}, c.Records...), c.Removed...) {
			if k, slug, ok := strings.Cut(r, ":"); !ok || k == "" || slug == "" {
				v.bad("records: %q must be written kind:slug", r)
			}
		}
		if (kind == model.CorrectionRemoved) != (len(c.Removed) > 0) {
			v.bad("removed: a REMOVED entry, and only one, lists the records it removes")
		}
		for _, r := range c.Removed {
			k, slug, _ := strings.Cut(r, ":")
			set, known := present[k]
			switch {
			case !known:
				v.bad("removed: only observations, subsidies and events are removed, not %q", r)
			case set[slug]:
				v.bad("removed: %s is still in the data files", r)
			default:
				v.p.removed = append(v.p.removed, r)
			}
		}
		v.p.corrections = append(v.p.corrections, model.Correction{Slug: c.Slug, Release: c.Release, PublishedOn: on, Kind: kind,
			Title: v.text("title", c.Title), Before: v.text("before", c.Before), After: v.text("after", c.After),
			Reason: v.text("reason", c.Reason), Records: strings.Join(append(append([]string{}, c.Records...), c.Removed...), "\n"),
			Keys: strings.Join(c.Keys, "\n")})
	}
}

func slugSet[T any](rs []T, f func(T) string) map[string]bool {
	out := make(map[string]bool, len(rs))
	for _, r := range rs {
		out[f(r)] = true
	}
	return out
}
