package model

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

// The vocabulary labels the codes the API returns (the values of its enumerations, the
// dimensions and categories of breakdowns, the units of figures) in French and English.
// It is curated in vocabulary.yaml, embedded in the binary and read once; its tests
// check it against the schema and the curated data.

//go:embed vocabulary.yaml
var vocabularyYAML []byte

// Types of the terms that are not GraphQL enumerations (those are named by their
// enumeration: SiteStatus, EventKind...).
const (
	// TermDimension: the dimension a breakdown splits figures along ("outcome").
	TermDimension = "Dimension"
	// TermCategory: a category of a dimension (PERMANENT_CONTRACT).
	TermCategory = "Category"
	// TermUnit: the unit of a figure (JOBS, EUR, PERCENT...).
	TermUnit = "Unit"
)

// Term is a code of the API with its label and description in both languages.
type Term struct {
	// Type is the GraphQL enumeration of the code, or TermDimension, TermCategory or
	// TermUnit.
	Type string
	// Code is the code as the API returns it.
	Code string
	// Label is what a reader sees in a table or on a chart.
	Label Text
	// Description says in one sentence what the code means.
	Description Text
	// Symbol is, for a unit, the word or sign written after a number ("emplois", "€");
	// empty when the unit has none.
	Symbol Text
}

// vocabularyFile is the shape of vocabulary.yaml: the terms grouped by type.
type vocabularyFile []struct {
	Type  string `yaml:"type"`
	Terms []struct {
		Code        string `yaml:"code"`
		Label       Text   `yaml:"label"`
		Description Text   `yaml:"description"`
		Symbol      Text   `yaml:"symbol"`
	} `yaml:"terms"`
}

// vocabulary is the parsed file: the terms in file order, and their index by type and
// code.
type vocabulary struct {
	terms []Term
	index map[termKey]int
}

type termKey struct{ typ, code string }

// parseVocabulary reads a vocabulary file strictly: unknown or duplicate keys, a term
// without its code, or without its label and description in both languages, a symbol
// in one language only, and a code given twice for one type are errors.
func parseVocabulary(data []byte) (*vocabulary, error) {
	var f vocabularyFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	v := &vocabulary{index: map[termKey]int{}}
	var errs []error
	types := map[string]bool{}
	for _, g := range f {
		if g.Type == "" {
			errs = append(errs, errors.New("a group of terms without its type"))
			continue
		}
		if types[g.Type] {
			errs = append(errs, fmt.Errorf("type %s: listed twice (one group a type)", g.Type))
		}
		types[g.Type] = true
		if len(g.Terms) == 0 {
			errs = append(errs, fmt.Errorf("type %s: no terms", g.Type))
		}
		for _, t := range g.Terms {
			name := g.Type + "." + t.Code
			switch {
			case strings.TrimSpace(t.Code) == "":
				errs = append(errs, fmt.Errorf("type %s: a term without its code", g.Type))
				continue
			case !complete(t.Label):
				errs = append(errs, fmt.Errorf("%s: the label is required in French and English", name))
			case !complete(t.Description):
				errs = append(errs, fmt.Errorf("%s: the description is required in French and English", name))
			case !t.Symbol.IsZero() && !complete(t.Symbol):
				errs = append(errs, fmt.Errorf("%s: the symbol must be given in both languages, or not at all", name))
			}
			k := termKey{g.Type, t.Code}
			if _, dup := v.index[k]; dup {
				errs = append(errs, fmt.Errorf("%s: listed twice", name))
				continue
			}
			v.index[k] = len(v.terms)
			v.terms = append(v.terms, Term{Type: g.Type, Code: t.Code, Label: t.Label, Description: t.Description, Symbol: t.Symbol})
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("vocabulary: %w", errors.Join(errs...))
	}
	return v, nil
}

func complete(t Text) bool { return strings.TrimSpace(t.FR) != "" && strings.TrimSpace(t.EN) != "" }

// theVocabulary is the embedded vocabulary, parsed on first use. The file is part of
// the binary and checked by the tests: a malformed file is a programming error, and
// panics rather than labelling nothing.
var theVocabulary = sync.OnceValue(func() *vocabulary {
	v, err := parseVocabulary(vocabularyYAML)
	if err != nil {
		panic(err)
	}
	return v
})

// Terms returns every term of the vocabulary, in the order of vocabulary.yaml.
func Terms() []Term { return slices.Clone(theVocabulary().terms) }

// TermOf returns the term of a code of a type (a GraphQL enumeration, TermDimension,
// TermCategory or TermUnit), and whether the vocabulary has it.
func TermOf(typ, code string) (Term, bool) {
	v := theVocabulary()
	i, ok := v.index[termKey{typ, code}]
	if !ok {
		return Term{}, false
	}
	return v.terms[i], true
}

// LabelOf returns the label of a code of a type in language l, or the code itself when
// the vocabulary does not know it (a category added by an editor, say).
func LabelOf(typ, code string, l Lang) string {
	if t, ok := TermOf(typ, code); ok {
		return t.Label.In(l)
	}
	return code
}

// TermTypes lists the types of the vocabulary, in file order.
func TermTypes() []string {
	var out []string
	for _, t := range theVocabulary().terms {
		if len(out) == 0 || out[len(out)-1] != t.Type {
			out = append(out, t.Type)
		}
	}
	return out
}
