package model

import (
	"context"
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
)

// SearchKinds lists every kind, in ranking order.
var SearchKinds = []SearchKind{SearchTerritory, SearchSite, SearchCompany, SearchProgramme, SearchSource, SearchEvent}

// Match levels of a hit, best first.
const (
	MatchExact      = 0 // the folded name is the folded text
	MatchPrefix     = 1 // the name starts with the text
	MatchWordPrefix = 2 // a word of the name starts with the text
	MatchSubstring  = 3 // the name contains the text
	MatchOther      = 4 // only another searchable field contains it (place, activity, description...)
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
	Name  string
	Level int // one of the Match* levels
	// Score is a relevance between 0 and 1 derived from Level and the name's length:
	// the higher, the better.
	Score float64
}

// Search finds the entities whose folded searchable text contains the folded text,
// ranked: exact name > name prefix > word prefix of the name > substring of the name >
// match elsewhere, then shorter names, then kind (SearchKinds order), then slug. It runs
// one statement (a UNION ALL over the kinds asked for); the SQL is the same on both
// stores, and the ranking is done in Go on the folded names, so results are identical.
func Search(ctx context.Context, db *gorm.DB, text string, kinds []SearchKind, limit int) ([]SearchHit, error) {
	q := textnorm.Fold(text)
	if utf8.RuneCountInString(q) < MinSearchLength {
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
	seen := map[SearchKind]bool{}
	var (
		parts []string
		args  []any
	)
	like := "%" + escapeLike(q) + "%"
	for _, k := range SearchKinds {
		if seen[k] || !contains(kinds, k) {
			continue
		}
		seen[k] = true
		kind := KindOfSearch(k)
		t := struct{ table, name string }{kind.Table, kind.Title}
		// The candidates of a kind: a coarse order on search_text (which starts with the
		// folded name) keeps the best ones when there are more than searchCandidates.
		parts = append(parts, `SELECT * FROM (SELECT '`+string(k)+`' AS kind, id, slug, `+t.name+` AS name FROM `+t.table+
			` WHERE search_text LIKE ? ESCAPE '\'`+
			` ORDER BY CASE WHEN search_text = ? OR search_text LIKE ? ESCAPE '\' THEN 0 WHEN search_text LIKE ? ESCAPE '\' THEN 1`+
			` WHEN search_text LIKE ? ESCAPE '\' THEN 2 ELSE 3 END, LENGTH(`+t.name+`), slug LIMIT ?) AS `+strings.ToLower(string(k)))
		args = append(args, like, q, escapeLike(q)+" %", escapeLike(q)+"%", "% "+escapeLike(q)+"%", searchCandidates)
	}
	type row struct {
		Kind string
		ID   int64
		Slug string
		Name string
	}
	var rows []row
	if err := db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL "), args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	hits := make([]SearchHit, 0, len(rows))
	for _, r := range rows {
		name := textnorm.Fold(r.Name)
		level := matchLevel(name, q)
		hits = append(hits, SearchHit{Kind: SearchKind(r.Kind), ID: r.ID, Slug: r.Slug, Name: r.Name, Level: level,
			Score: score(level, utf8.RuneCountInString(name), utf8.RuneCountInString(q))})
	}
	rank := map[SearchKind]int{}
	for i, k := range SearchKinds {
		rank[k] = i
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Level != b.Level {
			return a.Level < b.Level
		}
		if la, lb := utf8.RuneCountInString(a.Name), utf8.RuneCountInString(b.Name); la != lb {
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

func matchLevel(name, q string) int {
	switch {
	case name == q:
		return MatchExact
	case strings.HasPrefix(name, q):
		return MatchPrefix
	case strings.Contains(" "+name, " "+q):
		return MatchWordPrefix
	case strings.Contains(name, q):
		return MatchSubstring
	}
	return MatchOther
}

// score maps a level to a band of 0.2 (exact: 0.8–1, substring: 0.2–0.4) and, within
// the band, rewards the share of the name the text covers; a match outside the name
// scores 0.1.
func score(level, nameLen, qLen int) float64 {
	if level == MatchOther {
		return 0.1
	}
	cover := 0.0
	if nameLen > 0 {
		cover = float64(qLen) / float64(nameLen)
		if cover > 1 {
			cover = 1
		}
	}
	s := float64(4-level)*0.2 + 0.2*cover
	return float64(int(s*1000+0.5)) / 1000
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
