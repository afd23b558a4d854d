package model

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Kind describes one kind of record of the observatory in one place: where it is
// stored, what the API calls it, how a client names one (global ID, slug, official
// code), which root field looks one up, and its download file. The node lookup, the
// prefetching of root lookups and relations, the loaders, the downloads and the
// synthetic-data generator all read the registry (Kinds): adding a kind of record is
// adding a value here (docs/architecture.md has the recipe).
type Kind struct {
	// Name is the kind's plural name, also the name of its download file: "sites".
	Name string
	// Type is the GraphQL object type of a record: "Site".
	Type string
	// Node is true when a record has a global ID (Type:slug) and a slug.
	Node bool
	// SlugColumn holds the slug ("" for "slug"; metrics use their code).
	SlugColumn string
	// Table is the SQL table.
	Table string
	// Code is the column of an official code ("code" for INSEE codes, "siren"), or "".
	Code string
	// Title is the column that names a record for people ("name", "title", "label").
	Title string
	// TitleText is true when the title is a text in both languages (columns
	// <Title>_fr and <Title>_en: events, metrics, breakdowns).
	TitleText bool
	// Search is the kind's kind of search hit ("" when search does not find it).
	Search SearchKind
	// Subject is the value that names this kind in polymorphic columns (subject_type,
	// from_type...), or "" when a record of this kind cannot be a subject.
	Subject SubjectType
	// RootField is the root query field that looks one record up by slug ("site"), or "".
	RootField string
	// Download is the kind's download file (nil: none).
	Download *Download

	records records
}

// Download is the file of one kind of record: CSV or JSON, one row per record,
// references to other records by slug, and every cited record ending with its source,
// quote and locator. Columns are stable: new ones are only ever appended.
type Download struct {
	// Description says what a row is, in both languages.
	Description Text
	// Columns are the column names, in order. The columns <date>_start of Dates are
	// appended to those of the query (init).
	Columns []string
	// Dates are the kind's partial dates: a column of the query holding a date known to
	// a day, a month or a year, and the column of its precision. The download writes the
	// date as the API does ("2021", "2021-04", "2021-04-30") and appends a column
	// <date>_start, its period's first day as a full ISO date (2021-01-01).
	Dates []DateColumn
	// query selects exactly Columns, in a stable order, the texts in language l; the
	// kind's table is aliased x.
	// A function: the polymorphic references read the registry (subjectSlugSQL), which
	// is complete only once every kind is declared.
	query func(l Lang) string
	// queried is the number of columns the query selects.
	queried int
}

// DateColumn is a partial date of a download: its column and its precision's.
type DateColumn struct{ Date, Precision string }

// QueryColumns are the columns the query selects (Columns without the derived ones).
func (d *Download) QueryColumns() []string { return d.Columns[:d.queried] }

// StartColumn is the name of the column of a partial date's first day.
func (c DateColumn) StartColumn() string { return c.Date + "_start" }

func dates(pairs ...string) []DateColumn {
	out := make([]DateColumn, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, DateColumn{pairs[i], pairs[i+1]})
	}
	return out
}

// records is what the registry does with the Go type of a kind's records.
type records interface {
	// bySlugs loads the records of the given slugs: the rows (a []*T) and by slug.
	bySlugs(ctx context.Context, db *gorm.DB, column string, slugs []string) (any, map[string]any, error)
	// objects lists the elements of rows when it is a []*T of this kind.
	objects(rows any) ([]any, bool)
	// is reports whether obj is a *T of this kind.
	is(obj any) bool
	// slice turns records of this kind into a []*T.
	slice(objs []any) any
	// slugOf reads the slug of a record of this kind.
	slugOf(obj any) string
}

type recordsOf[T any] struct{ slug func(*T) string }

func (r recordsOf[T]) bySlugs(ctx context.Context, db *gorm.DB, column string, slugs []string) (any, map[string]any, error) {
	rows, err := BySlugs[T](ctx, db, column, slugs)
	if err != nil {
		return nil, nil, err
	}
	list := make([]*T, len(rows))
	out := make(map[string]any, len(rows))
	for i := range rows {
		list[i] = &rows[i]
		out[r.slug(&rows[i])] = &rows[i]
	}
	return list, out, nil
}

func (recordsOf[T]) objects(rows any) ([]any, bool) {
	list, ok := rows.([]*T)
	if !ok {
		return nil, false
	}
	out := make([]any, len(list))
	for i, r := range list {
		out[i] = r
	}
	return out, true
}

func (recordsOf[T]) is(obj any) bool {
	_, ok := obj.(*T)
	return ok
}

func (r recordsOf[T]) slugOf(obj any) string {
	if r.slug == nil {
		return ""
	}
	return r.slug(obj.(*T))
}

func (recordsOf[T]) slice(objs []any) any {
	out := make([]*T, len(objs))
	for i, o := range objs {
		out[i] = o.(*T)
	}
	return out
}

// kind binds a kind to the Go type of its records; slug reads a record's slug (nil
// for kinds without one).
func kind[T any](k Kind, slug func(*T) string) *Kind {
	k.records = recordsOf[T]{slug: slug}
	return &k
}

// citationColumns are the columns every cited record's download ends with.
var citationColumns = []string{"source", "quote", "locator"}

const (
	citationJoin   = ` LEFT JOIN citations c ON c.id = x.citation_id LEFT JOIN sources src ON src.id = c.source_id`
	citationSelect = `, src.slug, c.quote, c.locator`
)

func cited(columns ...string) []string { return append(columns, citationColumns...) }

// text is the SQL of a text (model.Text) in language l, as Text.In reads it: the
// other language's when l's is missing, NULL when there is none. text("x.note",
// LangEN) reads x.note_en.
func text(column string, l Lang) string {
	other := LangFR
	if l == LangFR {
		other = LangEN
	}
	return "COALESCE(NULLIF(" + column + "_" + l.Tag() + ", ''), NULLIF(" + column + "_" + other.Tag() + ", ''))"
}

// TitleSQL is the SQL of a record's title in language l, its table aliased alias
// ("x."; "" for none).
func (k *Kind) TitleSQL(alias string, l Lang) string {
	if k.TitleText {
		return alias + k.Title + "_" + l.Tag()
	}
	return alias + k.Title
}

// The kinds of records, in the order of the downloads.
var (
	KindSource = kind(Kind{Name: "sources", Search: SearchSource, Title: "title", Type: TypeSource, Node: true, Table: "sources", RootField: "source",
		Download: &Download{Description: Bi("une ligne par document source",
			"one row per source document"),
			Columns: []string{"slug", "title", "publisher", "kind", "published_on", "published_precision", "language", "url", "licence", "description",
				"publisher_inferred"},
			Dates: dates("published_on", "published_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.title, x.publisher, x.kind, x.published_on, x.published_precision, x.language, x.url, x.licence, ` + text("x.description", l) + `,
 ` + boolSQL("x.publisher_inferred") + ` FROM sources x ORDER BY x.slug`
			},
		}}, func(s *Source) string { return s.Slug })
	KindCitation = kind(Kind{Name: "citations", Title: "quote", Type: "Citation", Table: "citations",
		Download: &Download{Description: Bi("une ligne par passage cité (published_on : sa propre date de publication, quand elle diffère de celle de sa source)",
			"one row per cited passage (published_on: its own publication date, when it differs from its source's)"),
			Columns: []string{"source", "quote", "locator", "published_on", "published_precision"},
			Dates:   dates("published_on", "published_precision"),
			query: func(l Lang) string {
				return `SELECT s.slug, x.quote, x.locator, x.published_on, x.published_precision FROM citations x JOIN sources s ON s.id = x.source_id ORDER BY s.slug, x.id`
			},
		}}, (func(*Citation) string)(nil))
	KindMetric = kind(Kind{Name: "metrics", Node: true, SlugColumn: "code", Search: SearchMetric, Title: "label", TitleText: true, Type: "Metric", Table: "metrics", Code: "code",
		Download: &Download{Description: Bi("une ligne par indicateur du catalogue",
			"one row per metric of the catalogue"),
			Columns: []string{"code", "label", "unit", "definition"},
			query: func(l Lang) string {
				return `SELECT x.code, ` + text("x.label", l) + `, x.unit, ` + text("x.definition", l) + ` FROM metrics x ORDER BY x.code`
			},
		}}, func(m *Metric) string { return m.Code })
	KindTerritory = kind(Kind{Name: "territories", Search: SearchTerritory, Title: "name", Type: TypeTerritory, Node: true, Table: "territories", Code: "code",
		Subject: SubjectTerritory, RootField: "territory",
		Download: &Download{Description: Bi("une ligne par territoire, du pays aux communes, zones et regroupements",
			"one row per territory, from the country to communes, zones and groupings"),
			Columns: []string{"slug", "name", "kind", "code", "parent", "population", "postal_codes", "latitude", "longitude", "location_precision", "description",
				"population_source", "population_locator", "population_computed"},
			query: func(l Lang) string {
				return `SELECT x.slug, x.name, x.kind, x.code, p.slug, x.population, x.postal_codes, x.latitude, x.longitude, x.location_precision, ` + text("x.description", l) + `,
 ` + populationProvenanceSQL("x") + `
 FROM territories x LEFT JOIN territories p ON p.id = x.parent_id ORDER BY x.path, x.slug`
			},
		}}, func(t *Territory) string { return t.Slug })
	KindCompany = kind(Kind{Name: "companies", Search: SearchCompany, Title: "name", Type: TypeCompany, Node: true, Table: "companies", Code: "siren",
		Subject: SubjectCompany, RootField: "company",
		Download: &Download{Description: Bi("une ligne par entreprise ou organisme",
			"one row per company or organisation"),
			Columns: []string{"slug", "name", "kind", "siren", "activity", "group_name", "territory", "website", "description"},
			query: func(l Lang) string {
				return `SELECT x.slug, x.name, x.kind, x.siren, ` + text("x.activity", l) + `, x.group_name, t.slug, x.website, ` + text("x.description", l) + `
 FROM companies x LEFT JOIN territories t ON t.id = x.territory_id ORDER BY x.slug`
			},
		}}, func(c *Company) string { return c.Slug })
	KindSite = kind(Kind{Name: "sites", Search: SearchSite, Title: "name", Type: TypeSite, Node: true, Table: "sites",
		Subject: SubjectSite, RootField: "site",
		Download: &Download{Description: Bi("une ligne par site industriel",
			"one row per industrial site"),
			Columns: []string{"slug", "name", "territory", "territory_code", "status", "address", "latitude", "longitude", "location_precision", "area_m2", "operator", "opened_on", "opened_precision", "description",
				"area_source", "area_quote", "area_locator"},
			Dates: dates("opened_on", "opened_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.name, t.slug, t.code, x.status, x.address, x.latitude, x.longitude, x.location_precision, x.area_m2, o.slug, x.opened_on, x.opened_precision, ` + text("x.description", l) + `,
 asrc.slug, ac.quote, ac.locator
 FROM sites x JOIN territories t ON t.id = x.territory_id LEFT JOIN companies o ON o.id = x.operator_id
 LEFT JOIN citations ac ON ac.id = x.area_citation_id LEFT JOIN sources asrc ON asrc.id = ac.source_id ORDER BY x.slug`
			},
		}}, func(s *Site) string { return s.Slug })
	KindSiteStatusPeriod = kind(Kind{Name: "site_status_periods", Type: "SiteStatusPeriod", Table: "site_status_periods",
		Download: &Download{Description: Bi("une ligne par période de l’historique des statuts d’un site",
			"one row per period of a site's status history"),
			Columns: cited("site", "status", "since", "since_precision", "until", "until_precision"),
			Dates:   dates("since", "since_precision", "until", "until_precision"),
			query: func(l Lang) string {
				return `SELECT s.slug, x.status, x.since, x.since_precision, x.until, x.until_precision` + citationSelect + `
 FROM site_status_periods x JOIN sites s ON s.id = x.site_id` + citationJoin + ` ORDER BY s.slug, x.since, x.id`
			},
		}}, (func(*SiteStatusPeriod) string)(nil))
	KindOccupancy = kind(Kind{Name: "occupancies", Title: "slug", Type: TypeOccupancy, Node: true, Table: "occupancies",
		Download: &Download{Description: Bi("une ligne par entreprise installée sur un site",
			"one row per company on a site"),
			Columns: append(cited("slug", "site", "company", "since", "since_precision", "until", "until_precision", "floor_area_m2", "activity"), "status"),
			Dates:   dates("since", "since_precision", "until", "until_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, s.slug, co.slug, x.since, x.since_precision, x.until, x.until_precision, x.floor_area_m2, ` + text("x.activity", l) + `` + citationSelect + `, x.status
 FROM occupancies x JOIN sites s ON s.id = x.site_id JOIN companies co ON co.id = x.company_id` + citationJoin + ` ORDER BY x.slug`
			},
		}}, func(o *Occupancy) string { return o.Slug })
	KindProgramme = kind(Kind{Name: "programmes", Search: SearchProgramme, Title: "name", Type: TypeProgramme, Node: true, Table: "programmes",
		Subject: SubjectProgramme, RootField: "programme",
		Download: &Download{Description: Bi("une ligne par programme de financement",
			"one row per funding programme"),
			Columns: []string{"slug", "name", "short_name", "level", "parent", "period_start", "period_end", "description", "period_start_precision", "period_end_precision",
				"funder_kind", "scope"},
			Dates: dates("period_start", "period_start_precision", "period_end", "period_end_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.name, x.short_name, x.level, p.slug, x.period_start, x.period_end, ` + text("x.description", l) + `, x.period_start_precision, x.period_end_precision,
 x.funder_kind, x.scope
 FROM programmes x LEFT JOIN programmes p ON p.id = x.parent_id ORDER BY x.slug`
			},
		}}, func(p *Programme) string { return p.Slug })
	KindSubsidy = kind(Kind{Name: "subsidies", Title: "slug", Type: TypeSubsidy, Node: true, Table: "subsidies",
		Download: &Download{Description: Bi("une ligne par aide ou par affirmation d’un montant (à une entreprise, ou aux entreprises d’un territoire en bloc) ; preferred : l’affirmation que comptent les agrégats",
			"one row per subsidy or claim of an amount (to a company, or to a territory's companies in aggregate); preferred: the claim the aggregates count"),
			Columns: append(cited("slug", "programme", "recipient", "territory", "amount_eur", "approximation", "recipients_count", "period_start", "period_end", "precision", "status", "purpose", "note"),
				"funder_kind", "scope", "rank", "rank_reason", "claim", "claim_group", "preferred", "event"),
			Dates: dates("period_start", "precision", "period_end", "precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, p.slug, r.slug, t.slug, x.amount_eur, x.approximation, x.recipients_count, x.period_start, x.period_end, x.precision, x.status, ` + text("x.purpose", l) + `, ` + text("x.note", l) + `` + citationSelect + `,
 x.funder_kind, x.scope, x.rank, ` + text("x.rank_reason", l) + `, x.claim, COALESCE(x.claim, x.slug), ` + boolSQL("x.rank = 'PREFERRED'") + `, ev.slug
 FROM subsidies x JOIN programmes p ON p.id = x.programme_id LEFT JOIN companies r ON r.id = x.recipient_id LEFT JOIN territories t ON t.id = x.territory_id
 LEFT JOIN events ev ON ev.id = x.event_id` + citationJoin + ` ORDER BY x.slug`
			},
		}}, func(s *Subsidy) string { return s.Slug })
	KindObservation = kind(Kind{Name: "observations", Search: SearchObservation, Title: "slug", Type: TypeObservation, Node: true, Table: "observations", RootField: "observation",
		Download: &Download{Description: Bi("une ligne par chiffre cité : chaque affirmation d’un fait est une ligne ; claim_group nomme le fait (sa clé d’affirmation, ou le slug du chiffre), preferred dit si c’est l’affirmation que comptent les agrégats, known_since depuis quand il est public",
			"one row per cited figure: every claim of a fact is a row; claim_group names the fact (its claim key, or the figure's slug), preferred says whether it is the claim the aggregates count, known_since when it became public"),
			Columns: append(cited("slug", "subject_type", "subject", "metric", "value", "value_max", "approximation", "unit", "date", "precision", "period_start", "status", "rank", "rank_reason", "claim", "dimension", "category", "note"),
				"claim_group", "preferred", "known_since", "known_since_precision", "event"),
			Dates: dates("date", "precision", "period_start", "precision", "known_since", "known_since_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.subject_type, ` + subjectSlugSQL("x.subject_type", "x.subject_id") + `, m.code, x.value, x.value_max, x.approximation, x.unit, x.date, x.precision, x.period_start, x.status, x.rank, ` + text("x.rank_reason", l) + `, x.claim, x.dimension, x.category, ` + text("x.note", l) + `` + citationSelect + `,
 COALESCE(x.claim, x.slug), ` + boolSQL("x.rank = 'PREFERRED'") + `, COALESCE(c.published_on, src.published_on),
 CASE WHEN c.published_on IS NOT NULL THEN c.published_precision ELSE src.published_precision END, ev.slug
 FROM observations x JOIN metrics m ON m.id = x.metric_id LEFT JOIN events ev ON ev.id = x.event_id` + citationJoin + ` ORDER BY x.slug`
			},
		}}, func(o *Observation) string { return o.Slug })
	KindEvent = kind(Kind{Name: "events", Search: SearchEvent, Title: "title", TitleText: true, Type: TypeEvent, Node: true, Table: "events", RootField: "event",
		Download: &Download{Description: Bi("une ligne par événement daté, chaque affirmation d’un fait une ligne (claim_group, preferred)",
			"one row per dated event, every claim of a fact a row (claim_group, preferred)"),
			Columns: append(cited("slug", "kind", "title", "description", "date", "precision", "rank", "rank_reason", "claim"), "status",
				"claim_group", "preferred"),
			Dates: dates("date", "precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.kind, ` + text("x.title", l) + `, ` + text("x.description", l) + `, x.date, x.precision, x.rank, ` + text("x.rank_reason", l) + `, x.claim` + citationSelect + `, x.status,
 COALESCE(x.claim, x.slug), ` + boolSQL("x.rank = 'PREFERRED'") + `
 FROM events x` + citationJoin + ` ORDER BY x.date, x.slug`
			},
		}}, func(e *Event) string { return e.Slug })
	KindEventSubject = kind(Kind{Name: "event_subjects", Table: "event_subjects",
		Download: &Download{Description: Bi("une ligne par sujet d’un événement",
			"one row per subject of an event"),
			Columns: []string{"event", "subject_type", "subject", "role"},
			query: func(l Lang) string {
				return `SELECT e.slug, x.subject_type, ` + subjectSlugSQL("x.subject_type", "x.subject_id") + `, ` + text("x.role", l) + `
 FROM event_subjects x JOIN events e ON e.id = x.event_id ORDER BY e.slug, x.subject_type, x.subject_id`
			},
		}}, (func(*EventSubject) string)(nil))
	KindRelationship = kind(Kind{Name: "relationships", Title: "slug", Type: TypeRelationship, Node: true, Table: "relationships",
		Download: &Download{Description: Bi("une ligne par lien typé entre deux entités",
			"one row per typed edge between two entities"),
			Columns: cited("slug", "kind", "from_type", "from", "to_type", "to", "since", "since_precision", "until", "until_precision", "description"),
			Dates:   dates("since", "since_precision", "until", "until_precision"),
			query: func(l Lang) string {
				return `SELECT x.slug, x.kind, x.from_type, ` + subjectSlugSQL("x.from_type", "x.from_id") + `, x.to_type, ` + subjectSlugSQL("x.to_type", "x.to_id") + `, x.since, x.since_precision, x.until, x.until_precision, ` + text("x.description", l) + `` + citationSelect + `
 FROM relationships x` + citationJoin + ` ORDER BY x.slug`
			},
		}}, func(r *Relationship) string { return r.Slug })
	KindMembership = kind(Kind{Name: "memberships", Type: "TerritoryMembership", Table: "territory_memberships",
		Download: &Download{Description: Bi("une ligne par appartenance d’un territoire à un regroupement",
			"one row per membership of a territory in a grouping"),
			Columns: cited("member", "group", "role", "since", "since_precision", "until", "until_precision"),
			Dates:   dates("since", "since_precision", "until", "until_precision"),
			query: func(l Lang) string {
				return `SELECT m.slug, g.slug, ` + text("x.role", l) + `, x.since, x.since_precision, x.until, x.until_precision` + citationSelect + `
 FROM territory_memberships x JOIN territories m ON m.id = x.member_id JOIN territories g ON g.id = x.group_id` + citationJoin + ` ORDER BY g.slug, m.slug`
			},
		}}, (func(*TerritoryMembership) string)(nil))
	KindBreakdown = kind(Kind{Name: "breakdowns", Node: true, Search: SearchBreakdown, Title: "title", TitleText: true, Type: "Breakdown", Table: "breakdowns"}, func(b *Breakdown) string { return b.Slug })
	KindRelease   = kind(Kind{Name: "releases", Type: "DatasetRelease", Table: "dataset_releases",
		Download: &Download{Description: Bi("une ligne par version du jeu de données, de la plus ancienne à la plus récente",
			"one row per release of the curated dataset, oldest first"),
			Columns: []string{"version", "released_on", "description"},
			query: func(l Lang) string {
				return `SELECT x.version, x.released_on, ` + text("x.description", l) + ` FROM dataset_releases x ORDER BY x.released_on, x.id`
			},
		}}, (func(*DatasetRelease) string)(nil))
	KindCorrection = kind(Kind{Name: "corrections", Type: "Correction", Table: "corrections",
		Download: &Download{Description: Bi("une ligne par entrée du journal des corrections : un chiffre retenu ou un total publié qui a changé d’une version à l’autre, et pourquoi (enregistrements et clés séparés par des retours à la ligne)",
			"one row per entry of the corrections log: a preferred figure or a published total changed between releases, and why (records and keys newline-separated)"),
			Columns: []string{"slug", "release", "published_on", "kind", "title", "before", "after", "reason", "records", "keys"},
			query: func(l Lang) string {
				return `SELECT x.slug, x.release_version, x.published_on, x.kind, ` + text("x.title", l) + `, ` + text("x.before_text", l) + `, ` + text("x.after_text", l) + `, ` + text("x.reason", l) + `, x.record_list, x.key_list
 FROM corrections x ORDER BY x.published_on DESC, x.id DESC`
			},
		}}, (func(*Correction) string)(nil))
)

// boolSQL renders a condition as the text true or false, the same on both stores.
func boolSQL(cond string) string {
	return "CASE WHEN " + cond + " THEN 'true' ELSE 'false' END"
}

// populationProvenanceSQL renders, for the territories aliased t, the provenance of
// their population (PopulationProvenanceOf): the source's slug, the locator, and how
// it was computed, as three columns.
func populationProvenanceSQL(t string) string {
	how := "Sum of the populations of its communes (communes.json of " + GeographySource +
		", field population), computed by the observatory when converting the geography (seed/geo/convert.mjs)"
	return `CASE WHEN ` + t + `.population IS NOT NULL AND ` + t + `.kind IN ('COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION', 'COUNTRY') THEN '` + GeographySource + `' END,
 CASE WHEN ` + t + `.population IS NULL THEN NULL WHEN ` + t + `.kind = 'COMMUNE' THEN 'communes.json, field population, commune ' || ` + t + `.code
 WHEN ` + t + `.kind = 'EPCI' THEN 'epci.json, field populationMunicipale, EPCI ' || ` + t + `.code END,
 CASE WHEN ` + t + `.population IS NOT NULL AND ` + t + `.kind IN ('DEPARTEMENT', 'REGION', 'COUNTRY') THEN '` + how + `' END`
}

// Kinds lists every kind of record, in the order of the downloads. It is filled in by
// init: the download queries of the kinds read it (subjectSlugSQL).
var Kinds []*Kind

func init() {
	Kinds = []*Kind{
		KindSource, KindCitation, KindMetric, KindTerritory, KindCompany, KindSite, KindSiteStatusPeriod,
		KindOccupancy, KindProgramme, KindSubsidy, KindObservation, KindEvent, KindEventSubject,
		KindRelationship, KindMembership, KindBreakdown, KindRelease, KindCorrection,
	}
	for _, k := range Kinds {
		if d := k.Download; d != nil {
			d.queried = len(d.Columns)
			for _, c := range d.Dates {
				d.column(c.Date) // a misnamed date column fails at start
				d.column(c.Precision)
				d.Columns = append(d.Columns, c.StartColumn())
			}
		}
	}
}

// subjectSlugSQL renders a polymorphic reference (type column, id column) as the slug
// of the record it names.
func subjectSlugSQL(typeCol, idCol string) string {
	var b strings.Builder
	b.WriteString("CASE " + typeCol)
	for _, k := range Kinds {
		if k.Subject != "" {
			fmt.Fprintf(&b, " WHEN '%s' THEN (SELECT slug FROM %s WHERE id = %s)", k.Subject, k.Table, idCol)
		}
	}
	b.WriteString(" END")
	return b.String()
}

// KindOfType returns the kind of the GraphQL type name (nil if none).
func KindOfType(typ string) *Kind {
	for _, k := range Kinds {
		if k.Type == typ {
			return k
		}
	}
	return nil
}

// SlugCol is the column that holds a record's slug.
func (k *Kind) SlugCol() string {
	if k.SlugColumn != "" {
		return k.SlugColumn
	}
	return "slug"
}

// KindFor returns the kind whose records are of type T (nil if none).
func KindFor[T any]() *Kind {
	for _, k := range Kinds {
		if k.records.is(new(T)) {
			return k
		}
	}
	return nil
}

// KindOfSearch returns the kind of a kind of search hit (nil if none).
func KindOfSearch(s SearchKind) *Kind {
	for _, k := range Kinds {
		if k.Search == s {
			return k
		}
	}
	return nil
}

// KindNamed returns the kind of the given name ("sites"; nil if none).
func KindNamed(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// KindOfSubject returns the kind a subject type names (nil if none).
func KindOfSubject(s SubjectType) *Kind {
	for _, k := range Kinds {
		if k.Subject != "" && k.Subject == s {
			return k
		}
	}
	return nil
}

// KindOfRows names the kind of a slice of records ([]*Site...) and lists its
// elements; nil when the slice is of no kind.
func KindOfRows(rows any) (*Kind, []any) {
	for _, k := range Kinds {
		if objs, ok := k.records.objects(rows); ok {
			return k, objs
		}
	}
	return nil, nil
}

// GroupByKind splits records of mixed kinds (the subjects of aggregate groups, the
// nodes of search hits) into one typed slice ([]*T) per kind, in order of first
// appearance; records of no kind are left out.
func GroupByKind(objs []any) []any {
	var (
		order  []*Kind
		groups = map[*Kind][]any{}
	)
	for _, o := range objs {
		for _, k := range Kinds {
			if k.records.is(o) {
				if _, ok := groups[k]; !ok {
					order = append(order, k)
				}
				groups[k] = append(groups[k], o)
				break
			}
		}
	}
	out := make([]any, 0, len(order))
	for _, k := range order {
		out = append(out, k.records.slice(groups[k]))
	}
	return out
}

// SubjectOf returns the reference to a record (a pointer of a kind with a Subject) as
// the subject of figures, events and relationships; false for records of other kinds.
func SubjectOf(obj any) (SubjectRef, bool) {
	for _, k := range Kinds {
		if k.Subject != "" && k.records.is(obj) {
			return SubjectRef{Type: k.Subject, ID: fieldKey("ID")(obj).(int64)}, true
		}
	}
	return SubjectRef{}, false
}

// LoadBySlugs loads the records of k with the given slugs (k.Node must be true): the
// rows as a []*T, and each by its slug.
func (k *Kind) LoadBySlugs(ctx context.Context, db *gorm.DB, slugs []string) (any, map[string]any, error) {
	if !k.Node {
		return nil, nil, fmt.Errorf("kind %s has no slugs", k.Name)
	}
	return k.records.bySlugs(ctx, db, k.SlugCol(), slugs)
}

// Selection restricts a download to some records of its kind: it returns the query of
// their ids (see ObservationsMatching). nil selects them all.
type Selection func(db *gorm.DB) *gorm.DB

// ObservationsMatching selects the observations that match f.
func ObservationsMatching(f ObservationFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeObservations(db, f).Select("id") }
}

// DownloadRows runs the download query of k (k.Download must be set) on the records
// that sel selects, and calls emit with each row's values (nil for NULL, text as
// string); emit may keep nothing of vals after it returns. The read is one statement
// in a read-only transaction without the request's statement timeout: a whole file
// at national scale takes longer; ctx bounds it (the client going away, or no
// progress: see the download handlers).
func (k *Kind) DownloadRows(ctx context.Context, db *gorm.DB, sel Selection, l Lang, emit func(vals []any) error) error {
	if !IsPostgres(db) {
		// SQLite has no statement timeout (and its transactions take the write lock).
		return FromDB(k.downloadRows(ctx, db, sel, l, emit))
	}
	return FromDB(db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL statement_timeout = 0").Error; err != nil {
			return err
		}
		return k.downloadRows(ctx, tx, sel, l, emit)
	}))
}

func (k *Kind) downloadRows(ctx context.Context, db *gorm.DB, sel Selection, l Lang, emit func(vals []any) error) error {
	d := k.Download
	query, args := d.query(l), []any(nil)
	if sel != nil {
		at := strings.LastIndex(query, " ORDER BY ")
		query = query[:at] + " WHERE x.id IN (?)" + query[at:]
		args = []any{sel(db.WithContext(ctx))}
	}
	rs, err := db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rs.Close()
	vals := make([]any, len(d.Columns))
	ptrs := make([]any, d.queried)
	for i := range ptrs {
		ptrs[i] = &vals[i]
	}
	type datePos struct{ date, precision, start int }
	var datePositions []datePos
	for i, c := range d.Dates {
		datePositions = append(datePositions, datePos{d.column(c.Date), d.column(c.Precision), d.queried + i})
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals[:d.queried] {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		// Partial dates as the API writes them, and their first day.
		for _, p := range datePositions {
			stored, _ := vals[p.date].(string)
			prec, _ := vals[p.precision].(string)
			if stored == "" {
				vals[p.start] = nil
				continue
			}
			vals[p.start] = stored
			vals[p.date] = FormatPartialDate(stored, Precision(prec))
		}
		if err := emit(vals); err != nil {
			return err
		}
	}
	return rs.Err()
}

// column is the position of a column the query selects.
func (d *Download) column(name string) int {
	for i, c := range d.Columns[:d.queried] {
		if c == name {
			return i
		}
	}
	panic("model: no download column " + name)
}

// IDOfSlug returns the id of the record of k with the given slug, 0 when there is none.
func (k *Kind) IDOfSlug(ctx context.Context, db *gorm.DB, slug string) (int64, error) {
	var ids []int64
	err := db.WithContext(ctx).Table(k.Table).Where(k.SlugCol()+" = ?", slug).Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}
