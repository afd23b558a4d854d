package model

import (
	"time"
)

// ParsePartialDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" and returns the first day of
// the period it names (as stored: "YYYY-MM-DD") and its precision.
func ParsePartialDate(s string) (string, Precision, error) {
	layouts := []struct {
		layout    string
		precision Precision
	}{
		{"2006-01-02", PrecisionDay},
		{"2006-01", PrecisionMonth},
		{"2006", PrecisionYear},
	}
	for _, l := range layouts {
		if len(s) != len(l.layout) {
			continue
		}
		t, err := time.Parse(l.layout, s)
		if err != nil {
			break
		}
		return t.Format("2006-01-02"), l.precision, nil
	}
	return "", "", BadInput("%q is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// FormatPartialDate writes a stored date ("YYYY-MM-DD") with the precision it has:
// "2022" for a year, "2021-04" for a month, "2021-04-30" for a day.
func FormatPartialDate(stored string, p Precision) string {
	switch {
	case p == PrecisionYear && len(stored) >= 4:
		return stored[:4]
	case p == PrecisionMonth && len(stored) >= 7:
		return stored[:7]
	default:
		return stored
	}
}

// PeriodEnd returns the last day of the period that starts on a stored date with the
// given precision: the end of the year for "2022", of the month for "2021-04".
func PeriodEnd(stored string, p Precision) string {
	t, err := time.Parse("2006-01-02", stored)
	if err != nil {
		return stored
	}
	switch p {
	case PrecisionYear:
		t = time.Date(t.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		t = time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return t.Format("2006-01-02")
}

// Date is a date as the API shows it: ISO 8601 at its precision, "2021-04-30" for a
// day, "2021-04" for a month, "2022" for a year (the GraphQL scalar Date, whose
// marshalling lives in graph/gqlmodel).
type Date string

// DateOf formats a stored date ("YYYY-MM-DD") at its precision (a day when p is nil);
// nil when there is no date.
func DateOf(stored *string, p *Precision) *Date {
	if stored == nil || *stored == "" {
		return nil
	}
	prec := PrecisionDay
	if p != nil {
		prec = *p
	}
	d := Date(FormatPartialDate(*stored, prec))
	return &d
}

// FormatPartialDateOpt formats an optional stored date at its precision ("" when absent).
func FormatPartialDateOpt(stored *string, p *Precision) string {
	if stored == nil || p == nil {
		return ""
	}
	return FormatPartialDate(*stored, *p)
}
