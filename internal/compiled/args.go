package compiled

import (
	"encoding/json"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Arguments: read as gqlgen coerced them, identifiers resolved by the one identifier
// rule (the @ref directive's, loaders.Ref).

// refArgs returns the arguments of f with the identifiers of its @ref arguments and
// input fields in their canonical form, as the directive hands them to the resolvers.
// An identifier that names nothing sends the operation to the general path, which
// reports it.
func (x *exec) refArgs(f *graphql.CollectedField) (map[string]any, error) {
	args := x.args(f)
	for _, def := range f.Definition.Arguments {
		v, ok := args[def.Name]
		if !ok || v == nil {
			continue
		}
		if d := def.Directives.ForName("ref"); d != nil {
			kinds, lookup := graph.RefDirectiveArgs(d)
			if lookup {
				continue // lookups are read by the root field itself (lookupSlug)
			}
			s, err := x.resolveRef(def.Name, v, kinds)
			if err != nil {
				return nil, err
			}
			args[def.Name] = s
			continue
		}
		obj, isObj := v.(map[string]any)
		if !isObj {
			continue
		}
		typ := x.schema.Types[def.Type.Name()]
		if typ == nil || typ.Kind != ast.InputObject {
			continue
		}
		out := make(map[string]any, len(obj))
		for k, fv := range obj {
			out[k] = fv
			field := typ.Fields.ForName(k)
			if field == nil || fv == nil {
				continue
			}
			if d := field.Directives.ForName("ref"); d != nil {
				kinds, _ := graph.RefDirectiveArgs(d)
				s, err := x.resolveRef(k, fv, kinds)
				if err != nil {
					return nil, err
				}
				out[k] = s
			}
		}
		args[def.Name] = out
	}
	return args, nil
}

// resolveRef resolves one identifier of an argument or input field marked @ref (of
// those kinds), as the directive does.
func (x *exec) resolveRef(argument string, v any, kinds []*model.Kind) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", decline()
	}
	ref, err := loaders.For(x.ctx).Ref(x.ctx, argument, s, kinds, false)
	if err != nil {
		return "", decline()
	}
	if len(kinds) == 1 {
		return ref.Slug, nil
	}
	return ref.GlobalID(), nil
}

// lookupSlug reads the identifier of a lookup argument (slug or global ID of the
// kind): the slug to look for. A code or an identifier of another kind is left to the
// general path.
func lookupSlug(v any, kind *model.Kind) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	if typ, slug, ok := model.ParseGlobalID(s); ok {
		if typ != kind.Type {
			return "", false
		}
		return slug, true
	}
	return s, true
}

// filterArg reads the argument filter of a list, an aggregate or a map view: decoded
// into its input type In (nil when absent) and turned into the model's filter by the
// graph package's conversion (of), whose refusal the general path reports.
func filterArg[In, F any](args map[string]any, of func(*In) (F, error)) (F, error) {
	var in *In
	if v := args["filter"]; v != nil {
		in = new(In)
		if err := decodeInput(v, in); err != nil {
			var zero F
			return zero, err
		}
	}
	filter, err := of(in)
	if err != nil {
		return filter, decline()
	}
	return filter, nil
}

// observationFilter is filterArg for the observations' filter, whose conversion reads
// the request (graph.ObservationFilterOf).
func (x *exec) observationFilter(args map[string]any) (model.ObservationFilter, error) {
	return filterArg(args, func(in *gqlmodel.ObservationFilter) (model.ObservationFilter, error) {
		return graph.ObservationFilterOf(x.ctx, in)
	})
}

// decodeInput turns an input object argument into its gqlmodel type (their JSON names
// are the schema's).
func decodeInput(v any, into any) error {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return decline()
	}
	if err := json.Unmarshal(b, into); err != nil {
		return decline()
	}
	return nil
}

// intArg reads an Int argument (nil when absent).
func intArg(v any) (*int, bool) {
	switch n := v.(type) {
	case nil:
		return nil, true
	case int:
		return &n, true
	case int64:
		i := int(n)
		return &i, true
	case json.Number:
		i, err := strconv.Atoi(string(n))
		return &i, err == nil
	case float64:
		i := int(n)
		return &i, float64(i) == n
	}
	return nil, false
}

// enumsArg reads a list of enum (or String) values (nil when absent).
func enumsArg[E ~string](v any) ([]E, bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]E, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, E(s))
	}
	return out, true
}

// stringArg reads a String argument (nil when absent).
func stringArg(v any) (*string, bool) {
	switch s := v.(type) {
	case nil:
		return nil, true
	case string:
		return &s, true
	}
	return nil, false
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkInputs checks the values of the custom input scalars (Date) of every field of
// the operation, as gqlgen's unmarshallers do when the resolvers run: a value they
// refuse sends the operation to the general path, which reports it.
func (x *exec) checkInputs(sel ast.SelectionSet, seen map[string]bool) error {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.Definition != nil && len(s.Arguments) > 0 {
				args := s.ArgumentMap(x.op.Variables)
				for _, def := range s.Definition.Arguments {
					if err := x.checkValue(def.Type, args[def.Name]); err != nil {
						return err
					}
				}
			}
			if err := x.checkInputs(s.SelectionSet, seen); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := x.checkInputs(s.SelectionSet, seen); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true
				if err := x.checkInputs(s.Definition.SelectionSet, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (x *exec) checkValue(t *ast.Type, v any) error {
	if v == nil || t == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return x.checkValue(t.Elem, v) // a single value given for a list
		}
		for _, e := range list {
			if err := x.checkValue(t.Elem, e); err != nil {
				return err
			}
		}
		return nil
	}
	def := x.schema.Types[t.NamedType]
	if def == nil {
		return nil
	}
	switch {
	case def.Kind == ast.Scalar && def.Name == "Date":
		if _, err := gqlmodel.UnmarshalDate(v); err != nil {
			return decline()
		}
	case def.Kind == ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		for _, f := range def.Fields {
			if err := x.checkValue(f.Type, obj[f.Name]); err != nil {
				return err
			}
		}
	}
	return nil
}
