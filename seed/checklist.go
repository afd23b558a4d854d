package seed

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

// ChecklistEntry is one figure of the source documents and the record that carries it:
// seed/data/checklist.yaml lists every figure of the five documents, so that tests (here
// on the tables, and through the GraphQL API) can check that none was forgotten and that
// each is stored with its value and its quotation.
type ChecklistEntry struct {
	// Document is the slug of the source the figure comes from.
	Document string
	// Quote is the passage of the figure, verbatim; the carrying record's citation
	// quote contains it.
	Quote string
	// Kind is the kind of the carrying record: observation, subsidy, event, occupancy,
	// relationship, site_status (a period of a site's status history) or source.
	Kind string
	// Slug is the carrying record's slug (for site_status, the site's slug).
	Slug string
	// Field is the field that holds the value; see ChecklistFields for the defaults.
	Field string
	// Value is the figure as written in the checklist ("863", "4689915", "2021-04-30").
	Value string
	// Number is the value when the field is numeric.
	Number *float64
	// Date and Precision are the value when the field is a date: the stored form
	// (first day of the period, "2021-04-01") and its precision.
	Date      string
	Precision model.Precision
}

// ChecklistFields lists, per kind, the fields a checklist entry may name; the first one
// is the default.
var ChecklistFields = map[string][]string{
	"observation":  {"value", "value_max", "date", "period_start"},
	"subsidy":      {"amount_eur", "recipients_count", "period_start", "period_end"},
	"event":        {"date"},
	"occupancy":    {"floor_area_m2", "since", "until"},
	"relationship": {"since", "until"},
	"site_status":  {"since", "until"},
	"source":       {"published_on"},
}

var dateFields = map[string]bool{
	"date": true, "period_start": true, "period_end": true, "since": true, "until": true, "published_on": true,
}

// Checklist returns the checklist of the embedded dataset.
func Checklist() ([]ChecklistEntry, error) { return ChecklistFS(embedded) }

// ChecklistFS reads data/checklist.yaml of fsys and checks each entry on its own: known
// document, quote found in it, known kind and field, value of the field's type. Whether
// the carrying record exists and matches is for the tests to check on a loaded database.
func ChecklistFS(fsys fs.FS) ([]ChecklistEntry, error) {
	var ps problems
	recs := decodeFile[checklistRec](fsys, fileChecklist, &ps)
	sources := decodeFile[sourceRec](fsys, fileSources, &ps)
	docs := map[string]string{}
	for _, s := range sources {
		text, err := fs.ReadFile(fsys, "documents/"+s.Document)
		if err == nil {
			docs[s.Slug] = normaliseQuote(string(text))
		}
	}
	out := make([]ChecklistEntry, 0, len(recs))
	for i, r := range recs {
		name := fmt.Sprintf("#%d (%s)", i+1, r.Slug)
		bad := func(format string, args ...any) { ps.add(fileChecklist, name, format, args...) }
		e := ChecklistEntry{Document: r.Document, Quote: collapseSpaces(r.Quote), Kind: r.Kind, Slug: r.Slug, Field: r.Field}
		doc, ok := docs[r.Document]
		switch {
		case !ok:
			bad("unknown document %q", r.Document)
		case e.Quote == "":
			bad("missing quote")
		case !strings.Contains(doc, normaliseQuote(e.Quote)):
			bad("quote not found in the document of source %q: %q", r.Document, abbreviate(e.Quote, 90))
		}
		fields, ok := ChecklistFields[r.Kind]
		if !ok {
			bad("unknown kind %q", r.Kind)
			continue
		}
		if r.Slug == "" {
			bad("missing slug")
		}
		if e.Field == "" {
			e.Field = fields[0]
		} else if !contains(fields, e.Field) {
			bad("field %q is not one of %s for kind %s", e.Field, strings.Join(fields, ", "), r.Kind)
			continue
		}
		switch v := r.Value.(type) {
		case nil:
			bad("missing value")
			continue
		case string:
			e.Value = v
		default:
			e.Value = fmt.Sprint(v)
		}
		if dateFields[e.Field] {
			d, p, err := rules.Date("value", e.Value)
			if err != nil {
				bad("%s", err.Message)
				continue
			}
			e.Date, e.Precision = d, p
		} else {
			n, err := strconv.ParseFloat(e.Value, 64)
			if err != nil {
				bad("value %q is not a number", e.Value)
				continue
			}
			e.Number = &n
		}
		out = append(out, e)
	}
	if err := ps.asError(); err != nil {
		return nil, err
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// NormalizeQuote makes a quotation comparable with another or with a source document:
// Markdown emphasis markers (*) are dropped and runs of white space (including no-break
// spaces) become one space. It is how the loader checks that a quote is verbatim.
func NormalizeQuote(s string) string { return normaliseQuote(s) }
