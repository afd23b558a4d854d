package seed

import (
	"strings"
	"unicode"

	"github.com/reindustrie/observatory/model"
)

// normaliseQuote makes a quotation comparable with a document: Markdown emphasis
// markers (*) are dropped and every run of white space (including no-break spaces)
// becomes one space. Letters, apostrophes and punctuation are compared as they are.
func normaliseQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '*':
			continue
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapseSpaces trims s and collapses its runs of white space, keeping everything else.
func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// collapseText collapses the spaces of a text in both languages (YAML folded blocks).
func collapseText(t model.Text) model.Text {
	return model.Text{FR: collapseSpaces(t.FR), EN: collapseSpaces(t.EN)}
}
