// Package limits enforces the observatory's published limits on GraphQL requests:
// query text size, aliases, depth and a cost computed before execution from the
// operation's shape and page sizes (a gqlgen handler extension), and a per-client
// rate limit with X-RateLimit-* headers (an HTTP middleware). docs/limits.md lists the
// values, headers and error codes.
package limits

import (
	"math"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Error codes of the limits, in extensions.code.
const (
	CodeQueryTooLarge   = "QUERY_TOO_LARGE"
	CodeTooManyAliases  = "TOO_MANY_ALIASES"
	CodeQueryTooDeep    = "QUERY_TOO_DEEP"
	CodeQueryTooComplex = "QUERY_TOO_COMPLEX"
	CodeRateLimited     = "RATE_LIMITED"
)

// Config holds the limits. The zero value of a field means its default.
type Config struct {
	// MaxQueryBytes bounds the GraphQL document's text (default 20 000 bytes).
	MaxQueryBytes int
	// MaxAliases bounds the number of aliased fields in a document (default 50).
	MaxAliases int
	// MaxDepth bounds the nesting of fields, introspection excepted (default 12).
	MaxDepth int
	// MaxCost bounds the cost computed before execution (default 50 000).
	MaxCost int64
	// DefaultPageSize is the multiplier of a field whose first argument is not given
	// (default 20, the API's default page size).
	DefaultPageSize int
	// DefaultListSize is the multiplier of a list field without a first argument
	// (default 10: the relation lists without pages are short; see docs/limits.md).
	DefaultListSize int
	// CostPerToken: a request takes one rate-limit token, plus one per started
	// CostPerToken points of cost beyond the first (default 1 000).
	CostPerToken int64
}

// Defaults of Config.
const (
	DefaultMaxQueryBytes = 20_000
	DefaultMaxAliases    = 50
	DefaultMaxDepth      = 12
	DefaultMaxCost       = 50_000
	DefaultPageSize      = 20
	DefaultListSize      = 10
	DefaultCostPerToken  = 1_000
	maxMultiplier        = 1_000_000
	costCeiling          = math.MaxInt64 / 4
)

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxQueryBytes, DefaultMaxQueryBytes)
	def(&c.MaxAliases, DefaultMaxAliases)
	def(&c.MaxDepth, DefaultMaxDepth)
	def(&c.DefaultPageSize, DefaultPageSize)
	def(&c.DefaultListSize, DefaultListSize)
	if c.MaxCost <= 0 {
		c.MaxCost = DefaultMaxCost
	}
	if c.CostPerToken <= 0 {
		c.CostPerToken = DefaultCostPerToken
	}
	return c
}

// CountAliases counts the aliased fields of a parsed (not yet validated) document,
// each fragment once.
func CountAliases(doc *ast.QueryDocument) int {
	n := 0
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Alias != "" && s.Alias != s.Name {
					n++
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet)
	}
	return n
}

// Measure is the shape of an operation: its depth and its cost.
type Measure struct {
	Depth int
	Cost  int64
}

// Analyze computes the depth and cost of a validated operation (fields carry their
// definitions). Fragments are expanded; a fragment cycle (refused by validation
// anyway) stops the walk. Introspection fields (__schema, __type, __typename) count
// for nothing.
//
// The cost of a selection is the sum of its fields' costs. A leaf (scalar or enum)
// costs 0. A field with a selection costs 1 + multiplier × the cost of its selection,
// where the multiplier is its first argument (default DefaultPageSize) when it has one,
// the number of ids for a list of ids, 1 for the nodes and edges of a connection
// (already multiplied by the connection's first), DefaultListSize for other lists, and
// 1 otherwise. The cost approximates the number of objects the answer can hold.
func Analyze(cfg Config, op *ast.OperationDefinition, fragments ast.FragmentDefinitionList, vars map[string]any) Measure {
	cfg = cfg.withDefaults()
	a := analyzer{cfg: cfg, fragments: fragments, vars: vars, visiting: map[string]bool{}, memo: map[fragKey]Measure{}}
	cost, depth := a.selection(op.SelectionSet, false)
	return Measure{Depth: depth, Cost: cost}
}

type analyzer struct {
	cfg       Config
	fragments ast.FragmentDefinitionList
	vars      map[string]any
	visiting  map[string]bool
	// memo keeps each fragment's measure, so that a fragment spread many times (a
	// "fragment bomb") is walked once.
	memo map[fragKey]Measure
}

type fragKey struct {
	name         string
	inConnection bool
}

// selection returns the cost and depth of a selection set; inConnection says the set
// is a connection's (whose nodes and edges lists are not multiplied again).
func (a *analyzer) selection(set ast.SelectionSet, inConnection bool) (int64, int) {
	var cost int64
	depth := 0
	for _, sel := range set {
		var c int64
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			c, d = a.field(s, inConnection)
		case *ast.InlineFragment:
			c, d = a.selection(s.SelectionSet, inConnection)
		case *ast.FragmentSpread:
			key := fragKey{s.Name, inConnection}
			if m, ok := a.memo[key]; ok {
				c, d = m.Cost, m.Depth
				break
			}
			if a.visiting[s.Name] {
				continue
			}
			def := a.fragments.ForName(s.Name)
			if def == nil {
				continue
			}
			a.visiting[s.Name] = true
			c, d = a.selection(def.SelectionSet, inConnection)
			delete(a.visiting, s.Name)
			a.memo[key] = Measure{Cost: c, Depth: d}
		}
		cost = satAdd(cost, c)
		depth = max(depth, d)
	}
	return cost, depth
}

func (a *analyzer) field(f *ast.Field, inConnection bool) (int64, int) {
	if strings.HasPrefix(f.Name, "__") {
		return 0, 0
	}
	if len(f.SelectionSet) == 0 {
		return 0, 1
	}
	isConnection := f.Definition != nil && f.Definition.Type != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection")
	child, depth := a.selection(f.SelectionSet, isConnection)
	mult := a.multiplier(f, inConnection)
	return satAdd(1, satMul(mult, child)), depth + 1
}

func (a *analyzer) multiplier(f *ast.Field, inConnection bool) int64 {
	def := f.Definition
	if def == nil {
		return 1
	}
	if def.Arguments.ForName("first") != nil {
		return a.intArg(f, "first", int64(a.cfg.DefaultPageSize))
	}
	if def.Type == nil || def.Type.Elem == nil {
		return 1
	}
	if inConnection && (f.Name == "nodes" || f.Name == "edges") {
		return 1
	}
	if arg := f.Arguments.ForName("ids"); arg != nil {
		if v, err := arg.Value.Value(a.vars); err == nil {
			if list, ok := v.([]any); ok {
				return clampMult(int64(len(list)))
			}
		}
	}
	return int64(a.cfg.DefaultListSize)
}

func (a *analyzer) intArg(f *ast.Field, name string, def int64) int64 {
	arg := f.Arguments.ForName(name)
	if arg == nil || arg.Value == nil {
		return def
	}
	v, err := arg.Value.Value(a.vars)
	if err != nil || v == nil {
		return def
	}
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case float64:
		n = int64(x)
	case string:
		n, _ = strconv.ParseInt(x, 10, 64)
	case interface{ Int64() (int64, error) }:
		n, _ = x.Int64()
	default:
		return def
	}
	return clampMult(n)
}

func clampMult(n int64) int64 {
	return min(max(n, 0), maxMultiplier)
}

func satAdd(a, b int64) int64 {
	if a > costCeiling-b {
		return costCeiling
	}
	return a + b
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > costCeiling/b {
		return costCeiling
	}
	return a * b
}
