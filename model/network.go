package model

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// NetworkEdge is one typed edge of a neighbourhood: a stored relationship, or an edge
// derived from the data (a company OCCUPIES a site, OPERATES a site, a programme
// SUPPORTS a company with a subsidy).
type NetworkEdge struct {
	// Origin says where the edge comes from: "relationship", "occupancy", "operator" or "subsidy".
	Origin     string
	Slug       string // slug of the relationship, occupancy, site (operator) or subsidy
	Kind       RelationshipKind
	FromType   SubjectType
	FromID     int64
	ToType     SubjectType
	ToID       int64
	Label      Text `gorm:"embedded;embeddedPrefix:label_"`
	Since      *string
	SincePrec  *Precision `gorm:"column:since_precision"`
	Until      *string
	UntilPrec  *Precision `gorm:"column:until_precision"`
	CitationID *int64
	Amount     *float64
}

// From returns the origin of the edge.
func (e NetworkEdge) From() SubjectRef { return SubjectRef{Type: e.FromType, ID: e.FromID} }

// To returns the end of the edge.
func (e NetworkEdge) To() SubjectRef { return SubjectRef{Type: e.ToType, ID: e.ToID} }

// Key identifies the edge.
func (e NetworkEdge) Key() string { return e.Origin + ":" + e.Slug }

// NetworkNode is one entity of a neighbourhood.
type NetworkNode struct {
	Type  SubjectType
	ID    int64
	Slug  string
	Name  string
	Depth int
}

// Network limits.
const (
	MaxNetworkDepth = 3
	MaxNetworkNodes = 500
	MaxNetworkEdges = 2000
)

// Neighbourhood returns the entities within depth edges of from, and the edges between
// them, restricted to kinds when given. It runs one statement per depth level (all the
// edges touching the frontier, every origin in one UNION ALL) and one for the nodes.
// Truncated is true when the caps cut the neighbourhood.
func Neighbourhood(ctx context.Context, db *gorm.DB, from SubjectRef, depth int, kinds []RelationshipKind) (nodes []NetworkNode, edges []NetworkEdge, truncated bool, err error) {
	if depth < 1 || depth > MaxNetworkDepth {
		return nil, nil, false, BadInput("depth must be between 1 and %d", MaxNetworkDepth)
	}
	depthOf := map[SubjectRef]int{from: 0}
	order := []SubjectRef{from}
	frontier := []SubjectRef{from}
	seenEdge := map[string]bool{}
	for level := 1; level <= depth && len(frontier) > 0; level++ {
		found, err := edgesTouching(ctx, db, frontier, kinds)
		if err != nil {
			return nil, nil, false, err
		}
		var next []SubjectRef
		for _, e := range found {
			if seenEdge[e.Key()] {
				continue
			}
			if len(edges) >= MaxNetworkEdges {
				truncated = true
				break
			}
			for _, end := range []SubjectRef{e.From(), e.To()} {
				if _, ok := depthOf[end]; !ok {
					if len(depthOf) >= MaxNetworkNodes {
						truncated = true
						continue
					}
					depthOf[end] = level
					order = append(order, end)
					next = append(next, end)
				}
			}
			_, okFrom := depthOf[e.From()]
			_, okTo := depthOf[e.To()]
			if okFrom && okTo {
				seenEdge[e.Key()] = true
				edges = append(edges, e)
			}
		}
		frontier = next
	}
	named, err := namesOf(ctx, db, order)
	if err != nil {
		return nil, nil, false, err
	}
	for _, ref := range order {
		n, ok := named[ref]
		if !ok {
			continue // a dangling reference: no such entity
		}
		n.Depth = depthOf[ref]
		nodes = append(nodes, n)
	}
	return nodes, edges, truncated, nil
}

func edgesTouching(ctx context.Context, db *gorm.DB, refs []SubjectRef, kinds []RelationshipKind) ([]NetworkEdge, error) {
	ids := map[SubjectType][]int64{}
	for _, r := range refs {
		ids[r.Type] = append(ids[r.Type], r.ID)
	}
	want := func(k RelationshipKind) bool { return len(kinds) == 0 || contains(kinds, k) }
	// An empty IN list is not valid SQL everywhere: -1 matches no row.
	list := func(t SubjectType) []int64 {
		if len(ids[t]) == 0 {
			return []int64{-1}
		}
		return ids[t]
	}
	const cols = "origin, slug, kind, from_type, from_id, to_type, to_id, label_fr, label_en, since, since_precision, until, until_precision, citation_id, amount"
	var (
		parts []string
		args  []any
	)
	fromCond, fromArgs := subjectCondition(refs, "r.from_type", "r.from_id")
	toCond, toArgs := subjectCondition(refs, "r.to_type", "r.to_id")
	rel := "SELECT 'relationship' AS origin, r.slug AS slug, r.kind AS kind, r.from_type AS from_type, r.from_id AS from_id, r.to_type AS to_type, r.to_id AS to_id, " +
		"r.description_fr AS label_fr, r.description_en AS label_en, r.since AS since, r.since_precision AS since_precision, r.until AS until, r.until_precision AS until_precision, r.citation_id AS citation_id, CAST(NULL AS DOUBLE PRECISION) AS amount FROM relationships AS r WHERE (" + fromCond + " OR " + toCond + ")"
	relArgs := append(append([]any{}, fromArgs...), toArgs...)
	if len(kinds) > 0 {
		rel += " AND r.kind IN ?"
		relArgs = append(relArgs, kinds)
	}
	parts, args = append(parts, rel), append(args, relArgs...)
	if want(RelOccupies) {
		parts = append(parts, "SELECT 'occupancy', o.slug, 'OCCUPIES', 'COMPANY', o.company_id, 'SITE', o.site_id, o.activity_fr, o.activity_en, o.since, o.since_precision, o.until, o.until_precision, o.citation_id, CAST(NULL AS DOUBLE PRECISION) "+
			"FROM occupancies AS o WHERE o.site_id IN ? OR o.company_id IN ?")
		args = append(args, list(SubjectSite), list(SubjectCompany))
	}
	if want(RelOperates) {
		parts = append(parts, "SELECT 'operator', s.slug, 'OPERATES', 'COMPANY', s.operator_id, 'SITE', s.id, '', '', CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE PRECISION) "+
			"FROM sites AS s WHERE s.operator_id IS NOT NULL AND (s.id IN ? OR s.operator_id IN ?)")
		args = append(args, list(SubjectSite), list(SubjectCompany))
	}
	if want(RelSupports) {
		parts = append(parts, "SELECT 'subsidy', sb.slug, 'SUPPORTS', 'PROGRAMME', sb.programme_id, "+
			"CASE WHEN sb.recipient_id IS NOT NULL THEN 'COMPANY' ELSE 'TERRITORY' END, COALESCE(sb.recipient_id, sb.territory_id), "+
			"sb.purpose_fr, sb.purpose_en, sb.period_start, sb.precision, sb.period_end, sb.precision, sb.citation_id, sb.amount_eur "+
			"FROM subsidies AS sb WHERE sb.rank = 'PREFERRED' AND (sb.recipient_id IS NOT NULL OR sb.territory_id IS NOT NULL) AND (sb.programme_id IN ? OR sb.recipient_id IN ? OR (sb.recipient_id IS NULL AND sb.territory_id IN ?))")
		args = append(args, list(SubjectProgramme), list(SubjectCompany), list(SubjectTerritory))
	}
	var rows []NetworkEdge
	stmt := "SELECT " + cols + " FROM (" + strings.Join(parts, " UNION ALL ") + ") AS e ORDER BY origin, kind, slug"
	// Scanned by hand, as every statement of a neighbourhood: gorm's reflection was
	// half of a graph query's CPU.
	err := scanRows(db.WithContext(ctx).Raw(stmt, args...), func(rs *sql.Rows) error {
		var e NetworkEdge
		var kind, fromType, toType string
		var labelFR, labelEN, since, sincePrec, until, untilPrec sql.NullString
		var citation sql.NullInt64
		var amount sql.NullFloat64
		if err := rs.Scan(&e.Origin, &e.Slug, &kind, &fromType, &e.FromID, &toType, &e.ToID, &labelFR, &labelEN,
			&since, &sincePrec, &until, &untilPrec, &citation, &amount); err != nil {
			return err
		}
		e.Kind, e.FromType, e.ToType = RelationshipKind(kind), SubjectType(fromType), SubjectType(toType)
		e.Label = Text{FR: labelFR.String, EN: labelEN.String}
		e.Since, e.Until = optNull(since), optNull(until)
		if sincePrec.Valid {
			p := Precision(sincePrec.String)
			e.SincePrec = &p
		}
		if untilPrec.Valid {
			p := Precision(untilPrec.String)
			e.UntilPrec = &p
		}
		if citation.Valid {
			e.CitationID = &citation.Int64
		}
		if amount.Valid {
			e.Amount = &amount.Float64
		}
		rows = append(rows, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Key() < rows[j].Key() })
	return rows, nil
}

// subjectCondition builds "((type = ? AND id IN ?) OR ...)" for refs, types in a fixed order.
func subjectCondition(refs []SubjectRef, typeCol, idCol string) (string, []any) {
	byType := map[SubjectType][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	var (
		parts []string
		args  []any
	)
	for _, k := range Kinds {
		t := k.Subject
		if t == "" || len(byType[t]) == 0 {
			continue
		}
		parts = append(parts, "("+typeCol+" = ? AND "+idCol+" IN ?)")
		args = append(args, t, byType[t])
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// namesOf reads the slug and name of entities of any subject type, in one statement.
func namesOf(ctx context.Context, db *gorm.DB, refs []SubjectRef) (map[SubjectRef]NetworkNode, error) {
	ids := map[SubjectType][]int64{}
	for _, r := range refs {
		ids[r.Type] = append(ids[r.Type], r.ID)
	}
	tables := []struct {
		t     SubjectType
		table string
	}{{SubjectTerritory, "territories"}, {SubjectSite, "sites"}, {SubjectCompany, "companies"}, {SubjectProgramme, "programmes"}}
	var (
		parts []string
		args  []any
	)
	for _, t := range tables {
		if len(ids[t.t]) == 0 {
			continue
		}
		parts = append(parts, "SELECT '"+string(t.t)+"' AS type, id, slug, name FROM "+t.table+" WHERE id IN ?")
		args = append(args, ids[t.t])
	}
	out := map[SubjectRef]NetworkNode{}
	if len(parts) == 0 {
		return out, nil
	}
	err := scanRows(db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL "), args...), func(rs *sql.Rows) error {
		var n NetworkNode
		var typ string
		if err := rs.Scan(&typ, &n.ID, &n.Slug, &n.Name); err != nil {
			return err
		}
		n.Type = SubjectType(typ)
		out[SubjectRef{Type: n.Type, ID: n.ID}] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
