package graphiql

// Stories are the ready-made queries GraphiQL opens with: each answers one of the
// questions a journalist asks about the Bridgestone story. A test runs each of them on
// the curated dataset.
var Stories = []Example{
	{
		ID:            "bridgestone-five-years-on",
		Name:          "Bridgestone, five years on",
		NameFR:        "Bridgestone, cinq ans après",
		Description:   "The former Bridgestone plant in Béthune: its status from 1961 to today, who runs it, who moved in, and the dated events of the story, each with its source.",
		DescriptionFR: "L’ancienne usine Bridgestone de Béthune : son statut de 1961 à aujourd’hui, qui la gère, qui s’y est installé, et les événements datés de l’histoire, chacun avec sa source.",
		Query: `# The former Bridgestone tyre plant in Béthune, five years after the closure.
# Every figure and date comes with "citation": the source and the exact French sentence.
query BridgestoneFiveYearsOn {
  site(slug: "bridgestone-bethune") {
    name
    territory { name code ancestors { name kind } }
    areaSquareMetres areaCitation { quote }
    status
    statusHistory { status since sincePrecision citation { quote source { title publishedOn } } }
    operator { name groupName }
    occupancies { company { name } status since floorAreaSquareMetres activity }
    events { date precision kind status title citation { source { title } } }
  }
}`,
	},
	{
		ID:            "where-did-the-workers-go",
		Name:          "Where did the workers go?",
		NameFR:        "Où sont partis les salariés ?",
		Description:   "The redeployment of the Bridgestone workers by outcome, its sum checked against the published 98 %, and the two headcounts (863 and 823) that the sources disagree on.",
		DescriptionFR: "Le reclassement des salariés de Bridgestone par débouché, leur somme confrontée aux 98 % annoncés, et les deux effectifs (863 et 823) sur lesquels les sources divergent.",
		Query: `# The eight published outcomes add up to 769 people: compare with the 823 employees
# and the "98 %" announced. The headcount itself is disputed: 863 or 823?
query WhereDidTheWorkersGo {
  breakdowns {
    title
    parts { category value unit citation { quote } }
    partsSum
    base { value citation { quote source { title } } }
    partsShareOfBase
    publishedTotals { value unit citation { quote source { title } } }
  }
  site(slug: "bridgestone-bethune") {
    observations(metric: "jobs_affected_by_closure") {
      value date precision status rank rankReason
      citation { quote source { title publisher publishedOn } }
      conflictsWith { value citation { quote source { title } } }
    }
  }
}`,
	},
	{
		ID:            "who-took-over-the-site",
		Name:          "Who took over the site?",
		NameFR:        "Qui a repris le site ?",
		Description:   "The group in charge of the conversion, the five companies now on the site with their floor areas, activities and jobs, and how much of the site they fill.",
		DescriptionFR: "Le groupe chargé de la reconversion, les cinq entreprises installées sur le site avec leurs surfaces, leurs activités et leurs emplois, et la part du site qu’elles occupent.",
		Query: `# Who runs the former plant, who moved in, and how much of the 32 ha they occupy.
query WhoTookOverTheSite {
  site(slug: "bridgestone-bethune") {
    operator { name groupName activity relationships { kind description citation { quote } } }
    occupancies {
      company {
        name activity
        observations { metric { label } value unit status date citation { quote } }
      }
      since sincePrecision floorAreaSquareMetres activity
      citation { quote source { title } }
    }
  }
}`,
	},
	{
		ID:            "public-money-in-the-territory",
		Name:          "Public money in the territory",
		NameFR:        "L’argent public sur le territoire",
		Description:   "The programmes, their envelopes and the money that reached the Béthune-Bruay territory: public money apart from the company's, each amount counted once, with who pays and the source of every amount.",
		DescriptionFR: "Les programmes, leurs enveloppes et l’argent arrivé sur le territoire de Béthune-Bruay : l’argent public à part de celui de l’entreprise, chaque montant compté une fois, avec qui paie et la source de chaque montant.",
		Query: `# Public money apart from Bridgestone's; each amount counted once.
query PublicMoneyInTheTerritory($t: String = "epci-200072460") {
  publicMoney: subsidyAggregate(filter: { territory: $t, public: true },
    groupBy: [PROGRAMME]) { sumEur groups { programme { name } scope sumEur } }
  byFunder: subsidyAggregate(filter: { territory: $t },
    groupBy: [FUNDER_KIND]) { groups { funderKind public scope sumEur } }
  subsidies(filter: { territory: $t }) { nodes {
    programme { name } amountEur funderKind scope rank purpose
    citation { quote source { title publisher } }
  } }
}`,
	},
	{
		ID:            "the-battery-valley",
		Name:          "The battery valley",
		NameFR:        "La vallée de la batterie",
		Description:   "The battery value chain around the ACC gigafactory at Billy-Berclau: who works with whom, each link with its source, and the jobs announced.",
		DescriptionFR: "La filière des batteries autour de la gigafactory ACC de Billy-Berclau : qui travaille avec qui, chaque lien avec sa source, et les emplois annoncés.",
		Query: `# The electric-vehicle battery value chain around ACC, link by link.
query TheBatteryValley {
  relationships(kind: [VALUE_CHAIN, PARTNER_OF, SUPPLIES], first: 100) {
    totalCount
    nodes {
      kind
      from { ... on Company { name } ... on Site { name } ... on Territory { name } }
      to { ... on Company { name } ... on Site { name } ... on Territory { name } }
      description
      citation { quote }
    }
  }
  site(slug: "acc-billy-berclau") {
    name
    observations { metric { label } value valueMax approximation unit date status rank citation { quote } }
  }
}`,
	},
	{
		ID:            "who-says-so",
		Name:          "Who says so? Disagreements between sources",
		NameFR:        "Qui le dit ? Les désaccords entre sources",
		Description:   "Every fact on which the sources contradict each other, side by side, each claim with its source and the observatory's preferred one.",
		DescriptionFR: "Tous les faits sur lesquels les sources se contredisent, côte à côte : chaque affirmation avec sa source, et celle que l’observatoire retient.",
		Query: `# Where the sources contradict each other. Nothing is merged: every claim is kept,
# ranked, with the reason (the rule of docs/claims.md); totals count the PREFERRED one.
# (compatible: true lists mere differences of precision.)
query WhoSaysSo {
  disagreements(compatible: false) {
    totalCount
    nodes {
      claim
      subject { ... on Site { name } ... on Territory { name } ... on Company { name } ... on FundingProgramme { name } }
      observations { value unit date rank rankReason citation { quote source { title publisher publishedOn } } }
      events { title date precision rank rankReason citation { quote source { title } } }
      subsidies { amountEur approximation rank rankReason citation { quote } }
    }
  }
}`,
	},
}
