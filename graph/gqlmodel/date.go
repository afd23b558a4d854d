// Package gqlmodel holds the GraphQL-only types: connections, filters, inputs and
// custom scalars. Storage models live in package model.
package gqlmodel

import (
	"io"
	"strconv"

	"github.com/reindustrie/observatory/model"
)

// Date is a calendar date in ISO 8601 with day, month or year precision: "2021-04-30",
// "2021-04" or "2022".
type Date string

// MarshalGQL writes the date as a JSON string.
func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL accepts "YYYY", "YYYY-MM" or "YYYY-MM-DD" and rejects anything else.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return &model.InputError{Msg: `a Date must be a string such as "2021", "2021-04" or "2021-04-30"`}
	}
	if _, _, err := model.ParsePartialDate(s); err != nil {
		return err
	}
	*d = Date(s)
	return nil
}
