package httpapi_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
)

// frenchOrder is the reference of the name order, written from the collation package
// directly: Unicode collation for French with accents, case and width ignored, then the
// exact name.
func frenchOrder(names []string) []string {
	col := collate.New(language.French, collate.Loose)
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		if c := col.CompareString(a, b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}

// pageNames reads every page of a list field, 100 at a time, through its cursors, and
// returns the names in the order served.
func pageNames(t *testing.T, srv *apitest.Server, field, args string) []string {
	t.Helper()
	var names []string
	var after any
	for range 100 {
		var data map[string]struct {
			Nodes    []struct{ Name string }
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
		q := `query($after: String) { list: ` + field + `(first: 100, after: $after` + args + `) { nodes { name } pageInfo { hasNextPage endCursor } } }`
		srv.Query(t, q, map[string]any{"after": after}).Decode(t, &data)
		page := data["list"]
		for _, n := range page.Nodes {
			names = append(names, n.Name)
		}
		if !page.PageInfo.HasNextPage {
			return names
		}
		after = page.PageInfo.EndCursor
	}
	t.Fatalf("%s: more than 100 pages", field)
	return nil
}

// TestNamesInFrenchOrder: the lists ordered by name follow the French collation exactly,
// page after page through the keyset cursors, on the 887 communes of the Pas-de-Calais,
// the companies, the sites, the programmes and the communes of an EPCI (a nested list).
func TestNamesInFrenchOrder(t *testing.T) {
	t.Parallel()
	s := testdb.Seeded(t)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })

	communes := pageNames(t, srv, "territories", `, filter: {within: "departement-62", kind: [COMMUNE]}`)
	if len(communes) != 887 {
		t.Fatalf("%d communes in the Pas-de-Calais, want 887", len(communes))
	}
	lists := map[string][]string{
		"communes of the Pas-de-Calais": communes,
		"companies":                     pageNames(t, srv, "companies", ""),
		"sites":                         pageNames(t, srv, "sites", ""),
		"programmes":                    pageNames(t, srv, "programmes", ""),
	}
	var nested struct {
		Territory struct {
			Children struct{ Nodes []struct{ Name string } }
		}
	}
	srv.Query(t, `{ territory(code: "200072460") { children(first: 100) { nodes { name } } } }`, nil).Decode(t, &nested)
	for _, n := range nested.Territory.Children.Nodes {
		lists["communes of the CA Béthune-Bruay"] = append(lists["communes of the CA Béthune-Bruay"], n.Name)
	}
	for name, got := range lists {
		if len(got) < 5 {
			t.Errorf("%s: only %d names", name, len(got))
			continue
		}
		if want := frenchOrder(got); !slices.Equal(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: at %d, %q served where the French order has %q", name, i, got[i], want[i])
					break
				}
			}
		}
	}
	// The accented and lower-case names are among the others, not after Z.
	for _, pair := range [][2]string{{"Écoivres", "Écurie"}, {"Éleu-dit-Leauwette", "Enquin-lez-Guinegatte"}} {
		i, j := slices.Index(communes, pair[0]), slices.Index(communes, pair[1])
		if i < 0 || j < 0 || i > j || i < len(communes)/10 {
			t.Errorf("%q at %d, %q at %d", pair[0], i, pair[1], j)
		}
	}
}
