package graphiql

import (
	"strings"

	"github.com/reindustrie/observatory/model"
)

// Example is a ready-to-run query of the API: GraphiQL lists them, the README shows
// them, and a test runs each against the curated dataset.
type Example struct {
	// ID names the example in links: GraphiQL opens it from "#story=<ID>". Lower-case
	// letters, digits and hyphens; unique among the stories and examples.
	ID string
	// Name is a short title (English).
	Name string
	// NameFR is the title in French (the page shows it to browsers set to French).
	NameFR string
	// Description says, for a journalist, what the query answers (English).
	Description string
	// DescriptionFR is the description in French.
	DescriptionFR string
	// Query is the GraphQL document.
	Query string
	// Variables are the query's variables, if any.
	Variables map[string]any
}

// Examples of exploring the data: one or more per capability (filters, search,
// aggregates, time series, graph view, map view).
var Examples = []Example{
	{
		ID:            "battery-sites",
		Name:          "Filters: battery activities in the agglomeration",
		NameFR:        "Filtres : les activités liées aux batteries dans l’agglomération",
		Description:   "Sites of the Béthune-Bruay agglomeration (and all its communes) where an occupant works on batteries, with who does what.",
		DescriptionFR: "Les sites de l’agglomération de Béthune-Bruay (et de toutes ses communes) où un occupant travaille sur les batteries, avec qui fait quoi.",
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
		ID:            "big-subsidies",
		Name:          "Filters: subsidies of 2020–2022 above one million euros",
		NameFR:        "Filtres : les aides de 2020–2022 d’au moins un million d’euros",
		Description:   "Public money whose period overlaps 2020–2022, one million euros or more, largest first, each with its source.",
		DescriptionFR: "L’argent public dont la période recoupe 2020–2022, d’un million d’euros ou plus, du plus gros montant au plus petit, chacun avec sa source.",
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
		ID:            "targets",
		Name:          "Filters: targets about the agglomeration, newest first",
		NameFR:        "Filtres : les objectifs annoncés pour l’agglomération, du plus récent au plus ancien",
		Description:   "Every TARGET figure about the agglomeration, its communes, sites and companies: what was promised, by whom.",
		DescriptionFR: "Tous les chiffres au statut TARGET sur l’agglomération, ses communes, ses sites et ses entreprises : ce qui a été promis, et par qui.",
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
		ID:            "search-bethune",
		Name:          "Search: anything called Béthune",
		NameFR:        "Recherche : tout ce qui s’appelle Béthune",
		Description:   "Search ignores accents and case: `bethune` finds Béthune first (exact name), then names that contain it. Try `mecaware` or `cheminees`.",
		DescriptionFR: "La recherche ignore les accents et les majuscules : `bethune` trouve d’abord Béthune (le nom exact), puis les noms qui le contiennent. Essayez `mecaware` ou `cheminees`.",
		Query: `query Search($text: String!) {
  search(text: $text, first: 10) {
    kind match score name slug
    node { id ... on Site { status } ... on Company { activity } ... on Territory { kind code } }
  }
}`,
		Variables: map[string]any{"text": "bethune"},
	},
	{
		ID:            "money-by-programme",
		Name:          "Aggregates: public money by programme for the agglomeration",
		NameFR:        "Agrégats : l’argent public par programme dans l’agglomération",
		Description:   "Totals, counts, smallest and largest amounts of the public money to the agglomeration and all its communes (directly or through the recipient's commune), by programme; each amount once, never added to a company's money nor to a national envelope.",
		DescriptionFR: "Totaux, nombres, plus petits et plus gros montants de l’argent public versé à l’agglomération et à toutes ses communes (directement ou par la commune du bénéficiaire), par programme ; chaque montant une seule fois, jamais ajouté à l’argent d’une entreprise ni à une enveloppe nationale.",
		Query: `query MoneyByProgramme {
  subsidyAggregate(filter: {territory: "epci-200072460", public: true}, groupBy: [PROGRAMME]) {
    count setAside sumEur
    groups { programme { name level funderKind } scope count sumEur minEur maxEur }
    computation
  }
}`,
	},
	{
		ID:            "jobs-by-year",
		Name:          "Aggregates: jobs created against targets, by year",
		NameFR:        "Agrégats : emplois créés et objectifs, par année",
		Description:   "Jobs-created figures grouped by year and status: what was counted (ACTUAL) next to what was promised (TARGET) or announced. Each fact once: the 978 jobs of 2023, quoted twice by the press kit, count once; the other claim is set aside, and listed.",
		DescriptionFR: "Les chiffres d’emplois créés, regroupés par année et par statut : ce qui a été constaté (ACTUAL) à côté de ce qui a été promis (TARGET) ou annoncé. Chaque fait une seule fois : les 978 emplois de 2023, cités deux fois par le dossier de presse, comptent une fois ; l’autre affirmation est mise de côté, et listée.",
		Query: `query JobsByYear {
  observationAggregate(filter: {metric: "jobs_created"}, groupBy: [YEAR, STATUS]) {
    count setAside
    groups { year status unit count setAside sum min max }
    setAsideClaims { claim rank rankReason citation { quote } }
  }
}`,
	},
	{
		ID:            "jobs-at-acc",
		Name:          "Time series: jobs at the ACC gigafactory",
		NameFR:        "Séries temporelles : les emplois de la gigafactory ACC",
		Description:   "The job figures of one site in time order, with their status (target or actual) and their source; `asOf` shows what was known at a date.",
		DescriptionFR: "Les chiffres d’emploi d’un site dans l’ordre chronologique, avec leur statut (objectif ou constat) et leur source ; `asOf` montre ce que l’on savait à une date donnée.",
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
		ID:            "black-star-jobs",
		Name:          "Time series: Black-Star's jobs, targets beside actuals",
		NameFR:        "Séries temporelles : les emplois de Black-Star, objectifs et constats",
		Description:   "A company's job figures split into actual counts and targets (\"90 emplois à terme\" is a target, not a count).",
		DescriptionFR: "Les chiffres d’emploi d’une entreprise, séparés entre effectifs constatés et objectifs (« 90 emplois à terme » est un objectif, pas un effectif).",
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
		ID:            "known-on-a-date",
		Name:          "Time of knowledge: what was public on 1 March 2021",
		NameFR:        "Date de connaissance : ce qui était public le 1er mars 2021",
		Description:   "The figures known at a date: each is known from the day its passage was published (knownSince), not from the date of its page (the SIZIAF's page of February 2021 holds posts of 1 September 2025).",
		DescriptionFR: "Les chiffres connus à une date : chacun l’est depuis le jour où son passage a été publié (knownSince), non depuis la date de sa page (la page du SIZIAF de février 2021 contient des billets du 1er septembre 2025).",
		Query: `query KnownOn($asOf: Date) {
  observations(first: 100, filter: {asOf: $asOf}, orderBy: DATE_DESC) {
    totalCount
    nodes { metric { label } value unit date rank citation { knownSince publishedOn source { title publishedOn } } }
  }
}`,
		Variables: map[string]any{"asOf": "2021-03-01"},
	},
	{
		ID:            "corrections",
		Name:          "Corrections: what changed in the published figures",
		NameFR:        "Corrections : ce qui a changé dans les chiffres publiés",
		Description:   "The public corrections log: every preferred figure or total that changed between releases of the dataset, what it was, what it is, and why.",
		DescriptionFR: "Le journal public des corrections : chaque chiffre retenu ou total qui a changé d’une version du jeu de données à l’autre, ce qu’il était, ce qu’il est, et pourquoi.",
		Query: `query Corrections {
  dataset { release { version releasedOn description } }
  corrections { slug release publishedOn kind title before after reason records }
}`,
	},
	{
		ID:            "network-bridgestone",
		Name:          "Graph view: the network around the former Bridgestone site",
		NameFR:        "Réseau : les liens autour de l’ancien site Bridgestone",
		Description:   "Who occupies, operates, supplies and invests around the site, two hops out, as nodes and typed edges with their sources: the shape d3, Cytoscape and Sigma take.",
		DescriptionFR: "Qui occupe, exploite, fournit et investit autour du site, jusqu’à deux liens de distance, en nœuds et en liens typés avec leurs sources : la forme que prennent d3, Cytoscape et Sigma.",
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
		ID:            "site-map",
		Name:          "Map view: sites of the agglomeration as GeoJSON",
		NameFR:        "Carte : les sites de l’agglomération en GeoJSON",
		Description:   "The located sites as a GeoJSON FeatureCollection for Leaflet or MapLibre; the same filters as the site list (also at /sites.geojson?territory=epci-200072460).",
		DescriptionFR: "Les sites localisés, en FeatureCollection GeoJSON pour Leaflet ou MapLibre ; les mêmes filtres que la liste des sites (aussi sur /sites.geojson?territory=epci-200072460).",
		Query: `query SiteMap {
  sitesGeoJSON(filter: {territory: "epci-200072460"})
}`,
	},
	{
		ID:            "commune-map",
		Name:          "Map view: the communes of the agglomeration",
		NameFR:        "Carte : les communes de l’agglomération",
		Description:   "The communes' representative points as GeoJSON features, with population and code.",
		DescriptionFR: "Le point représentatif de chaque commune en entité GeoJSON, avec sa population et son code.",
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
