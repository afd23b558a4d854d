package metrics

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// Extension is the gqlgen extension that names the operation of a request (for the
// latency histogram and the access log) and counts the errors of its response by
// extensions.code. It reads and writes the request's record kept by the middleware,
// and does nothing without it.
type Extension struct{}

var (
	_ graphql.HandlerExtension    = Extension{}
	_ graphql.ResponseInterceptor = Extension{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Extension) ExtensionName() string { return "ObservatoryMetrics" }

// Validate implements graphql.HandlerExtension.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor. It is called for executed
// operations and for requests refused at parsing or validation alike.
func (Extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	rec := from(ctx)
	if rec == nil {
		return resp
	}
	name, valid := "", false
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil {
			name, valid = op.Name, true
		}
	}
	rec.setOperation(name, valid)
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			rec.m.countError(code)
		}
	}
	return resp
}

// CountingCache wraps a gqlgen cache (the parsed-query cache, the persisted queries)
// so that its lookups are counted as hits or misses under the given name.
func CountingCache[T any](name string, inner graphql.Cache[T]) graphql.Cache[T] {
	return countingCache[T]{name: name, inner: inner}
}

type countingCache[T any] struct {
	name  string
	inner graphql.Cache[T]
}

func (c countingCache[T]) Get(ctx context.Context, key string) (T, bool) {
	v, ok := c.inner.Get(ctx, key)
	if rec := from(ctx); rec != nil {
		result := "miss"
		if ok {
			result = "hit"
		}
		rec.m.cache.WithLabelValues(c.name, result).Inc()
	}
	return v, ok
}

func (c countingCache[T]) Add(ctx context.Context, key string, value T) {
	c.inner.Add(ctx, key, value)
}
