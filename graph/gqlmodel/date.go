// Package gqlmodel holds the GraphQL-only types: connections, filters, inputs and
// custom scalars. Storage models live in package model.
package gqlmodel

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/model"
)

// MarshalDate writes the scalar Date, bound to model.Date ("2021-04-30", "2021-04" or
// "2022"), as a JSON string.
func MarshalDate(d model.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) })
}

// UnmarshalDate accepts "YYYY", "YYYY-MM" or "YYYY-MM-DD" and rejects anything else.
func UnmarshalDate(v any) (model.Date, error) {
	s, ok := v.(string)
	if !ok {
		return "", model.BadInput(`a Date must be a string such as "2021", "2021-04" or "2021-04-30"`)
	}
	if _, _, err := model.ParsePartialDate(s); err != nil {
		return "", err
	}
	return model.Date(s), nil
}
