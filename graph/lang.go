package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/model"
)

// Localized is the @localized directive of the text fields: it sets the field's lang
// argument to the language the field is given in (its own lang argument, else the
// request's, else French) and records that language for the response's
// Content-Language. The field itself is bound to a method of the record taking that
// argument (model/localized.go), called inline.
func Localized(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	arg, _ := fc.Args["lang"].(*model.Lang)
	l := model.LangOf(ctx, arg)
	fc.Args["lang"] = &l
	return next(ctx)
}
