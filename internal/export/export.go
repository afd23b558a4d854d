// Package export streams the observatory's records as CSV or JSON, one kind of record
// per file, for researchers and spreadsheets. References to other records are given
// by slug, and every cited record carries its source slug, quote and locator, so a
// file stands on its own. Columns are stable: new ones are only ever appended.
package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Kind is one downloadable kind of record.
type Kind struct {
	Name        string   // URL name, e.g. "observations"
	Description string   // what a row is
	Columns     []string // column names, in order
	query       string   // SELECT producing exactly Columns, in a stable order
	args        []any    // arguments of the query (see Only)
}

// citationColumns are the columns every cited record ends with.
var citationColumns = []string{"source", "quote", "locator"}

const citationJoin = ` LEFT JOIN citations c ON c.id = x.citation_id LEFT JOIN sources src ON src.id = c.source_id`
const citationSelect = `, src.slug, c.quote, c.locator`

// subjectSlug renders a polymorphic reference (type column, id column) as its slug.
func subjectSlug(typeCol, idCol string) string {
	return fmt.Sprintf(`CASE %[1]s WHEN 'TERRITORY' THEN (SELECT slug FROM territories WHERE id = %[2]s)
 WHEN 'SITE' THEN (SELECT slug FROM sites WHERE id = %[2]s)
 WHEN 'COMPANY' THEN (SELECT slug FROM companies WHERE id = %[2]s)
 WHEN 'PROGRAMME' THEN (SELECT slug FROM programmes WHERE id = %[2]s) END`, typeCol, idCol)
}

// Kinds lists every downloadable kind of record.
var Kinds = []Kind{
	{
		Name: "sources", Description: "one row per source document",
		Columns: []string{"slug", "title", "publisher", "kind", "published_on", "published_precision", "language", "url", "licence", "description"},
		query:   `SELECT slug, title, publisher, kind, published_on, published_precision, language, url, licence, description FROM sources ORDER BY slug`,
	},
	{
		Name: "citations", Description: "one row per cited passage",
		Columns: []string{"source", "quote", "locator"},
		query:   `SELECT s.slug, c.quote, c.locator FROM citations c JOIN sources s ON s.id = c.source_id ORDER BY s.slug, c.id`,
	},
	{
		Name: "metrics", Description: "one row per metric of the catalogue",
		Columns: []string{"code", "label", "unit", "definition"},
		query:   `SELECT code, label, unit, definition FROM metrics ORDER BY code`,
	},
	{
		Name: "territories", Description: "one row per territory, from the country to communes, zones and groupings",
		Columns: []string{"slug", "name", "kind", "code", "parent", "population", "postal_codes", "latitude", "longitude", "location_precision", "description"},
		query: `SELECT x.slug, x.name, x.kind, x.code, p.slug, x.population, x.postal_codes, x.latitude, x.longitude, x.location_precision, x.description
 FROM territories x LEFT JOIN territories p ON p.id = x.parent_id ORDER BY x.path, x.slug`,
	},
	{
		Name: "companies", Description: "one row per company or organisation",
		Columns: []string{"slug", "name", "kind", "siren", "activity", "group_name", "territory", "website", "description"},
		query: `SELECT x.slug, x.name, x.kind, x.siren, x.activity, x.group_name, t.slug, x.website, x.description
 FROM companies x LEFT JOIN territories t ON t.id = x.territory_id ORDER BY x.slug`,
	},
	{
		Name: "sites", Description: "one row per industrial site",
		Columns: []string{"slug", "name", "territory", "territory_code", "status", "address", "latitude", "longitude", "location_precision", "area_m2", "operator", "opened_on", "opened_precision", "description"},
		query: `SELECT x.slug, x.name, t.slug, t.code, x.status, x.address, x.latitude, x.longitude, x.location_precision, x.area_m2, o.slug, x.opened_on, x.opened_precision, x.description
 FROM sites x JOIN territories t ON t.id = x.territory_id LEFT JOIN companies o ON o.id = x.operator_id ORDER BY x.slug`,
	},
	{
		Name: "site_status_periods", Description: "one row per period of a site's status history",
		Columns: append([]string{"site", "status", "since", "since_precision", "until", "until_precision"}, citationColumns...),
		query: `SELECT s.slug, x.status, x.since, x.since_precision, x.until, x.until_precision` + citationSelect + `
 FROM site_status_periods x JOIN sites s ON s.id = x.site_id` + citationJoin + ` ORDER BY s.slug, x.since, x.id`,
	},
	{
		Name: "occupancies", Description: "one row per company on a site",
		Columns: append([]string{"slug", "site", "company", "since", "since_precision", "until", "until_precision", "floor_area_m2", "activity"}, citationColumns...),
		query: `SELECT x.slug, s.slug, co.slug, x.since, x.since_precision, x.until, x.until_precision, x.floor_area_m2, x.activity` + citationSelect + `
 FROM occupancies x JOIN sites s ON s.id = x.site_id JOIN companies co ON co.id = x.company_id` + citationJoin + ` ORDER BY x.slug`,
	},
	{
		Name: "programmes", Description: "one row per funding programme",
		Columns: []string{"slug", "name", "short_name", "level", "parent", "period_start", "period_end", "description", "period_start_precision", "period_end_precision"},
		query: `SELECT x.slug, x.name, x.short_name, x.level, p.slug, x.period_start, x.period_end, x.description, x.period_start_precision, x.period_end_precision
 FROM programmes x LEFT JOIN programmes p ON p.id = x.parent_id ORDER BY x.slug`,
	},
	{
		Name: "subsidies", Description: "one row per subsidy (to a company, or to a territory's companies in aggregate)",
		Columns: append([]string{"slug", "programme", "recipient", "territory", "amount_eur", "approximation", "recipients_count", "period_start", "period_end", "precision", "status", "purpose", "note"}, citationColumns...),
		query: `SELECT x.slug, p.slug, r.slug, t.slug, x.amount_eur, x.approximation, x.recipients_count, x.period_start, x.period_end, x.precision, x.status, x.purpose, x.note` + citationSelect + `
 FROM subsidies x JOIN programmes p ON p.id = x.programme_id LEFT JOIN companies r ON r.id = x.recipient_id LEFT JOIN territories t ON t.id = x.territory_id` + citationJoin + ` ORDER BY x.slug`,
	},
	{
		Name: "observations", Description: "one row per cited figure",
		Columns: append([]string{"slug", "subject_type", "subject", "metric", "value", "value_max", "approximation", "unit", "date", "precision", "period_start", "status", "rank", "rank_reason", "claim", "dimension", "category", "note"}, citationColumns...),
		query: `SELECT x.slug, x.subject_type, ` + subjectSlug("x.subject_type", "x.subject_id") + `, m.code, x.value, x.value_max, x.approximation, x.unit, x.date, x.precision, x.period_start, x.status, x.rank, x.rank_reason, x.claim, x.dimension, x.category, x.note` + citationSelect + `
 FROM observations x JOIN metrics m ON m.id = x.metric_id` + citationJoin + ` ORDER BY x.slug`,
	},
	{
		Name: "events", Description: "one row per dated event",
		Columns: append([]string{"slug", "kind", "title", "description", "date", "precision", "rank", "rank_reason", "claim"}, append(citationColumns, "status")...),
		query: `SELECT x.slug, x.kind, x.title, x.description, x.date, x.precision, x.rank, x.rank_reason, x.claim` + citationSelect + `, x.status
 FROM events x` + citationJoin + ` ORDER BY x.date, x.slug`,
	},
	{
		Name: "event_subjects", Description: "one row per subject of an event",
		Columns: []string{"event", "subject_type", "subject", "role"},
		query: `SELECT e.slug, x.subject_type, ` + subjectSlug("x.subject_type", "x.subject_id") + `, x.role
 FROM event_subjects x JOIN events e ON e.id = x.event_id ORDER BY e.slug, x.subject_type, x.subject_id`,
	},
	{
		Name: "relationships", Description: "one row per typed edge between two entities",
		Columns: append([]string{"slug", "kind", "from_type", "from", "to_type", "to", "since", "since_precision", "until", "until_precision", "description"}, citationColumns...),
		query: `SELECT x.slug, x.kind, x.from_type, ` + subjectSlug("x.from_type", "x.from_id") + `, x.to_type, ` + subjectSlug("x.to_type", "x.to_id") + `, x.since, x.since_precision, x.until, x.until_precision, x.description` + citationSelect + `
 FROM relationships x` + citationJoin + ` ORDER BY x.slug`,
	},
	{
		Name: "memberships", Description: "one row per membership of a territory in a grouping",
		Columns: append([]string{"member", "group", "role", "since", "since_precision", "until", "until_precision"}, citationColumns...),
		query: `SELECT m.slug, g.slug, x.role, x.since, x.since_precision, x.until, x.until_precision` + citationSelect + `
 FROM territory_memberships x JOIN territories m ON m.id = x.member_id JOIN territories g ON g.id = x.group_id` + citationJoin + ` ORDER BY g.slug, m.slug`,
	},
}

// Lookup returns the kind named name.
func Lookup(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Names lists the kinds' names, sorted.
func Names() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Name
	}
	sort.Strings(out)
	return out
}

// Only restricts the kind to the rows whose id is in ids (a subquery of the kind's
// table, e.g. model.ScopeObservations(...).Select("id")).
func (k Kind) Only(ids *gorm.DB) Kind {
	at := strings.LastIndex(k.query, " ORDER BY ")
	k.query = k.query[:at] + " WHERE x.id IN (?)" + k.query[at:]
	k.args = []any{ids}
	return k
}

// rows runs the kind's query and calls emit with each row's values (nil for NULL).
func (k Kind) rows(ctx context.Context, db *gorm.DB, emit func([]any) error) error {
	rs, err := db.WithContext(ctx).Raw(k.query, k.args...).Rows()
	if err != nil {
		return err
	}
	defer rs.Close()
	vals := make([]any, len(k.Columns))
	ptrs := make([]any, len(k.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		if err := emit(vals); err != nil {
			return err
		}
	}
	return rs.Err()
}

// WriteCSV writes the kind as CSV (RFC 4180, UTF-8, header row) to w.
func (k Kind) WriteCSV(ctx context.Context, db *gorm.DB, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(k.Columns); err != nil {
		return 0, err
	}
	n := 0
	record := make([]string, len(k.Columns))
	err := k.rows(ctx, db, func(vals []any) error {
		for i, v := range vals {
			record[i] = cell(v)
		}
		n++
		return cw.Write(record)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

// WriteJSON writes the kind as a JSON array of objects, one per row, with the columns in
// order.
func (k Kind) WriteJSON(ctx context.Context, db *gorm.DB, w io.Writer) (int, error) {
	if _, err := io.WriteString(w, "["); err != nil {
		return 0, err
	}
	n := 0
	keys := make([][]byte, len(k.Columns))
	for i, c := range k.Columns {
		keys[i], _ = json.Marshal(c)
	}
	var buf []byte
	err := k.rows(ctx, db, func(vals []any) error {
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n{"...)
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			buf = append(append(append(buf, keys[i]...), ':'), b...)
		}
		buf = append(buf, '}')
		n++
		_, err := w.Write(buf)
		return err
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "\n]\n")
	return n, err
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}
