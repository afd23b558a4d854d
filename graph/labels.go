package graph

import (
	"context"

	"github.com/reindustrie/observatory/model"
)

// OptLabel is the label of an optional code of the vocabulary's type typ, in the
// field's language; null when there is no code.
func OptLabel[T ~string](ctx context.Context, typ string, code *T, lang *model.Lang) *string {
	if code == nil {
		return nil
	}
	s := model.LabelOf(typ, string(*code), model.LangOf(ctx, lang))
	return &s
}
