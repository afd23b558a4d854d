package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reindustrie/observatory/model"
)

// msgFieldInternal is the message of a field that failed on the server's side.
const msgFieldInternal = "internal error: the observatory could not answer this field; try again later"

// ErrorPresenter turns any resolver error into a GraphQL error with a stable code, in
// one place: a model.Error (found with errors.As, or made by model.Classify of a
// database, network or context error) gives its code, public message and extensions;
// its private cause is logged with the request's ID. Errors of the executor (parse,
// validation, arguments) already carry a code and are kept. Any other error is logged
// and replaced by a generic message, so no SQL, path or driver text leaks.
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		me := model.Classify(ctx, err)
		if me == nil {
			if gqlErr.Extensions != nil && gqlErr.Extensions["code"] != nil {
				// Parse, validation and argument errors from the executor: already for clients.
				return gqlErr
			}
			var inner *gqlerror.Error
			if errors.As(err, &inner) && inner.Extensions["code"] != nil {
				return gqlErr
			}
			me = &model.Error{Code: model.CodeInternal, Message: msgFieldInternal, Err: err}
		}
		switch {
		case me.Err == nil:
		case me.Code == model.CodeUnavailable:
			logger.WarnContext(ctx, "database unavailable", "path", gqlErr.Path.String(), "error", me.Err)
		case me.Code == model.CodeInternal:
			logger.ErrorContext(ctx, "resolver error", "path", gqlErr.Path.String(), "error", me.Err)
		}
		gqlErr.Message = me.Message
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		for k, v := range me.Extensions {
			gqlErr.Extensions[k] = v
		}
		gqlErr.Extensions["code"] = me.Code
		return gqlErr
	}
}

// RecoverFunc turns a panic in a resolver into an error for that field; the server
// keeps serving.
func RecoverFunc(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p))
		return &model.Error{Code: model.CodeInternal, Message: "internal error: the observatory could not answer this field"}
	}
}
