package seed

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/reindustrie/observatory/model"
)

var dateForm = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// parseDate reads a reduced ISO 8601 date: "2021-04-30" (DAY), "2021-04" (MONTH) or
// "2022" (YEAR), and returns the first day of the period it names, as stored
// ("YYYY-MM-DD"), and its precision.
func parseDate(s string) (string, model.Precision, error) {
	if !dateForm.MatchString(s) {
		return "", "", fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var (
		layout    string
		precision model.Precision
	)
	switch len(s) {
	case 4:
		layout, precision = "2006", model.PrecisionYear
	case 7:
		layout, precision = "2006-01", model.PrecisionMonth
	default:
		layout, precision = "2006-01-02", model.PrecisionDay
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", "", fmt.Errorf("date %q does not exist", s)
	}
	return t.Format("2006-01-02"), precision, nil
}

// normaliseQuote makes a quotation comparable with a document: Markdown emphasis
// markers (*) are dropped and every run of white space (including no-break spaces)
// becomes one space. Letters, apostrophes and punctuation are compared as they are.
func normaliseQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '*':
			continue
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapseSpaces trims s and collapses its runs of white space, keeping everything else.
func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }
