package seed

import "github.com/reindustrie/observatory/model"

// The shapes of the records in seed/data/*.yaml. Every field is decoded strictly: a
// field that is not declared here is an error, so a typo cannot silently drop data.
//
// References between records are slugs. A reference that may point at several kinds of
// record is written "kind:slug" (territory:, site:, company:, programme:), e.g.
// "site:bridgestone-bethune". Dates are reduced ISO 8601 strings: "2021-04-30" (day),
// "2021-04" (month), "2022" (year).

// cite is the citation every cited record carries: the source document, the exact
// sentence in its original French (checked against the document), and where it sits.
type cite struct {
	Source  string `yaml:"source"`
	Quote   string `yaml:"quote"`
	Locator string `yaml:"locator"`
	// Published is the passage's own publication date, when it differs from its
	// source's (a post or an update inside a page, "Posté le 1 septembre 2025"): the
	// figures it supports are known from this date.
	Published string `yaml:"published"`
}

// period is a span of time; either end may be absent.
type period struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
}

type location struct {
	Lat       float64 `yaml:"lat"`
	Lon       float64 `yaml:"lon"`
	Precision string  `yaml:"precision"`
}

type sourceRec struct {
	Slug      string `yaml:"slug"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	// PublisherInferred: the document does not name its publisher; the observatory
	// inferred it (the description says how).
	PublisherInferred bool       `yaml:"publisher_inferred"`
	Kind              string     `yaml:"kind"`
	Published         string     `yaml:"published"`
	Language          string     `yaml:"language"`
	URL               string     `yaml:"url"`
	Licence           string     `yaml:"licence"`
	Document          string     `yaml:"document"`
	Description       model.Text `yaml:"description"`
}

type metricRec struct {
	Code       string     `yaml:"code"`
	Label      model.Text `yaml:"label"`
	Unit       string     `yaml:"unit"`
	Definition model.Text `yaml:"definition"`
}

type territoryRec struct {
	Slug        string     `yaml:"slug"`
	Name        string     `yaml:"name"`
	Kind        string     `yaml:"kind"`
	Code        string     `yaml:"code"`
	Parent      string     `yaml:"parent"`
	Location    *location  `yaml:"location"`
	Description model.Text `yaml:"description"`
}

type membershipRec struct {
	Member string     `yaml:"member"`
	Group  string     `yaml:"group"`
	Role   model.Text `yaml:"role"`
	Since  string     `yaml:"since"`
	Until  string     `yaml:"until"`
	Cite   *cite      `yaml:"cite"`
}

type companyRec struct {
	Slug        string     `yaml:"slug"`
	Name        string     `yaml:"name"`
	Kind        string     `yaml:"kind"`
	Siren       string     `yaml:"siren"`
	Activity    model.Text `yaml:"activity"`
	Group       string     `yaml:"group"`
	Description model.Text `yaml:"description"`
	Territory   string     `yaml:"territory"`
	Website     string     `yaml:"website"`
}

type statusRec struct {
	Status string `yaml:"status"`
	Since  string `yaml:"since"`
	Until  string `yaml:"until"`
	Cite   *cite  `yaml:"cite"`
}

type siteRec struct {
	Slug          string      `yaml:"slug"`
	Name          string      `yaml:"name"`
	Territory     string      `yaml:"territory"`
	Address       string      `yaml:"address"`
	Location      *location   `yaml:"location"`
	AreaM2        *float64    `yaml:"area_m2"`
	AreaCite      *cite       `yaml:"area_cite"`
	Operator      string      `yaml:"operator"`
	Opened        string      `yaml:"opened"`
	Description   model.Text  `yaml:"description"`
	StatusHistory []statusRec `yaml:"status_history"`
}

type occupancyRec struct {
	Slug        string     `yaml:"slug"`
	Site        string     `yaml:"site"`
	Company     string     `yaml:"company"`
	Since       string     `yaml:"since"`
	Until       string     `yaml:"until"`
	FloorAreaM2 *float64   `yaml:"floor_area_m2"`
	Activity    model.Text `yaml:"activity"`
	Status      string     `yaml:"status"`
	Cite        *cite      `yaml:"cite"`
}

type programmeRec struct {
	Slug        string     `yaml:"slug"`
	Name        string     `yaml:"name"`
	ShortName   string     `yaml:"short_name"`
	Level       string     `yaml:"level"`
	FunderKind  string     `yaml:"funder_kind"`
	Scope       string     `yaml:"scope"`
	Parent      string     `yaml:"parent"`
	Period      *period    `yaml:"period"`
	Description model.Text `yaml:"description"`
}

type subsidyRec struct {
	Slug            string     `yaml:"slug"`
	Programme       string     `yaml:"programme"`
	Recipient       string     `yaml:"recipient"`
	Territory       string     `yaml:"territory"`
	AmountEUR       *float64   `yaml:"amount_eur"`
	Approximation   string     `yaml:"approximation"`
	RecipientsCount *int64     `yaml:"recipients_count"`
	Date            string     `yaml:"date"`
	Period          *period    `yaml:"period"`
	Status          string     `yaml:"status"`
	FunderKind      string     `yaml:"funder_kind"`
	Scope           string     `yaml:"scope"`
	Rank            string     `yaml:"rank"`
	RankReason      model.Text `yaml:"rank_reason"`
	Claim           string     `yaml:"claim"`
	Event           string     `yaml:"event"`
	Purpose         model.Text `yaml:"purpose"`
	Note            model.Text `yaml:"note"`
	Cite            *cite      `yaml:"cite"`
}

type observationRec struct {
	Slug          string     `yaml:"slug"`
	Subject       string     `yaml:"subject"`
	Metric        string     `yaml:"metric"`
	Value         *float64   `yaml:"value"`
	ValueMax      *float64   `yaml:"value_max"`
	Approximation string     `yaml:"approximation"`
	Unit          string     `yaml:"unit"`
	Date          string     `yaml:"date"`
	Period        *period    `yaml:"period"`
	Status        string     `yaml:"status"`
	Rank          string     `yaml:"rank"`
	RankReason    model.Text `yaml:"rank_reason"`
	Claim         string     `yaml:"claim"`
	Dimension     string     `yaml:"dimension"`
	Category      string     `yaml:"category"`
	Note          model.Text `yaml:"note"`
	// Event is the slug of the event at which the figure was made public.
	Event string `yaml:"event"`
	Cite  *cite  `yaml:"cite"`
}

type eventSubjectRec struct {
	Ref  string     `yaml:"ref"`
	Role model.Text `yaml:"role"`
}

type eventRec struct {
	Slug        string            `yaml:"slug"`
	Kind        string            `yaml:"kind"`
	Title       model.Text        `yaml:"title"`
	Description model.Text        `yaml:"description"`
	Date        string            `yaml:"date"`
	Status      string            `yaml:"status"`
	Rank        string            `yaml:"rank"`
	RankReason  model.Text        `yaml:"rank_reason"`
	Claim       string            `yaml:"claim"`
	Subjects    []eventSubjectRec `yaml:"subjects"`
	Cite        *cite             `yaml:"cite"`
}

type relationshipRec struct {
	Slug        string     `yaml:"slug"`
	Kind        string     `yaml:"kind"`
	From        string     `yaml:"from"`
	To          string     `yaml:"to"`
	Since       string     `yaml:"since"`
	Until       string     `yaml:"until"`
	Description model.Text `yaml:"description"`
	Cite        *cite      `yaml:"cite"`
}

type breakdownRec struct {
	Slug      string     `yaml:"slug"`
	Title     model.Text `yaml:"title"`
	Note      model.Text `yaml:"note"`
	Subject   string     `yaml:"subject"`
	Parts     string     `yaml:"parts"`
	Metric    string     `yaml:"metric"`
	Dimension string     `yaml:"dimension"`
	Date      string     `yaml:"date"`
	Base      string     `yaml:"base"`
	Totals    []string   `yaml:"totals"`
}

type checklistRec struct {
	Document string `yaml:"document"`
	Quote    string `yaml:"quote"`
	Value    any    `yaml:"value"`
	Kind     string `yaml:"kind"`
	Slug     string `yaml:"slug"`
	Field    string `yaml:"field"`
}

// releaseRec is release.yaml: the version and date of this release of the dataset.
type releaseRec struct {
	Version     string     `yaml:"version"`
	Date        string     `yaml:"date"`
	Description model.Text `yaml:"description"`
}

// correctionRec is an entry of corrections.yaml.
type correctionRec struct {
	Slug    string     `yaml:"slug"`
	Release string     `yaml:"release"`
	Date    string     `yaml:"date"`
	Kind    string     `yaml:"kind"`
	Title   model.Text `yaml:"title"`
	Before  model.Text `yaml:"before"`
	After   model.Text `yaml:"after"`
	Reason  model.Text `yaml:"reason"`
	Records []string   `yaml:"records"`
	// Removed are the records a REMOVED entry deletes ("observation:slug").
	Removed []string `yaml:"removed"`
	Keys    []string `yaml:"keys"`
}

// rawData is every data file, decoded.
type rawData struct {
	sources       []sourceRec
	metrics       []metricRec
	territories   []territoryRec
	memberships   []membershipRec
	companies     []companyRec
	sites         []siteRec
	occupancies   []occupancyRec
	programmes    []programmeRec
	subsidies     []subsidyRec
	observations  []observationRec
	events        []eventRec
	relationships []relationshipRec
	breakdowns    []breakdownRec
	release       []releaseRec
	corrections   []correctionRec
	documents     map[string]string // file name → normalised text
	// failed names the files that could not be decoded: references to their records
	// are not checked, so that one broken file gives one problem, not a cascade.
	failed map[string]bool
	// observationsFailed: observations.yaml did not decode.
	observationsFailed bool
}
