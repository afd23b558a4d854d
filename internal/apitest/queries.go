package apitest

import (
	"fmt"
	"strings"
	"testing"
)

// Nested is a query of depth levels: territory { parent { parent { ... name } } }.
func Nested(depth int) string {
	return `{ territory(slug: "x") { ` + strings.Repeat("parent { ", depth-2) + "name" + strings.Repeat(" }", depth-2) + " } }"
}

// Aliases is a query of n aliased __typename fields.
func Aliases(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: __typename ", i)
	}
	b.WriteString("}")
	return b.String()
}

// Leaks are fragments of internal text that must never reach a client.
var Leaks = []string{
	"SELECT", "select ", "FROM ", "sqlite", "SQLSTATE", "pq:", "pgx", "pgconn", "gorm", "relation ",
	"no such table", "sites_gone", ".go:", "/work/", "goroutine", "panic", "runtime.", "dial tcp",
	"127.0.0.1", "connection refused", "secret",
}

// AssertNoLeak fails t when raw holds any of Leaks.
func AssertNoLeak(t testing.TB, raw []byte) {
	t.Helper()
	for _, l := range Leaks {
		if strings.Contains(string(raw), l) {
			t.Errorf("the response leaks %q: %s", l, raw)
		}
	}
}

// IntrospectionQuery is GraphiQL's (graphql-js getIntrospectionQuery), deep TypeRef.
const IntrospectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// Leaves counts the non-null scalar values of a decoded JSON value.
func Leaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range x {
			n += Leaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += Leaves(e)
		}
		return n
	case nil:
		return 0
	}
	return 1
}
