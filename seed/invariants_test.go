package seed_test

// The invariants of trustworthy answers, over the whole curated dataset, on the store
// the tests run on (SQLite, or PostgreSQL with TEST_DATABASE_URL): the expected values
// are computed from the data files themselves (dataset_test.go), not through the API's
// SQL, then asked of the API as a client would.
//
//   - every claim group has exactly one PREFERRED claim (among those not DEPRECATED);
//   - every aggregate equals the sum of the preferred claims it covers, and reports the
//     others as set aside; time series hold the preferred claims;
//   - no figure is returned for a date before its own publication (asOf);
//   - no domain number without a citation or a "computed" mark.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

func seededAPI(t *testing.T) *apitest.Server {
	t.Helper()
	s := testdb.New(t)
	if _, err := seed.Load(context.Background(), s.DB); err != nil {
		t.Fatalf("seed: %v", err)
	}
	// Many requests, on purpose: not limited.
	return apitest.NewWith(t, s, func(c *httpapi.Config) { c.NoRateLimit = true })
}

// ask runs a query and decodes its data into out, failing on errors.
func ask(t *testing.T, srv *apitest.Server, query string, vars map[string]any, out any) {
	t.Helper()
	srv.Query(t, query, vars).Decode(t, out)
}

const subjectSlug = `subject { __typename ... on Site { slug } ... on Company { slug } ... on Territory { slug } ... on FundingProgramme { slug } }`

type apiSubject struct {
	Typename string `json:"__typename"`
	Slug     string
}

// ref writes a subject as the data files do ("site:bridgestone-bethune").
func (s apiSubject) ref() string {
	kind := map[string]string{"Site": "site", "Company": "company", "Territory": "territory", "FundingProgramme": "programme"}[s.Typename]
	return kind + ":" + s.Slug
}

type apiObservation struct {
	Slug     string
	Value    float64
	Rank     string
	Claim    *string
	Date     string
	Status   string
	Metric   struct{ Code string }
	Subject  apiSubject
	Citation struct {
		KnownSince *string
		Source     struct{ Slug string }
	}
}

// allObservations pages through the observations matching filter.
func allObservations(t *testing.T, srv *apitest.Server, filter map[string]any) []apiObservation {
	t.Helper()
	var out []apiObservation
	after := ""
	for {
		var data struct {
			Observations struct {
				Nodes    []apiObservation
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		vars := map[string]any{"filter": filter}
		if after != "" {
			vars["after"] = after
		}
		ask(t, srv, `query($filter: ObservationFilter, $after: String) { observations(first: 100, after: $after, filter: $filter) {
		  nodes { slug value rank claim date status metric { code } `+subjectSlug+` citation { knownSince source { slug } } }
		  pageInfo { hasNextPage endCursor } } }`, vars, &data)
		out = append(out, data.Observations.Nodes...)
		if !data.Observations.PageInfo.HasNextPage {
			return out
		}
		after = data.Observations.PageInfo.EndCursor
	}
}

func TestInvariantsOverTheCuratedDataset(t *testing.T) {
	d := readDataset(t, seed.Files())
	srv := seededAPI(t)
	t.Run("every claim group has exactly one PREFERRED claim", func(t *testing.T) { checkClaimGroups(t, d, srv) })
	t.Run("every aggregate is the sum of the preferred claims it covers", func(t *testing.T) { checkAggregates(t, d, srv) })
	t.Run("time series hold the preferred claims", func(t *testing.T) { checkTimeSeries(t, d, srv) })
	t.Run("no figure before its own publication", func(t *testing.T) { checkKnownAt(t, d, srv) })
	t.Run("no domain number without a citation or a computed mark", func(t *testing.T) { checkProvenance(t, d, srv) })
}

// rankCheck checks a set of records' ranks by claim group: a record without a claim is
// PREFERRED or DEPRECATED; a group has exactly one PREFERRED among its records that are
// not DEPRECATED (none when all are).
func rankCheck(t *testing.T, what string, ranks map[string][]string, unclaimed map[string]string) {
	t.Helper()
	for slug, r := range unclaimed {
		if r != "PREFERRED" && r != "DEPRECATED" {
			t.Errorf("%s %s has no claim and is %s: a record without a claim is the only claim of its fact", what, slug, r)
		}
	}
	for claim, rs := range ranks {
		preferred, live := 0, 0
		for _, r := range rs {
			if r == "PREFERRED" {
				preferred++
			}
			if r != "DEPRECATED" {
				live++
			}
		}
		if (live > 0 && preferred != 1) || (live == 0 && preferred != 0) {
			t.Errorf("%s claim %s: ranks %v, want exactly one PREFERRED among those not DEPRECATED", what, claim, rs)
		}
	}
}

func checkClaimGroups(t *testing.T, d *dataset, srv *apitest.Server) {
	// In the data files.
	fileRanks := map[string]map[string][]string{"observation": {}, "event": {}, "subsidy": {}}
	fileUnclaimed := map[string]map[string]string{"observation": {}, "event": {}, "subsidy": {}}
	add := func(kind, slug, claim, rank string) {
		if claim == "" {
			fileUnclaimed[kind][slug] = rankOf(rank, claim)
			return
		}
		fileRanks[kind][claim] = append(fileRanks[kind][claim], rankOf(rank, claim))
	}
	for _, o := range d.observations {
		add("observation", o.Slug, o.Claim, o.Rank)
	}
	for _, e := range d.events {
		add("event", e.Slug, e.Claim, e.Rank)
	}
	for _, s := range d.subsidies {
		add("subsidy", s.Slug, s.Claim, s.Rank)
	}
	groups := 0
	for kind := range fileRanks {
		rankCheck(t, kind+" (data files)", fileRanks[kind], fileUnclaimed[kind])
		groups += len(fileRanks[kind])
	}
	t.Logf("claim groups: %d observations, %d events, %d subsidies", len(fileRanks["observation"]), len(fileRanks["event"]), len(fileRanks["subsidy"]))
	if groups == 0 {
		t.Fatal("no claim group in the data files")
	}

	// Through the API: every observation, event and subsidy with its rank.
	apiRanks := map[string]map[string][]string{"observation": {}, "event": {}, "subsidy": {}}
	apiUnclaimed := map[string]map[string]string{"observation": {}, "event": {}, "subsidy": {}}
	put := func(kind, slug string, claim *string, rank string) {
		if claim == nil {
			apiUnclaimed[kind][slug] = rank
			return
		}
		apiRanks[kind][*claim] = append(apiRanks[kind][*claim], rank)
	}
	for _, o := range allObservations(t, srv, nil) {
		put("observation", o.Slug, o.Claim, o.Rank)
	}
	var ev struct {
		Events struct {
			Nodes []struct {
				Slug, Rank string
				Claim      *string
			}
		}
	}
	ask(t, srv, `{ events(first: 100) { nodes { slug rank claim } } }`, nil, &ev)
	for _, e := range ev.Events.Nodes {
		put("event", e.Slug, e.Claim, e.Rank)
	}
	var sub struct {
		Subsidies struct {
			Nodes []struct {
				Slug, Rank string
				Claim      *string
			}
		}
	}
	ask(t, srv, `{ subsidies(first: 100) { nodes { slug rank claim } } }`, nil, &sub)
	for _, s := range sub.Subsidies.Nodes {
		put("subsidy", s.Slug, s.Claim, s.Rank)
	}
	for kind := range apiRanks {
		rankCheck(t, kind+" (API)", apiRanks[kind], apiUnclaimed[kind])
		if len(apiRanks[kind]) != len(fileRanks[kind]) || len(apiUnclaimed[kind]) != len(fileUnclaimed[kind]) {
			t.Errorf("%s: the API has %d groups and %d records without a claim, the files %d and %d", kind,
				len(apiRanks[kind]), len(apiUnclaimed[kind]), len(fileRanks[kind]), len(fileUnclaimed[kind]))
		}
	}
	// The claim filter lists the claims of one fact.
	for claim, ranks := range fileRanks["observation"] {
		got := allObservations(t, srv, map[string]any{"claim": claim})
		if len(got) != len(ranks) {
			t.Errorf("observations(filter: {claim: %q}): %d, want %d", claim, len(got), len(ranks))
		}
	}
}

// group is one expected group of an observation aggregate.
type group struct {
	count, setAside int
	sum, min, max   float64
}

func (g *group) add(v float64, counted bool) {
	if !counted {
		g.setAside++
		return
	}
	if g.count == 0 || v < g.min {
		g.min = v
	}
	if g.count == 0 || v > g.max {
		g.max = v
	}
	g.count++
	g.sum += v
}

func (g group) String() string {
	return fmt.Sprintf("count %d, sum %s, min %s, max %s, set aside %d", g.count, num(g.sum), num(g.min), num(g.max), g.setAside)
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func checkAggregates(t *testing.T, d *dataset, srv *apitest.Server) {
	metrics := map[string]bool{}
	for _, o := range d.observations {
		metrics[o.Metric] = true
	}
	type apiGroup struct {
		Year            *int
		Status          string
		Unit            string
		Metric          struct{ Code string }
		Subject         apiSubject
		Count, SetAside int
		Sum, Min, Max   float64
	}
	for _, all := range []bool{false, true} {
		claims := "PREFERRED"
		if all {
			claims = "ALL"
		}
		for metric := range metrics {
			want := map[string]*group{}
			for _, o := range d.observations {
				if o.Metric != metric {
					continue
				}
				k := fmt.Sprintf("%d/%s/%s", o.year(), o.Status, o.Subject)
				if want[k] == nil {
					want[k] = &group{}
				}
				want[k].add(o.Value, all || o.preferred())
			}
			var data struct {
				ObservationAggregate struct {
					Claims          string
					Count, SetAside int
					Computation     string
					Groups          []apiGroup
				}
			}
			ask(t, srv, `query($m: String!, $c: Claims) { observationAggregate(filter: {metric: $m}, groupBy: [YEAR, STATUS, SUBJECT], claims: $c) {
			  claims count setAside computation groups { year status unit metric { code } `+subjectSlug+` count setAside sum min max } } }`,
				map[string]any{"m": metric, "c": claims}, &data)
			a := data.ObservationAggregate
			if a.Claims != claims || a.Computation == "" {
				t.Errorf("%s: claims %s, computation %q", metric, a.Claims, a.Computation)
			}
			got := map[string]group{}
			total := group{}
			for _, g := range a.Groups {
				if g.Metric.Code != metric || g.Unit != d.units[metric] {
					t.Errorf("%s: a group of metric %s in %s", metric, g.Metric.Code, g.Unit)
				}
				k := fmt.Sprintf("%d/%s/%s", *g.Year, g.Status, g.Subject.ref())
				got[k] = group{count: g.Count, setAside: g.SetAside, sum: g.Sum, min: g.Min, max: g.Max}
				total.count += g.Count
				total.setAside += g.SetAside
			}
			for k, w := range want {
				g, ok := got[k]
				if !ok || g.count != w.count || g.setAside != w.setAside || !near(g.sum, w.sum) || (w.count > 0 && (!near(g.min, w.min) || !near(g.max, w.max))) {
					t.Errorf("%s (%s), group %s: %v, want %v", metric, claims, k, g, w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s (%s): %d groups, want %d", metric, claims, len(got), len(want))
			}
			if a.Count != total.count || a.SetAside != total.setAside {
				t.Errorf("%s (%s): count %d, set aside %d; groups add up to %d, %d", metric, claims, a.Count, a.SetAside, total.count, total.setAside)
			}
		}
	}

	// The published totals (the snapshot's keys) are the API's: by metric, status and
	// year, without the parts of breakdowns.
	published := d.published()
	var all struct {
		ObservationAggregate struct {
			Groups []apiGroup
		}
	}
	ask(t, srv, `{ observationAggregate(filter: {withoutBreakdown: true}, groupBy: [METRIC, STATUS, YEAR]) { groups { metric { code } status year unit count sum } } }`, nil, &all)
	seen := 0
	for _, g := range all.ObservationAggregate.Groups {
		if g.Count == 0 {
			continue
		}
		k := fmt.Sprintf("total:figures/%s/%s/%d/%s", g.Metric.Code, g.Status, *g.Year, g.Unit)
		if published[k] != num(g.Sum) {
			t.Errorf("%s: the API says %s, the data files %q", k, num(g.Sum), published[k])
		}
		seen++
	}
	for k := range published {
		if strings.HasPrefix(k, "total:figures/") {
			seen--
		}
	}
	if seen != 0 {
		t.Errorf("the API's totals by metric, status and year and the data files' differ in number (%d)", seen)
	}

	// The README's example: 978 jobs created in 2023, counted once.
	var jobs struct {
		ObservationAggregate struct {
			Count, SetAside int
			SetAsideClaims  []struct{ Slug, Rank string }
			Groups          []apiGroup
		}
	}
	ask(t, srv, `{ observationAggregate(filter: {metric: "jobs_created"}, groupBy: [YEAR, STATUS]) {
	  count setAside setAsideClaims { slug rank } groups { year status count setAside sum } } }`, nil, &jobs)
	found := false
	for _, g := range jobs.ObservationAggregate.Groups {
		if g.Year != nil && *g.Year == 2023 && g.Status == "ACTUAL" {
			found = true
			if g.Sum != 978 || g.Count != 1 || g.SetAside != 1 {
				t.Errorf("jobs created in 2023: %+v, want 978 counted once, 1 claim set aside", g)
			}
		}
	}
	if !found || len(jobs.ObservationAggregate.SetAsideClaims) != jobs.ObservationAggregate.SetAside {
		t.Errorf("jobs created: %+v", jobs.ObservationAggregate)
	}

	// Money: by programme, funder kind and scope, each amount once; no total across scopes.
	type moneyGroup struct {
		Programme       struct{ Slug string }
		FunderKind      string
		Scope           string
		Public          bool
		Count, SetAside int
		SumEur          float64
	}
	var money struct {
		SubsidyAggregate struct {
			SumEur   *float64
			SetAside int
			Groups   []moneyGroup
		}
	}
	ask(t, srv, `{ subsidyAggregate(groupBy: [PROGRAMME, FUNDER_KIND]) { sumEur setAside groups { programme { slug } funderKind scope public count setAside sumEur } } }`, nil, &money)
	scopes, setAside := map[string]bool{}, 0
	for _, g := range money.SubsidyAggregate.Groups {
		k := "total:money/" + g.Scope + "/" + g.FunderKind + "/" + g.Programme.Slug
		if published[k] != num(g.SumEur) {
			t.Errorf("%s: the API says %s, the data files %q", k, num(g.SumEur), published[k])
		}
		if g.Public != (g.FunderKind != "PRIVATE_COMPANY") {
			t.Errorf("%s: public %v", k, g.Public)
		}
		scopes[fmt.Sprint(g.Scope, g.Public)] = true
	}
	for _, s := range d.subsidies {
		if !s.preferred() {
			setAside++
		}
	}
	if money.SubsidyAggregate.SetAside != setAside || (len(scopes) > 1) != (money.SubsidyAggregate.SumEur == nil) {
		t.Errorf("money: set aside %d (want %d), sumEur %v across %d scopes", money.SubsidyAggregate.SetAside, setAside, money.SubsidyAggregate.SumEur, len(scopes))
	}
	// Public and private money of one scope are not added either.
	var mixed struct {
		SubsidyAggregate struct {
			SumEur *float64
			Groups []moneyGroup
		}
	}
	ask(t, srv, `{ subsidyAggregate(filter: {territory: "epci-200072460"}, groupBy: []) { sumEur groups { scope public sumEur } } }`, nil, &mixed)
	if mixed.SubsidyAggregate.SumEur != nil || len(mixed.SubsidyAggregate.Groups) != 2 {
		t.Errorf("the agglomeration's money, public and private: %+v (sumEur %v)", mixed.SubsidyAggregate.Groups, mixed.SubsidyAggregate.SumEur)
	}
	// Public money of the agglomeration: the data files' sum of its preferred public amounts.
	wantPublic := 0.0
	for _, s := range d.subsidies {
		if s.preferred() && s.Territory == "epci-200072460" && s.FunderKind != "PRIVATE_COMPANY" {
			wantPublic += s.AmountEUR
		}
	}
	var public struct {
		SubsidyAggregate struct{ SumEur *float64 }
	}
	ask(t, srv, `{ subsidyAggregate(filter: {territory: "epci-200072460", public: true}, groupBy: []) { sumEur } }`, nil, &public)
	if public.SubsidyAggregate.SumEur == nil || !near(*public.SubsidyAggregate.SumEur, wantPublic) {
		t.Errorf("public money of the agglomeration: %v, want %s", public.SubsidyAggregate.SumEur, num(wantPublic))
	}

	// Breakdowns: the sums the observatory computes.
	var bd struct {
		Breakdowns []struct {
			Slug        string
			PartsSum    float64
			Computation string
		}
	}
	ask(t, srv, `{ breakdowns { slug partsSum computation } }`, nil, &bd)
	for _, b := range bd.Breakdowns {
		if published["total:breakdown/"+b.Slug] != num(b.PartsSum) || b.Computation == "" {
			t.Errorf("breakdown %s: parts sum %s, want %s (computation %q)", b.Slug, num(b.PartsSum), published["total:breakdown/"+b.Slug], b.Computation)
		}
	}
}

func checkTimeSeries(t *testing.T, d *dataset, srv *apitest.Server) {
	type pair struct{ subject, metric string }
	want := map[pair][]string{}
	aside := map[pair]int{}
	for _, o := range d.observations {
		if o.Dimension != "" {
			continue // parts of breakdowns are left out of series by default
		}
		p := pair{o.Subject, o.Metric}
		if o.preferred() {
			want[p] = append(want[p], o.Slug)
		} else {
			aside[p]++
		}
	}
	ids := map[string]string{"site": model.TypeSite, "company": model.TypeCompany, "territory": model.TypeTerritory, "programme": model.TypeProgramme}
	for p, slugs := range want {
		kind, slug, _ := strings.Cut(p.subject, ":")
		var data struct {
			TimeSeries struct {
				Claims   string
				SetAside int
				Points   []struct{ Slug, Rank string }
			}
		}
		ask(t, srv, `query($s: ID!, $m: String!) { timeSeries(subject: $s, metric: $m) { claims setAside points { slug rank } } }`,
			map[string]any{"s": model.GlobalID(ids[kind], slug), "m": p.metric}, &data)
		var got []string
		for _, pt := range data.TimeSeries.Points {
			got = append(got, pt.Slug)
		}
		sort.Strings(got)
		sort.Strings(slugs)
		if strings.Join(got, " ") != strings.Join(slugs, " ") || data.TimeSeries.SetAside != aside[p] {
			t.Errorf("timeSeries %s %s: %v (set aside %d), want %v (set aside %d)", p.subject, p.metric, got, data.TimeSeries.SetAside, slugs, aside[p])
		}
	}
}

// dayBefore is the day before a stored date.
func dayBefore(day string) string {
	tm, _ := time.Parse("2006-01-02", day)
	return tm.AddDate(0, 0, -1).Format("2006-01-02")
}

func checkKnownAt(t *testing.T, d *dataset, srv *apitest.Server) {
	// The dates at which something became public, the days before them, and the date
	// of the issue that found the filter wrong.
	dates := map[string]bool{"2021-03-01": true}
	own := map[string]string{} // the passages with their own date → that date
	for _, o := range d.observations {
		k := d.knownFrom(o.Cite)
		dates[k], dates[dayBefore(k)] = true, true
		if o.Cite.Published != "" {
			own[o.Cite.Source+" | "+o.Cite.Locator] = o.Cite.Published
		}
	}
	var list []string
	for k := range dates {
		list = append(list, k)
	}
	sort.Strings(list)
	for _, at := range list {
		var want []string
		for _, o := range d.observations {
			if k := d.knownFrom(o.Cite); k != "" && k <= at {
				want = append(want, o.Slug)
			}
		}
		got := allObservations(t, srv, map[string]any{"asOf": at})
		var slugs []string
		for _, o := range got {
			slugs = append(slugs, o.Slug)
			if o.Citation.KnownSince == nil || storedDate(*o.Citation.KnownSince) > at {
				t.Errorf("asOf %s: %s, known since %v, is returned before its publication", at, o.Slug, o.Citation.KnownSince)
			}
		}
		sort.Strings(want)
		sort.Strings(slugs)
		if strings.Join(slugs, " ") != strings.Join(want, " ") {
			t.Errorf("asOf %s: %d figures, want %d", at, len(slugs), len(want))
		}
	}

	// The passages that carry their own date, as the API says them.
	var src struct {
		Sources struct {
			Nodes []struct {
				Slug      string
				Citations []struct {
					Locator     string
					PublishedOn *string
				}
			}
		}
	}
	ask(t, srv, `{ sources(first: 100) { nodes { slug citations { locator publishedOn } } } }`, nil, &src)
	apiOwn := map[string]string{}
	for _, s := range src.Sources.Nodes {
		for _, c := range s.Citations {
			if c.PublishedOn != nil {
				apiOwn[s.Slug+" | "+c.Locator] = *c.PublishedOn
			}
		}
	}
	for k, v := range apiOwn {
		t.Logf("passage with its own date %s: %s", v, k)
	}
	t.Logf("%d passages carry their own publication date", len(apiOwn))
	for k, v := range own {
		if apiOwn[k] != v {
			t.Errorf("passage %s: its own date is %q in the API, %q in the data files", k, apiOwn[k], v)
		}
	}
}

// numericFields classifies every Int and Float field of the schema: a domain figure
// must be cited (its type has a citation), have a provenance field, or be computed by
// the observatory (its type says how); the others are technical numbers.
var (
	// provenanceOf names the field that says where a domain number comes from.
	provenanceOf = map[string]string{
		"Territory.population":  "populationProvenance",
		"Site.areaSquareMetres": "areaCitation",
	}
	// technical are the numbers that are not domain figures.
	technical = map[string]string{
		"totalCount": "a count of the records of a page's list",
		"version":    "a count of the edits of a record",
		"score":      "the ranking of a search hit",
		"depth":      "a distance in a graph",
		"latitude":   "coordinates (their precision is said beside them)",
		"longitude":  "coordinates",
		"setAside":   "a count of the claims an answer did not count",
		"year":       "the key of a group",
	}
)

func checkProvenance(t *testing.T, d *dataset, srv *apitest.Server) {
	var schema struct {
		Schema struct {
			Types []struct {
				Name, Kind  string
				Description *string
				Fields      []struct {
					Name string
					Type json.RawMessage
				}
			}
		} `json:"__schema"`
	}
	ask(t, srv, `{ __schema { types { name kind description fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`, nil, &schema)
	types := map[string]map[string]bool{}
	for _, ty := range schema.Schema.Types {
		types[ty.Name] = map[string]bool{}
		for _, f := range ty.Fields {
			types[ty.Name][f.Name] = true
		}
	}
	counted := map[string]int{}
	for _, ty := range schema.Schema.Types {
		if ty.Kind != "OBJECT" || strings.HasPrefix(ty.Name, "__") {
			continue
		}
		desc := ""
		if ty.Description != nil {
			desc = *ty.Description
		}
		for _, f := range ty.Fields {
			s := string(f.Type)
			if !strings.Contains(s, `"Int"`) && !strings.Contains(s, `"Float"`) {
				continue
			}
			name := ty.Name + "." + f.Name
			switch p, ok := provenanceOf[name]; {
			case ok:
				if !types[ty.Name][p] {
					t.Errorf("%s: its provenance field %s is not in the schema", name, p)
				}
				counted["provenance"]++
			case technical[f.Name] != "":
				counted["technical"]++
			case types[ty.Name]["citation"]:
				counted["cited"]++
			case types[ty.Name]["computation"] || strings.Contains(desc, "computed by the observatory"):
				counted["computed"]++
			default:
				t.Errorf("%s is a number with no citation, no provenance and no computed mark: cite it, or say how it is computed", name)
			}
		}
	}
	t.Logf("numbers of the schema: %v", counted)

	// The data: every population has its provenance, every area its citation.
	var terr struct {
		Territories struct {
			Nodes []struct {
				Slug                 string
				Population           *int
				PopulationProvenance *struct {
					Source      *struct{ Slug string }
					Locator     *string
					Computed    bool
					HowComputed *string
				}
			}
		}
		France, Departement, Region, Epci struct {
			Slug                 string
			Population           *int
			PopulationProvenance *struct {
				Source      *struct{ Slug string }
				Computed    bool
				HowComputed *string
			}
		}
	}
	ask(t, srv, `{ territories(first: 100, filter: {within: "epci-200072460"}) { nodes { slug population populationProvenance { source { slug } locator computed howComputed } } }
	  france: territory(slug: "france") { slug population populationProvenance { source { slug } computed howComputed } }
	  departement: territory(slug: "departement-62") { slug population populationProvenance { source { slug } computed howComputed } }
	  region: territory(slug: "region-32") { slug population populationProvenance { source { slug } computed howComputed } }
	  epci: territory(slug: "epci-200072460") { slug population populationProvenance { source { slug } computed howComputed } } }`, nil, &terr)
	withPopulation := 0
	for _, n := range terr.Territories.Nodes {
		if n.Population == nil {
			continue
		}
		withPopulation++
		p := n.PopulationProvenance
		if p == nil || p.Source == nil || p.Source.Slug != model.GeographySource || p.Locator == nil || p.Computed {
			t.Errorf("commune %s: population without its source: %+v", n.Slug, p)
		}
	}
	if withPopulation < 90 {
		t.Errorf("only %d communes of the agglomeration with a population", withPopulation)
	}
	for _, tr := range []struct {
		name     string
		computed bool
		got      *struct {
			Source      *struct{ Slug string }
			Computed    bool
			HowComputed *string
		}
	}{{"france", true, terr.France.PopulationProvenance}, {"departement-62", true, terr.Departement.PopulationProvenance},
		{"region-32", true, terr.Region.PopulationProvenance}, {"epci-200072460", false, terr.Epci.PopulationProvenance}} {
		if tr.got == nil || tr.got.Computed != tr.computed || (tr.computed && tr.got.HowComputed == nil) || tr.got.Source == nil {
			t.Errorf("%s: population provenance %+v", tr.name, tr.got)
		}
	}
	var sites struct {
		Sites struct {
			Nodes []struct {
				Slug             string
				AreaSquareMetres *float64
				AreaCitation     *struct{ Quote string }
			}
		}
	}
	ask(t, srv, `{ sites(first: 100) { nodes { slug areaSquareMetres areaCitation { quote } } } }`, nil, &sites)
	for _, s := range sites.Sites.Nodes {
		if s.AreaSquareMetres != nil && (s.AreaCitation == nil || s.AreaCitation.Quote == "") {
			t.Errorf("site %s: an area of %v m² without its citation", s.Slug, *s.AreaSquareMetres)
		}
	}
	// The source of the populations is a source of the API, with its vintage.
	var geo struct {
		Source *struct{ Title, Kind, Licence string }
	}
	ask(t, srv, `query($s: String!) { source(slug: $s) { title kind licence } }`, map[string]any{"s": model.GeographySource}, &geo)
	if geo.Source == nil || geo.Source.Kind != "DATASET" || !strings.Contains(geo.Source.Title, "vintage") {
		t.Errorf("the geography's source: %+v", geo.Source)
	}
}
