package model_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

// The vocabulary is checked against what the API returns: the enumerations of the
// schema's output types, the dimensions, categories and units of the curated data.

// schema is the GraphQL schema, read from its source files.
var schema = sync.OnceValues(func() (*ast.Schema, error) {
	files, err := filepath.Glob("../graph/schema/*.graphqls")
	if err != nil {
		return nil, err
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	return gqlparser.LoadSchema(sources...)
})

// outputEnums returns the enumerations the API returns: those that are the type of a
// field of an object or interface type. The others are arguments only (orders,
// group-by dimensions...): the vocabulary leaves them out.
func outputEnums(t *testing.T) (covered map[string]*ast.Definition, skipped []string) {
	t.Helper()
	s, err := schema()
	if err != nil {
		t.Fatal(err)
	}
	covered = map[string]*ast.Definition{}
	for _, def := range s.Types {
		if def.BuiltIn || (def.Kind != ast.Object && def.Kind != ast.Interface) {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if e := s.Types[f.Type.Name()]; e != nil && e.Kind == ast.Enum && !e.BuiltIn {
				covered[e.Name] = e
			}
		}
	}
	for name, def := range s.Types {
		if def.Kind == ast.Enum && !def.BuiltIn && covered[name] == nil {
			skipped = append(skipped, name)
		}
	}
	sort.Strings(skipped)
	return covered, skipped
}

// dataCodes are the dimensions, categories and units of the curated data, each with
// the first record that uses it.
type dataCodes map[string]map[string]string

var readData = sync.OnceValues(func() (dataCodes, error) {
	codes := dataCodes{model.TermDimension: {}, model.TermCategory: {}, model.TermUnit: {}}
	add := func(typ, code, where string) {
		if _, seen := codes[typ][code]; code != "" && !seen {
			codes[typ][code] = where
		}
	}
	var observations []struct {
		Slug      string `yaml:"slug"`
		Dimension string `yaml:"dimension"`
		Category  string `yaml:"category"`
		Unit      string `yaml:"unit"`
	}
	var breakdowns []struct {
		Slug      string `yaml:"slug"`
		Dimension string `yaml:"dimension"`
	}
	var metrics []struct {
		Code string `yaml:"code"`
		Unit string `yaml:"unit"`
	}
	for file, out := range map[string]any{"observations": &observations, "breakdowns": &breakdowns, "metrics": &metrics} {
		b, err := os.ReadFile("../seed/data/" + file + ".yaml")
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(b, out); err != nil {
			return nil, err
		}
	}
	for _, o := range observations {
		where := "observations.yaml " + o.Slug
		add(model.TermDimension, o.Dimension, where)
		add(model.TermCategory, o.Category, where)
		add(model.TermUnit, o.Unit, where)
	}
	for _, b := range breakdowns {
		add(model.TermDimension, b.Dimension, "breakdowns.yaml "+b.Slug)
	}
	for _, m := range metrics {
		add(model.TermUnit, m.Unit, "metrics.yaml "+m.Code)
	}
	for u := range rules.Units {
		add(model.TermUnit, u, "model/rules.Units")
	}
	return codes, nil
})

func data(t *testing.T) dataCodes {
	t.Helper()
	d, err := readData()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{model.TermDimension, model.TermCategory} {
		if len(d[typ]) == 0 {
			t.Fatalf("no %s found in the curated data: has its format changed?", typ)
		}
	}
	return d
}

func checkTerm(t *testing.T, typ, code, where string) {
	t.Helper()
	term, ok := model.TermOf(typ, code)
	switch {
	case !ok:
		t.Errorf("%s.%s (%s) has no term in model/vocabulary.yaml", typ, code, where)
	case !term.Label.Complete() || !term.Description.Complete():
		t.Errorf("%s.%s: label or description missing in a language: %+v", typ, code, term)
	}
}

// Every value of every enumeration the API returns has its term.
func TestVocabularyCoversOutputEnums(t *testing.T) {
	covered, skipped := outputEnums(t)
	if len(covered) == 0 {
		t.Fatal("no enumeration found in the schema")
	}
	for name, def := range covered {
		for _, v := range def.EnumValues {
			checkTerm(t, name, v.Name, "schema")
		}
	}
	t.Logf("%d enumerations covered; arguments only, skipped: %s", len(covered), strings.Join(skipped, ", "))
}

// Every dimension, category and unit of the curated data, and every unit a figure may
// have, has its term.
func TestVocabularyCoversData(t *testing.T) {
	for typ, codes := range data(t) {
		for code, where := range codes {
			checkTerm(t, typ, code, where)
		}
	}
}

// No term names a code that does not exist: an enumeration value of the schema's
// output types, a dimension or category of the data, a unit of the closed list.
func TestVocabularyHasNoStaleTerms(t *testing.T) {
	covered, _ := outputEnums(t)
	d := data(t)
	for _, term := range model.Terms() {
		name := term.Type + "." + term.Code
		switch term.Type {
		case model.TermDimension, model.TermCategory:
			if _, ok := d[term.Type][term.Code]; !ok {
				t.Errorf("%s: no figure of the curated data has it: remove the term, or the data lost it", name)
			}
		case model.TermUnit:
			if _, ok := rules.Units[term.Code]; !ok {
				t.Errorf("%s: not a unit of model/rules.Units", name)
			}
		default:
			def := covered[term.Type]
			if def == nil {
				t.Errorf("%s: %s is not an enumeration the API returns", name, term.Type)
			} else if def.EnumValues.ForName(term.Code) == nil {
				t.Errorf("%s: not a value of enum %s", name, term.Type)
			}
		}
		if term.Type != model.TermUnit && !term.Symbol.IsZero() {
			t.Errorf("%s: only units have a symbol", name)
		}
	}
}

var (
	// noBreakBefore finds a high sign (: ; ? !) or a closing guillemet not preceded by
	// a no-break space (U+00A0, or the narrow U+202F), and an opening guillemet not
	// followed by one.
	noBreakBefore = regexp.MustCompile(`(^|[^\x{00a0}\x{202f}])[:;?!»]|«($|[^\x{00a0}\x{202f}])`)
	// numberUnit finds a number and its unit or sign separated by a breaking space.
	numberUnit = regexp.MustCompile(`\d[ \t](%|€|M€|Md€|m²|ha|GWh|mois|ans|h\b)`)
)

// frenchTypography lists what is wrong with the typography of a French text.
func frenchTypography(s string) []string {
	var bad []string
	if strings.Contains(s, "'") {
		bad = append(bad, "straight apostrophe (use ’)")
	}
	if strings.ContainsAny(s, "\"“”") {
		bad = append(bad, "English quotation marks (use « »)")
	}
	if strings.Contains(s, "...") {
		bad = append(bad, "three full stops (use …)")
	}
	if m := noBreakBefore.FindString(s); m != "" && !strings.Contains(s, "://") {
		bad = append(bad, "no no-break space at "+strconvQuote(m))
	}
	if m := numberUnit.FindString(s); m != "" {
		bad = append(bad, "breaking space between a number and its unit at "+strconvQuote(m))
	}
	if s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
		bad = append(bad, "stray spaces")
	}
	return bad
}

func strconvQuote(s string) string { return "«" + strings.ReplaceAll(s, "\u00a0", "⍽") + "»" }

func TestFrenchTypographyCheck(t *testing.T) {
	for s, wantBad := range map[string]bool{
		"L’État\u00a0: ministères\u00a0; agences.": false,
		"L’État\u202f: ministères":                 false,
		"L'État":                                   true,
		"L’État : ministères":                      true,
		"«\u00a0CDD de plus de 6\u00a0mois\u00a0»": false,
		"« CDD »":                                  true,
		"comme 143 M€ d’aides":                     true,
		"comme 143\u00a0M€ d’aides":                false,
		"50\u00a0% des salariés":                   false,
		"50 % des salariés":                        true,
		"Une question\u00a0?":                      false,
		"Une question?":                            true,
		"retraite…":                                false,
		"retraite...":                              true,
		"dit \"près de\"":                          true,
		"Seule l’année est connue, 2022.":          false,
		"Seule l’année est connue,  2022.":         true,
	} {
		if got := len(frenchTypography(s)) > 0; got != wantBad {
			t.Errorf("frenchTypography(%q) = %v, want bad: %v", s, frenchTypography(s), wantBad)
		}
	}
}

// The French texts follow French typography; labels have no final full stop, and
// descriptions are sentences.
func TestVocabularyTypography(t *testing.T) {
	for _, term := range model.Terms() {
		name := term.Type + "." + term.Code
		for what, s := range map[string]string{"label": term.Label.FR, "description": term.Description.FR, "symbol": term.Symbol.FR} {
			for _, b := range frenchTypography(s) {
				t.Errorf("%s: French %s %q: %s", name, what, s, b)
			}
		}
		for _, s := range []string{term.Label.EN, term.Description.EN, term.Symbol.EN} {
			if s != strings.TrimSpace(s) || strings.Contains(s, "  ") || strings.ContainsAny(s, "«»\u00a0") {
				t.Errorf("%s: English text %q: stray spaces or French signs", name, s)
			}
		}
		for _, l := range []string{term.Label.FR, term.Label.EN} {
			if strings.HasSuffix(l, ".") {
				t.Errorf("%s: label %q ends with a full stop", name, l)
			}
		}
		for _, d := range []string{term.Description.FR, term.Description.EN} {
			if !strings.HasSuffix(d, ".") && !strings.HasSuffix(d, "…") && !strings.HasSuffix(d, "...") {
				t.Errorf("%s: description %q is not a sentence (no final full stop)", name, d)
			}
		}
		if term.Description.FR == term.Description.EN {
			t.Errorf("%s: the French and English descriptions are the same: %q", name, term.Description.FR)
		}
	}
}

// sameInBothLanguages are the terms whose French and English labels are the same word,
// and why.
var sameInBothLanguages = map[string]string{
	"TerritoryKind.DEPARTEMENT": "a French administrative level, kept in English texts",
	"TerritoryKind.COMMUNE":     "a French administrative level, kept in English texts",
	"Unit.COMMUNES":             "a French administrative level, kept in English texts",
	"EventKind.PUBLICATION":     "the same word",
	"Unit.EUR":                  "the same word",
	"Unit.HA":                   "the same word",
}

// The French and English labels differ, but for the words listed above.
func TestVocabularyLabelsAreTranslated(t *testing.T) {
	seen := map[string]bool{}
	for _, term := range model.Terms() {
		name := term.Type + "." + term.Code
		_, allowed := sameInBothLanguages[name]
		seen[name] = true
		switch same := term.Label.FR == term.Label.EN; {
		case same && !allowed:
			t.Errorf("%s: the French and English labels are both %q: translate, or list it in sameInBothLanguages", name, term.Label.FR)
		case !same && allowed:
			t.Errorf("%s: listed in sameInBothLanguages, but its labels differ (%q, %q)", name, term.Label.FR, term.Label.EN)
		}
	}
	for name := range sameInBothLanguages {
		if !seen[name] {
			t.Errorf("sameInBothLanguages names %s, which has no term", name)
		}
	}
}

// LabelOf gives the label in the language asked for, and the code itself when the
// vocabulary does not know it; Terms are in file order and cannot be changed from
// outside.
func TestLabelOf(t *testing.T) {
	cases := []struct {
		typ, code string
		l         model.Lang
		want      string
	}{
		{model.TermCategory, "FIXED_TERM_CONTRACT_OVER_6_MONTHS", model.LangFR, "CDD de plus de 6\u00a0mois"},
		{model.TermCategory, "FIXED_TERM_CONTRACT_OVER_6_MONTHS", model.LangEN, "Fixed-term contract over 6 months"},
		{"SiteStatus", "CLOSED", model.LangFR, "Fermé"},
		{"SiteStatus", "CLOSED", model.LangEN, "Closed"},
		{"SiteStatus", "DEMOLISHED", model.LangFR, "DEMOLISHED"},
		{"NoSuchType", "CLOSED", model.LangEN, "CLOSED"},
		{model.TermCategory, "CLOSED", model.LangEN, "CLOSED"},
	}
	for _, c := range cases {
		if got := model.LabelOf(c.typ, c.code, c.l); got != c.want {
			t.Errorf("LabelOf(%q, %q, %s) = %q, want %q", c.typ, c.code, c.l, got, c.want)
		}
	}
	eur, ok := model.TermOf(model.TermUnit, "EUR")
	if !ok || eur.Symbol.In(model.LangFR) != "€" {
		t.Errorf("TermOf(Unit, EUR) = %+v, %v", eur, ok)
	}
	terms := model.Terms()
	if first := terms[0]; first.Type != "TerritoryKind" || first.Code != "COUNTRY" {
		t.Errorf("the first term is %s.%s, want the file's first (TerritoryKind.COUNTRY)", first.Type, first.Code)
	}
	terms[0].Code = "CHANGED"
	if model.Terms()[0].Code != "COUNTRY" {
		t.Error("a caller changed the vocabulary through Terms")
	}
	types := map[string]bool{}
	for _, term := range terms {
		types[term.Type] = true
	}
	t.Logf("%d terms of %d types", len(terms), len(types))
}
