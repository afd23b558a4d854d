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
	// MaxTokens bounds the lexical tokens of a document (default 10 000).
	MaxTokens int
	// MaxNesting bounds the nesting of brackets ({, ( and [ together) in a document's
	// text, checked before parsing (default 40).
	MaxNesting int
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
	// (default 20: the size assumed for the relation lists without pages, which hold
	// at most 100 rows a parent; see docs/limits.md).
	DefaultListSize int
	// CostPerToken: a request takes one rate-limit token, plus one per started
	// CostPerToken points of cost beyond the first (default 1 000).
	CostPerToken int64
}

// Defaults of Config.
const (
	DefaultMaxQueryBytes = 20_000
	DefaultMaxTokens     = 10_000
	DefaultMaxNesting    = 40
	DefaultMaxAliases    = 50
	DefaultMaxDepth      = 12
	DefaultMaxCost       = 50_000
	DefaultPageSize      = 20
	DefaultListSize      = 20
	DefaultCostPerToken  = 1_000
	maxMultiplier        = 1_000_000
	costCeiling          = math.MaxInt64 / 4
)

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config { return c.withDefaults() }

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxQueryBytes, DefaultMaxQueryBytes)
	def(&c.MaxTokens, DefaultMaxTokens)
	def(&c.MaxNesting, DefaultMaxNesting)
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

// Measure is the shape of an operation: its depth and its cost.
type Measure struct {
	Depth int
	Cost  int64
}

// ListSizeDirective is the schema directive that prices a field for the cost limit:
// the number of items its answer holds when no `first` argument says otherwise, and for
// a scalar answer the JSON objects each item holds (directive @listSize(assumedSize:
// Int!, objectsPerItem: Int = 1) on FIELD_DEFINITION).
const ListSizeDirective = "listSize"

// Analyze computes the depth and cost of a validated operation (fields carry their
// definitions). Fragments are expanded; a fragment cycle (refused by validation
// anyway) stops the walk. Introspection fields (__schema, __type, __typename) count
// for nothing.
//
// The cost approximates the number of objects and items the answer can hold: every
// list-like answer is priced by what it can return.
//   - An object costs 1 plus the cost of its selection; a list of n objects costs n
//     times that, and a connection 1 plus its selection, where its nodes and edges are
//     lists of n.
//   - n is the field's `first` argument when it has one, else its @listSize, else
//     DefaultPageSize for paginated fields; the number of ids for nodes(ids:); the
//     @listSize of other lists, else DefaultListSize (the size assumed for relation
//     lists, which are capped at 100 rows a parent).
//   - A scalar or enum costs 0, except a scalar answer that holds many items (a
//     GeoJSON collection): its n, priced the same way, times the objects each item
//     holds (@listSize objectsPerItem: a feature, its geometry and its properties).
func Analyze(cfg Config, op *ast.OperationDefinition, fragments ast.FragmentDefinitionList, vars map[string]any) Measure {
	cfg = cfg.withDefaults()
	a := analyzer{cfg: cfg, fragments: fragments, vars: vars, visiting: map[string]bool{}, memo: map[fragKey]Measure{}}
	cost, depth := a.selection(op.SelectionSet, 0)
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
	name string
	page int64 // the page size of the connection the fragment is spread in (0: none)
}

// selection returns the cost and depth of a selection set; page is the page size of
// the connection whose selection it is (0 outside connections): its nodes and edges
// are lists of that many items.
func (a *analyzer) selection(set ast.SelectionSet, page int64) (int64, int) {
	var cost int64
	depth := 0
	for _, sel := range set {
		var c int64
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			c, d = a.field(s, page)
		case *ast.InlineFragment:
			c, d = a.selection(s.SelectionSet, page)
		case *ast.FragmentSpread:
			key := fragKey{s.Name, page}
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
			c, d = a.selection(def.SelectionSet, page)
			delete(a.visiting, s.Name)
			a.memo[key] = Measure{Cost: c, Depth: d}
		}
		cost = satAdd(cost, c)
		depth = max(depth, d)
	}
	return cost, depth
}

func (a *analyzer) field(f *ast.Field, page int64) (int64, int) {
	if strings.HasPrefix(f.Name, "__") {
		return 0, 0
	}
	def := f.Definition
	if len(f.SelectionSet) == 0 {
		// A scalar answer that holds many items costs its items.
		if def != nil && (def.Arguments.ForName("first") != nil || def.Directives.ForName(ListSizeDirective) != nil) {
			return satMul(a.size(f, 0), objectsPerItem(def)), 1
		}
		return 0, 1
	}
	isConnection := def != nil && def.Type != nil && def.Type.Elem == nil && strings.HasSuffix(def.Type.Name(), "Connection")
	if isConnection {
		child, depth := a.selection(f.SelectionSet, a.size(f, 0))
		return satAdd(1, child), depth + 1
	}
	child, depth := a.selection(f.SelectionSet, 0)
	object := satAdd(1, child)
	if def == nil || def.Type == nil || def.Type.Elem == nil {
		return object, depth + 1
	}
	return satMul(a.size(f, page), object), depth + 1
}

// objectsPerItem is the @listSize objectsPerItem of a field (1 when not given).
func objectsPerItem(def *ast.FieldDefinition) int64 {
	if d := def.Directives.ForName(ListSizeDirective); d != nil {
		if arg := d.Arguments.ForName("objectsPerItem"); arg != nil {
			if v, err := strconv.ParseInt(arg.Value.Raw, 10, 64); err == nil && v > 0 {
				return clampMult(v)
			}
		}
	}
	return 1
}

// size is the number of items a list-like field can return; page is the page size of
// the enclosing connection (its nodes and edges).
func (a *analyzer) size(f *ast.Field, page int64) int64 {
	def := f.Definition
	if page > 0 && (f.Name == "nodes" || f.Name == "edges") {
		return page
	}
	assumed := int64(0)
	if d := def.Directives.ForName(ListSizeDirective); d != nil {
		if arg := d.Arguments.ForName("assumedSize"); arg != nil {
			if v, err := strconv.ParseInt(arg.Value.Raw, 10, 64); err == nil {
				assumed = clampMult(v)
			}
		}
	}
	if def.Arguments.ForName("first") != nil {
		if assumed == 0 {
			assumed = int64(a.cfg.DefaultPageSize)
		}
		return a.intArg(f, "first", assumed)
	}
	if arg := f.Arguments.ForName("ids"); arg != nil {
		if v, err := arg.Value.Value(a.vars); err == nil {
			if list, ok := v.([]any); ok {
				return clampMult(int64(len(list)))
			}
		}
	}
	if assumed > 0 {
		return assumed
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
