// Package rules holds the rules a record must satisfy, whoever writes it: the seed
// loader checks the curated data files with them, the editors' mutations check their
// input with them, so that a record the one accepts the other accepts too.
//
// A rule looks at one record (an observation, an event, a company, a site, a source, a
// relationship, a citation), at one field (a date, a period, a slug, a unit), or at the
// records of one claim group. It reports what is wrong as model.Error values (code
// BAD_USER_INPUT) whose messages say what to change; the caller says where (the seed
// adds the file and the record, the API lists the problems of its input). Rules that
// need the database (a reference to an existing record, a quote found in its source
// document, a slug not yet taken) belong to the callers.
//
// A record rule also completes the defaults of a record (approximation EXACT, rank
// NORMAL, company kind BUSINESS...), so that both writers store the same thing.
package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/reindustrie/observatory/model"
)

// Style says how messages name fields: as the API does (camelCase, "valueMax") or as
// the data files do (snake_case, "value_max"), and how they word a missing value.
type Style int

// Styles of messages.
const (
	// API words messages for the clients of the GraphQL API: "valueMax",
	// "name is required".
	API Style = iota
	// Data words messages for the curators of the data files: "value_max",
	// "missing name".
	Data
)

// dataNames are the data files' names of the fields whose name is not the snake_case
// of the API's.
var dataNames = map[string]string{
	"areaSquareMetres":  "area_m2",
	"citation":          "cite",
	"groupName":         "group",
	"latitude":          "location.lat",
	"longitude":         "location.lon",
	"locationPrecision": "location.precision",
	"periodStart":       "period.start",
	"publishedOn":       "published",
}

// Name returns how messages of style s name the field the API calls name.
func (s Style) Name(name string) string {
	if s == API {
		return name
	}
	if n, ok := dataNames[name]; ok {
		return n
	}
	var b strings.Builder
	for _, r := range name {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Problems collects what is wrong with a record, in the order found. A record rule
// does not report a missing field that already has a problem (a date that does not
// parse is not also missing).
type Problems struct {
	list   []*model.Error
	fields map[string]bool
}

// Add records err, a problem of field (as messages name it); a nil err is ignored.
func (p *Problems) Add(field string, err *model.Error) {
	if err == nil {
		return
	}
	p.list = append(p.list, err)
	if p.fields == nil {
		p.fields = map[string]bool{}
	}
	p.fields[field] = true
}

// Addf records a problem of field whose message is format with args.
func (p *Problems) Addf(field, format string, args ...any) {
	p.Add(field, model.BadInput(format, args...))
}

// Has reports whether field has a problem.
func (p *Problems) Has(field string) bool { return p.fields[field] }

// Empty reports whether nothing is wrong.
func (p *Problems) Empty() bool { return len(p.list) == 0 }

// List returns the problems, in the order found.
func (p *Problems) List() []*model.Error { return p.list }

// Messages returns the messages of the problems, in the order found.
func (p *Problems) Messages() []string {
	out := make([]string, len(p.list))
	for i, e := range p.list {
		out[i] = e.Message
	}
	return out
}

// Err returns nil when nothing is wrong, else one model.Error listing the problems
// (model.Invalid: "invalid input: a; b", extensions.problems).
func (p *Problems) Err() error {
	if p.Empty() {
		return nil
	}
	return model.Invalid(p.Messages()...)
}

// --- fields --------------------------------------------------------------------------

// Missing says that field has no value: "name is required" (API), "missing name"
// (Data).
func Missing(s Style, field string) *model.Error {
	if s == Data {
		return model.BadInput("missing %s", field)
	}
	return model.BadInput("%s is required", field)
}

// Required reports a blank value of field.
func Required(s Style, field, value string) *model.Error {
	if strings.TrimSpace(value) == "" {
		return Missing(s, field)
	}
	return nil
}

// RequiredText checks a text the record must have (a title, a label).
func RequiredText(s Style, field string, t model.Text) *model.Error {
	if BlankText(t) {
		return Missing(s, field)
	}
	return nil
}

// BlankText reports whether a text is blank in both languages.
func BlankText(t model.Text) bool {
	return strings.TrimSpace(t.FR) == "" && strings.TrimSpace(t.EN) == ""
}

// Bilingual checks that a text, when there is one, is in both languages: the API
// answers in French and in English, and never with an empty text in one of them.
func Bilingual(s Style, field string, t model.Text) *model.Error {
	fr, en := strings.TrimSpace(t.FR) != "", strings.TrimSpace(t.EN) != ""
	switch {
	case fr && !en:
		return model.BadInput("%s has no English text (en)", field)
	case en && !fr:
		return model.BadInput("%s has no French text (fr)", field)
	}
	return nil
}

// Blank reports whether an optional text is absent or blank.
func Blank(v *string) bool { return v == nil || strings.TrimSpace(*v) == "" }

// OneOf checks an enumerated value: it must be one of allowed, and is required.
func OneOf[T ~string](s Style, field string, value T, allowed []T) *model.Error {
	switch {
	case value == "" && s == Data:
		return model.BadInput("missing %s (one of %s)", field, list(s, allowed))
	case value == "":
		return model.BadInput("%s is required (%s)", field, list(s, allowed))
	case !slices.Contains(allowed, value):
		return model.BadInput("%s %q is not one of %s", field, value, list(s, allowed))
	}
	return nil
}

// list writes allowed values: "A, B or C" in their order (API), "A, B, C" sorted
// (Data).
func list[T ~string](s Style, allowed []T) string {
	out := make([]string, len(allowed))
	for i, a := range allowed {
		out[i] = string(a)
	}
	if s == Data {
		slices.Sort(out)
		return strings.Join(out, ", ")
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

// orDefault sets *v to def when it is empty.
func orDefault[T ~string](v *T, def T) {
	if *v == "" {
		*v = def
	}
}

// Date reads a date given as "YYYY", "YYYY-MM" or "YYYY-MM-DD": it returns the first day
// of the period it names (as stored, "YYYY-MM-DD") and its precision.
func Date(field, value string) (string, model.Precision, *model.Error) {
	stored, p, err := model.ParsePartialDate(value)
	if err != nil {
		return "", "", model.BadInput("%s: %s", field, err.Error())
	}
	return stored, p, nil
}

// Period checks a period from start to end (stored dates with their precisions): both
// ends have the same precision, and the start is not after the end. Messages name the
// ends as given ("2021", "2021-04").
func Period(startField, start string, startPrecision model.Precision, endField, end string, endPrecision model.Precision) *model.Error {
	s, e := model.FormatPartialDate(start, startPrecision), model.FormatPartialDate(end, endPrecision)
	switch {
	case startPrecision != endPrecision:
		return model.BadInput("%s %q and %s %q must have the same precision", startField, s, endField, e)
	case start > end:
		return model.BadInput("%s %q is after %s %q", startField, s, endField, e)
	}
	return nil
}

// MaxSlugLength bounds a slug.
const MaxSlugLength = 120

// Slug checks the slug of a new record: 1 to 120 characters, lower-case letters and
// digits in words separated by single dashes ("bridgestone-bethune").
func Slug(s Style, slug string) *model.Error {
	switch {
	case slug == "":
		return Missing(s, "slug")
	case len(slug) > MaxSlugLength:
		return model.BadInput("slug: give 1 to %d characters", MaxSlugLength)
	}
	for _, r := range slug {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return model.BadInput("slug %q: use lower-case letters, digits and dashes", slug)
		}
	}
	if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
		return model.BadInput("slug %q: dashes go between words (no leading, trailing or double dash)", slug)
	}
	return nil
}

// Siren checks a SIREN number: 9 digits.
func Siren(siren string) *model.Error {
	if len(siren) != 9 || strings.ContainsFunc(siren, func(r rune) bool { return r < '0' || r > '9' }) {
		return model.BadInput("siren %q: a SIREN has 9 digits", siren)
	}
	return nil
}

// Number checks that a value is a number (not NaN nor infinite).
func Number(field string, v float64) *model.Error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return model.BadInput("%s must be a number", field)
	}
	return nil
}

// Positive checks an optional quantity (an area...): when given, a number greater than
// zero.
func Positive(field string, v *float64) *model.Error {
	if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v <= 0) {
		return model.BadInput("%s must be positive", field)
	}
	return nil
}

// Unit checks that unit is one of Units.
func Unit(unit string) *model.Error {
	if _, ok := Units[unit]; !ok {
		return model.BadInput("unit %q is not one of the known units (%s)", unit, unitList())
	}
	return nil
}

// UnitOfMetric checks that the unit given with a figure is its metric's.
func UnitOfMetric(unit, metric, metricUnit string) *model.Error {
	if unit != metricUnit {
		return model.BadInput("unit %q differs from the unit %q of metric %q", unit, metricUnit, metric)
	}
	return nil
}

func unitList() string {
	out := make([]string, 0, len(Units))
	for u := range Units {
		out = append(out, u)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// Citation checks the passage a record rests on: given (present), with its source,
// quote and locator. field is how messages name it ("citation" for the API, "cite" in
// the data files). Whether the source exists and holds the quote is the caller's to
// check.
func Citation(p *Problems, s Style, field string, present bool, source, quote, locator string) {
	if !present {
		if s == Data {
			p.Addf(field, "missing %s (source, quote, locator)", field)
		} else {
			p.Addf(field, "%s is required: no figure without its source", field)
		}
		return
	}
	p.Add(field+".source", Required(s, field+".source", source))
	if strings.TrimSpace(quote) == "" {
		p.Add(field+".quote", missingWhy(s, field+".quote", "the exact passage, in the document's language"))
	} else {
		p.Add(field+".quote", CleanText(field+".quote", quote, true))
	}
	if strings.TrimSpace(locator) == "" {
		p.Add(field+".locator", missingWhy(s, field+".locator", "where the passage sits in the document"))
	} else {
		p.Add(field+".locator", CleanText(field+".locator", locator, true))
	}
	p.Add(field+".source", CleanText(field+".source", source, false))
}

// missingWhy is Missing with what the value is for.
func missingWhy(s Style, field, why string) *model.Error {
	e := Missing(s, field)
	e.Message += ": " + why
	return e
}

// Ends checks the two ends of an edge (as "kind:slug" or any key that names an entity).
func Ends(from, to string) *model.Error {
	if from == to {
		return model.BadInput("an edge needs two different ends")
	}
	return nil
}

// sprint formats an optional value for comparisons: "-" when absent.
func sprint[T any](v *T) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(*v)
}
