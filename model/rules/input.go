package rules

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reindustrie/observatory/model"
)

// The rules on raw input, whatever the record: clean text and numbers within the
// ranges of their unit (docs/input.md lists them).

// longTexts are the fields whose text may hold line breaks and tabs (descriptions,
// notes, quotes, reasons); every other text is one line.
var longTexts = map[string]bool{
	"Description": true, "Note": true, "Quote": true, "Reason": true, "RankReason": true, "Definition": true,
	"Purpose": true, "RetractionReason": true, "Before": true, "After": true,
}

// CleanText checks a text: valid UTF-8 without NUL nor control characters (line
// breaks and tabs allowed in long texts), nor Unicode's non-characters and private
// controls (bidirectional overrides are allowed: names in Arabic or Hebrew script use
// them).
func CleanText(field, s string, long bool) *model.Error {
	if !utf8.ValidString(s) {
		return model.BadInput("%s is not valid UTF-8", field)
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			if !long {
				return model.BadInput("%s must be on one line (no line break nor tab)", field)
			}
		case r == 0:
			return model.BadInput("%s contains a NUL character", field)
		case unicode.IsControl(r), r == utf8.RuneError, r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
			return model.BadInput("%s contains a control character (U+%04X)", field, r)
		}
	}
	return nil
}

// Clean checks every text of a record (its string, *string and model.Text fields,
// named in style s) with CleanText. The seed loader and the editors call it on every
// record they write.
func Clean(p *Problems, s Style, record any) {
	v := reflect.ValueOf(record)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := s.Name(strings.ToLower(f.Name[:1]) + f.Name[1:])
		long := longTexts[f.Name]
		fv := v.Field(i)
		switch x := fv.Interface().(type) {
		case string:
			p.Add(name, CleanText(name, x, long))
		case *string:
			if x != nil {
				p.Add(name, CleanText(name, *x, long))
			}
		case model.Text:
			p.Add(name, CleanText(name, x.FR, long))
			p.Add(name, CleanText(name, x.EN, long))
		}
	}
}

// ValueRange is the range of the values of a unit, bounds included.
type ValueRange struct {
	Min, Max float64
}

// Ceiling values: no figure of the observatory comes near them; they keep sums far
// from overflow and catch typing errors (a value in cents, an extra "000").
const (
	MaxCount = 1e9  // people, jobs, companies, projects... (10⁹)
	MaxEuros = 1e13 // ten thousand billion euros, three times France's GDP
)

// UnitRanges are the values each unit allows (docs/input.md).
var UnitRanges = map[string]ValueRange{
	"EUR":                    {0, MaxEuros},
	"EUR_PER_SENIORITY_YEAR": {0, 1e7},
	"JOBS":                   {0, MaxCount},
	"PEOPLE":                 {0, MaxCount},
	"INHABITANTS":            {0, MaxCount},
	"COMPANIES":              {0, MaxCount},
	"PROJECTS":               {0, MaxCount},
	"AID_FILES":              {0, MaxCount},
	"SITES":                  {0, MaxCount},
	"M2":                     {0, 1e11}, // 100 000 km², a sixth of France
	"HA":                     {0, 1e7},  // the same in hectares
	"DAYS":                   {0, 1e7},
	"HOURS":                  {0, 1e7},
	"GWH":                    {0, 1e7},
	"PERCENT":                {0, 100},
	"RATIO":                  {0, 1e6},
	"YEARS":                  {0, 1000},
	"COUNT":                  {0, MaxCount},
	"RANK":                   {1, MaxCount},
	"TERRITORIES":            {0, MaxCount},
	"COMMUNES":               {0, MaxCount},
	"ZONES":                  {0, MaxCount},
	"COURSES":                {0, MaxCount},
	"POLICY_STRANDS":         {0, MaxCount},
}

// InRange checks a value of a unit: a finite number within the unit's range.
func InRange(field, unit string, v float64) *model.Error {
	if err := Number(field, v); err != nil {
		return err
	}
	r, ok := UnitRanges[unit]
	if !ok {
		return nil // an unknown unit has its own problem
	}
	if v < r.Min || v > r.Max {
		return model.BadInput("%s %s is out of the range of %s values (%s to %s)", field, formatNumber(v), unit,
			formatNumber(r.Min), formatNumber(r.Max))
	}
	return nil
}

// Area checks an optional floor or land area in square metres: positive, at most the
// M2 ceiling.
func Area(field string, v *float64) *model.Error {
	if v == nil {
		return nil
	}
	if err := Positive(field, v); err != nil {
		return err
	}
	return InRange(field, "M2", *v)
}

// WebURL checks a web address: an absolute http or https URL with a host, on one line.
func WebURL(field, raw string) *model.Error {
	if err := CleanText(field, raw, false); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(raw, " <>\"") {
		return model.BadInput("%s must be an http:// or https:// address", field)
	}
	return nil
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
