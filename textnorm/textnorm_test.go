package textnorm_test

import (
	"testing"

	"github.com/reindustrie/observatory/textnorm"
)

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Cheminées Philippe (Béthune)", "cheminees philippe bethune"},
		{"Nœux-les-Mines", "noeux les mines"},
		{"  ÉTAPLES  ", "etaples"},
		{"Mov'N Tec", "mov n tec"},
		{"L’Agglo 100% durable !", "l agglo 100 durable"},
		{"", ""},
	}
	for _, c := range cases {
		if got := textnorm.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := textnorm.Join("Cheminées Philippe", "", "Béthune"); got != "cheminees philippe bethune" {
		t.Errorf("Join = %q", got)
	}
}
