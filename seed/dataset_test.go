package seed_test

// An independent reading of the curated data files, for the invariant tests and the
// snapshot of published figures: it decodes the YAML itself (not through the seed's
// validation, nor through the API's SQL) and computes from it what the API must
// answer: the preferred claim of each fact, the totals of the aggregates, when each
// figure became public.

import (
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

type dsCite struct {
	Source    string `yaml:"source"`
	Quote     string `yaml:"quote"`
	Locator   string `yaml:"locator"`
	Published string `yaml:"published"`
}

type dsPeriod struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
}

type dsObservation struct {
	Slug          string    `yaml:"slug"`
	Subject       string    `yaml:"subject"`
	Metric        string    `yaml:"metric"`
	Value         float64   `yaml:"value"`
	ValueMax      *float64  `yaml:"value_max"`
	Approximation string    `yaml:"approximation"`
	Date          string    `yaml:"date"`
	Period        *dsPeriod `yaml:"period"`
	Status        string    `yaml:"status"`
	Rank          string    `yaml:"rank"`
	Claim         string    `yaml:"claim"`
	Dimension     string    `yaml:"dimension"`
	Category      string    `yaml:"category"`
	Event         string    `yaml:"event"`
	Cite          dsCite    `yaml:"cite"`
}

type dsSubsidy struct {
	Slug          string    `yaml:"slug"`
	Programme     string    `yaml:"programme"`
	Recipient     string    `yaml:"recipient"`
	Territory     string    `yaml:"territory"`
	AmountEUR     float64   `yaml:"amount_eur"`
	Approximation string    `yaml:"approximation"`
	Date          string    `yaml:"date"`
	Period        *dsPeriod `yaml:"period"`
	Status        string    `yaml:"status"`
	FunderKind    string    `yaml:"funder_kind"`
	Scope         string    `yaml:"scope"`
	Rank          string    `yaml:"rank"`
	Claim         string    `yaml:"claim"`
	Cite          dsCite    `yaml:"cite"`
}

type dsEvent struct {
	Slug   string `yaml:"slug"`
	Kind   string `yaml:"kind"`
	Date   string `yaml:"date"`
	Status string `yaml:"status"`
	Rank   string `yaml:"rank"`
	Claim  string `yaml:"claim"`
	Cite   dsCite `yaml:"cite"`
}

type dsSource struct {
	Slug      string `yaml:"slug"`
	Published string `yaml:"published"`
	Document  string `yaml:"document"`
}

type dsProgramme struct {
	Slug       string `yaml:"slug"`
	FunderKind string `yaml:"funder_kind"`
	Scope      string `yaml:"scope"`
}

type dsMetric struct {
	Code string `yaml:"code"`
	Unit string `yaml:"unit"`
}

type dsBreakdown struct {
	Slug      string `yaml:"slug"`
	Subject   string `yaml:"subject"`
	Parts     string `yaml:"parts"`
	Metric    string `yaml:"metric"`
	Dimension string `yaml:"dimension"`
	Date      string `yaml:"date"`
}

type dsOccupancy struct {
	Slug        string   `yaml:"slug"`
	Site        string   `yaml:"site"`
	FloorAreaM2 *float64 `yaml:"floor_area_m2"`
}

type dsCorrection struct {
	Slug    string   `yaml:"slug"`
	Release string   `yaml:"release"`
	Kind    string   `yaml:"kind"`
	Records []string `yaml:"records"`
	Keys    []string `yaml:"keys"`
}

type dsRelease struct {
	Version string `yaml:"version"`
	Date    string `yaml:"date"`
}

// dataset is the curated data as the files say it.
type dataset struct {
	observations []dsObservation
	subsidies    []dsSubsidy
	events       []dsEvent
	sources      map[string]dsSource
	programmes   map[string]dsProgramme
	units        map[string]string // metric code → unit
	breakdowns   []dsBreakdown
	occupancies  []dsOccupancy
	corrections  []dsCorrection
	releases     []dsRelease
}

func readYAML[T any](t testing.TB, fsys fs.FS, name string, optional bool) []T {
	t.Helper()
	data, err := fs.ReadFile(fsys, "data/"+name)
	if err != nil {
		if optional {
			return nil
		}
		t.Fatalf("read %s: %v", name, err)
	}
	var out []T
	if err := yaml.Unmarshal(data, &out); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return out
}

func readDataset(t testing.TB, fsys fs.FS) *dataset {
	t.Helper()
	d := &dataset{
		observations: readYAML[dsObservation](t, fsys, "observations.yaml", false),
		subsidies:    readYAML[dsSubsidy](t, fsys, "subsidies.yaml", false),
		events:       readYAML[dsEvent](t, fsys, "events.yaml", false),
		breakdowns:   readYAML[dsBreakdown](t, fsys, "breakdowns.yaml", false),
		occupancies:  readYAML[dsOccupancy](t, fsys, "occupancies.yaml", false),
		corrections:  readYAML[dsCorrection](t, fsys, "corrections.yaml", true),
		releases:     readYAML[dsRelease](t, fsys, "releases.yaml", true),
		sources:      map[string]dsSource{},
		programmes:   map[string]dsProgramme{},
		units:        map[string]string{},
	}
	for _, s := range readYAML[dsSource](t, fsys, "sources.yaml", false) {
		d.sources[s.Slug] = s
	}
	for _, p := range readYAML[dsProgramme](t, fsys, "programmes.yaml", false) {
		d.programmes[p.Slug] = p
	}
	for _, m := range readYAML[dsMetric](t, fsys, "metrics.yaml", false) {
		d.units[m.Code] = m.Unit
	}
	for i, s := range d.subsidies {
		if s.FunderKind == "" {
			d.subsidies[i].FunderKind = d.programmes[s.Programme].FunderKind
		}
	}
	return d
}

// rankOf is a record's rank as the rules complete it: PREFERRED without a claim,
// NORMAL with one, unless given.
func rankOf(rank, claim string) string {
	switch {
	case rank != "":
		return rank
	case claim != "":
		return "NORMAL"
	}
	return "PREFERRED"
}

// dateOf is the date a figure refers to (the end of its period) as written.
func (o dsObservation) dateOf() string {
	if o.Date != "" {
		return o.Date
	}
	return o.Period.End
}

func (o dsObservation) year() int {
	y, _ := strconv.Atoi(o.dateOf()[:4])
	return y
}

func (o dsObservation) preferred() bool { return rankOf(o.Rank, o.Claim) == "PREFERRED" }

func (o dsObservation) factKey() string {
	if o.Claim != "" {
		return o.Claim
	}
	return o.Slug
}

func (s dsSubsidy) preferred() bool { return rankOf(s.Rank, s.Claim) == "PREFERRED" }

func (s dsSubsidy) factKey() string {
	if s.Claim != "" {
		return s.Claim
	}
	return s.Slug
}

func (e dsEvent) factKey() string {
	if e.Claim != "" {
		return e.Claim
	}
	return e.Slug
}

// storedDate is the first day of a reduced ISO date ("2021" → 2021-01-01).
func storedDate(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

// endDate is the last day of a reduced ISO date ("2021" → 2021-12-31).
func endDate(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		m, _ := strconv.Atoi(s[5:7])
		y, _ := strconv.Atoi(s[:4])
		days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
		if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
			days = 29
		}
		return fmt.Sprintf("%s-%02d", s, days)
	}
	return s
}

// knownFrom is the date a cited figure became public (stored form): its passage's own
// date, or its source's; "" when neither is known.
func (d *dataset) knownFrom(c dsCite) string {
	if c.Published != "" {
		return storedDate(c.Published)
	}
	if s := d.sources[c.Source].Published; s != "" {
		return storedDate(s)
	}
	return ""
}

func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// published is what the observatory publishes as facts and totals: the preferred claim
// of every fact (figures, amounts, dated events) and the totals of the aggregates,
// each under a stable key (the keys of seed/testdata/published.json and of the
// corrections log):
//
//	figure:<claim or slug>                          preferred figure of a fact
//	amount:<claim or slug>                          preferred amount of money
//	event:<claim or slug>                           preferred date of an event
//	total:figures/<metric>/<status>/<year>/<unit>   sum of the preferred figures
//	total:money/<scope>/<funder kind>               sum of the preferred amounts
//	total:money/<scope>/<funder kind>/<programme>
//	total:breakdown/<slug>                          sum of a breakdown's parts
func (d *dataset) published() map[string]string { return d.publishedAs(false) }

// publishedAs is published; everyClaim computes it as the API did before release
// 2026.12, which counted every claim: the totals add every figure, and a fact without
// a preferred claim shows all of them. (It made the snapshot of the release before.)
func (d *dataset) publishedAs(everyClaim bool) map[string]string {
	out := map[string]string{}
	sums := map[string]float64{}
	hasPreferred := map[string]bool{}
	for _, o := range d.observations {
		if o.preferred() {
			hasPreferred[o.factKey()] = true
		}
	}
	for _, o := range d.observations {
		if everyClaim && o.Dimension == "" {
			sums[fmt.Sprintf("total:figures/%s/%s/%d/%s", o.Metric, o.Status, o.year(), d.units[o.Metric])] += o.Value
		}
		if !o.preferred() {
			if everyClaim && !hasPreferred[o.factKey()] {
				k := "figure:" + o.factKey()
				if out[k] != "" {
					out[k] += " | "
				}
				out[k] += fmt.Sprintf("%s %s (%s)", num(o.Value), o.dateOf(), o.Slug)
			}
			continue
		}
		approx := o.Approximation
		if approx == "" {
			approx = "EXACT"
		}
		v := num(o.Value)
		if o.ValueMax != nil {
			v += ".." + num(*o.ValueMax)
		}
		out["figure:"+o.factKey()] = fmt.Sprintf("%s %s %s %s %s (%s)", v, d.units[o.Metric], approx, o.dateOf(), o.Status, o.Slug)
		if o.Dimension == "" && !everyClaim {
			sums[fmt.Sprintf("total:figures/%s/%s/%d/%s", o.Metric, o.Status, o.year(), d.units[o.Metric])] += o.Value
		}
	}
	for _, s := range d.subsidies {
		if !s.preferred() && !everyClaim {
			continue
		}
		approx := s.Approximation
		if approx == "" {
			approx = "EXACT"
		}
		when := s.Date
		if s.Period != nil {
			when = s.Period.Start + ".." + s.Period.End
		}
		out["amount:"+s.factKey()] = fmt.Sprintf("%s EUR %s %s %s %s %s (%s)", num(s.AmountEUR), approx, when, s.FunderKind, s.Scope, s.Programme, s.Slug)
		sums["total:money/"+s.Scope+"/"+s.FunderKind] += s.AmountEUR
		sums["total:money/"+s.Scope+"/"+s.FunderKind+"/"+s.Programme] += s.AmountEUR
	}
	for _, e := range d.events {
		if rankOf(e.Rank, e.Claim) != "PREFERRED" {
			continue
		}
		status := e.Status
		if status == "" {
			status = "ACTUAL"
		}
		out["event:"+e.factKey()] = fmt.Sprintf("%s %s %s (%s)", e.Date, e.Kind, status, e.Slug)
	}
	for _, b := range d.breakdowns {
		sum := 0.0
		for _, o := range d.observations {
			if b.Parts == "OBSERVATIONS" && o.Subject == b.Subject && o.Metric == b.Metric && o.Dimension == b.Dimension && o.dateOf() == b.Date {
				sum += o.Value
			}
		}
		for _, oc := range d.occupancies {
			if b.Parts == "OCCUPANCY_AREAS" && "site:"+oc.Site == b.Subject && oc.FloorAreaM2 != nil {
				sum += *oc.FloorAreaM2
			}
		}
		sums["total:breakdown/"+b.Slug] = sum
	}
	for k, v := range sums {
		out[k] = num(v)
	}
	return out
}

// changedKeys lists the keys whose value differs between two snapshots (added,
// removed or changed), sorted.
func changedKeys(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var _ = strings.TrimSpace
