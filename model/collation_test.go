package model

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestNameKeyOrdersLikeTheCollation: comparing two names' keys as bytes gives the
// order of CompareNames (French collation at primary strength, then the bytes), on
// names chosen for their traps and on random ones.
func TestNameKeyOrdersLikeTheCollation(t *testing.T) {
	names := []string{
		"École d'ingénieurs", "Ecole", "école", "Écoles", "Zutkerque", "CREPIM", "Cartonnages Vaillant",
		"cartonnages", "Éleu-dit-Leauwette", "Eleu", "Œuf-en-Ternois", "Oeuf", "Saint-Omer", "Sainte-Catherine",
		"Saint Omer", "L'Abbaye", "Labbaye", "Ampère", "Ampere", "AMPERE", "a", "", "ä", "Å", "Mov'N Tec",
		"1 rue", "10 rue", "2 rue", "ﬁne", "fine", "Ｆine", "Sainte-Marie-Kerque", "Béthune", "Bethune", "BÉTHUNE",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aAeEéÉèêëœŒ -'’çÇ0ß")
	for range 400 {
		n := rng.IntN(6)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		names = append(names, b.String())
	}
	for _, a := range names {
		for _, b := range names {
			want := CompareNames(a, b)
			if got := strings.Compare(NameKey(a), NameKey(b)); got != want {
				t.Fatalf("keys of %q and %q compare %d, the names %d", a, b, got, want)
			}
		}
	}
}

// TestNameOrderExamples pins the order a French reader expects.
func TestNameOrderExamples(t *testing.T) {
	got := []string{"Zutkerque", "École", "CREPIM", "Cartonnages", "ecole", "Ecole", "Eleu"}
	slices.SortFunc(got, CompareNames)
	want := []string{"Cartonnages", "CREPIM", "Ecole", "ecole", "École", "Eleu", "Zutkerque"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
