package limits

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

func init() {
	// Request errors: 400 under application/graphql-response+json (gqlgen's protocol kind).
	for _, code := range []string{CodeQueryTooLarge, CodeTooManyAliases, CodeQueryTooDeep, CodeQueryTooComplex} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Extension is the gqlgen handler extension that checks the query text and aliases
// before parsing and validation, the depth and cost after validation and before
// execution, and reports the cost in the response's extensions.cost.
type Extension struct {
	Config Config
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = Extension{}

const statsKey = "limits"

// ExtensionName names the extension.
func (Extension) ExtensionName() string { return "ObservatoryLimits" }

// Validate accepts every schema.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters runs before parsing (after persisted queries are
// resolved): it bounds the text and the aliases, so that validation never sees an
// oversized document.
func (e Extension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	cfg := e.Config.withDefaults()
	if len(p.Query) > cfg.MaxQueryBytes {
		return limitError(CodeQueryTooLarge,
			fmt.Sprintf("the query is %d bytes long; the limit is %d: send a smaller document (fragments help), or split it", len(p.Query), cfg.MaxQueryBytes),
			map[string]any{"size": len(p.Query), "maxSize": cfg.MaxQueryBytes})
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: p.Query})
	if err != nil {
		return nil // the executor reports the parse error
	}
	if n := CountAliases(doc); n > cfg.MaxAliases {
		return limitError(CodeTooManyAliases,
			fmt.Sprintf("the query has %d aliased fields; the limit is %d", n, cfg.MaxAliases),
			map[string]any{"aliases": n, "maxAliases": cfg.MaxAliases})
	}
	return nil
}

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
