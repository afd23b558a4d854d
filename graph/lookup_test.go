package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
)

// TestUnknownLookupsGiveNullAndNotFound: a lookup of a record that does not exist is
// null, with a NOT_FOUND error at the field's path that names the argument and carries
// suggestions (never silence).
func TestUnknownLookupsGiveNullAndNotFound(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.New(t, s)

	forged := base64.RawURLEncoding.EncodeToString([]byte("Site:no-such-site"))
	wrongType := base64.RawURLEncoding.EncodeToString([]byte("Spaceship:fx-site-0000"))
	tests := []struct {
		name, query string
	}{
		{"site slug", `{ x: site(slug: "no-such-site") { name } }`},
		{"territory slug", `{ x: territory(slug: "nowhere") { name } }`},
		{"territory code", `{ x: territory(code: "00000") { name } }`},
		{"company slug", `{ x: company(slug: "nobody") { name } }`},
		{"company siren", `{ x: company(siren: "000000000") { name } }`},
		{"programme", `{ x: programme(slug: "none") { name } }`},
		{"source", `{ x: source(slug: "none") { title } }`},
		{"event", `{ x: event(slug: "none") { title } }`},
		{"observation", `{ x: observation(slug: "none") { value } }`},
		{"node, not base64", `{ x: node(id: "%%%not-an-id") { id } }`},
		{"node, unknown slug", `{ x: node(id: "` + forged + `") { id } }`},
		{"node, unknown type", `{ x: node(id: "` + wrongType + `") { id } }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.Query(t, tc.query, nil)
			if resp.Status != http.StatusOK {
				t.Fatalf("status %d: %s", resp.Status, resp.Raw)
			}
			var data struct{ X any }
			if err := json.Unmarshal(resp.Data, &data); err != nil || data.X != nil {
				t.Errorf("got %s, want x: null", resp.Data)
			}
			if len(resp.Errors) != 1 || resp.Errors[0].Code() != "NOT_FOUND" {
				t.Fatalf("want one NOT_FOUND error: %s", resp.Raw)
			}
			e := resp.Errors[0]
			if len(e.Path) != 1 || e.Path[0] != "x" || e.Extensions["argument"] == nil || e.Extensions["suggestions"] == nil {
				t.Errorf("want the path [x], the argument and suggestions: %s", resp.Raw)
			}
		})
	}
}

func TestBadInputGivesCodedErrors(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.New(t, s)

	tests := []struct {
		name, query, code string
	}{
		{"malformed query", `{ sites(first: 5) { nodes { name }`, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{ sites { nodes { nickname } } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"page size zero", `{ sites(first: 0) { nodes { name } } }`, "BAD_USER_INPUT"},
		{"page size too big", `{ sites(first: 1000) { nodes { name } } }`, "BAD_USER_INPUT"},
		{"negative page size", `{ territories(first: -5) { nodes { name } } }`, "BAD_USER_INPUT"},
		{"forged cursor", `{ sites(after: "bm90LWEtY3Vyc29y") { nodes { name } } }`, "BAD_USER_INPUT"},
		{"garbage cursor", `{ sites(after: "%%%") { nodes { name } } }`, "BAD_USER_INPUT"},
		{"nested forged cursor", `{ territories { nodes { children(after: "eyJrIjoxfQ") { nodes { name } } } } }`, "BAD_USER_INPUT"},
		{"bad date", `{ observations(filter: {from: "2021-13-45"}) { nodes { value } } }`, "BAD_USER_INPUT"},
		{"date as a number", `{ events(filter: {from: 2021}) { nodes { title } } }`, "BAD_USER_INPUT"},
		{"territory without arguments", `{ territory { name } }`, "BAD_USER_INPUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.Query(t, tc.query, nil)
			if resp.Status >= 500 {
				t.Fatalf("status %d: %s", resp.Status, resp.Raw)
			}
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %s", resp.Raw)
			}
			if got := resp.Errors[0].Code(); got != tc.code {
				t.Errorf("code %q, want %q (message %q)", got, tc.code, resp.Errors[0].Message)
			}
			if resp.Errors[0].Message == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestPaginationWalksEveryRowOnce(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 45)
	srv := apitest.New(t, s)

	seen := map[string]bool{}
	var order []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		vars := map[string]any{"first": 20}
		if after != "" {
			vars["after"] = after
		}
		resp := srv.Query(t, `query($first: Int, $after: String) {
		  sites(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug } } }
		}`, vars)
		var data struct {
			Sites struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Cursor string
					Node   struct{ Slug string }
				}
			}
		}
		resp.Decode(t, &data)
		if data.Sites.TotalCount != 45 {
			t.Fatalf("totalCount %d, want 45", data.Sites.TotalCount)
		}
		for _, e := range data.Sites.Edges {
			if seen[e.Node.Slug] {
				t.Fatalf("%s seen twice", e.Node.Slug)
			}
			seen[e.Node.Slug] = true
			order = append(order, e.Node.Slug)
		}
		if !data.Sites.PageInfo.HasNextPage {
			break
		}
		after = data.Sites.PageInfo.EndCursor
	}
	if len(seen) != 45 {
		t.Fatalf("walked %d sites, want 45", len(seen))
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Fatalf("order broken at %d: %s then %s", i, order[i-1], order[i])
		}
	}
}

func TestGlobalIDsRoundTrip(t *testing.T) {
	t.Parallel()
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 3)
	srv := apitest.New(t, s)

	resp := srv.Query(t, `{ sites(first: 3) { nodes { id slug occupancies { id company { id } } } } }`, nil)
	var data struct {
		Sites struct {
			Nodes []struct {
				ID, Slug    string
				Occupancies []struct {
					ID      string
					Company struct{ ID string }
				}
			}
		}
	}
	resp.Decode(t, &data)
	site := data.Sites.Nodes[0]
	ids := []string{site.ID, site.Occupancies[0].ID, site.Occupancies[0].Company.ID, "unknown"}

	resp = srv.Query(t, `query($ids: [ID!]!) {
	  nodes(ids: $ids) { __typename id ... on Site { slug } }
	  node(id: "`+site.ID+`") { id ... on Site { slug } }
	}`, map[string]any{"ids": ids})
	var got struct {
		Nodes []*struct {
			Typename string `json:"__typename"`
			ID, Slug string
		}
		Node struct{ ID, Slug string }
	}
	resp.Decode(t, &got)
	if got.Node.Slug != site.Slug || got.Node.ID != site.ID {
		t.Errorf("node(id) = %+v, want %s", got.Node, site.Slug)
	}
	wantTypes := []string{"Site", "Occupancy", "Company"}
	for i, w := range wantTypes {
		if got.Nodes[i] == nil || got.Nodes[i].Typename != w || got.Nodes[i].ID != ids[i] {
			t.Errorf("nodes[%d] = %+v, want a %s with id %s", i, got.Nodes[i], w, ids[i])
		}
	}
	if got.Nodes[3] != nil {
		t.Errorf("nodes[3] = %+v, want null", got.Nodes[3])
	}
	// One statement per entity type, whatever the number of IDs.
	if n := resp.Statements(); n > 3 {
		t.Errorf("%d statements for nodes of 3 types", n)
	}
}
