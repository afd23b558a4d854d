package graph_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/generated"
)

// Every type, field, argument and enum value of the schema is described, so the
// documentation pane of GraphiQL answers a journalist's "what is this?".
func TestSchemaIsDescribed(t *testing.T) {
	t.Parallel()
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	var missing []string
	for name, def := range schema.Types {
		if strings.HasPrefix(name, "__") || def.BuiltIn {
			continue
		}
		if strings.TrimSpace(def.Description) == "" && name != "Query" && name != "Mutation" {
			missing = append(missing, "type "+name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if strings.TrimSpace(f.Description) == "" && !(def.Kind == ast.Object && implementsNodeID(def, f)) {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		for _, v := range def.EnumValues {
			if strings.TrimSpace(v.Description) == "" {
				missing = append(missing, name+"."+v.Name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d schema elements without a description:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// implementsNodeID reports whether f is the id field of a Node, described once on the
// interface (GraphiQL shows the interface's description).
func implementsNodeID(def *ast.Definition, f *ast.FieldDefinition) bool {
	if f.Name != "id" {
		return false
	}
	for _, i := range def.Interfaces {
		if i == "Node" {
			return true
		}
	}
	return false
}
