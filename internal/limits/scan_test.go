package limits

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		nesting int
		aliases int
		ops     []OperationHead
	}{
		{"anonymous query", `{ a { b } }`, 2, 0, []OperationHead{{ast.Query, ""}}},
		{"named operations", `query A($x: Int = 3) { a(x: $x) } mutation B { b } subscription { c }`, 2, 0,
			[]OperationHead{{ast.Query, "A"}, {ast.Mutation, "B"}, {ast.Subscription, ""}}},
		{"aliases, not arguments or input objects", `{ x: a(f: {k: 1, l: [2]}) y: b { z: c w: w } }`, 4, 3, []OperationHead{{ast.Query, ""}}},
		{"fragments count once and are not operations", `query Q { ...F } fragment F on query { a: b }`, 1, 1, []OperationHead{{ast.Query, "Q"}}},
		{"a type or field named like a keyword", `query query { mutation { subscription } }`, 2, 0, []OperationHead{{ast.Query, "query"}}},
		{"directives on an operation", `query Q @dir(a: 1) { a } mutation @x { b }`, 1, 0, []OperationHead{{ast.Query, "Q"}, {ast.Mutation, ""}}},
		{"brackets in strings and comments do not count", "{ a(s: \"[[[{{{\") # {{{{\n }", 2, 0, []OperationHead{{ast.Query, ""}}},
		{"block strings", `{ a(s: """ { [ ( """) }`, 2, 0, []OperationHead{{ast.Query, ""}}},
		{"nested lists", `{ a(b: [[[[1]]]]) }`, 6, 0, []OperationHead{{ast.Query, ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Scan(tc.doc, 0, 0)
			if s.Nesting != tc.nesting || s.Aliases != tc.aliases {
				t.Errorf("nesting %d aliases %d, want %d %d", s.Nesting, s.Aliases, tc.nesting, tc.aliases)
			}
			if len(s.Operations) != len(tc.ops) {
				t.Fatalf("operations %+v, want %+v", s.Operations, tc.ops)
			}
			for i := range tc.ops {
				if s.Operations[i] != tc.ops[i] {
					t.Errorf("operation %d: %+v, want %+v", i, s.Operations[i], tc.ops[i])
				}
			}
		})
	}
}

func TestSelectsNonQuery(t *testing.T) {
	s := Scan(`query A { a } mutation B { b }`, 0, 0)
	for name, want := range map[string]bool{"A": false, "B": true, "": true, "Z": false} {
		if got := s.SelectsNonQuery(name); got != want {
			t.Errorf("%q: %v, want %v", name, got, want)
		}
	}
	if Scan(`{ a }`, 0, 0).SelectsNonQuery("") {
		t.Error("an anonymous query")
	}
}

func TestScanStopsAtTheBounds(t *testing.T) {
	// A megabyte of brackets: the scan stops at the bound, without recursion.
	s := Scan("{a(b:"+strings.Repeat("[", 1_000_000), 0, 40)
	if s.Nesting != 41 {
		t.Errorf("nesting %d, want the scan to stop at 41", s.Nesting)
	}
	s = Scan(strings.Repeat("a ", 100_000), 500, 0)
	if s.Tokens != 501 {
		t.Errorf("tokens %d, want the scan to stop at 501", s.Tokens)
	}
}

func TestCheckText(t *testing.T) {
	c := Config{}
	for doc, code := range map[string]string{
		strings.Repeat(" ", DefaultMaxQueryBytes+1):              CodeQueryTooLarge,
		"{" + strings.Repeat("[", 50):                            CodeQueryTooDeep,
		"{" + strings.Repeat(" a", DefaultMaxTokens):             CodeQueryTooLarge,
		"{" + strings.Repeat(" x: a", 51) + "}":                  CodeTooManyAliases,
		"{" + strings.Repeat(" x: a", 50) + "}":                  "",
		"{" + strings.Repeat("a{", 38) + strings.Repeat("}", 39): "",
	} {
		_, err := c.CheckText(doc)
		got := ""
		if err != nil {
			got, _ = err.Extensions["code"].(string)
		}
		if got != code {
			t.Errorf("%.40q...: %q, want %q", doc, got, code)
		}
	}
}
