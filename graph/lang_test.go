package graph_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/graphiql"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// localizedFields lists, by type, the fields of the schema that take a lang argument.
func localizedFields(t *testing.T) map[string][]*ast.FieldDefinition {
	t.Helper()
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	out := map[string][]*ast.FieldDefinition{}
	for name, def := range schema.Types {
		for _, f := range def.Fields {
			if f.Arguments.ForName("lang") != nil {
				out[name] = append(out[name], f)
			}
		}
	}
	return out
}

// TestTextFieldsAreLocalized: a field takes a lang argument if and only if it carries
// @localized (which applies the request's language), and returns text.
func TestTextFieldsAreLocalized(t *testing.T) {
	t.Parallel()
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	n := 0
	for name, def := range schema.Types {
		for _, f := range def.Fields {
			hasArg, hasDirective := f.Arguments.ForName("lang") != nil, f.Directives.ForName("localized") != nil
			if hasArg != hasDirective {
				t.Errorf("%s.%s: lang argument %v, @localized %v", name, f.Name, hasArg, hasDirective)
			}
			if hasArg {
				n++
				if base := f.Type.Name(); base != "String" && base != "Boolean" {
					t.Errorf("%s.%s: a localized field of type %s", name, f.Name, f.Type)
				}
			}
		}
	}
	t.Logf("%d localized fields", n)
}

// TestNoTextIsEmptyInEitherLanguage: in the curated dataset, every text is in both
// languages or in neither, and the required ones (titles, labels) in both. The texts
// are enumerated from the schema (each localized field of a record is a pair of
// columns <name>_fr, <name>_en of its table, or is computed by the observatory) and
// from the data (every pair of columns of every table). The API falls back to the other
// language when one is missing; this test makes sure it never has to.
func TestNoTextIsEmptyInEitherLanguage(t *testing.T) {
	t.Parallel()
	db := testdb.Seeded(t).DB
	// Fields computed in Go (both languages written in the code) or from the
	// vocabulary (model/vocabulary.yaml, checked by its own tests).
	computed := map[string]bool{"computation": true, "translated": true}
	columnsOf := func(table string) map[string]bool {
		cols, err := db.Migrator().ColumnTypes(table)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, c := range cols {
			out[c.Name()] = true
		}
		return out
	}
	check := func(table, column string, required bool) {
		t.Helper()
		var bad []string
		cond := "(TRIM(" + column + "_fr) = '') <> (TRIM(" + column + "_en) = '')"
		if required {
			cond += " OR TRIM(" + column + "_fr) = ''"
		}
		if !columnsOf(table)["id"] { // a link table: its rows are counted
			var n int64
			if err := db.Table(table).Where(cond).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Errorf("%s.%s: %d rows have it in one language only", table, column, n)
			}
			return
		}
		if err := db.Table(table).Where(cond).Limit(20).Pluck("id", &bad).Error; err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%s.%s: rows %v have it in one language only", table, column, bad)
		}
	}
	fromSchema := 0
	for typ, fields := range localizedFields(t) {
		k := model.KindOfType(typ)
		if k == nil {
			continue // not a record of a table: computed, or checked below with its table
		}
		cols := columnsOf(k.Table)
		for _, f := range fields {
			column := snake(f.Name)
			if c, ok := renamedColumns[column]; ok {
				column = c
			}
			switch {
			case cols[column+"_fr"] && cols[column+"_en"]:
				check(k.Table, column, f.Type.NonNull)
				fromSchema++
			case computed[f.Name] || strings.HasSuffix(f.Name, "Label"):
			default:
				t.Errorf("%s.%s: no columns %s_fr and %s_en in %s, and not computed", typ, f.Name, column, column, k.Table)
			}
		}
	}
	tables, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	fromData := 0
	for _, table := range tables {
		cols := columnsOf(table)
		for c := range cols {
			if base, ok := strings.CutSuffix(c, "_fr"); ok && cols[base+"_en"] {
				check(table, base, false)
				fromData++
			}
		}
	}
	if fromSchema < 20 || fromData < fromSchema {
		t.Errorf("%d texts from the schema, %d from the tables: too few", fromSchema, fromData)
	}
	t.Logf("%d localized fields of the schema, %d text columns in the tables", fromSchema, fromData)
}

// renamedColumns are the columns not named after their field (SQL keywords).
var renamedColumns = map[string]string{"before": "before_text", "after": "after_text"}

// snake is a field name in the database's style: rankReason -> rank_reason.
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestSameFiguresInBothLanguages: every story and example of GraphiQL gives, in
// French and in English, the same numbers, dates, codes, names and quotes; only the
// localized texts differ, and some of them do.
func TestSameFiguresInBothLanguages(t *testing.T) {
	t.Parallel()
	srv := apitest.NewWith(t, testdb.Seeded(t), func(c *httpapi.Config) { c.NoRateLimit = true })
	localized := map[string]bool{}
	for _, fields := range localizedFields(t) {
		for _, f := range fields {
			localized[f.Name] = true
		}
	}
	differ := 0
	for _, ex := range append(append([]graphiql.Example{}, graphiql.Stories...), graphiql.Examples...) {
		var fr, en any
		decode := func(lang string) any {
			body, _ := json.Marshal(map[string]any{"query": ex.Query, "variables": ex.Variables})
			resp := apitest.Request{Body: string(body), ContentType: "application/json",
				Headers: map[string]string{"Accept-Language": lang}}.Send(t, srv)
			var d any
			resp.Decode(t, &d)
			return d
		}
		fr, en = decode("fr"), decode("en")
		var diffs []string
		compareLanguages("", fr, en, localized, &diffs, &differ)
		sort.Strings(diffs)
		for _, d := range diffs {
			t.Errorf("%s: %s", ex.Name, d)
		}
	}
	if differ < 20 {
		t.Errorf("only %d texts differ between French and English across the stories and examples", differ)
	}
	t.Logf("%d texts differ between the languages", differ)
}

// compareLanguages walks two answers to the same query in French and English: every
// value must be equal but those of localized fields (counted in differ when they do).
func compareLanguages(path string, fr, en any, localized map[string]bool, diffs *[]string, differ *int) {
	switch a := fr.(type) {
	case map[string]any:
		b, ok := en.(map[string]any)
		if !ok || len(a) != len(b) {
			*diffs = append(*diffs, fmt.Sprintf("%s: shapes differ", path))
			return
		}
		for k, v := range a {
			if localized[fieldOf(k)] {
				if v != b[k] {
					*differ++
				}
				continue
			}
			compareLanguages(path+"."+k, v, b[k], localized, diffs, differ)
		}
	case []any:
		b, ok := en.([]any)
		if !ok || len(a) != len(b) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d and %d items", path, len(a), lenOf(en)))
			return
		}
		for i := range a {
			compareLanguages(fmt.Sprintf("%s[%d]", path, i), a[i], b[i], localized, diffs, differ)
		}
	default:
		if !reflect.DeepEqual(fr, en) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v in French, %v in English", path, fr, en))
		}
	}
}

// fieldOf is the field name of a response key: the key itself (the stories use no
// aliases on localized fields).
func fieldOf(key string) string { return key }

func lenOf(v any) int {
	if a, ok := v.([]any); ok {
		return len(a)
	}
	return -1
}
