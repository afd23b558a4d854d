package limits

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func init() {
	// Request errors: 400 under application/graphql-response+json (gqlgen's protocol kind).
	for _, code := range []string{CodeQueryTooLarge, CodeTooManyAliases, CodeQueryTooDeep, CodeQueryTooComplex} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Extension is the gqlgen handler extension that checks the depth and cost of an
// operation after validation and before execution, and reports the cost in the
// response's extensions.cost. The limits on the text (Config.CheckText) come earlier,
// in the transport, before anything parses the document.
type Extension struct {
	Config Config
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = Extension{}

const statsKey = "limits"

// ExtensionName names the extension.
func (Extension) ExtensionName() string { return "ObservatoryLimits" }

// Validate accepts every schema.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext runs after validation, before execution: it computes the
// operation's depth and cost and refuses it over the limits.
func (e Extension) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	cfg := e.Config.withDefaults()
	if oc.Operation == nil {
		return nil
	}
	m := Analyze(cfg, oc.Operation, oc.Doc.Fragments, oc.Variables)
	oc.Stats.SetExtension(statsKey, m)
	if m.Depth > cfg.MaxDepth {
		return limitError(CodeQueryTooDeep,
			fmt.Sprintf("the query nests fields %d levels deep; the limit is %d", m.Depth, cfg.MaxDepth),
			map[string]any{"depth": m.Depth, "maxDepth": cfg.MaxDepth})
	}
	if m.Cost > cfg.MaxCost {
		return limitError(CodeQueryTooComplex,
			fmt.Sprintf("the query could return up to %d objects (its cost); the limit is %d: ask for smaller pages (first) or fewer nested lists", m.Cost, cfg.MaxCost),
			map[string]any{"cost": m.Cost, "maxCost": cfg.MaxCost})
	}
	if extra := (m.Cost - 1) / cfg.CostPerToken; extra > 0 {
		Charge(ctx, int(extra))
	}
	return nil
}

// InterceptResponse adds the cost to the response's extensions.
func (e Extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	if m, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(statsKey).(Measure); ok {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["cost"] = m.Cost
	}
	return resp
}

// CostOf returns the cost computed for the operation of ctx (false before analysis).
func CostOf(ctx context.Context) (int64, bool) {
	if !graphql.HasOperationContext(ctx) {
		return 0, false
	}
	m, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(statsKey).(Measure)
	return m.Cost, ok
}

func limitError(code, msg string, ext map[string]any) *gqlerror.Error {
	e := &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
	for k, v := range ext {
		e.Extensions[k] = v
	}
	return e
}
