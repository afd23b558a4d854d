package model

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
)

// SearchKind is the kind of entity a search hit is.
type SearchKind string

// Kinds of search hit, in the order they are ranked when all else is equal.
const (
	SearchTerritory SearchKind = "TERRITORY"
	SearchSite      SearchKind = "SITE"
	SearchCompany   SearchKind = "COMPANY"
	SearchProgramme SearchKind = "PROGRAMME"
	SearchSource    SearchKind = "SOURCE"
	SearchEvent     SearchKind = "EVENT"
	// Topics: what the documents measure and say.
	SearchMetric      SearchKind = "METRIC"
	SearchBreakdown   SearchKind = "BREAKDOWN"
	SearchObservation SearchKind = "OBSERVATION"
)

// SearchKinds lists every kind, in ranking order.
var SearchKinds = []SearchKind{SearchTerritory, SearchSite, SearchCompany, SearchProgramme, SearchSource, SearchEvent,
	SearchMetric, SearchBreakdown, SearchObservation}

// Match levels of a hit, best first.
const (
	MatchExact      = 0 // the folded name (or its short name, or the name without spaces) is the text
	MatchPrefix     = 1 // the name starts with the text
	MatchWordPrefix = 2 // every word of the text is a word of the name, or starts one
	MatchSubstring  = 3 // every word is in the name, one of them with a typo
	MatchOther      = 4 // every word is in another field: place, activity, description, quote...
)

// Search limits.
const (
	MaxSearchResults = 50
	MinSearchLength  = 2
	MaxSearchLength  = 200
	// searchCandidates is how many rows of each kind the SQL hands to the ranking.
	searchCandidates = 200
)

// SearchHit is one entity found by Search.
type SearchHit struct {
	Kind  SearchKind
	ID    int64
	Slug  string
	Name  Text // its name or title, in both languages
	Level int  // one of the Match* levels
	// Fuzzy is true when a word matched with one typo.
	Fuzzy bool
	// Score is a relevance between 0 and 1: the match, the kind, how much the record
	// is documented (cited figures and events) and the share of the name the text
	// covers. Hits come in decreasing score.
	Score float64
}

// stopWords are left out of the words a record must hold: articles, prepositions and
// conjunctions, in French and English.
var stopWords = map[string]bool{
	"a": true, "au": true, "aux": true, "d": true, "de": true, "des": true, "du": true, "en": true, "et": true,
	"l": true, "la": true, "le": true, "les": true, "pour": true, "sur": true, "un": true, "une": true, "par": true,
	"the": true, "of": true, "and": true, "in": true, "on": true, "for": true, "to": true, "at": true, "s": true,
}

// searchQuery is a search text read for matching.
type searchQuery struct {
	folded  string   // the whole text, folded
	words   []string // the words that must match, folded
	stems   []string // their stems (stem)
	compact string   // the words without spaces, when there are several ("bring back": "bringback")
}

func readQuery(text string) searchQuery {
	q := searchQuery{folded: textnorm.Fold(text)}
	for _, w := range strings.Fields(q.folded) {
		if !stopWords[w] && (utf8.RuneCountInString(w) > 1 || len(strings.Fields(q.folded)) == 1) {
			q.words = append(q.words, w)
		}
	}
	if len(q.words) == 0 {
		q.words = strings.Fields(q.folded)
	}
	for _, w := range q.words {
		q.stems = append(q.stems, stem(w))
	}
	if all := strings.Fields(q.folded); len(all) > 1 {
		q.compact = strings.Join(all, "")
	}
	return q
}

// short says whether the text is an acronym or a short word (three letters or less):
// it then matches whole words only, and bare geography ranks after what is documented.
func (q searchQuery) short() bool {
	return len(q.words) == 1 && utf8.RuneCountInString(q.words[0]) <= 3
}

// frenchSuffixes are the endings stem removes, longest first: plurals, then common
// derivations ("reclassement" and "reclassés" share "reclass").
var frenchSuffixes = []string{
	"issements", "issement", "ements", "ement", "ations", "ation", "ites", "ite", "euses", "euse", "eurs", "eur",
	"ives", "ive", "iques", "ique", "ees", "ee", "ers", "er", "es", "e", "s", "x",
}

// stem is a light French stemmer: it strips one common ending, keeping at least four
// letters. Words of four letters or less are kept whole.
func stem(w string) string {
	if utf8.RuneCountInString(w) <= 4 {
		return w
	}
	for _, suffix := range frenchSuffixes {
		if strings.HasSuffix(w, suffix) && utf8.RuneCountInString(w)-len(suffix) >= 4 {
			return strings.TrimSuffix(w, suffix)
		}
	}
	return w
}

// typoPatterns are the LIKE patterns of s with one typo: a letter replaced, missing,
// added or swapped with its neighbour ('_' stands for one letter).
func typoPatterns(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		out = append(out, s[:i]+"_"+s[i+1:], s[:i]+s[i+1:])
		if i+1 < len(s) {
			out = append(out, s[:i]+string(s[i+1])+string(s[i])+s[i+2:])
		}
	}
	for i := 1; i < len(s); i++ {
		out = append(out, s[:i]+"_"+s[i:])
	}
	return out
}

// wordCondition is the SQL condition that search_text holds a word of the query: a
// whole word for short words, its stem anywhere for longer ones, or, with typos, one of
// its stem's one-typo forms.
func wordCondition(w, st string, typos bool) (string, []any) {
	if utf8.RuneCountInString(w) <= 3 {
		return "(' ' || search_text || ' ') LIKE ?", []any{"% " + escapeLike(w) + " %"}
	}
	if !typos || utf8.RuneCountInString(w) < 5 {
		return "search_text LIKE ? ESCAPE '\\'", []any{"%" + escapeLike(st) + "%"}
	}
	patterns := typoPatterns(escapeLike(st))
	parts := make([]string, len(patterns))
	args := make([]any, len(patterns))
	for i, p := range patterns {
		parts[i] = "search_text LIKE ? ESCAPE '\\'"
		args[i] = "%" + p + "%"
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// searchName is the SQL of a hit's name in language l, per kind: a figure is named by
// its metric.
func searchName(k *Kind, l Lang) string {
	if k == KindObservation {
		return "(SELECT " + KindMetric.TitleSQL("m.", l) + " FROM metrics AS m WHERE m.id = x.metric_id)"
	}
	return k.TitleSQL("x.", l)
}

// searchWeight favours entities over topics, and among topics what gathers figures.
var searchWeight = map[SearchKind]float64{
	SearchSite: 0.06, SearchCompany: 0.055, SearchProgramme: 0.05, SearchTerritory: 0.045,
	SearchBreakdown: 0.04, SearchMetric: 0.03, SearchEvent: 0.02, SearchSource: 0.02, SearchObservation: 0,
}

// Search finds the records whose searchable text (names, short names, the documents'
// spellings, descriptions, metric labels, event titles, figures' quotes) holds every
// word of the text: accents, case and punctuation ignored, common French endings
// ignored, one typo tolerated in words of five letters or more when nothing matches
// exactly. It ranks them by score (see SearchHit): exact names first, then names that
// start with the text, names holding its words, other fields; documented records
// (cited figures and events) above bare geography, entities above topics. One
// statement (two when a typo is needed); the SQL is the same on both stores and the
// ranking is done in Go, so results are identical.
func Search(ctx context.Context, db *gorm.DB, text string, kinds []SearchKind, limit int) ([]SearchHit, error) {
	q := readQuery(text)
	if utf8.RuneCountInString(strings.ReplaceAll(q.folded, " ", "")) < MinSearchLength {
		return nil, BadInput("search text must have at least 2 letters or digits")
	}
	if len(text) > MaxSearchLength {
		return nil, BadInput("search text is too long (at most 200 characters)")
	}
	if limit < 1 || limit > MaxSearchResults {
		return nil, BadInput("first must be between 1 and 50")
	}
	if len(kinds) == 0 {
		kinds = SearchKinds
	}
	rows, err := searchCandidatesOf(ctx, db, q, kinds, false)
	if err != nil {
		return nil, err
	}
	fuzzy := false
	if len(rows) == 0 {
		fuzzy = true
		if rows, err = searchCandidatesOf(ctx, db, q, kinds, true); err != nil {
			return nil, err
		}
	}
	hits := make([]SearchHit, 0, len(rows))
	for _, r := range rows {
		h, ok := rankHit(q, r)
		if !ok {
			continue
		}
		h.Fuzzy = h.Fuzzy || fuzzy && h.Level > MatchPrefix
		hits = append(hits, h)
	}
	rank := map[SearchKind]int{}
	for i, k := range SearchKinds {
		rank[k] = i
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if la, lb := utf8.RuneCountInString(a.Name.FR), utf8.RuneCountInString(b.Name.FR); la != lb {
			return la < lb
		}
		if a.Kind != b.Kind {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.Slug < b.Slug
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// searchRow is a candidate of the SQL, for the ranking.
type searchRow struct {
	Kind       string
	ID         int64
	Slug       string
	Name       string // the name in French
	NameEn     string // the name in English (the same for proper names)
	Alt        string // a short name
	Text       string // search_text
	Documented int64  // cited figures and events about it
}

// searchCandidatesOf reads the candidates of each kind: the records whose search text
// holds every word (or, for several words, the words without spaces), at most
// searchCandidates a kind, shortest names first.
func searchCandidatesOf(ctx context.Context, db *gorm.DB, q searchQuery, kinds []SearchKind, typos bool) ([]searchRow, error) {
	var conds []string
	var condArgs []any
	for i, w := range q.words {
		c, a := wordCondition(w, q.stems[i], typos)
		conds = append(conds, c)
		condArgs = append(condArgs, a...)
	}
	where := strings.Join(conds, " AND ")
	if q.compact != "" {
		where = "(" + where + ") OR search_text LIKE ? ESCAPE '\\'"
		condArgs = append(condArgs, "%"+escapeLike(q.compact)+"%")
	}
	var (
		parts []string
		args  []any
	)
	seen := map[SearchKind]bool{}
	for _, sk := range SearchKinds {
		if seen[sk] || !contains(kinds, sk) {
			continue
		}
		seen[sk] = true
		k := KindOfSearch(sk)
		alt := "''"
		if k == KindProgramme {
			alt = "COALESCE(x.short_name, '')"
		}
		documented := "0"
		if k.Subject != "" {
			documented = "x.documented" // kept by triggers (model/documented.go)
		}
		name := searchName(k, LangFR)
		parts = append(parts, `SELECT * FROM (SELECT '`+string(sk)+`' AS kind, x.id AS id, x.`+k.SlugCol()+` AS slug, `+name+` AS name, `+
			searchName(k, LangEN)+` AS name_en, `+
			alt+` AS alt, x.search_text AS text, `+documented+` AS documented FROM `+k.Table+` AS x WHERE `+where+
			` ORDER BY LENGTH(`+name+`), x.id LIMIT ?) AS `+strings.ToLower(string(sk)))
		args = append(args, condArgs...)
		args = append(args, searchCandidates)
	}
	// Scanned by hand: gorm's scan into structs was a third of a search's CPU.
	var rows []searchRow
	err := scanRows(db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL "), args...), func(rs *sql.Rows) error {
		var r searchRow
		var name, nameEn, alt, text sql.NullString
		if err := rs.Scan(&r.Kind, &r.ID, &r.Slug, &name, &nameEn, &alt, &text, &r.Documented); err != nil {
			return err
		}
		r.Name, r.NameEn, r.Alt, r.Text = name.String, nameEn.String, alt.String, text.String
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return nil, FromDB(err)
	}
	return rows, nil
}

// nameCover says how well the folded name matches the text: the whole text, or the
// number of its words that start a word of the name.
func nameCover(q searchQuery, name string) int {
	if name == q.folded {
		return len(q.words) + 1
	}
	n := 0
	for _, w := range q.words {
		for _, t := range strings.Fields(name) {
			if strings.HasPrefix(t, w) {
				n++
				break
			}
		}
	}
	return n
}

// rankHit scores a candidate; false when it holds not every word after all.
func rankHit(q searchQuery, r searchRow) (SearchHit, bool) {
	h := SearchHit{Kind: SearchKind(r.Kind), ID: r.ID, Slug: r.Slug, Name: Bi(r.Name, r.NameEn)}
	name := textnorm.Fold(r.Name)
	// The name in the language the text matches best decides the level.
	if en := textnorm.Fold(r.NameEn); en != name && nameCover(q, en) > nameCover(q, name) {
		name = en
	}
	nameTokens := strings.Fields(name)
	names := []string{name}
	if c := strings.ReplaceAll(name, " ", ""); c != name {
		names = append(names, c)
		nameTokens = append(nameTokens, c)
	}
	if alt := textnorm.Fold(r.Alt); alt != "" {
		names = append(names, alt, strings.ReplaceAll(alt, " ", ""))
		nameTokens = append(nameTokens, strings.Fields(alt)...)
	}
	var base float64
	switch {
	case slices.Contains(names, q.folded) || q.compact != "" && slices.Contains(names, q.compact):
		h.Level, base = MatchExact, 1
	case strings.HasPrefix(name, q.folded) && (len(name) == len(q.folded) || name[len(q.folded)] == ' '):
		h.Level, base = MatchPrefix, 0.84
	case strings.HasPrefix(name, q.folded) && !q.short():
		h.Level, base = MatchPrefix, 0.82
	case utf8.RuneCountInString(q.folded) >= 5 && damerau1(q.folded, name):
		h.Level, base, h.Fuzzy = MatchSubstring, 0.72, true // the whole name, with one typo
	default:
		switch m := matchWords(q, nameTokens); {
		case m == matchWhole:
			h.Level, base = MatchWordPrefix, 0.8
		case m == matchStem:
			h.Level, base = MatchWordPrefix, 0.76
		case m == matchTypo:
			h.Level, base, h.Fuzzy = MatchSubstring, 0.62, true
		default:
			textTokens := strings.Fields(r.Text)
			if q.compact != "" && slices.Contains(textTokens, q.compact) {
				textTokens = append(textTokens, q.words...) // the words written together
			}
			switch m := matchWords(q, textTokens); {
			case m == matchWhole:
				h.Level, base = MatchOther, 0.5
			case m == matchStem:
				h.Level, base = MatchOther, 0.45
			case m == matchTypo:
				h.Level, base, h.Fuzzy = MatchOther, 0.35, true
			default:
				return h, false
			}
			if len(q.words) > 1 && strings.Contains(" "+r.Text+" ", " "+q.folded+" ") {
				base += 0.04 // the words as the text writes them, together
			}
		}
	}
	score := base + searchWeight[h.Kind]
	if r.Documented > 0 {
		score += min(0.1, 0.025*math.Log2(1+float64(r.Documented)))
	} else if h.Kind == SearchTerritory && q.short() {
		score -= 0.3 // bare geography: an acronym is rarely a commune's name
	}
	if l := utf8.RuneCountInString(name); l > 0 {
		score += 0.04 * min(1, float64(utf8.RuneCountInString(q.folded))/float64(l))
	}
	h.Score = math.Round(min(1, max(0, score))*1000) / 1000
	return h, true
}

type wordMatch int

const (
	matchNone wordMatch = iota
	matchTypo
	matchStem
	matchWhole
)

// matchWords says how well every word of q is among tokens: each as a whole token, at
// worst as a prefix of one (its stem), or with one typo; the worst word decides.
func matchWords(q searchQuery, tokens []string) wordMatch {
	worst := matchWhole
	for i, w := range q.words {
		best := matchNone
		for _, t := range tokens {
			switch {
			case t == w:
				best = matchWhole
			case utf8.RuneCountInString(w) > 3 && strings.HasPrefix(t, q.stems[i]):
				best = max(best, matchStem)
			case oneTypo(q.stems[i], t):
				best = max(best, matchTypo)
			}
			if best == matchWhole {
				break
			}
		}
		worst = min(worst, best)
		if worst == matchNone {
			return matchNone
		}
	}
	return worst
}

// oneTypo reports whether the stem s (five letters or more in its word) is, with one
// letter replaced, missing, added or swapped, the token t or the start of it.
func oneTypo(s, t string) bool {
	if utf8.RuneCountInString(s) < 4 {
		return false
	}
	for _, n := range []int{len(s) - 1, len(s), len(s) + 1} {
		if n > 0 && n <= len(t) && damerau1(s, t[:n]) {
			return true
		}
	}
	return false
}

// damerau1 reports whether a and b are at most one edit apart (substitution,
// insertion, deletion, transposition of neighbours).
func damerau1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		diff := -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of the first two neighbours is allowed
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case la == lb+1:
		a, b = b, a
		fallthrough
	case la+1 == lb:
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				return a[i:] == b[i+1:]
			}
		}
		return true
	}
	return false
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
