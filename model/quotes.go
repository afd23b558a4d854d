package model

import (
	"regexp"
	"strings"
)

// superscript is the markup the extraction of the source PDFs left for superscripts:
// "1^{ER} MAI 2021", "1^{ère} édition".
var superscript = regexp.MustCompile(`\^\{([^{}]*)\}`)

// CleanQuote returns a quote for reading: the exact quote with the markup of the
// extraction of its source file removed (superscripts written ^{...} become plain
// lower-case letters: "1^{ER} MAI" reads "1er MAI"). The exact quote, which the
// citation keeps, is what checks against the document.
func CleanQuote(q string) string {
	if !strings.Contains(q, "^{") {
		return q
	}
	return superscript.ReplaceAllStringFunc(q, func(m string) string {
		return strings.ToLower(m[2 : len(m)-1])
	})
}

// QuoteDisplay is the citation's quote for reading (CleanQuote).
func (c *Citation) QuoteDisplay() string { return CleanQuote(c.Quote) }
