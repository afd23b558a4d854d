package model

import "testing"

func TestCleanQuote(t *testing.T) {
	for in, want := range map[string]string{
		"1^{ER} MAI 2021 : fermeture":      "1er MAI 2021 : fermeture",
		"la 1^{ère} édition":               "la 1ère édition",
		"sans balisage, 32 ha":             "sans balisage, 32 ha",
		"1^{er} et 2^{e} trimestres":       "1er et 2e trimestres",
		"accolade seule { ni ^ ni ^{} ici": "accolade seule { ni ^ ni  ici",
	} {
		if got := CleanQuote(in); got != want {
			t.Errorf("CleanQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
