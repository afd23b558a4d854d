package rules_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

func ptr[T any](v T) *T { return &v }

// msg is the message of a rule's error, "" for none; it checks the code.
func msg(t *testing.T, err *model.Error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	if err.Code != model.CodeBadUserInput {
		t.Errorf("code %s, want BAD_USER_INPUT", err.Code)
	}
	return err.Message
}

// messages runs a record rule and returns its problems.
func messages(t *testing.T, check func(p *rules.Problems)) []string {
	t.Helper()
	var p rules.Problems
	check(&p)
	for _, e := range p.List() {
		msg(t, e)
	}
	return p.Messages()
}

func TestRange(t *testing.T) {
	// The RANGE rule, decided once: value_max iff RANGE, and value_max >= value.
	tests := []struct {
		name     string
		approx   model.Approximation
		value    float64
		valueMax *float64
		api      string
		data     string
	}{
		{"exact value", model.ApproxExact, 10, nil, "", ""},
		{"range", model.ApproxRange, 1500, ptr(2000.0), "", ""},
		{"range of one value", model.ApproxRange, 2, ptr(2.0), "", ""},
		{"range upside down", model.ApproxRange, 20, ptr(10.0),
			"in a RANGE, valueMax must not be less than value", "in a RANGE, value_max must not be less than value"},
		{"range without its high end", model.ApproxRange, 20, nil,
			"valueMax goes with approximation RANGE, and RANGE needs valueMax", "value_max goes with approximation RANGE, and RANGE needs value_max"},
		{"high end without RANGE", model.ApproxAbout, 20, ptr(30.0),
			"valueMax goes with approximation RANGE, and RANGE needs valueMax", "value_max goes with approximation RANGE, and RANGE needs value_max"},
		{"high end not a number", model.ApproxRange, 20, ptr(math.Inf(1)), "valueMax must be a number", "value_max must be a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := msg(t, rules.Range(rules.API, tc.approx, tc.value, tc.valueMax)); got != tc.api {
				t.Errorf("API: %q, want %q", got, tc.api)
			}
			if got := msg(t, rules.Range(rules.Data, tc.approx, tc.value, tc.valueMax)); got != tc.data {
				t.Errorf("Data: %q, want %q", got, tc.data)
			}
		})
	}
}

func TestRankReason(t *testing.T) {
	tests := []struct {
		rank   model.Rank
		reason model.Text
		want   string
	}{
		{model.RankNormal, model.Text{}, ""},
		{model.RankPreferred, model.Bi("publié d’abord", "published first"), ""},
		{model.RankPreferred, model.Text{}, "rank PREFERRED needs a rankReason"},
		{model.RankDeprecated, model.Bi("", ""), "rank DEPRECATED needs a rankReason"},
		{model.RankPreferred, model.Bi("  \n", " "), "rank PREFERRED needs a rankReason"},
	}
	for _, tc := range tests {
		if got := msg(t, rules.RankReason(rules.API, tc.rank, tc.reason)); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.rank, tc.reason, got, tc.want)
		}
	}
	if got := msg(t, rules.RankReason(rules.Data, model.RankPreferred, model.Text{})); got != "rank PREFERRED needs a rank_reason" {
		t.Errorf("Data: %q", got)
	}
}

func TestFieldRules(t *testing.T) {
	long := strings.Repeat("a", rules.MaxSlugLength+1)
	tests := []struct {
		name string
		err  *model.Error
		want string
	}{
		{"required API", rules.Required(rules.API, "name", " "), "name is required"},
		{"required Data", rules.Required(rules.Data, "name", ""), "missing name"},
		{"required given", rules.Required(rules.API, "name", "Black-Star"), ""},
		{"enum API missing", rules.OneOf(rules.API, "status", model.ObservationStatus(""), rules.Statuses),
			"status is required (ACTUAL, TARGET, FORECAST, ANNOUNCED or ESTIMATE)"},
		{"enum Data missing", rules.OneOf(rules.Data, "status", model.ObservationStatus(""), rules.Statuses),
			"missing status (one of ACTUAL, ANNOUNCED, ESTIMATE, FORECAST, TARGET)"},
		{"enum Data unknown", rules.OneOf(rules.Data, "status", model.ObservationStatus("GOAL"), rules.Statuses),
			`status "GOAL" is not one of ACTUAL, ANNOUNCED, ESTIMATE, FORECAST, TARGET`},
		{"enum API unknown", rules.OneOf(rules.API, "rank", model.Rank("TOP"), rules.Ranks),
			`rank "TOP" is not one of PREFERRED, NORMAL or DEPRECATED`},
		{"enum known", rules.OneOf(rules.API, "rank", model.RankNormal, rules.Ranks), ""},
		{"period", rules.Period("period.start", "2021-01-01", model.PrecisionYear, "period.end", "2022-01-01", model.PrecisionYear), ""},
		{"period of one day", rules.Period("periodStart", "2021-04-30", model.PrecisionDay, "date", "2021-04-30", model.PrecisionDay), ""},
		{"period precisions", rules.Period("periodStart", "2021-01-01", model.PrecisionYear, "date", "2022-03-01", model.PrecisionMonth),
			`periodStart "2021" and date "2022-03" must have the same precision`},
		{"period upside down", rules.Period("period.start", "2023-01-01", model.PrecisionYear, "period.end", "2022-01-01", model.PrecisionYear),
			`period.start "2023" is after period.end "2022"`},
		{"slug", rules.Slug(rules.API, "bridgestone-bethune-2"), ""},
		{"slug missing API", rules.Slug(rules.API, ""), "slug is required"},
		{"slug missing Data", rules.Slug(rules.Data, ""), "missing slug"},
		{"slug too long", rules.Slug(rules.API, long), "slug: give 1 to 120 characters"},
		{"slug letters", rules.Slug(rules.API, "Black_Star"), `slug "Black_Star": use lower-case letters, digits and dashes`},
		{"slug leading dash", rules.Slug(rules.API, "-a"), `slug "-a": dashes go between words (no leading, trailing or double dash)`},
		{"slug double dash", rules.Slug(rules.Data, "a--b"), `slug "a--b": dashes go between words (no leading, trailing or double dash)`},
		{"slug trailing dash", rules.Slug(rules.Data, "a-"), `slug "a-": dashes go between words (no leading, trailing or double dash)`},
		{"siren", rules.Siren("123456789"), ""},
		{"siren short", rules.Siren("12"), `siren "12": a SIREN has 9 digits`},
		{"siren letters", rules.Siren("12345678A"), `siren "12345678A": a SIREN has 9 digits`},
		{"url", rules.WebURL("url", "https://example.org/x"), ""},
		{"url plain", rules.WebURL("url", "http://example.org"), ""},
		{"url scheme", rules.WebURL("url", "ftp://example.org"), "url must be an http:// or https:// address"},
		{"url javascript", rules.WebURL("url", "javascript:alert(1)"), "url must be an http:// or https:// address"},
		{"url without host", rules.WebURL("url", "https:///path"), "url must be an http:// or https:// address"},
		{"url with a line break", rules.WebURL("url", "https://example.org/\nSet-Cookie: x"), "url must be on one line (no line break nor tab)"},
		{"url given", rules.WebURL("url", "https://www.bethunebruay.fr/fr/actualites?x=1"), ""},
		{"number", rules.Number("value", 0), ""},
		{"NaN", rules.Number("value", math.NaN()), "value must be a number"},
		{"infinite", rules.Number("value", math.Inf(-1)), "value must be a number"},
		{"positive", rules.Positive("area_m2", ptr(12.5)), ""},
		{"positive absent", rules.Positive("area_m2", nil), ""},
		{"zero", rules.Positive("area_m2", ptr(0.0)), "area_m2 must be positive"},
		{"negative", rules.Positive("areaSquareMetres", ptr(-1.0)), "areaSquareMetres must be positive"},
		{"NaN area", rules.Positive("area_m2", ptr(math.NaN())), "area_m2 must be positive"},
		{"unit", rules.Unit("JOBS"), ""},
		{"unknown unit", rules.Unit("HECTARES"), `unit "HECTARES" is not one of the known units (AID_FILES, COMMUNES,`},
		{"unit of metric", rules.UnitOfMetric("HA", "site_area", "HA"), ""},
		{"unit not the metric's", rules.UnitOfMetric("M2", "site_area", "HA"), `unit "M2" differs from the unit "HA" of metric "site_area"`},
		{"ends", rules.Ends("site:a", "company:a"), ""},
		{"same ends", rules.Ends("site:a", "site:a"), "an edge needs two different ends"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := msg(t, tc.err)
			if got != tc.want && !(tc.want != "" && strings.HasPrefix(got, tc.want)) {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in, stored string
		prec       model.Precision
		err        string
	}{
		{"2022", "2022-01-01", model.PrecisionYear, ""},
		{"2021-04", "2021-04-01", model.PrecisionMonth, ""},
		{"2021-04-30", "2021-04-30", model.PrecisionDay, ""},
		{"2021-13", "", "", `date: "2021-13" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2021-02-30", "", "", `date: "2021-02-30" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2021-4", "", "", `date: "2021-4" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
		{"21", "", "", `date: "21" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
		{"30/04/2021", "", "", `date: "30/04/2021" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
	}
	for _, tc := range tests {
		stored, prec, err := rules.Date("date", tc.in)
		if got := msg(t, err); got != tc.err || stored != tc.stored || prec != tc.prec {
			t.Errorf("%s: %q %q %q, want %q %q %q", tc.in, stored, prec, got, tc.stored, tc.prec, tc.err)
		}
	}
}

func TestCitation(t *testing.T) {
	tests := []struct {
		name                   string
		style                  rules.Style
		field                  string
		present                bool
		source, quote, locator string
		want                   []string
	}{
		{"complete", rules.API, "citation", true, "s", "q", "l", nil},
		{"missing API", rules.API, "citation", false, "", "", "", []string{"citation is required: no figure without its source"}},
		{"missing Data", rules.Data, "cite", false, "", "", "", []string{"missing cite (source, quote, locator)"}},
		{"blank quote", rules.API, "citation", true, "s", " ", "l",
			[]string{"citation.quote is required: the exact passage, in the document's language"}},
		{"blank locator and source", rules.Data, "cite", true, "", "q", "",
			[]string{"missing cite.source", "missing cite.locator: where the passage sits in the document"}},
	}
	for _, tc := range tests {
		got := messages(t, func(p *rules.Problems) {
			rules.Citation(p, tc.style, tc.field, tc.present, tc.source, tc.quote, tc.locator)
		})
		if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func validObservation() *model.Observation {
	return &model.Observation{Slug: "o", Unit: "JOBS", Value: 863, Date: "2020-09-16", Precision: model.PrecisionDay,
		Status: model.StatusActual}
}

func TestObservation(t *testing.T) {
	tests := []struct {
		name  string
		style rules.Style
		edit  func(o *model.Observation)
		given []string // fields with a problem already
		want  []string
	}{
		{"valid", rules.API, func(*model.Observation) {}, nil, nil},
		{"valid range", rules.Data, func(o *model.Observation) {
			o.Approximation, o.Value, o.ValueMax = model.ApproxRange, 1500, ptr(2000.0)
		}, nil, nil},
		{"unknown unit", rules.Data, func(o *model.Observation) { o.Unit = "HECTARES" }, nil,
			[]string{`unit "HECTARES" is not one of the known units (` + strings.Join(sortedUnits(), ", ") + ")"}},
		{"unit already reported", rules.Data, func(o *model.Observation) { o.Unit = "HECTARES" }, []string{"unit"}, nil},
		{"value not a number", rules.API, func(o *model.Observation) { o.Value = math.NaN() }, nil, []string{"value must be a number"}},
		{"unknown approximation", rules.Data, func(o *model.Observation) { o.Approximation = "ROUGHLY" }, nil,
			[]string{`approximation "ROUGHLY" is not one of ABOUT, EXACT, LESS_THAN, MORE_THAN, RANGE`}},
		{"range upside down", rules.Data, func(o *model.Observation) {
			o.Approximation, o.ValueMax = model.ApproxRange, ptr(10.0)
		}, nil, []string{"in a RANGE, value_max must not be less than value"}},
		{"high end without RANGE", rules.API, func(o *model.Observation) { o.ValueMax = ptr(900.0) }, nil,
			[]string{"valueMax goes with approximation RANGE, and RANGE needs valueMax"}},
		{"no status", rules.API, func(o *model.Observation) { o.Status = "" }, nil,
			[]string{"status is required (ACTUAL, TARGET, FORECAST, ANNOUNCED or ESTIMATE)"}},
		{"status already reported", rules.API, func(o *model.Observation) { o.Status = "" }, []string{"status"}, nil},
		{"preferred in a claim without reason", rules.Data, func(o *model.Observation) { o.Rank, o.Claim = model.RankPreferred, ptr("c") }, nil,
			[]string{"rank PREFERRED needs a rank_reason"}},
		{"preferred alone needs no reason", rules.Data, func(o *model.Observation) { o.Rank = model.RankPreferred }, nil, nil},
		{"unknown rank", rules.Data, func(o *model.Observation) { o.Rank = "TOP" }, nil,
			[]string{`rank "TOP" is not one of DEPRECATED, NORMAL, PREFERRED`}},
		{"dimension alone", rules.API, func(o *model.Observation) { o.Dimension = ptr("outcome") }, nil,
			[]string{"dimension and category go together"}},
		{"category blank", rules.API, func(o *model.Observation) { o.Dimension, o.Category = ptr("outcome"), ptr(" ") }, nil,
			[]string{"dimension and category go together"}},
		{"no date", rules.API, func(o *model.Observation) { o.Date = "" }, nil, []string{"date is required"}},
		{"no date Data", rules.Data, func(o *model.Observation) { o.Date = "" }, nil, []string{"missing date"}},
		{"date already reported", rules.Data, func(o *model.Observation) { o.Date = "" }, []string{"date"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := validObservation()
			tc.edit(o)
			got := messages(t, func(p *rules.Problems) {
				for _, f := range tc.given {
					p.Addf(f, "already")
				}
				rules.Observation(p, tc.style, o)
			})
			got = got[len(tc.given):]
			if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
	// Defaults.
	o := validObservation()
	var p rules.Problems
	rules.Observation(&p, rules.API, o)
	if o.Approximation != model.ApproxExact || o.Rank != model.RankPreferred || !p.Empty() {
		t.Errorf("defaults: %s %s %v", o.Approximation, o.Rank, p.Messages())
	}
}

func sortedUnits() []string {
	var out []string
	for u := range rules.Units {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

func TestEvent(t *testing.T) {
	e := &model.Event{Kind: model.EventClosure, Title: model.Bi("Fermeture", "Closure"), Date: "2021-05-01", Precision: model.PrecisionDay}
	if got := messages(t, func(p *rules.Problems) { rules.Event(p, rules.Data, e) }); len(got) != 0 {
		t.Errorf("valid event: %q", got)
	}
	if e.Status != model.StatusActual || e.Rank != model.RankPreferred {
		t.Errorf("defaults: %s %s", e.Status, e.Rank)
	}
	bad := &model.Event{Kind: "PARTY", Rank: model.RankDeprecated, Status: "DONE"}
	want := []string{
		`kind "PARTY" is not one of AGREEMENT_SIGNED, ANNOUNCEMENT, BUILDING_PERMIT, CLOSURE, DEMONSTRATION, LABEL_AWARDED, ` +
			`MEETING, MINISTERIAL_VISIT, OPENING, PRODUCTION_STARTED, PROGRAMME_LAUNCHED, PUBLICATION, SITE_HANDED_OVER, WORKS_STARTED`,
		"missing title", "missing date", "rank DEPRECATED needs a rank_reason",
		`status "DONE" is not one of ACTUAL, ANNOUNCED, ESTIMATE, FORECAST, TARGET`,
	}
	if got := messages(t, func(p *rules.Problems) { rules.Event(p, rules.Data, bad) }); !reflect.DeepEqual(got, want) {
		t.Errorf("%q\nwant %q", got, want)
	}
}

func TestCompany(t *testing.T) {
	c := &model.Company{Name: "Black-Star", Siren: ptr("123456789")}
	if got := messages(t, func(p *rules.Problems) { rules.Company(p, rules.API, c) }); len(got) != 0 || c.Kind != model.CompanyBusiness {
		t.Errorf("valid company: %q, kind %s", got, c.Kind)
	}
	bad := &model.Company{Name: " ", Kind: "GUILD", Siren: ptr("")}
	want := []string{"name is required", `kind "GUILD" is not one of BUSINESS, PUBLIC_BODY, RESEARCH, EDUCATION, CLUSTER, ASSOCIATION or INVESTOR`,
		`siren "": a SIREN has 9 digits`}
	if got := messages(t, func(p *rules.Problems) { rules.Company(p, rules.API, bad) }); !reflect.DeepEqual(got, want) {
		t.Errorf("%q\nwant %q", got, want)
	}
}

func TestSite(t *testing.T) {
	exact := model.LocationExact
	tests := []struct {
		name  string
		style rules.Style
		site  model.Site
		want  []string
	}{
		{"valid", rules.API, model.Site{Name: "Usine", Status: model.SiteOperating, Latitude: ptr(50.5), Longitude: ptr(2.6),
			LocationPrecision: &exact, AreaM2: ptr(1000.0)}, nil},
		{"no name nor status", rules.API, model.Site{}, []string{"name is required",
			"status is required (OPERATING, CLOSING, CLOSED, UNDER_CONVERSION, REOCCUPIED or PLANNED)"}},
		{"half a location", rules.API, model.Site{Name: "U", Status: model.SiteClosed, Latitude: ptr(50.0)},
			[]string{"give latitude and longitude together", "locationPrecision is required with a location"}},
		{"out of range", rules.API, model.Site{Name: "U", Status: model.SiteClosed, Latitude: ptr(95.0), Longitude: ptr(2.0), LocationPrecision: &exact},
			[]string{"latitude must be within ±90 and longitude within ±180"}},
		{"no precision Data", rules.Data, model.Site{Name: "U", Status: model.SiteClosed, Latitude: ptr(50.0), Longitude: ptr(2.0)},
			[]string{"location.precision is required with a location"}},
		{"unknown precision Data", rules.Data, model.Site{Name: "U", Status: model.SiteClosed, Latitude: ptr(50.0), Longitude: ptr(2.0),
			LocationPrecision: ptr(model.LocationPrecision("ROUGH"))},
			[]string{`location.precision "ROUGH" is not one of APPROXIMATE, COMMUNE, EXACT, STREET`}},
		{"zero area", rules.API, model.Site{Name: "U", Status: model.SiteClosed, AreaM2: ptr(0.0)},
			[]string{"areaSquareMetres must be positive"}},
		{"negative area Data", rules.Data, model.Site{Name: "U", Status: model.SiteClosed, AreaM2: ptr(-3.0)},
			[]string{"area_m2 must be positive"}},
	}
	for _, tc := range tests {
		got := messages(t, func(p *rules.Problems) { rules.Site(p, tc.style, &tc.site) })
		if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestSource(t *testing.T) {
	s := &model.Source{Title: "Dossier", Publisher: "CABBALR", Kind: model.SourcePressKit, URL: ptr("https://example.org")}
	if got := messages(t, func(p *rules.Problems) { rules.Source(p, rules.API, s) }); len(got) != 0 {
		t.Errorf("valid source: %q", got)
	}
	if s.Language != "fr" || s.PublishedPrecision != model.PrecisionDay {
		t.Errorf("defaults: %q %q", s.Language, s.PublishedPrecision)
	}
	tests := []struct {
		style rules.Style
		src   model.Source
		want  []string
	}{
		{rules.API, model.Source{Kind: model.SourceReport}, []string{"title and publisher are required"}},
		{rules.Data, model.Source{Kind: model.SourceReport}, []string{"missing title", "missing publisher"}},
		{rules.API, model.Source{Title: "T", Kind: model.SourceReport}, []string{"publisher is required"}},
		{rules.API, model.Source{Title: "T", Publisher: "P", URL: ptr("www.example.org")},
			[]string{"kind is required (PRESS_ARTICLE, PRESS_RELEASE, PRESS_KIT, NEWS_POST, DATASET or REPORT)",
				"url must be an http:// or https:// address"}},
	}
	for _, tc := range tests {
		if got := messages(t, func(p *rules.Problems) { rules.Source(p, tc.style, &tc.src) }); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q\nwant %q", got, tc.want)
		}
	}
}

func TestRecordsOfTheSeedAlone(t *testing.T) {
	tests := []struct {
		name  string
		check func(p *rules.Problems)
		want  []string
	}{
		{"relationship", func(p *rules.Problems) {
			rules.Relationship(p, rules.API, &model.Relationship{Kind: model.RelOccupies})
		}, nil},
		{"relationship kind", func(p *rules.Problems) { rules.Relationship(p, rules.Data, &model.Relationship{Kind: "LIKES"}) },
			[]string{`kind "LIKES" is not one of INVESTS_IN, LOCATED_IN, MEMBER_OF, OCCUPIES, OPERATES, PARTNER_OF, SUBSIDIARY_OF, SUCCEEDS, SUPPLIES, SUPPORTS, VALUE_CHAIN`}},
		{"metric", func(p *rules.Problems) {
			rules.Metric(p, rules.Data, &model.Metric{Code: "site_area", Label: model.Bi("Surface", "Area"), Definition: model.Bi("Surface du terrain", "Land area"), Unit: "HA"})
		}, nil},
		{"metric incomplete", func(p *rules.Problems) { rules.Metric(p, rules.Data, &model.Metric{Code: "x", Unit: "JOBS"}) },
			[]string{"missing label", "missing definition"}},
		{"programme", func(p *rules.Problems) { rules.Programme(p, rules.Data, &model.Programme{Name: "P"}) },
			[]string{"missing level (one of EUROPEAN, LOCAL, NATIONAL, PRIVATE, REGIONAL)",
				"missing funder_kind (one of EU, LOCAL_AUTHORITY, PRIVATE_COMPANY, PUBLIC_BANK, REGION, STATE)",
				"missing scope (one of INDIVIDUAL_GRANT, NATIONAL_ENVELOPE, TERRITORIAL_ALLOCATION)"}},
		{"programme who pays", func(p *rules.Problems) {
			rules.Programme(p, rules.Data, &model.Programme{Name: "P", Level: model.LevelPrivate, FunderKind: "BRIDGESTONE", Scope: model.ScopeTerritorialAllocation})
		}, []string{`funder_kind "BRIDGESTONE" is not one of EU, LOCAL_AUTHORITY, PRIVATE_COMPANY, PUBLIC_BANK, REGION, STATE`}},
		{"subsidy", func(p *rules.Problems) { rules.Subsidy(p, rules.Data, subsidy(1000, "", "")) }, nil},
		{"subsidy range", func(p *rules.Problems) {
			s := subsidy(1000, "", "")
			s.Approximation = model.ApproxRange
			rules.Subsidy(p, rules.Data, s)
		}, []string{"a subsidy amount cannot be a RANGE (no amount_max column)"}},
		{"subsidy amount", func(p *rules.Problems) { rules.Subsidy(p, rules.Data, subsidy(-5, "", "")) },
			[]string{"amount_eur must be positive"}},
		{"subsidy amount missing", func(p *rules.Problems) {
			p.Add("amount_eur", rules.Missing(rules.Data, "amount_eur"))
			rules.Subsidy(p, rules.Data, subsidy(0, "", ""))
		}, []string{"missing amount_eur"}},
		{"subsidy without who pays nor scope", func(p *rules.Problems) { rules.Subsidy(p, rules.API, &model.Subsidy{AmountEur: 1000}) },
			[]string{"funderKind is required (STATE, REGION, EU, LOCAL_AUTHORITY, PUBLIC_BANK or PRIVATE_COMPANY)",
				"scope is required (NATIONAL_ENVELOPE, TERRITORIAL_ALLOCATION or INDIVIDUAL_GRANT)"}},
		{"subsidy claim without its reason", func(p *rules.Problems) {
			rules.Subsidy(p, rules.Data, subsidy(1000, "c", model.RankPreferred))
		}, []string{"rank PREFERRED needs a rank_reason"}},
		{"subsidy NORMAL without a claim", func(p *rules.Problems) {
			rules.Subsidy(p, rules.Data, subsidy(1000, "", model.RankNormal))
		}, []string{"rank NORMAL needs a claim: a record without a claim is the only claim of its fact, so its PREFERRED one"}},
		{"occupancy ended without its end", func(p *rules.Problems) {
			rules.Occupancy(p, rules.Data, &model.Occupancy{Status: model.OccupancyEnded})
		}, []string{"an ENDED occupancy needs until"}},
		{"occupancy status", func(p *rules.Problems) {
			rules.Occupancy(p, rules.API, &model.Occupancy{Status: "PLANNED"})
		}, []string{`status "PLANNED" is not one of ANNOUNCED, ACTIVE or ENDED`}},
		{"occupancy", func(p *rules.Problems) { rules.Occupancy(p, rules.Data, &model.Occupancy{FloorAreaM2: ptr(0.0)}) },
			[]string{"floor_area_m2 must be positive"}},
	}
	for _, tc := range tests {
		got := messages(t, tc.check)
		if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestClaimGroup(t *testing.T) {
	reason := ptr("why")
	m := func(record, about string, rank model.Rank, reason *string, says string) rules.ClaimMember {
		var rr model.Text
		if reason != nil {
			rr = model.Bi(*reason, *reason)
		}
		return rules.ClaimMember{Record: record, About: about, Rank: rank, RankReason: rr, Says: says}
	}
	type problem struct {
		record string
		rule   rules.ClaimRule
		msg    string
	}
	tests := []struct {
		name    string
		kind    rules.ClaimKind
		style   rules.Style
		members []rules.ClaimMember
		want    []problem
	}{
		{"agreeing without reasons", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankPreferred, reason, "863"), m("b", "site:x jobs", model.RankNormal, nil, "863")}, nil},
		{"no preferred", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankNormal, nil, "863"), m("b", "site:x jobs", model.RankNormal, nil, "863")},
			[]problem{{"", rules.ClaimNoPreferred, "no PREFERRED observation: one observation of the claim that is not DEPRECATED must be PREFERRED (the one counted)"}}},
		{"every claim retracted", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankDeprecated, reason, "863"), m("b", "site:x jobs", model.RankDeprecated, reason, "863")}, nil},
		{"the preferred retracted", rules.ObservationClaims, rules.API, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankDeprecated, reason, "863"), m("b", "site:x jobs", model.RankNormal, reason, "863")},
			[]problem{{"", rules.ClaimNoPreferred, "no PREFERRED observation: one observation of the claim that is not DEPRECATED must be PREFERRED (the one counted)"}}},
		{"two dates", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			when(m("a", "k", model.RankPreferred, reason, "165"), "2021-01-01", "2021-12-31"),
			when(m("b", "k", model.RankNormal, reason, "190"), "2025-09-01", "2025-09-30")},
			[]problem{{"b", rules.ClaimWhen, `claim "c": every observation of a claim must be about the date of a (figures of different dates are different facts, not claims of one)`}}},
		{"one date at two precisions", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			when(m("a", "k", model.RankPreferred, reason, "124"), "2018-11-22", "2018-11-22"),
			when(m("b", "k", model.RankNormal, reason, "148"), "2018-01-01", "2018-12-31")}, nil},
		{"events of two dates", rules.EventClaims, rules.Data, []rules.ClaimMember{
			when(m("a", "CLOSURE", model.RankPreferred, reason, "2021-04-30 DAY"), "2021-04-30", "2021-04-30"),
			when(m("b", "CLOSURE", model.RankNormal, reason, "2021-05-01 DAY"), "2021-05-01", "2021-05-01")}, nil},
		{"disagreeing with reasons", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankPreferred, reason, "863"), m("b", "site:x jobs", model.RankNormal, reason, "823")}, nil},
		{"disagreeing without a reason", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankPreferred, reason, "863"), m("b", "site:x jobs", model.RankNormal, ptr(" "), "823")},
			[]problem{{"", rules.ClaimDisagree, "the observations of the claim disagree: each needs a rank_reason"}}},
		{"two preferred", rules.ObservationClaims, rules.API, []rules.ClaimMember{
			m("a", "k", model.RankPreferred, reason, "1"), m("b", "k", model.RankPreferred, reason, "1")},
			[]problem{{"", rules.ClaimPreferred, "more than one PREFERRED observation"}}},
		{"about something else", rules.ObservationClaims, rules.Data, []rules.ClaimMember{
			m("a", "site:x jobs", model.RankPreferred, reason, "1"), m("b", "site:y jobs", model.RankNormal, nil, "1")},
			[]problem{{"b", rules.ClaimAbout, `claim "c": every observation of a claim must have the subject, metric, status and breakdown category of a`}}},
		{"events", rules.EventClaims, rules.Data, []rules.ClaimMember{
			m("a", "CLOSURE", model.RankPreferred, reason, "2021-05-01 DAY"), m("b", "OPENING", model.RankPreferred, nil, "2021-05 MONTH")},
			[]problem{{"b", rules.ClaimAbout, `claim "c": every event of a claim must have the kind of a`},
				{"", rules.ClaimPreferred, "more than one PREFERRED event"},
				{"", rules.ClaimDisagree, "the events of the claim disagree on the date: each needs a rank_reason"}}},
		{"empty", rules.EventClaims, rules.API, nil, nil},
	}
	for _, tc := range tests {
		var got []problem
		for _, cp := range rules.ClaimGroup(tc.style, tc.kind, "c", tc.members) {
			got = append(got, problem{cp.Record, cp.Rule, msg(t, cp.Err)})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func when(m rules.ClaimMember, from, to string) rules.ClaimMember {
	m.From, m.To = from, to
	return m
}

// TestObservationSaysComparesValues: two figures with equal high ends and period
// starts held at different addresses say the same thing (the seed used to compare
// the pointers, so that any two RANGE figures of a claim disagreed).
func TestObservationSaysComparesValues(t *testing.T) {
	a := &model.Observation{Value: 1500, ValueMax: ptr(2000.0), Approximation: model.ApproxRange, Date: "2030-01-01", PeriodStart: ptr("2025-01-01")}
	b := &model.Observation{Value: 1500, ValueMax: ptr(2000.0), Approximation: model.ApproxRange, Date: "2030-01-01", PeriodStart: ptr("2025-01-01")}
	if rules.ObservationSays(a) != rules.ObservationSays(b) {
		t.Errorf("%q != %q", rules.ObservationSays(a), rules.ObservationSays(b))
	}
	for _, edit := range []func(o *model.Observation){
		func(o *model.Observation) { o.ValueMax = ptr(2500.0) },
		func(o *model.Observation) { o.ValueMax = nil },
		func(o *model.Observation) { o.PeriodStart = nil },
		func(o *model.Observation) { o.Value = 1000 },
		func(o *model.Observation) { o.Date = "2029-01-01" },
		func(o *model.Observation) { o.Approximation = model.ApproxAbout },
	} {
		c := *b
		edit(&c)
		if rules.ObservationSays(a) == rules.ObservationSays(&c) {
			t.Errorf("%q and %q say the same", rules.ObservationSays(a), rules.ObservationSays(&c))
		}
	}
	if rules.EventSays(&model.Event{Date: "2021-01-01", Precision: model.PrecisionYear}) ==
		rules.EventSays(&model.Event{Date: "2021-01-01", Precision: model.PrecisionMonth}) {
		t.Error("events of different precisions say the same")
	}
}

func TestStyleNames(t *testing.T) {
	for api, data := range map[string]string{
		"valueMax": "value_max", "rankReason": "rank_reason", "areaSquareMetres": "area_m2", "floorAreaM2": "floor_area_m2",
		"amountEur": "amount_eur", "locationPrecision": "location.precision", "name": "name", "citation": "cite",
	} {
		if got := rules.Data.Name(api); got != data {
			t.Errorf("Data.Name(%s) = %s, want %s", api, got, data)
		}
		if got := rules.API.Name(api); got != api {
			t.Errorf("API.Name(%s) = %s", api, got)
		}
	}
}

func TestProblemsErr(t *testing.T) {
	var p rules.Problems
	if p.Err() != nil || !p.Empty() {
		t.Fatal("no problem is an error")
	}
	p.Add("name", rules.Missing(rules.API, "name"))
	p.Add("kind", nil)
	p.Addf("slug", "slug %q: use lower-case letters, digits and dashes", "X")
	if !p.Has("name") || p.Has("kind") || !p.Has("slug") {
		t.Error("Has")
	}
	e := model.AsError(p.Err())
	if e == nil || e.Code != model.CodeBadUserInput ||
		e.Message != `invalid input: name is required; slug "X": use lower-case letters, digits and dashes` ||
		!reflect.DeepEqual(e.Extensions["problems"], []string{"name is required", `slug "X": use lower-case letters, digits and dashes`}) {
		t.Errorf("%+v", e)
	}
}

func subsidy(amount float64, claim string, rank model.Rank) *model.Subsidy {
	s := &model.Subsidy{AmountEur: amount, FunderKind: model.FunderState, Scope: model.ScopeTerritorialAllocation, Rank: rank}
	if claim != "" {
		s.Claim = &claim
	}
	return s
}

// TestRankDefaults: a record without a claim is the only claim of its fact, so its
// PREFERRED one, with no reason needed; with a claim, NORMAL is the default.
func TestRankDefaults(t *testing.T) {
	claim := ptr("site:x/jobs")
	for _, tc := range []struct {
		name  string
		claim *string
		rank  model.Rank
		want  model.Rank
		msgs  []string
	}{
		{"no claim", nil, "", model.RankPreferred, nil},
		{"a claim", claim, "", model.RankNormal, nil},
		{"no claim, NORMAL", nil, model.RankNormal, model.RankNormal,
			[]string{"rank NORMAL needs a claim: a record without a claim is the only claim of its fact, so its PREFERRED one"}},
		{"no claim, DEPRECATED without reason", nil, model.RankDeprecated, model.RankDeprecated, []string{"rank DEPRECATED needs a rankReason"}},
		{"a claim, PREFERRED without reason", claim, model.RankPreferred, model.RankPreferred, []string{"rank PREFERRED needs a rankReason"}},
	} {
		o := &model.Observation{Value: 1, Date: "2024-01-01", Status: model.StatusActual, Rank: tc.rank, Claim: tc.claim}
		got := messages(t, func(p *rules.Problems) { rules.Observation(p, rules.API, o) })
		if o.Rank != tc.want || !reflect.DeepEqual(got, tc.msgs) && !(len(got) == 0 && len(tc.msgs) == 0) {
			t.Errorf("%s: rank %s, %q; want %s, %q", tc.name, o.Rank, got, tc.want, tc.msgs)
		}
		e := &model.Event{Kind: model.EventClosure, Title: model.Bi("T", "T"), Date: "2021-04-30", Rank: tc.rank, Claim: tc.claim}
		got = messages(t, func(p *rules.Problems) { rules.Event(p, rules.API, e) })
		if e.Rank != tc.want || !reflect.DeepEqual(got, tc.msgs) && !(len(got) == 0 && len(tc.msgs) == 0) {
			t.Errorf("event, %s: rank %s, %q; want %s, %q", tc.name, e.Rank, got, tc.want, tc.msgs)
		}
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		long       bool
		want       string
	}{
		{"plain", "Béthune-Bruay, « 1er mai » ’", false, ""},
		{"NUL", "Black\x00Star", false, "name contains a NUL character"},
		{"NUL in a long text", "a\x00b", true, "name contains a NUL character"},
		{"escape", "a\x1b[31mred", false, "name contains a control character (U+001B)"},
		{"delete", "a\x7fb", true, "name contains a control character (U+007F)"},
		{"C1 control", "a\u0085b", true, "name contains a control character (U+0085)"},
		{"non-character", "a\uFFFEb", true, "name contains a control character (U+FFFE)"},
		{"line break in a name", "Black\nStar", false, "name must be on one line (no line break nor tab)"},
		{"line break in a note", "First line.\n\tSecond.", true, ""},
		{"invalid UTF-8", "a\xffb", false, "name is not valid UTF-8"},
	} {
		if got := msg(t, rules.CleanText("name", tc.text, tc.long)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestValuesWithinTheirUnit: a figure's value is finite and within the range of its
// unit (docs/input.md): no negative head count, no percentage above 100, no euros
// beyond the ceiling; an area is positive and bounded.
func TestValuesWithinTheirUnit(t *testing.T) {
	for _, tc := range []struct {
		unit  string
		value float64
		want  string
	}{
		{"PEOPLE", 823, ""},
		{"PEOPLE", -823, "value -823 is out of the range of PEOPLE values (0 to 1e+09)"},
		{"JOBS", 1e308, "value 1e+308 is out of the range of JOBS values (0 to 1e+09)"},
		{"PERCENT", 93.4, ""},
		{"PERCENT", 140, "value 140 is out of the range of PERCENT values (0 to 100)"},
		{"EUR", 21_768_438, ""},
		{"EUR", 1e14, "value 1e+14 is out of the range of EUR values (0 to 1e+13)"},
		{"RANK", 0, "value 0 is out of the range of RANK values (1 to 1e+09)"},
		{"EUR", math.Inf(1), "value must be a number"},
		{"EUR", math.NaN(), "value must be a number"},
	} {
		if got := msg(t, rules.InRange("value", tc.unit, tc.value)); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.unit, tc.value, got, tc.want)
		}
	}
	for unit := range rules.Units {
		if _, ok := rules.UnitRanges[unit]; !ok {
			t.Errorf("unit %s has no range", unit)
		}
	}
	if got := msg(t, rules.Area("area", ptr(2e11))); got != "area 2e+11 is out of the range of M2 values (0 to 1e+11)" {
		t.Errorf("area: %q", got)
	}
	// Every record rule cleans its texts.
	var p rules.Problems
	rules.Company(&p, rules.API, &model.Company{Name: "Black\x00Star", Website: ptr("javascript:alert(1)")})
	if got := strings.Join(p.Messages(), "; "); got != "website must be an http:// or https:// address; name contains a NUL character" {
		t.Errorf("company: %q", got)
	}
}
