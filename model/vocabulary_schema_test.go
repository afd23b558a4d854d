package model_test

import (
	"strings"
	"testing"

	"github.com/reindustrie/observatory/model"
)

// frenchSuffix is how the description of an enumeration value gives its French label
// in the schema, after the English text.
func frenchSuffix(label string) string { return " — FR\u00a0: «\u00a0" + label + "\u00a0»" }

// Each value of an enumeration the API returns ends its description in the schema with
// its French label from the vocabulary, so that GraphiQL shows both languages.
func TestSchemaEnumDescriptionsCarryFrenchLabels(t *testing.T) {
	covered, _ := outputEnums(t)
	for name, def := range covered {
		for _, v := range def.EnumValues {
			term, ok := model.TermOf(name, v.Name)
			if !ok {
				continue // TestVocabularyCoversOutputEnums says so
			}
			want := frenchSuffix(term.Label.FR)
			english, found := strings.CutSuffix(v.Description, want)
			switch {
			case !found:
				t.Errorf("%s.%s: the description %q does not end with %q", name, v.Name, v.Description, want)
			case strings.TrimSpace(english) == "" || strings.Contains(english, "— FR"):
				t.Errorf("%s.%s: the description %q should be the English text, then the French label once", name, v.Name, v.Description)
			}
		}
	}
}
