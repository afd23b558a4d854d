package graph_test

import (
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
)

// The depth of this query is 7 levels of data: sites, territory, occupancies, company,
// observations, citation, source. Each level must cost one statement, whatever the rows.
const deepSitesQuery = `query($first: Int!) {
  sites(first: $first) {
    nodes {
      slug
      territory { name }
      occupancies { company { name } }
      observations { value citation { quote source { title } } }
    }
  }
}`

func TestStatementsDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	statements := map[int]int{}
	for _, n := range []int{10, 100} {
		s := testdb.New(t)
		fixture.Sites(t, s.DB, n)
		srv := apitest.New(t, s)

		resp := srv.Query(t, deepSitesQuery, map[string]any{"first": n})
		var data struct {
			Sites struct {
				Nodes []struct {
					Occupancies  []struct{ Company struct{ Name string } }
					Observations []struct {
						Citation struct{ Source struct{ Title string } }
					}
				}
			}
		}
		resp.Decode(t, &data)
		if got := len(data.Sites.Nodes); got != n {
			t.Fatalf("n=%d: got %d sites", n, got)
		}
		for _, site := range data.Sites.Nodes {
			if len(site.Occupancies) != 2 || len(site.Observations) != 3 {
				t.Fatalf("n=%d: site with %d occupancies and %d observations, want 2 and 3", n, len(site.Occupancies), len(site.Observations))
			}
			if site.Observations[0].Citation.Source.Title == "" {
				t.Fatalf("n=%d: observation without its source", n)
			}
		}
		statements[n] = resp.Statements()
	}
	t.Logf("SQL statements per request: 10 sites: %d, 100 sites: %d", statements[10], statements[100])
	if statements[10] != statements[100] {
		t.Errorf("statements grow with rows: %d for 10 sites, %d for 100", statements[10], statements[100])
	}
	const levels = 7
	if statements[100] > levels {
		t.Errorf("%d statements for %d levels: want at most one per level", statements[100], levels)
	}
}

func TestNestedConnectionsBatch(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 30)
	srv := apitest.New(t, s)

	// Every territory's children and sites, each a paginated connection: one windowed
	// statement per connection field, not one per parent.
	resp := srv.Query(t, `{
	  territories(first: 10) { totalCount nodes { name children(first: 5) { totalCount nodes { name sites(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } } }
	}`, nil)
	var data struct {
		Territories struct {
			TotalCount int
			Nodes      []struct {
				Name     string
				Children struct {
					TotalCount int
					Nodes      []struct {
						Name  string
						Sites struct {
							TotalCount int
							PageInfo   struct {
								HasNextPage bool
								EndCursor   string
							}
							Nodes []struct{ Name string }
						}
					}
				}
			}
		}
	}
	resp.Decode(t, &data)
	if data.Territories.TotalCount != 3 {
		t.Fatalf("totalCount = %d, want 3", data.Territories.TotalCount)
	}
	var communeSites int
	for _, tr := range data.Territories.Nodes {
		for _, c := range tr.Children.Nodes {
			if c.Name == "Commune" {
				communeSites = c.Sites.TotalCount
				if len(c.Sites.Nodes) != 3 || !c.Sites.PageInfo.HasNextPage {
					t.Errorf("commune sites page: %d nodes, hasNextPage %v", len(c.Sites.Nodes), c.Sites.PageInfo.HasNextPage)
				}
			}
		}
	}
	if communeSites != 30 {
		t.Errorf("commune sites totalCount = %d, want 30", communeSites)
	}
	// territories page + count, children page + count, sites page + count.
	if got := resp.Statements(); got > 6 {
		t.Errorf("%d statements, want at most 6", got)
	}
}
