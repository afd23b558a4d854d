package model

import "strings"

// foldPairs are the accented letters of French (and a few neighbours) and the plain
// letters they fold to, in both cases: SQLite's LOWER only knows ASCII, so the accents
// are removed before lowering, the same way on both stores.
var foldPairs = [][2]string{
	{"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"}, {"À", "a"}, {"Â", "a"}, {"Ä", "a"}, {"Á", "a"},
	{"ç", "c"}, {"Ç", "c"},
	{"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"}, {"É", "e"}, {"È", "e"}, {"Ê", "e"}, {"Ë", "e"},
	{"î", "i"}, {"ï", "i"}, {"í", "i"}, {"Î", "i"}, {"Ï", "i"}, {"Í", "i"},
	{"ô", "o"}, {"ö", "o"}, {"ó", "o"}, {"Ô", "o"}, {"Ö", "o"}, {"Ó", "o"},
	{"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ú", "u"}, {"Ù", "u"}, {"Û", "u"}, {"Ü", "u"}, {"Ú", "u"},
	{"ÿ", "y"}, {"Ÿ", "y"}, {"ñ", "n"}, {"Ñ", "n"},
	{"œ", "oe"}, {"Œ", "oe"}, {"æ", "ae"}, {"Æ", "ae"},
	{"'", " "}, {"’", " "}, {"-", " "}, {",", " "}, {".", " "}, {"(", " "}, {")", " "}, {"/", " "},
}

// SQLFold returns an SQL expression that folds the text expression expr the way
// textnorm.Fold folds Go strings, for the letters of French: lower case, no accents,
// punctuation as spaces (runs of spaces are not collapsed). It is plain nested REPLACE
// and LOWER calls, so it gives the same result on PostgreSQL and SQLite. expr must be a
// constant of this package, never client input.
func SQLFold(expr string) string {
	var b strings.Builder
	for range foldPairs {
		b.WriteString("REPLACE(")
	}
	b.WriteString("COALESCE(" + expr + ", '')")
	for _, p := range foldPairs {
		b.WriteString(", '" + strings.ReplaceAll(p[0], "'", "''") + "', '" + p[1] + "')")
	}
	return "LOWER(" + b.String() + ")"
}
