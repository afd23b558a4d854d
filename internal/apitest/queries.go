package apitest

import (
	"fmt"
	"strings"
)

// Nested is a query of depth levels: territory { parent { parent { ... name } } }.
func Nested(depth int) string {
	return `{ territory(slug: "fx-commune") { ` + strings.Repeat("parent { ", depth-2) + "name" + strings.Repeat(" }", depth-2) + " } }"
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
