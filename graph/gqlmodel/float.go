package gqlmodel

import (
	"context"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/model"
)

// MarshalFloat writes the scalar Float as a plain decimal number, never with an
// exponent: 143000000, not gqlgen's default 1.43e+08, which spreadsheets and some JSON
// readers take for text. An infinite or NaN value, which JSON cannot hold, is an error
// (as gqlgen's own marshaller).
func MarshalFloat(f float64) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return model.BadInput("a Float cannot be infinite or NaN")
		}
		_, err := w.Write(strconv.AppendFloat(nil, f, 'f', -1, 64))
		return err
	})
}

// UnmarshalFloat reads the scalar Float as gqlgen does (a number, or its text).
func UnmarshalFloat(ctx context.Context, v any) (float64, error) {
	return graphql.UnmarshalFloatContext(ctx, v)
}
