package model

import (
	"sort"

	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"gorm.io/gorm"
)

// One identifier rule everywhere: an argument that names a record accepts its global
// ID, its slug and, where its kind has one, its official code (INSEE code, SIREN,
// metric code). ResolveRef applies it, in one statement.

// Ref is a record named by a client, resolved.
type Ref struct {
	Kind  *Kind
	ID    int64
	Slug  string // the slug, or the code for kinds without slugs (metrics)
	Title string // its name, for messages
}

// GlobalID returns the record's global ID ("" for kinds without one).
func (r Ref) GlobalID() string {
	if !r.Kind.Node {
		return ""
	}
	return GlobalID(r.Kind.Type, r.Slug)
}

// RefOf returns the Ref of a record of kind k (a pointer to its struct).
func RefOf(k *Kind, rec any) Ref {
	return Ref{Kind: k, ID: fieldKey("ID")(rec).(int64), Slug: k.records.slugOf(rec)}
}

// Subject returns the record as a subject of figures, events and relationships.
func (r Ref) Subject() SubjectRef { return SubjectRef{Type: r.Kind.Subject, ID: r.ID} }

// KindsNamed returns the kinds of the given GraphQL type names (unknown names are
// left out).
func KindsNamed(types []string) []*Kind {
	var out []*Kind
	for _, t := range types {
		if k := KindOfType(t); k != nil {
			out = append(out, k)
		}
	}
	return out
}

// MaxSuggestions is how many similar records an unknown identifier's error suggests.
const MaxSuggestions = 3

// ResolveRef finds the record of one of kinds that value names: a global ID (of one of
// kinds), a slug, or an official code. It answers one Ref, or an error: unknown (code
// NOT_FOUND when notFound is true, for lookups; else BAD_USER_INPUT, for filters)
// with up to three suggestions, or AMBIGUOUS_LOOKUP when a code names records of
// several kinds (or several records) with the candidates. argument names the argument
// in messages.
func ResolveRef(ctx context.Context, db *gorm.DB, argument, value string, kinds []*Kind, notFound bool) (Ref, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return Ref{}, BadInput("%s: empty: give the record's global ID, slug%s", argument, codeHint(kinds))
	}
	if len(value) > 400 {
		return Ref{}, BadInput("%s: too long to name a record", argument)
	}
	if strings.ContainsFunc(value, unicode.IsControl) || !utf8.ValidString(value) {
		// No identifier holds a control character (PostgreSQL refuses NUL in text).
		code := CodeBadUserInput
		if notFound {
			code = CodeNotFound
		}
		return Ref{}, NewError(code, "%s: no %s has this identifier (it holds a control character)", argument, kindWords(kinds)).
			With("argument", argument).With("suggestions", []map[string]any{})
	}
	if typ, slug, ok := ParseGlobalID(value); ok {
		if k := KindOfType(typ); k != nil && k.Node && containsKind(kinds, k) {
			refs, err := lookupRefs(ctx, db, []*Kind{k}, slug, false)
			if err != nil {
				return Ref{}, err
			}
			if len(refs) == 1 {
				return refs[0], nil
			}
			return Ref{}, unknownRef(ctx, db, argument, value, kinds, notFound)
		}
	}
	refs, err := lookupRefs(ctx, db, kinds, value, true)
	if err != nil {
		return Ref{}, err
	}
	switch {
	case len(refs) == 1:
		return refs[0], nil
	case len(refs) > 1:
		// A slug is unique within its kind: several matches are codes, or a slug of one
		// kind equal to a code of another.
		candidates := make([]map[string]any, len(refs))
		names := make([]string, len(refs))
		for i, r := range refs {
			candidates[i] = map[string]any{"id": r.GlobalID(), "kind": r.Kind.Type, "slug": r.Slug, "name": r.Title}
			names[i] = fmt.Sprintf("%s %s (%s)", r.Kind.Type, r.Slug, r.Title)
		}
		return Ref{}, Ambiguous("%s: %q names %d records: %s; give the global ID or the slug of one",
			argument, value, len(refs), strings.Join(names, ", ")).With("candidates", candidates)
	}
	return Ref{}, unknownRef(ctx, db, argument, value, kinds, notFound)
}

// RefQuery is one identifier to resolve in a batch (ResolveRefs).
type RefQuery struct {
	Value string
	Kinds []*Kind
}

// ResolveRefs resolves several identifiers in one statement: for each, the records of
// its kinds whose global ID, slug or code it is. An identifier that names exactly one
// record gets it; the others get ok false (their errors are ResolveRef's to make).
func ResolveRefs(ctx context.Context, db *gorm.DB, queries []RefQuery) ([]Ref, []bool, error) {
	var (
		parts []string
		args  []any
	)
	for qi, q := range queries {
		if strings.ContainsFunc(q.Value, unicode.IsControl) || !utf8.ValidString(q.Value) {
			continue // ResolveRef refuses it on its own
		}
		value, kinds, codes := q.Value, q.Kinds, true
		if typ, slug, ok := ParseGlobalID(value); ok {
			if k := KindOfType(typ); k != nil && k.Node && containsKind(kinds, k) {
				value, kinds, codes = slug, []*Kind{k}, false
			}
		}
		for ki, k := range kinds {
			sql, a := refLookupSQL(k, value, codes)
			if sql == "" {
				continue
			}
			parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT %d AS q, %d AS kind, %s) AS r%d_%d", qi, KindIndex(k), sql, qi, ki))
			args = append(args, a...)
		}
	}
	refs := make([]Ref, len(queries))
	found := make([]int, len(queries))
	if len(parts) > 0 {
		var rows []struct {
			Q, Kind int
			ID      int64
			Slug    string
			Title   string
		}
		if err := db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL "), args...).Scan(&rows).Error; err != nil {
			return nil, nil, FromDB(err)
		}
		for _, r := range rows {
			found[r.Q]++
			refs[r.Q] = Ref{Kind: Kinds[r.Kind], ID: r.ID, Slug: r.Slug, Title: r.Title}
		}
	}
	ok := make([]bool, len(queries))
	for i := range queries {
		ok[i] = found[i] == 1
	}
	return refs, ok, nil
}

// KindIndex is the position of k in Kinds.
func KindIndex(k *Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return -1
}

// refLookupSQL is the select list and condition that find the records of k whose slug
// (or, with codes, official code) is value: "id, slug, title FROM table WHERE ... LIMIT 5".
func refLookupSQL(k *Kind, value string, codes bool) (string, []any) {
	var (
		key  string
		args []any
	)
	switch {
	case k.Node:
		key, args = k.SlugCol()+" = ?", []any{value}
		if codes && k.Code != "" && k.Code != k.SlugCol() {
			key, args = "("+k.SlugCol()+" = ? OR "+k.Code+" = ?)", []any{value, value}
		}
	case codes && k.Code != "":
		key, args = k.Code+" = ?", []any{value}
	default:
		return "", nil
	}
	slug := k.SlugCol()
	if !k.Node {
		slug = k.Code
	}
	return fmt.Sprintf("id, %s AS slug, %s AS title FROM %s WHERE %s LIMIT 5", slug, k.TitleSQL("", LangFR), k.Table, key), args
}

// lookupRefs reads, in one statement, the records of kinds whose slug (or, with codes,
// official code) is value.
func lookupRefs(ctx context.Context, db *gorm.DB, kinds []*Kind, value string, codes bool) ([]Ref, error) {
	var (
		parts []string
		args  []any
	)
	for i, k := range kinds {
		sql, a := refLookupSQL(k, value, codes)
		if sql == "" {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT %d AS kind, %s) AS k%d", i, sql, i))
		args = append(args, a...)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	var rows []struct {
		Kind  int
		ID    int64
		Slug  string
		Title string
	}
	if err := db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL "), args...).Scan(&rows).Error; err != nil {
		return nil, FromDB(err)
	}
	out := make([]Ref, len(rows))
	for i, r := range rows {
		out[i] = Ref{Kind: kinds[r.Kind], ID: r.ID, Slug: r.Slug, Title: r.Title}
	}
	return out, nil
}

// unknownRef is the error of an identifier that names nothing, with suggestions from
// the search of its text among kinds.
func unknownRef(ctx context.Context, db *gorm.DB, argument, value string, kinds []*Kind, notFound bool) error {
	ids := "global ID or slug"
	if codeHint(kinds) != "" {
		ids = "global ID, slug or official code"
	}
	msg := fmt.Sprintf("%s: no %s has the %s %q", argument, kindWords(kinds), ids, value)
	suggestions := Suggest(ctx, db, value, kinds)
	if len(suggestions) > 0 {
		names := make([]string, len(suggestions))
		for i, s := range suggestions {
			names[i] = fmt.Sprintf("%s (%s)", s["slug"], s["name"])
			if s["slug"] == s["name"] {
				names[i] = fmt.Sprint(s["slug"])
			}
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	code := CodeBadUserInput
	if notFound {
		code = CodeNotFound
	}
	return NewError(code, "%s", msg).With("argument", argument).With("suggestions", suggestions)
}

// Suggest returns up to MaxSuggestions records of kinds whose text resembles value,
// best first, as {id, kind, slug, name} (never nil). A failed search suggests nothing.
func Suggest(ctx context.Context, db *gorm.DB, value string, kinds []*Kind) []map[string]any {
	out := []map[string]any{}
	var searchKinds []SearchKind
	for _, k := range kinds {
		if k.Search != "" {
			searchKinds = append(searchKinds, k.Search)
		}
	}
	if len(searchKinds) == 0 {
		return out
	}
	hits, err := Search(ctx, db, value, searchKinds, MaxSuggestions)
	if err != nil {
		return out
	}
	lang := LangOf(ctx, nil)
	for _, h := range hits {
		k := KindOfSearch(h.Kind)
		if k == nil {
			continue
		}
		out = append(out, map[string]any{"id": GlobalID(k.Type, h.Slug), "kind": k.Type, "slug": h.Slug, "name": h.Name.In(lang)})
	}
	if len(out) == 0 && containsKind(kinds, KindMetric) {
		out = append(out, closeMetricCodes(ctx, db, value, lang)...)
	}
	return out
}

// closeMetricCodes suggests the metric codes within two edits of value (a typing
// error in a code: "jobz" for "jobs"), closest first; the catalogue is small.
func closeMetricCodes(ctx context.Context, db *gorm.DB, value string, lang Lang) []map[string]any {
	var metrics []Metric
	if err := db.WithContext(ctx).Order("code").Find(&metrics).Error; err != nil {
		return nil
	}
	type near struct {
		m    Metric
		dist int
	}
	var close []near
	value = strings.ToLower(strings.TrimSpace(value))
	for _, m := range metrics {
		if d := levenshtein.ComputeDistance(value, m.Code); d <= 2 && d < len(m.Code) {
			close = append(close, near{m, d})
		}
	}
	sort.SliceStable(close, func(i, j int) bool { return close[i].dist < close[j].dist })
	var out []map[string]any
	for i, c := range close {
		if i == MaxSuggestions {
			break
		}
		out = append(out, map[string]any{"id": GlobalID(KindMetric.Type, c.m.Code), "kind": KindMetric.Type, "slug": c.m.Code, "name": c.m.Label.In(lang)})
	}
	return out
}

func containsKind(kinds []*Kind, k *Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// kindWords names kinds for messages: "territory or site".
func kindWords(kinds []*Kind) string {
	words := make([]string, len(kinds))
	for i, k := range kinds {
		words[i] = strings.TrimSuffix(strings.TrimSuffix(k.Name, "s"), "ie") // sites -> site
		if strings.HasSuffix(k.Name, "ies") {
			words[i] = strings.TrimSuffix(k.Name, "ies") + "y"
		}
	}
	return strings.Join(words, " or ")
}

// codeHint ends the list of accepted identifiers: " or official code" when one of
// kinds has codes, else " or" before the slug ("global ID or slug").
func codeHint(kinds []*Kind) string {
	for _, k := range kinds {
		if k.Code != "" {
			return " or official code"
		}
	}
	return ""
}
