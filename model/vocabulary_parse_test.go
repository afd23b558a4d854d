package model

import (
	"strings"
	"testing"
)

// The embedded file parses: a malformed vocabulary fails here, not in a request.
func TestEmbeddedVocabularyParses(t *testing.T) {
	v, err := parseVocabulary(vocabularyYAML)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.terms) == 0 {
		t.Fatal("the vocabulary has no terms")
	}
}

func TestParseVocabularyIsStrict(t *testing.T) {
	const good = `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}
    - code: OPERATING
      label: {fr: "En activité", en: "Operating"}
      description: {fr: "Le site produit.", en: "The site is producing."}
- type: Unit
  terms:
    - code: EUR
      label: {fr: "Euros", en: "Euros"}
      symbol: {fr: "€", en: "€"}
      description: {fr: "Un montant en euros.", en: "An amount in euros."}
`
	v, err := parseVocabulary([]byte(good))
	if err != nil {
		t.Fatalf("a valid file is refused: %v", err)
	}
	var codes []string
	for _, term := range v.terms {
		codes = append(codes, term.Type+"."+term.Code)
	}
	if got := strings.Join(codes, " "); got != "SiteStatus.CLOSED SiteStatus.OPERATING Unit.EUR" {
		t.Errorf("terms in the order %s, want the file's", got)
	}
	if eur := v.terms[v.index[termKey{"Unit", "EUR"}]]; eur.Symbol.FR != "€" || eur.Label.EN != "Euros" {
		t.Errorf("Unit.EUR read as %+v", eur)
	}

	bad := map[string]string{
		"unknown field": `
- type: SiteStatus
  terms:
    - code: CLOSED
      labels: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"unknown language": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed", de: "Geschlossen"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"English description missing": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé."}`,
		"French label blank": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: " ", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"symbol in one language": `
- type: Unit
  terms:
    - code: EUR
      label: {fr: "Euros", en: "Euros"}
      symbol: {fr: "€"}
      description: {fr: "Un montant en euros.", en: "An amount in euros."}`,
		"code twice": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"key twice": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      label: {fr: "Clos", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"type twice": `
- type: SiteStatus
  terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}
- type: SiteStatus
  terms:
    - code: OPERATING
      label: {fr: "En activité", en: "Operating"}
      description: {fr: "Le site produit.", en: "The site is producing."}`,
		"no code": `
- type: SiteStatus
  terms:
    - label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"no type": `
- terms:
    - code: CLOSED
      label: {fr: "Fermé", en: "Closed"}
      description: {fr: "Le site est fermé.", en: "The site is closed."}`,
		"no terms":   "- type: SiteStatus\n",
		"not a list": "SiteStatus: {CLOSED: Fermé}\n",
		"not YAML":   "- type: [SiteStatus\n",
	}
	for name, data := range bad {
		if _, err := parseVocabulary([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: %v", name, strings.SplitN(err.Error(), "\n", 2)[0])
		}
	}
}
