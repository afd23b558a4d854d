package model

import "strings"

// The columns of the downloads described for their readers (the data package, the
// download list, docs/downloads.md): a type in the words of the Frictionless Table
// Schema, a description in both languages and, where it has one, a unit. A column is
// described by its name, or by kind.name where a kind uses the name otherwise; the
// columns <date>_start of the partial dates are described from their date. A test
// checks that every column of every download is described.

// Column types (Frictionless Table Schema).
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
	TypeDate    = "date"
	// TypePartialDate is a date at its precision, "2021", "2021-04" or "2021-04-30":
	// a string with PartialDatePattern in the schema.
	TypePartialDate = "partial-date"
)

// PartialDatePattern is the pattern of a partial date (anchored: some Frictionless
// libraries search the pattern rather than match it whole).
const PartialDatePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`

// Column describes one column of a download.
type Column struct {
	Name        string
	Type        string
	Description Text
	// Unit is the column's unit ("EUR", "m2"), or "".
	Unit string
}

type columnDoc struct {
	typ  string
	fr   string
	en   string
	unit string
}

func str(fr, en string) columnDoc { return columnDoc{TypeString, fr, en, ""} }

var columnDocs = map[string]columnDoc{
	"slug":        str("identifiant stable de l’enregistrement (son ID global dans l’API est Type:slug)", "stable identifier of the record (its global ID in the API is Type:slug)"),
	"name":        str("nom", "name"),
	"title":       str("titre", "title"),
	"description": str("description", "description"),
	"kind":        str("sorte d’enregistrement (valeur d’énumération de l’API)", "kind of record (an enumeration value of the API)"),
	"status":      str("statut (valeur d’énumération de l’API)", "status (an enumeration value of the API)"),
	"source":      str("slug de la source citée (sources.csv)", "slug of the cited source (sources.csv)"),
	"quote":       str("passage cité mot pour mot", "passage quoted verbatim"),
	"locator":     str("où se trouve le passage dans la source (page, section)", "where the passage is in the source (page, section)"),
	"territory":   str("slug du territoire (territories.csv)", "slug of the territory (territories.csv)"),
	"site":        str("slug du site (sites.csv)", "slug of the site (sites.csv)"),
	"company":     str("slug de l’entreprise (companies.csv)", "slug of the company (companies.csv)"),
	"programme":   str("slug du programme de financement (programmes.csv)", "slug of the funding programme (programmes.csv)"),
	"event":       str("slug de l’événement (events.csv)", "slug of the event (events.csv)"),
	"parent":      str("slug du parent", "slug of the parent"),
	"metric":      str("code de l’indicateur (metrics.csv)", "code of the metric (metrics.csv)"),
	"subject_type": str("sorte du sujet : TERRITORY, SITE, COMPANY ou PROGRAMME",
		"kind of the subject: TERRITORY, SITE, COMPANY or PROGRAMME"),
	"subject":       str("slug du sujet (dans le fichier de sa sorte)", "slug of the subject (in the file of its kind)"),
	"role":          str("rôle", "role"),
	"activity":      str("activité", "activity"),
	"latitude":      {TypeNumber, "latitude WGS 84", "latitude (WGS 84)", "degree"},
	"longitude":     {TypeNumber, "longitude WGS 84", "longitude (WGS 84)", "degree"},
	"code":          str("code officiel (INSEE) ou code de l’indicateur", "official code (INSEE) or the metric's code"),
	"unit":          str("unité de la valeur", "unit of the value"),
	"approximation": str("exactitude du chiffre : EXACT, APPROXIMATE, AT_LEAST, AT_MOST…", "exactness of the figure: EXACT, APPROXIMATE, AT_LEAST, AT_MOST…"),
	"rank":          str("rang de l’affirmation : PREFERRED (comptée par les agrégats), NORMAL ou DEPRECATED", "rank of the claim: PREFERRED (counted by the aggregates), NORMAL or DEPRECATED"),
	"rank_reason":   str("raison du rang", "reason for the rank"),
	"claim":         str("clé d’affirmation : les affirmations d’un même fait la partagent", "claim key: the claims of one fact share it"),
	"claim_group":   str("le fait : la clé d’affirmation, ou le slug de l’enregistrement", "the fact: the claim key, or the record's slug"),
	"preferred":     {TypeBoolean, "true pour l’affirmation que comptent les agrégats", "true for the claim the aggregates count", ""},
	"note":          str("note de l’observatoire", "the observatory's note"),
	"precision":     str("précision de la date : DAY, MONTH ou YEAR", "precision of the date: DAY, MONTH or YEAR"),
	"since":         {TypePartialDate, "début, à sa précision", "start, at its precision", ""},
	"until":         {TypePartialDate, "fin, à sa précision (vide : en cours)", "end, at its precision (empty: ongoing)", ""},
	"date":          {TypePartialDate, "date, à sa précision", "date, at its precision", ""},
	"period_start":  {TypePartialDate, "début de la période, à sa précision", "start of the period, at its precision", ""},
	"period_end":    {TypePartialDate, "fin de la période, à sa précision", "end of the period, at its precision", ""},
	"published_on":  {TypePartialDate, "date de publication, à sa précision", "publication date, at its precision", ""},
	"funder_kind":   str("qui paie : STATE, REGION, EU, PRIVATE_COMPANY…", "who pays: STATE, REGION, EU, PRIVATE_COMPANY…"),
	"scope":         str("niveau auquel le montant est compté (les montants de niveaux différents ne s’additionnent pas)", "level at which the amount is counted (amounts of different scopes are never added)"),

	"sources.publisher":                  str("éditeur", "publisher"),
	"sources.kind":                       str("sorte de document", "kind of document"),
	"sources.language":                   str("langue du document (code ISO 639-1)", "language of the document (ISO 639-1 code)"),
	"sources.url":                        str("adresse du document", "address of the document"),
	"sources.licence":                    str("licence du document", "licence of the document"),
	"sources.publisher_inferred":         {TypeBoolean, "true quand l’éditeur est déduit par l’observatoire", "true when the publisher is inferred by the observatory", ""},
	"metrics.code":                       str("code de l’indicateur", "code of the metric"),
	"metrics.label":                      str("libellé", "label"),
	"metrics.unit":                       str("unité des valeurs de l’indicateur", "unit of the metric's values"),
	"metrics.definition":                 str("définition", "definition"),
	"territories.kind":                   str("niveau : COUNTRY, REGION, DEPARTEMENT, EPCI, COMMUNE, INDUSTRIAL_ZONE, GROUPING", "level: COUNTRY, REGION, DEPARTEMENT, EPCI, COMMUNE, INDUSTRIAL_ZONE, GROUPING"),
	"territories.code":                   str("code officiel INSEE (commune, EPCI, département, région)", "official INSEE code (commune, EPCI, département, région)"),
	"territories.parent":                 str("slug du territoire parent", "slug of the parent territory"),
	"territories.population":             {TypeInteger, "population municipale INSEE", "INSEE municipal population", "inhabitants"},
	"territories.postal_codes":           str("codes postaux, séparés par des virgules", "postal codes, comma-separated"),
	"location_precision":                 str("exactitude du point : EXACT, STREET, COMMUNE (centre de la commune), APPROXIMATE", "exactness of the point: EXACT, STREET, COMMUNE (the commune's centre), APPROXIMATE"),
	"territories.population_source":      str("source de la population", "source of the population"),
	"territories.population_locator":     str("où se trouve la population dans la source", "where the population is in the source"),
	"territories.population_computed":    str("comment la population est calculée, quand elle l’est", "how the population is computed, when it is"),
	"companies.kind":                     str("sorte d’organisme", "kind of organisation"),
	"companies.siren":                    str("numéro SIREN", "SIREN number"),
	"companies.group_name":               str("groupe auquel l’entreprise appartient", "group the company belongs to"),
	"companies.territory":                str("slug du territoire où l’entreprise est établie", "slug of the territory where the company is established"),
	"companies.website":                  str("site web", "website"),
	"sites.territory_code":               str("code INSEE de la commune du site", "INSEE code of the site's commune"),
	"sites.address":                      str("adresse", "address"),
	"sites.area_m2":                      {TypeNumber, "surface du site", "area of the site", "m2"},
	"sites.operator":                     str("slug de l’entreprise qui exploite ou gère le site", "slug of the company that operates or manages the site"),
	"sites.opened_on":                    {TypePartialDate, "date d’ouverture, à sa précision", "opening date, at its precision", ""},
	"sites.opened_precision":             str("précision de opened_on", "precision of opened_on"),
	"sites.area_source":                  str("source de la surface", "source of the area"),
	"sites.area_quote":                   str("passage cité de la surface", "quoted passage of the area"),
	"sites.area_locator":                 str("où se trouve la surface dans la source", "where the area is in the source"),
	"published_precision":                str("précision de published_on", "precision of published_on"),
	"since_precision":                    str("précision de since", "precision of since"),
	"until_precision":                    str("précision de until", "precision of until"),
	"period_start_precision":             str("précision de period_start", "precision of period_start"),
	"period_end_precision":               str("précision de period_end", "precision of period_end"),
	"occupancies.floor_area_m2":          {TypeNumber, "surface occupée", "floor area occupied", "m2"},
	"programmes.short_name":              str("nom court", "short name"),
	"programmes.level":                   str("niveau du programme", "level of the programme"),
	"programmes.parent":                  str("slug du programme parent", "slug of the parent programme"),
	"subsidies.recipient":                str("slug de l’entreprise bénéficiaire (vide : les entreprises d’un territoire en bloc)", "slug of the recipient company (empty: a territory's companies in aggregate)"),
	"subsidies.territory":                str("slug du territoire de l’aide", "slug of the subsidy's territory"),
	"subsidies.amount_eur":               {TypeNumber, "montant", "amount", "EUR"},
	"subsidies.recipients_count":         {TypeInteger, "nombre de bénéficiaires", "number of recipients", ""},
	"subsidies.precision":                str("précision de period_start et period_end", "precision of period_start and period_end"),
	"subsidies.status":                   str("statut du montant : ACTUAL (versé), ANNOUNCED, TARGET…", "status of the amount: ACTUAL (paid), ANNOUNCED, TARGET…"),
	"subsidies.purpose":                  str("objet de l’aide", "purpose of the subsidy"),
	"observations.value":                 {TypeNumber, "valeur (dans l’unité de la colonne unit)", "value (in the unit of the column unit)", "see unit"},
	"observations.value_max":             {TypeNumber, "borne haute d’une fourchette", "upper bound of a range", "see unit"},
	"observations.precision":             str("précision de date et period_start", "precision of date and period_start"),
	"observations.status":                str("statut du chiffre : ACTUAL, TARGET, ANNOUNCED…", "status of the figure: ACTUAL, TARGET, ANNOUNCED…"),
	"observations.dimension":             str("dimension de la ventilation (ex. outcome)", "dimension of the breakdown (e.g. outcome)"),
	"observations.category":              str("catégorie de la ventilation (ex. PERMANENT_CONTRACT)", "category of the breakdown (e.g. PERMANENT_CONTRACT)"),
	"observations.known_since":           {TypePartialDate, "date depuis laquelle le chiffre est public (publication de son passage, sinon de sa source)", "date since which the figure is public (publication of its passage, else of its source)", ""},
	"observations.known_since_precision": str("précision de known_since", "precision of known_since"),
	"events.kind":                        str("sorte d’événement", "kind of event"),
	"events.status":                      str("statut de l’événement", "status of the event"),
	"event_subjects.role":                str("rôle du sujet dans l’événement", "role of the subject in the event"),
	"relationships.kind":                 str("sorte de lien", "kind of edge"),
	"relationships.from_type":            str("sorte de l’origine du lien", "kind of the edge's origin"),
	"relationships.from":                 str("slug de l’origine du lien", "slug of the edge's origin"),
	"relationships.to_type":              str("sorte de la cible du lien", "kind of the edge's target"),
	"relationships.to":                   str("slug de la cible du lien", "slug of the edge's target"),
	"memberships.member":                 str("slug du territoire membre", "slug of the member territory"),
	"memberships.group":                  str("slug du regroupement", "slug of the grouping"),
	"occupancies.status":                 str("statut de l’occupation", "status of the occupancy"),
	"releases.version":                   str("version du jeu de données", "version of the dataset"),
	"releases.released_on":               {TypeDate, "date de publication de la version", "release date", ""},
	"corrections.release":                str("version qui porte la correction", "release that carries the correction"),
	"corrections.published_on":           {TypeDate, "date de la correction", "date of the correction", ""},
	"corrections.kind":                   str("sorte de correction", "kind of correction"),
	"corrections.before":                 str("valeur d’avant", "value before"),
	"corrections.after":                  str("valeur d’après", "value after"),
	"corrections.reason":                 str("raison", "reason"),
	"corrections.records":                str("enregistrements concernés, un par ligne", "records concerned, one per line"),
	"corrections.keys":                   str("clés concernées, une par ligne", "keys concerned, one per line"),
}

// Schema describes the columns of the kind's download, in order (ok false, with the
// names of the undescribed columns, when some are not described).
func (k *Kind) Schema() ([]Column, []string) {
	var (
		out     []Column
		missing []string
	)
	d := k.Download
	starts := map[string]string{}
	for _, c := range d.Dates {
		starts[c.StartColumn()] = c.Date
	}
	for _, name := range d.Columns {
		if date, ok := starts[name]; ok {
			doc, found := k.columnDoc(date)
			if !found {
				missing = append(missing, date)
			}
			out = append(out, Column{Name: name, Type: TypeDate,
				Description: Bi("premier jour de la période de "+date+" ("+strings.TrimSuffix(doc.fr, ", à sa précision")+"), date complète",
					"first day of the period of "+date+" ("+strings.TrimSuffix(doc.en, ", at its precision")+"), a full date")})
			continue
		}
		doc, found := k.columnDoc(name)
		if !found {
			missing = append(missing, name)
		}
		out = append(out, Column{Name: name, Type: doc.typ, Description: Bi(doc.fr, doc.en), Unit: doc.unit})
	}
	return out, missing
}

func (k *Kind) columnDoc(name string) (columnDoc, bool) {
	if d, ok := columnDocs[k.Name+"."+name]; ok {
		return d, true
	}
	d, ok := columnDocs[name]
	if !ok {
		return columnDoc{typ: TypeString}, false
	}
	return d, true
}
