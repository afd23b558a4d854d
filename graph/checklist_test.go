package graph_test

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/seed"
)

// A cited record as the API returns it, whatever its type: the checklist's field names
// map onto these.
type citedRecord struct {
	Typename string `json:"__typename"`
	Slug     string
	Values   map[string]any
	Quote    string
	Source   string
}

const checklistNodesQuery = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Observation { slug value valueMax date periodStart citation { quote source { slug } } }
    ... on Subsidy { slug amountEur recipientsCount periodStart periodEnd citation { quote source { slug } } }
    ... on Event { slug date citation { quote source { slug } } }
    ... on Occupancy { slug floorAreaSquareMetres since until citation { quote source { slug } } }
    ... on Relationship { slug since until citation { quote source { slug } } }
  }
}`

// apiField maps the checklist's field names (storage columns) to the API's.
var apiField = map[string]string{
	"value": "value", "value_max": "valueMax", "date": "date", "period_start": "periodStart", "period_end": "periodEnd",
	"amount_eur": "amountEur", "recipients_count": "recipientsCount", "floor_area_m2": "floorAreaSquareMetres",
	"since": "since", "until": "until", "published_on": "publishedOn",
}

var checklistTypes = map[string]string{
	"observation": "Observation", "subsidy": "Subsidy", "event": "Event", "occupancy": "Occupancy", "relationship": "Relationship",
}

func TestEveryFigureOfTheChecklistThroughTheAPI(t *testing.T) {
	t.Parallel()
	entries, err := seed.Checklist()
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.Seeded(t)
	records := fetchCited(t, srv, entries)

	checked := 0
	for _, e := range entries {
		field := e.Field
		if field == "" {
			field = seed.ChecklistFields[e.Kind][0]
		}
		var candidates []citedRecord
		if r, ok := records[e.Kind+"/"+e.Slug]; ok {
			candidates = []citedRecord{r}
		} else {
			candidates = fetchOther(t, srv, e)
		}
		if len(candidates) == 0 {
			t.Errorf("%s %s: not found through the API (quote %q)", e.Kind, e.Slug, e.Quote)
			continue
		}
		found := false
		for _, r := range candidates {
			if matches(r.Values[apiField[field]], e) && strings.Contains(seed.NormalizeQuote(r.Quote), seed.NormalizeQuote(e.Quote)) && r.Source == e.Document {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s %s: no %s = %s cited from %s with %q; API gave %+v", e.Kind, e.Slug, field, e.Value, e.Document, e.Quote, candidates)
			continue
		}
		checked++
	}
	t.Logf("%d of %d checklist figures found through the API with their value, source and quote", checked, len(entries))
}

// fetchCited loads every checklist record that is a Node, through nodes(ids:).
func fetchCited(t *testing.T, srv *apitest.Server, entries []seed.ChecklistEntry) map[string]citedRecord {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	for _, e := range entries {
		typ, ok := checklistTypes[e.Kind]
		if !ok || seen[e.Kind+"/"+e.Slug] {
			continue
		}
		seen[e.Kind+"/"+e.Slug] = true
		ids = append(ids, base64.RawURLEncoding.EncodeToString([]byte(typ+":"+e.Slug)))
	}
	out := map[string]citedRecord{}
	kindOf := map[string]string{}
	for k, v := range checklistTypes {
		kindOf[v] = k
	}
	for start := 0; start < len(ids); start += 100 {
		end := min(start+100, len(ids))
		resp := srv.Query(t, checklistNodesQuery, map[string]any{"ids": ids[start:end]})
		var data struct{ Nodes []map[string]any }
		resp.Decode(t, &data)
		for _, n := range data.Nodes {
			if n == nil {
				continue
			}
			r := cited(n)
			out[kindOf[r.Typename]+"/"+r.Slug] = r
		}
	}
	return out
}

// fetchOther loads the records of the kinds that are not nodes: a site's status periods, a source.
func fetchOther(t *testing.T, srv *apitest.Server, e seed.ChecklistEntry) []citedRecord {
	t.Helper()
	switch e.Kind {
	case "site_status":
		resp := srv.Query(t, `query($s: String!) { site(slug: $s) { statusHistory { since until citation { quote source { slug } } } } }`, map[string]any{"s": e.Slug})
		var data struct {
			Site *struct{ StatusHistory []map[string]any }
		}
		resp.Decode(t, &data)
		if data.Site == nil {
			return nil
		}
		var out []citedRecord
		for _, p := range data.Site.StatusHistory {
			out = append(out, cited(p))
		}
		return out
	case "source":
		resp := srv.Query(t, `query($s: String!) { source(slug: $s) { slug publishedOn citations { quote } } }`, map[string]any{"s": e.Slug})
		var data struct {
			Source *struct {
				Slug        string
				PublishedOn string
			}
		}
		resp.Decode(t, &data)
		if data.Source == nil {
			return nil
		}
		// The publication date is read off the document itself: the quote is in it.
		return []citedRecord{{Slug: e.Slug, Values: map[string]any{"publishedOn": data.Source.PublishedOn}, Quote: e.Quote, Source: e.Slug}}
	}
	return nil
}

func cited(n map[string]any) citedRecord {
	r := citedRecord{Values: n}
	r.Typename, _ = n["__typename"].(string)
	r.Slug, _ = n["slug"].(string)
	if c, ok := n["citation"].(map[string]any); ok {
		r.Quote, _ = c["quote"].(string)
		if s, ok := c["source"].(map[string]any); ok {
			r.Source, _ = s["slug"].(string)
		}
	}
	return r
}

// matches compares a value as the API returns it with the checklist's: numbers exactly,
// dates as written with their precision ("2022", "2021-04", "2021-04-30").
func matches(got any, e seed.ChecklistEntry) bool {
	switch v := got.(type) {
	case float64:
		return e.Number != nil && v == *e.Number
	case string:
		if e.Number != nil {
			f, err := strconv.ParseFloat(v, 64)
			return err == nil && f == *e.Number
		}
		return v == e.Value
	}
	return fmt.Sprint(got) == e.Value
}
