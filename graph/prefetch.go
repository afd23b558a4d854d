package graph

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Lookahead batching. gqlgen resolves the rows of a list in one goroutine each, and
// each of them asks the next loader for its key; under CPU load some arrive after the
// batch has left, and a level costs two statements instead of one, and each level
// waits for its loader's batch window. So as soon as a level's rows are known (a root
// list, or a loader's batch), Prefetch runs the resolvers of the selected relation
// fields for all rows in a queueing context, where their loads are only recorded, then
// flushes: one statement per loader, the loaders of a level in parallel, their results
// primed into the loaders (and, through each batch's own lookahead, the levels below).
// The resolvers then find their values in the loaders' caches without waiting.

// relation calls the resolver of one relation field of a parent object, with the
// field's arguments.
type relation func(ctx context.Context, r *Resolver, obj any, args map[string]any)

// relations caches relationOf.
var relations sync.Map // relationKey -> relation (nil when the field is none)

type relationKey struct{ typeName, field string }

// relationOf returns how to call the resolver of the relation field of typeName, or
// nil when that field is not one: the fields of the registry's kinds (model.Kinds)
// whose value is an object (or a list or connection of objects) and whose resolver
// gqlgen generated (gqlgen.yml: resolver: true), i.e. every field loaded through a
// loader. It is derived from the resolvers themselves (Resolver.Site().Occupancies...),
// with the field's arguments passed in schema order, so a new relation is prefetched
// without being listed anywhere.
func relationOf(r *Resolver, typeName string, field *ast.FieldDefinition) relation {
	key := relationKey{typeName, field.Name}
	if v, ok := relations.Load(key); ok {
		return v.(relation)
	}
	rel := deriveRelation(r, typeName, field)
	relations.Store(key, rel)
	return rel
}

// loadingLeaves are the fields of the kinds whose value is a scalar but whose resolver
// loads a record through a loader (a citation's knownSince reads its source's date):
// they are prefetched like relations.
var loadingLeaves = map[relationKey]bool{
	{"Citation", "knownSince"}: true,
}

func deriveRelation(r *Resolver, typeName string, field *ast.FieldDefinition) relation {
	if model.KindOfType(typeName) == nil || field.Type == nil ||
		(isLeafType(field.Type.Name()) && !loadingLeaves[relationKey{typeName, field.Name}]) {
		return nil
	}
	typeMethod, ok := reflect.TypeOf(r).MethodByName(typeName)
	if !ok || typeMethod.Type.NumIn() != 1 || typeMethod.Type.NumOut() != 1 {
		return nil
	}
	method, ok := typeMethod.Type.Out(0).MethodByName(goName(field.Name))
	if !ok {
		return nil
	}
	mt := method.Type // an interface method: no receiver
	if mt.NumIn() != 2+len(field.Arguments) {
		return nil
	}
	params := make([]reflect.Type, len(field.Arguments))
	for i := range field.Arguments {
		params[i] = mt.In(2 + i)
		if !convertible(params[i]) {
			return nil // an input object argument: not prefetched
		}
	}
	return func(ctx context.Context, r *Resolver, obj any, args map[string]any) {
		in := make([]reflect.Value, 0, 2+len(params))
		in = append(in, reflect.ValueOf(ctx), reflect.ValueOf(obj))
		for i, arg := range field.Arguments {
			v, ok := convert(args[arg.Name], params[i])
			if !ok {
				return
			}
			in = append(in, v)
		}
		reflect.ValueOf(r).Method(typeMethod.Index).Call(nil)[0].Method(method.Index).Call(in)
	}
}

// isLeafType reports whether a GraphQL named type is a scalar or an enum of the
// schema (their resolvers compute values, they load nothing).
func isLeafType(name string) bool {
	def := schema().Types[name]
	return def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum
}

var schema = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

// goName is gqlgen's name of a field's resolver method: the field's name, capitalised.
func goName(field string) string {
	return strings.ToUpper(field[:1]) + field[1:]
}

// convertible reports whether convert handles arguments of type t: scalars and enums,
// pointers to them and lists of them.
func convertible(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		return convertible(t.Elem())
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		return true
	}
	return false
}

// convert turns an argument's value, as the operation holds it (nil, string, bool,
// int64, float64, json.Number, []any), into the resolver's parameter type t.
func convert(v any, t reflect.Type) (reflect.Value, bool) {
	if v == nil {
		return reflect.Zero(t), true
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem, ok := convert(v, t.Elem())
		if !ok {
			return reflect.Value{}, false
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(elem)
		return p, true
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			list = []any{v} // a single value where a list is expected (input coercion)
		}
		out := reflect.MakeSlice(t, 0, len(list))
		for _, x := range list {
			e, ok := convert(x, t.Elem())
			if !ok {
				return reflect.Value{}, false
			}
			out = reflect.Append(out, e)
		}
		return out, true
	case reflect.String:
		if s, ok := v.(string); ok {
			return reflect.ValueOf(s).Convert(t), true
		}
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			return reflect.ValueOf(b).Convert(t), true
		}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		var f float64
		switch n := v.(type) {
		case int64:
			f = float64(n)
		case int:
			f = float64(n)
		case float64:
			f = n
		case interface{ Float64() (float64, error) }:
			x, err := n.Float64()
			if err != nil {
				return reflect.Value{}, false
			}
			f = x
		default:
			return reflect.Value{}, false
		}
		if t.Kind() == reflect.Float64 {
			return reflect.ValueOf(f).Convert(t), true
		}
		return reflect.ValueOf(int64(f)).Convert(t), true
	}
	return reflect.Value{}, false
}

// Prefetch queues the loads of the relation fields selected below rows (a slice of model
// pointers) for all of them at once. The selection is that of the field in ctx. It
// implements loaders.Prefetcher.
func (r *Resolver) Prefetch(ctx context.Context, rows any) {
	kind, objs := model.KindOfRows(rows)
	if len(objs) == 0 || graphql.GetOperationContext(ctx) == nil {
		return
	}
	typeName := kind.Type
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return
	}
	opCtx := graphql.GetOperationContext(ctx)
	queue := loaders.Queueing(ctx)
	for _, f := range childFields(opCtx, fc.Field, typeName) {
		if f.Definition == nil {
			continue
		}
		rel := relationOf(r, typeName, f.Definition)
		if rel == nil {
			continue
		}
		args := f.ArgumentMap(opCtx.Variables)
		childCtx := graphql.WithFieldContext(queue, &graphql.FieldContext{
			Parent: fc, Object: typeName, Field: f, Args: args, IsMethod: true, IsResolver: true,
		})
		for _, o := range objs {
			rel(childCtx, r, o, args)
		}
	}
	loaders.Flush(queue)
}

// childFields returns the fields selected on objects of typeName below field, looking
// through connections (nodes, edges.node) when field returns one.
func childFields(opCtx *graphql.OperationContext, field graphql.CollectedField, typeName string) []graphql.CollectedField {
	sel := field.Selections
	if def := field.Definition; def != nil && strings.HasSuffix(def.Type.Name(), "Connection") {
		var inner []graphql.CollectedField
		for _, f := range graphql.CollectFields(opCtx, sel, []string{def.Type.Name()}) {
			switch f.Name {
			case "nodes":
				inner = append(inner, graphql.CollectFields(opCtx, f.Selections, []string{typeName})...)
			case "edges":
				for _, e := range graphql.CollectFields(opCtx, f.Selections, nil) {
					if e.Name == "node" {
						inner = append(inner, graphql.CollectFields(opCtx, e.Selections, []string{typeName})...)
					}
				}
			}
		}
		return inner
	}
	return graphql.CollectFields(opCtx, sel, []string{typeName, "Node", "Subject"})
}

func argString(a map[string]any, name string) *string {
	if s, ok := a[name].(string); ok {
		return &s
	}
	return nil
}
