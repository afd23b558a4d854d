package compiled

import (
	"slices"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
)

// The plan: before any statement, the operation's selections are checked against the
// fields the compiled path knows, so that an operation it cannot answer goes to the
// general path without costing a statement. Arguments and values are checked as the
// fields run (a value it does not take declines then).

// known are the fields the compiled path writes, by GraphQL type.
var known = map[string]map[string]bool{}

// know adds the fields of a type.
func know(typ string, fields ...string) {
	m := known[typ]
	if m == nil {
		m = map[string]bool{}
		known[typ] = m
	}
	for _, f := range fields {
		m[f] = true
	}
}

func knowObject[T any](o *object[T]) {
	for f := range o.scalars {
		know(o.name, f)
	}
	for f := range o.links {
		know(o.name, f)
	}
}

var knownOnce sync.Once

// learn fills known, once every type, link and root field is declared.
func learn() {
	knowObject(territoryType)
	knowObject(siteType)
	knowObject(companyType)
	knowObject(occupancyType)
	knowObject(observationType)
	knowObject(citationType)
	knowObject(sourceType)
	knowObject(metricType)
	knowObject(programmeType)
	knowObject(subsidyType)
	knowObject(relationshipType)
	knowObject(eventType)
	knowObject(statusPeriodType)
	knowObject(breakdownType)
	knowObject(disagreementType)
	know("SubsidyAggregate", "claims", "count", "setAside", "sumEur", "minEur", "maxEur", "groups", "computation")
	knowObject(releaseType)
	knowObject(correctionType)
	know("Dataset", "title", "description", "licence", "licenceUrl", "archiveUrl", "schemaUrl", "dataPackageUrl",
		"descriptionUrl", "formatVersion", "release", "releases")
	know("ObservationAggregate", "claims", "count", "setAside", "setAsideClaims", "groups", "computation")
	know("ObservationGroup", "metric", "year", "status", "statusLabel", "rank", "subject", "category", "categoryLabel", "unit",
		"unitLabel", "count", "setAside", "sum", "min", "max")
	know("SubsidyGroup", "programme", "year", "territory", "recipient", "status", "statusLabel", "funderKind", "funderKindLabel",
		"scope", "scopeLabel", "public", "count", "setAside", "sumEur", "minEur", "maxEur")
	for name := range rootFields {
		know("Query", name)
	}
	for _, t := range []string{"Site", "Observation", "Subsidy", "Relationship", "Disagreement"} {
		know(t+"Connection", "nodes", "edges", "pageInfo", "totalCount")
		know(t+"Edge", "cursor", "node")
	}
	know("PageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor")
	know("GeoPoint", "latitude", "longitude", "precision")
	know("TimeSeries", "subject", "metric", "asOf", "claims", "setAside", "points", "actual", "target", "other", "latestActual", "latestTarget")
	know("SearchHit", "kind", "score", "match", "fuzzy", "name", "slug", "node")
	know("NetworkGraph", "nodes", "edges", "truncated")
	know("NetworkNode", "id", "label", "kind", "kindLabel", "slug", "depth")
	know("NetworkEdge", "id", "source", "target", "kind", "kindLabel", "origin", "label", "since", "until", "amountEur", "citation")
}

// Knows reports whether the compiled path writes the field of the type (tests bias
// their random queries with it).
func Knows(typ, field string) bool {
	knownOnce.Do(learn)
	return known[typ][field]
}

// plan returns "" when the compiled path knows every field selected on typ (and
// below; for an abstract type, on each of its possible types that it knows), else the
// first field it does not know ("Type.field"), for the debug log. It reads the
// operation alone, not its variables: a field under @skip or @include counts whatever
// their values, so that the answer holds for every request of the operation (the
// engine keeps it in its plan cache).
func (x *exec) plan(sel ast.SelectionSet, typ string) string {
	knownOnce.Do(learn)
	def := x.schema.Types[typ]
	if def == nil {
		return typ
	}
	if def.IsAbstractType() {
		some := false
		for _, p := range x.schema.GetPossibleTypes(def) {
			if known[p.Name] != nil {
				some = true
				if missing := x.plan(sel, p.Name); missing != "" {
					return missing
				}
			}
		}
		if !some {
			return typ
		}
		return ""
	}
	fields := known[typ]
	if fields == nil {
		return typ
	}
	satisfies := []string{typ}
	for _, i := range x.schema.GetImplements(def) {
		satisfies = append(satisfies, i.Name)
	}
	return eachField(sel, satisfies, func(f *ast.Field) string {
		if f.Name == "__typename" {
			return ""
		}
		if !fields[f.Name] || f.Definition == nil {
			return typ + "." + f.Name
		}
		if len(f.SelectionSet) > 0 {
			return x.plan(f.SelectionSet, f.Definition.Type.Name())
		}
		return ""
	})
}

// eachField calls visit on each field selected on an object of one of the types
// satisfies lists, through inline fragments and fragment spreads whose type condition
// it satisfies, directives aside; it stops at the first non-empty answer.
func eachField(sel ast.SelectionSet, satisfies []string, visit func(*ast.Field) string) string {
	for _, s := range sel {
		var below ast.SelectionSet
		switch s := s.(type) {
		case *ast.Field:
			if missing := visit(s); missing != "" {
				return missing
			}
			continue
		case *ast.InlineFragment:
			if s.TypeCondition != "" && !slices.Contains(satisfies, s.TypeCondition) {
				continue
			}
			below = s.SelectionSet
		case *ast.FragmentSpread:
			if s.Definition == nil || !slices.Contains(satisfies, s.Definition.TypeCondition) {
				continue
			}
			below = s.Definition.SelectionSet
		}
		if missing := eachField(below, satisfies, visit); missing != "" {
			return missing
		}
	}
	return ""
}

// planCache keeps the plan of each operation (by its document and name): an operation
// is planned once, not on every request. It is bounded: when it holds maxPlans
// operations it starts again empty.
type planCache struct {
	mu    sync.RWMutex
	plans map[planKey]string // the plan's answer (plan) by document and operation name
}

const maxPlans = 1000

// planKey identifies an operation: its document and its name.
type planKey struct{ query, operation string }

func (c *planCache) get(key planKey) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	missing, ok := c.plans[key]
	return missing, ok
}

func (c *planCache) put(key planKey, missing string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.plans == nil || len(c.plans) >= maxPlans {
		c.plans = make(map[planKey]string, 64)
	}
	c.plans[key] = missing
}
