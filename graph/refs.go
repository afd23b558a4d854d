package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Ref implements the @ref directive of the schema: the one identifier rule. The
// argument or input field it marks names a record of one of kinds by its global ID,
// its slug or its official code; Ref resolves it (once per request, loaders.Ref) and
// hands the resolver its canonical form: the slug (the code, for metrics) when the
// argument names one kind, the global ID when it names one of several. An identifier
// that names nothing fails the field: NOT_FOUND for a lookup, BAD_USER_INPUT for a
// filter, with suggestions; an ambiguous code gives AMBIGUOUS_LOOKUP.
func (r *Resolver) Ref(ctx context.Context, _ any, next graphql.Resolver, kinds []string, lookup *bool) (any, error) {
	v, err := next(ctx)
	if err != nil {
		return v, err
	}
	ks := model.KindsNamed(kinds)
	isLookup := lookup != nil && *lookup
	argument := "argument"
	if p := graphql.GetPathContext(ctx); p != nil && p.Field != nil {
		argument = *p.Field
	}
	resolve := func(value string) (string, error) {
		ref, err := loaders.For(ctx).Ref(ctx, argument, value, ks, isLookup)
		if err != nil {
			// At the path of the field, not of its argument: the field is what is null.
			return "", &gqlerror.Error{Message: err.Error(), Path: graphql.GetFieldContext(ctx).Path(), Err: err}
		}
		if len(ks) == 1 {
			return ref.Slug, nil
		}
		return ref.GlobalID(), nil
	}
	switch x := v.(type) {
	case string:
		return resolve(x)
	case *string:
		if x == nil {
			return x, nil
		}
		s, err := resolve(*x)
		if err != nil {
			return nil, err
		}
		return &s, nil
	}
	return v, nil
}
