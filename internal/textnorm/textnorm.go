// Package textnorm folds text for search: lower case, no accents, no punctuation, so
// that "Cheminées Philippe (Béthune)" and "cheminees philippe bethune" meet.
// The seed loader writes search_text columns with it, and the search feature folds
// the user's query the same way.
package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ligatures are letters that do not decompose into a base letter and a mark.
var ligatures = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
}

// Fold returns s in lower case, without accents (é → e, œ → oe), with every run of
// characters that are neither letters nor digits replaced by one space, and trimmed.
func Fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldUnicode(s)
}

// foldUnicode is Fold through Unicode's canonical decomposition: the reference the
// fast paths (foldASCII, foldLatin) agree with.
func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining mark: the accent of the previous letter
		}
		if lig, ok := ligatures[r]; ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(lig)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// Join folds each part and joins the non-empty results with one space: the value of
// a search_text column.
func Join(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if f := Fold(p); f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// isASCII reports whether s holds only ASCII bytes (no accent to strip, no ligature).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, without the Unicode decomposition and tables:
// letters lowercased, digits kept, every other run of bytes one space.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}

// The runes foldLatin knows: ASCII, Latin-1, Latin Extended-A and B (the letters of
// French and of most European names), and General Punctuation (’ « — …). None is a
// combining mark, so folding a string of them rune by rune gives what its decomposition
// as a whole gives.
const (
	latinEnd                   = 0x250
	punctuationStart, punctEnd = 0x2000, 0x2070
)

// latinFolds and punctuationFolds hold what foldUnicode makes of each of those runes
// alone: its folded letters, or "" for a separator. Computed from foldUnicode, so the
// two agree.
var latinFolds, punctuationFolds = func() (l [latinEnd]string, p [punctEnd - punctuationStart]string) {
	for r := rune(0); r < latinEnd; r++ {
		l[r] = foldUnicode(string(r))
	}
	for r := rune(punctuationStart); r < punctEnd; r++ {
		p[r-punctuationStart] = foldUnicode(string(r))
	}
	return l, p
}()

// foldLatin is Fold for strings of the runes it knows, by table; false for any other
// string (foldUnicode then folds it).
func foldLatin(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		var f string
		switch {
		case r < latinEnd:
			f = latinFolds[r]
		case r >= punctuationStart && r < punctEnd:
			f = punctuationFolds[r-punctuationStart]
		default:
			return "", false
		}
		if f == "" {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, f...)
	}
	return string(b), true
}
