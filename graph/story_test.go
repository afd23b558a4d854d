package graph_test

import (
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

func TestBridgestoneSiteWithItsOccupantsAndSources(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	resp := srv.Query(t, `{
	  site(slug: "bridgestone-bethune") {
	    name
	    territory { code ancestors { kind code } }
	    operator { name }
	    statusHistory { status citation { quote source { slug } } }
	    occupancies {
	      company { name }
	      since sincePrecision floorAreaSquareMetres
	      citation { quote source { title publisher publishedOn } }
	    }
	  }
	}`, nil)
	var data struct {
		Site struct {
			Name      string
			Territory struct {
				Code      string
				Ancestors []struct{ Kind, Code string }
			}
			Operator      struct{ Name string }
			StatusHistory []struct {
				Status   string
				Citation struct {
					Quote  string
					Source struct{ Slug string }
				}
			}
			Occupancies []struct {
				Company               struct{ Name string }
				Since, SincePrecision string
				FloorAreaSquareMetres float64
				Citation              struct {
					Quote  string
					Source struct{ Title, Publisher, PublishedOn string }
				}
			}
		}
	}
	resp.Decode(t, &data)
	site := data.Site
	if site.Territory.Code != "62119" {
		t.Errorf("site in commune %q, want Béthune 62119", site.Territory.Code)
	}
	chain := []string{}
	for _, a := range site.Territory.Ancestors {
		chain = append(chain, a.Kind+":"+a.Code)
	}
	if got, want := strings.Join(chain, " "), "EPCI:200072460 DEPARTEMENT:62 REGION:32 COUNTRY:FR"; got != want {
		t.Errorf("ancestors %q, want %q", got, want)
	}
	if site.Operator.Name == "" {
		t.Error("no operator")
	}
	want := map[string]struct {
		since string
		area  float64
	}{
		"Black-Star":      {"2022", 46000},
		"Ennea Groupe":    {"2023", 2210},
		"BringBack":       {"2023", 1900},
		"Mecaware":        {"2024", 800},
		"Azur Datacenter": {"2025", 26000},
	}
	if len(site.Occupancies) != len(want) {
		t.Fatalf("%d occupants, want %d", len(site.Occupancies), len(want))
	}
	for _, o := range site.Occupancies {
		w, ok := want[o.Company.Name]
		if !ok {
			t.Errorf("unexpected occupant %q", o.Company.Name)
			continue
		}
		if o.Since != w.since || o.SincePrecision != "YEAR" || o.FloorAreaSquareMetres != w.area {
			t.Errorf("%s: since %s (%s), %v m², want %s (YEAR), %v m²", o.Company.Name, o.Since, o.SincePrecision, o.FloorAreaSquareMetres, w.since, w.area)
		}
		if o.Citation.Quote == "" || o.Citation.Source.Title == "" || o.Citation.Source.Publisher == "" {
			t.Errorf("%s: figure without its source: %+v", o.Company.Name, o.Citation)
		}
	}
	for _, p := range site.StatusHistory {
		if p.Citation.Quote == "" {
			t.Errorf("status %s without its source", p.Status)
		}
	}
	if n := resp.Statements(); n > 12 {
		t.Errorf("%d SQL statements for the story query", n)
	}
}

func TestBridgestoneJobFiguresDisagree(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	resp := srv.Query(t, `{
	  site(slug: "bridgestone-bethune") {
	    observations(first: 100) {
	      value claim rank rankReason
	      citation { quote source { slug } }
	      conflictsWith { value citation { quote source { slug } } }
	    }
	  }
	}`, nil)
	var data struct {
		Site struct {
			Observations []struct {
				Value      float64
				Claim      *string
				Rank       string
				RankReason *string
				Citation   struct {
					Quote  string
					Source struct{ Slug string }
				}
				ConflictsWith []struct {
					Value    float64
					Citation struct {
						Quote  string
						Source struct{ Slug string }
					}
				}
			}
		}
	}
	resp.Decode(t, &data)
	found := false
	for _, o := range data.Site.Observations {
		if o.Value != 863 && o.Value != 823 {
			continue
		}
		for _, c := range o.ConflictsWith {
			if (o.Value == 863 && c.Value == 823) || (o.Value == 823 && c.Value == 863) {
				found = true
				if o.Citation.Source.Slug == c.Citation.Source.Slug {
					t.Errorf("863 and 823 cite the same source %s", o.Citation.Source.Slug)
				}
				if !strings.Contains(o.Citation.Quote, "823") && !strings.Contains(o.Citation.Quote, "863") {
					t.Errorf("quote %q does not carry the figure", o.Citation.Quote)
				}
			}
		}
	}
	if !found {
		t.Fatalf("863 and 823 are not shown side by side: %s", resp.Raw)
	}
}

func TestDisagreementsListsContradictionsApartFromPrecision(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	resp := srv.Query(t, `{
	  contradictions: disagreements(compatible: false, first: 100) { totalCount nodes { claim compatible observations { value rank citation { source { slug } } } events { date rank } } }
	  all: disagreements(first: 100) { totalCount }
	}`, nil)
	var data struct {
		Contradictions struct {
			TotalCount int
			Nodes      []struct {
				Claim        string
				Compatible   bool
				Observations []struct {
					Value    float64
					Rank     string
					Citation struct{ Source struct{ Slug string } }
				}
				Events []struct{ Date, Rank string }
			}
		}
		All struct{ TotalCount int }
	}
	resp.Decode(t, &data)
	claims := map[string]bool{}
	for _, d := range data.Contradictions.Nodes {
		claims[d.Claim] = true
		if d.Compatible {
			t.Errorf("%s listed as a contradiction but compatible", d.Claim)
		}
		if len(d.Observations)+len(d.Events) < 2 {
			t.Errorf("%s: fewer than two claims", d.Claim)
		}
		first := ""
		if len(d.Observations) > 0 {
			first = d.Observations[0].Rank
		} else {
			first = d.Events[0].Rank
		}
		if first != "PREFERRED" {
			t.Errorf("%s: the preferred claim is not first", d.Claim)
		}
	}
	// (165 and about 190 industrial sites are counts at two dates, not claims of one fact.)
	for _, want := range []string{"bridgestone-bethune/jobs-at-announcement", "bridgestone-bethune/closure-date", "territoires-d-industrie/labelled-territories-2018"} {
		if !claims[want] {
			t.Errorf("contradiction %s missing", want)
		}
	}
	if data.All.TotalCount <= data.Contradictions.TotalCount {
		t.Errorf("all disagreements %d, contradictions %d: differences of precision missing", data.All.TotalCount, data.Contradictions.TotalCount)
	}
}

func TestPartsAndPublishedTotalsSideBySide(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	resp := srv.Query(t, `{ breakdowns { slug partsCount partsSum unit baseValue partsShareOfBase publishedTotals { value unit citation { quote } } } }`, nil)
	var data struct {
		Breakdowns []struct {
			Slug             string
			PartsCount       int
			PartsSum         float64
			Unit             string
			BaseValue        *float64
			PartsShareOfBase *float64
			PublishedTotals  []struct {
				Value    float64
				Unit     string
				Citation struct{ Quote string }
			}
		}
	}
	resp.Decode(t, &data)
	want := map[string]struct {
		count     int
		sum, base float64
		published float64
	}{
		"bridgestone-bethune-redeployment-by-outcome": {8, 769, 823, 98},
		"bridgestone-bethune-occupancy-areas":         {5, 76910, 320000, 60},
	}
	for _, b := range data.Breakdowns {
		w, ok := want[b.Slug]
		if !ok {
			continue
		}
		delete(want, b.Slug)
		if b.PartsCount != w.count || b.PartsSum != w.sum || b.BaseValue == nil || *b.BaseValue != w.base {
			t.Errorf("%s: %d parts summing to %v over %v, want %d, %v, %v", b.Slug, b.PartsCount, b.PartsSum, b.BaseValue, w.count, w.sum, w.base)
		}
		if b.PartsShareOfBase == nil || *b.PartsShareOfBase < 1 || *b.PartsShareOfBase > 100 {
			t.Errorf("%s: share %v", b.Slug, b.PartsShareOfBase)
		}
		if len(b.PublishedTotals) == 0 || b.PublishedTotals[0].Value != w.published || b.PublishedTotals[0].Citation.Quote == "" {
			t.Errorf("%s: published totals %+v, want %v with its quote", b.Slug, b.PublishedTotals, w.published)
		}
	}
	for slug := range want {
		t.Errorf("breakdown %s missing", slug)
	}
}

// The search examples of the issue, on the curated dataset.
func TestSearchOnTheDataset(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	for _, tt := range []struct{ text, kind, slug, name string }{
		{"bethune", "TERRITORY", "commune-62119", "Béthune"},
		{"mecaware", "COMPANY", "mecaware", "Mecaware"},
		{"cheminees", "COMPANY", "cheminees-philippe", "Cheminées Philippe"},
		{"CHEMINÉES philippe", "COMPANY", "cheminees-philippe", "Cheminées Philippe"},
	} {
		hits := search(t, srv, tt.text, ", first: 5")
		if len(hits) == 0 || hits[0].Kind != tt.kind || hits[0].Slug != tt.slug || hits[0].Name != tt.name {
			t.Errorf("search %q: first hit %+v, want %s %s", tt.text, hits, tt.kind, tt.slug)
		}
	}
}
