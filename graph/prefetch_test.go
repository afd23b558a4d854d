package graph

import (
	"reflect"
	"sort"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/model"
)

// TestRelationsAreDerivedForEveryKind checks the relation fields that Prefetch finds
// by itself: exactly the object-valued resolver fields of the registry's kinds. The
// expected list is written out, so that a relation lost (or a field that loads nothing
// taken for one) shows here; a new relation field must be added to it.
func TestRelationsAreDerivedForEveryKind(t *testing.T) {
	want := map[string][]string{
		"Territory":           {"ancestors", "children", "events", "members", "memberships", "observations", "parent", "populationProvenance", "sites", "subsidies"},
		"TerritoryMembership": {"citation", "group", "member"},
		"Site":                {"areaCitation", "events", "observations", "occupancies", "operator", "relationships", "statusHistory", "territory"},
		"SiteStatusPeriod":    {"citation"},
		"Occupancy":           {"citation", "company", "site"},
		"Company":             {"events", "observations", "occupancies", "operatedSites", "relationships", "subsidies", "territory"},
		"FundingProgramme":    {"children", "events", "observations", "parent", "subsidies"},
		"Subsidy":             {"announcedAt", "citation", "programme", "recipient", "territory"},
		"Observation":         {"announcedAt", "citation", "conflictsWith", "metric", "subject"},
		"Event":               {"amounts", "citation", "conflictsWith", "figures", "subjects"},
		"Relationship":        {"citation", "from", "to"},
		"Breakdown":           {"base", "occupancies", "parts", "publishedTotals", "subject"},
		"Source":              {"citations"},
		"Citation":            {"knownSince", "source"},
	}
	r := &Resolver{}
	got := map[string][]string{}
	for _, k := range model.Kinds {
		def := schema().Types[k.Type]
		if def == nil {
			if k.Type != "" {
				t.Errorf("kind %s: GraphQL type %q is not in the schema", k.Name, k.Type)
			}
			continue
		}
		if def.Kind != ast.Object {
			t.Errorf("kind %s: %s is not an object type", k.Name, k.Type)
		}
		for _, f := range def.Fields {
			if relationOf(r, k.Type, f) != nil {
				got[k.Type] = append(got[k.Type], f.Name)
			}
		}
		sort.Strings(got[k.Type])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relations:\n got %v\nwant %v", got, want)
	}
}

func TestConvertArguments(t *testing.T) {
	type kind string
	cases := []struct {
		in   any
		typ  reflect.Type
		want any
	}{
		{nil, reflect.TypeFor[*int](), (*int)(nil)},
		{int64(5), reflect.TypeFor[*int](), ptr(5)},
		{"COMMUNE", reflect.TypeFor[*kind](), ptr(kind("COMMUNE"))},
		{[]any{"A", "B"}, reflect.TypeFor[[]kind](), []kind{"A", "B"}},
		{"A", reflect.TypeFor[[]kind](), []kind{"A"}},
		{"x", reflect.TypeFor[*string](), ptr("x")},
	}
	for _, c := range cases {
		v, ok := convert(c.in, c.typ)
		if !ok || !reflect.DeepEqual(v.Interface(), c.want) {
			t.Errorf("convert(%v, %v) = %v %v, want %v", c.in, c.typ, v, ok, c.want)
		}
	}
	if _, ok := convert("x", reflect.TypeFor[*int]()); ok {
		t.Error("a string converted to an int")
	}
	if convertible(reflect.TypeFor[*model.SiteFilter]()) {
		t.Error("an input object is not convertible")
	}
}

func ptr[T any](v T) *T { return &v }
