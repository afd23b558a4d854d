package graphiql

import (
	"strings"

	"github.com/reindustrie/observatory/model"
)

// Example is a ready-to-run query of the API: GraphiQL lists them, the README shows
// them, and a test runs each against the curated dataset.
type Example struct {
	// Name is a short title.
	Name string
	// Description says, for a journalist, what the query answers.
	Description string
	// Query is the GraphQL document.
	Query string
	// Variables are the query's variables, if any.
	Variables map[string]any
}

// Examples of exploring the data: one or more per capability (filters, search,
// aggregates, time series, graph view, map view).
var Examples = []Example{
	{
		Name:        "Filters: battery activities in the agglomeration",
		Description: "Sites of the Béthune-Bruay agglomeration (and all its communes) where an occupant works on batteries, with who does what.",
		Query: `query BatterySites {
  sites(filter: {territory: "epci-200072460", activity: "batterie"}) {
    totalCount
    nodes {
      name
      status
      territory { name }
      occupancies { activity since company { name } citation { quote source { title } } }
    }
  }
}`,
	},
	{
		Name:        "Filters: subsidies of 2020–2022 above one million euros",
		Description: "Public money whose period overlaps 2020–2022, one million euros or more, largest first, each with its source.",
		Query: `query BigSubsidies {
  subsidies(filter: {from: "2020", to: "2022", minAmountEur: 1000000}) {
    nodes {
      amountEur approximation periodStart periodEnd recipientsCount
      programme { name }
      territory { name }
      recipient { name }
      citation { quote source { title publisher } }
    }
  }
}`,
	},
	{
		Name:        "Filters: targets about the agglomeration, newest first",
		Description: "Every TARGET figure about the agglomeration, its communes, sites and companies: what was promised, by whom.",
		Query: `query Targets {
  observations(first: 50, filter: {territory: "epci-200072460", status: [TARGET]}, orderBy: DATE_DESC) {
    nodes {
      metric { label } value unit date status rank
      subject { ... on Site { name } ... on Company { name } ... on Territory { name } }
      citation { quote source { title } }
    }
  }
}`,
	},
	{
		Name:        "Search: anything called Béthune",
		Description: "Search ignores accents and case: `bethune` finds Béthune first (exact name), then names that contain it. Try `mecaware` or `cheminees`.",
		Query: `query Search($text: String!) {
  search(text: $text, first: 10) {
    kind match score name slug
    node { id ... on Site { status } ... on Company { activity } ... on Territory { kind code } }
  }
}`,
		Variables: map[string]any{"text": "bethune"},
	},
	{
		Name:        "Aggregates: public money by programme for the agglomeration",
		Description: "Totals, counts, smallest and largest amounts of the public money to the agglomeration and all its communes (directly or through the recipient's commune), by programme; each amount once, never added to a company's money nor to a national envelope.",
		Query: `query MoneyByProgramme {
  subsidyAggregate(filter: {territory: "epci-200072460", public: true}, groupBy: [PROGRAMME]) {
    count setAside sumEur
    groups { programme { name level funderKind } scope count sumEur minEur maxEur }
    computation
  }
}`,
	},
	{
		Name:        "Aggregates: jobs created against targets, by year",
		Description: "Jobs-created figures grouped by year and status: what was counted (ACTUAL) next to what was promised (TARGET) or announced. Each fact once: the 978 jobs of 2023, quoted twice by the press kit, count once; the other claim is set aside, and listed.",
		Query: `query JobsByYear {
  observationAggregate(filter: {metric: "jobs_created"}, groupBy: [YEAR, STATUS]) {
    count setAside
    groups { year status unit count setAside sum min max }
    setAsideClaims { claim rank rankReason citation { quote } }
  }
}`,
	},
	{
		Name:        "Time series: jobs at the ACC gigafactory",
		Description: "The job figures of one site in time order, with their status (target or actual) and their source; `asOf` shows what was known at a date.",
		Query: `query Series($subject: ID!, $asOf: Date) {
  timeSeries(subject: $subject, metric: "jobs", asOf: $asOf) {
    subject { ... on Site { name } }
    metric { label unit }
    points { value valueMax approximation date status rank citation { quote source { title publishedOn } } }
    latestActual { value date }
    latestTarget { value date }
  }
}`,
		Variables: map[string]any{"subject": model.GlobalID(model.TypeSite, "acc-billy-berclau")},
	},
	{
		Name:        "Time series: Black-Star's jobs, targets beside actuals",
		Description: "A company's job figures split into actual counts and targets (\"90 emplois à terme\" is a target, not a count).",
		Query: `query BlackStar($subject: ID!) {
  timeSeries(subject: $subject, metric: "jobs") {
    actual { value date citation { source { title } } }
    target { value date citation { quote source { title } } }
    latestActual { value date }
  }
}`,
		Variables: map[string]any{"subject": model.GlobalID(model.TypeCompany, "black-star")},
	},
	{
		Name:        "Time of knowledge: what was public on 1 March 2021",
		Description: "The figures known at a date: each is known from the day its passage was published (knownSince), not from the date of its page (the SIZIAF's page of February 2021 holds posts of 1 September 2025).",
		Query: `query KnownOn($asOf: Date) {
  observations(first: 100, filter: {asOf: $asOf}, orderBy: DATE_DESC) {
    totalCount
    nodes { metric { label } value unit date rank citation { knownSince publishedOn source { title publishedOn } } }
  }
}`,
		Variables: map[string]any{"asOf": "2021-03-01"},
	},
	{
		Name:        "Corrections: what changed in the published figures",
		Description: "The public corrections log: every preferred figure or total that changed between releases of the dataset, what it was, what it is, and why.",
		Query: `query Corrections {
  dataset { release { version releasedOn description } }
  corrections { slug release publishedOn kind title before after reason records }
}`,
	},
	{
		Name:        "Graph view: the network around the former Bridgestone site",
		Description: "Who occupies, operates, supplies and invests around the site, two hops out, as nodes and typed edges with their sources: the shape d3, Cytoscape and Sigma take.",
		Query: `query Network($from: ID!) {
  graph(from: $from, depth: 2) {
    truncated
    nodes { id label kind slug depth }
    edges { id source target kind origin label since amountEur citation { quote source { title } } }
  }
}`,
		Variables: map[string]any{"from": model.GlobalID(model.TypeSite, "bridgestone-bethune")},
	},
	{
		Name:        "Map view: sites of the agglomeration as GeoJSON",
		Description: "The located sites as a GeoJSON FeatureCollection for Leaflet or MapLibre; the same filters as the site list (also at /sites.geojson?territory=epci-200072460).",
		Query: `query SiteMap {
  sitesGeoJSON(filter: {territory: "epci-200072460"})
}`,
	},
	{
		Name:        "Map view: the communes of the agglomeration",
		Description: "The communes' representative points as GeoJSON features, with population and code.",
		Query: `query CommuneMap {
  territoriesGeoJSON(filter: {parent: "epci-200072460", kind: [COMMUNE]})
}`,
	},
}

// OperationNames returns the operation names of the stories and examples: the
// operations the metrics label by name.
func OperationNames() []string {
	var names []string
	for _, list := range [][]Example{Stories, Examples} {
		for _, e := range list {
			for _, line := range strings.Split(e.Query, "\n") {
				if name, ok := strings.CutPrefix(strings.TrimSpace(line), "query "); ok {
					if i := strings.IndexAny(name, " ({"); i > 0 {
						names = append(names, name[:i])
					}
				}
			}
		}
	}
	return names
}
