package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

// published are the kinds and their columns as downloads have published them. Columns
// are only ever appended: each kind still starts with these, in this order.
var published = []struct {
	name    string
	columns []string
}{
	{"sources", []string{"slug", "title", "publisher", "kind", "published_on", "published_precision", "language", "url", "licence", "description"}},
	{"citations", []string{"source", "quote", "locator"}},
	{"metrics", []string{"code", "label", "unit", "definition"}},
	{"territories", []string{"slug", "name", "kind", "code", "parent", "population", "postal_codes", "latitude", "longitude", "location_precision", "description"}},
	{"companies", []string{"slug", "name", "kind", "siren", "activity", "group_name", "territory", "website", "description"}},
	{"sites", []string{"slug", "name", "territory", "territory_code", "status", "address", "latitude", "longitude", "location_precision", "area_m2", "operator", "opened_on", "opened_precision", "description"}},
	{"site_status_periods", []string{"site", "status", "since", "since_precision", "until", "until_precision", "source", "quote", "locator"}},
	{"occupancies", []string{"slug", "site", "company", "since", "since_precision", "until", "until_precision", "floor_area_m2", "activity", "source", "quote", "locator"}},
	{"programmes", []string{"slug", "name", "short_name", "level", "parent", "period_start", "period_end", "description", "period_start_precision", "period_end_precision"}},
	{"subsidies", []string{"slug", "programme", "recipient", "territory", "amount_eur", "approximation", "recipients_count", "period_start", "period_end", "precision", "status", "purpose", "note", "source", "quote", "locator"}},
	{"observations", []string{"slug", "subject_type", "subject", "metric", "value", "value_max", "approximation", "unit", "date", "precision", "period_start", "status", "rank", "rank_reason", "claim", "dimension", "category", "note", "source", "quote", "locator"}},
	{"events", []string{"slug", "kind", "title", "description", "date", "precision", "rank", "rank_reason", "claim", "source", "quote", "locator", "status"}},
	{"event_subjects", []string{"event", "subject_type", "subject", "role"}},
	{"relationships", []string{"slug", "kind", "from_type", "from", "to_type", "to", "since", "since_precision", "until", "until_precision", "description", "source", "quote", "locator"}},
	{"memberships", []string{"member", "group", "role", "since", "since_precision", "until", "until_precision", "source", "quote", "locator"}},
}

// cited are the kinds whose rows carry a citation (source, quote, locator): the
// citations themselves and the cited records.
var cited = []string{"citations", "site_status_periods", "occupancies", "subsidies", "observations", "events", "relationships", "memberships"}

func TestKindsKeepTheirColumns(t *testing.T) {
	t.Parallel()
	for _, p := range published {
		k, ok := export.Lookup(p.name)
		if !ok {
			t.Errorf("kind %s is gone", p.name)
			continue
		}
		if k.Name != p.name || k.Description().IsZero() {
			t.Errorf("Lookup(%s) = %s, described %q", p.name, k.Name, k.Description().EN)
		}
		if len(k.Columns()) < len(p.columns) || !slices.Equal(k.Columns()[:len(p.columns)], p.columns) {
			t.Errorf("%s: columns %v, want them to start with %v", p.name, k.Columns(), p.columns)
		}
		seen := map[string]bool{}
		for _, c := range k.Columns() {
			if seen[c] {
				t.Errorf("%s: column %s twice", p.name, c)
			}
			seen[c] = true
		}
		wantCited := slices.Contains(cited, p.name)
		if hasCitation := seen["source"] && seen["quote"] && seen["locator"]; hasCitation != wantCited {
			t.Errorf("%s: citation columns %v, want %v", p.name, hasCitation, wantCited)
		}
	}
	if _, ok := export.Lookup("nothing"); ok {
		t.Error("Lookup found an unknown kind")
	}
	names := export.Names()
	if !slices.IsSorted(names) || len(names) != len(export.Kinds()) {
		t.Errorf("Names() = %v: want the %d kinds, sorted", names, len(export.Kinds()))
	}
	for _, k := range export.Kinds() {
		if _, ok := slices.BinarySearch(names, k.Name); !ok {
			t.Errorf("Names() lacks %s", k.Name)
		}
	}
}

// world is a database with rows of every kind: the exploration fixture, the sites
// fixture, a membership and a status period.
func world(t *testing.T) *gorm.DB {
	t.Helper()
	db := testdb.New(t).DB
	fixture.Sites(t, db, 2)
	w := fixture.Explore(t, db)
	var citation int64
	if err := db.Table("citations").Select("MIN(id)").Scan(&citation).Error; err != nil {
		t.Fatal(err)
	}
	since := "2021-05-01"
	if err := db.Create(&model.SiteStatusPeriod{SiteID: w.Sites["bridgestone-bethune"].ID, Status: model.SiteClosed, Since: since,
		SincePrecision: model.PrecisionDay, CitationID: citation}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&model.TerritoryMembership{MemberID: w.Territories["commune-62119"].ID, GroupID: w.Territories["epci-200072460"].ID,
		CitationID: citation}).Error; err != nil {
		t.Fatal(err)
	}
	return db
}

// TestEveryKindStreamsItsColumns writes every kind both ways: the CSV has the header
// and one field per column on every row, the JSON the same rows as objects whose keys
// are the columns, in order, with the CSV's values (NULL: an empty cell, null).
func TestEveryKindStreamsItsColumns(t *testing.T) {
	t.Parallel()
	db := world(t)
	ctx := context.Background()
	for _, k := range export.Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			var csvOut, jsonOut bytes.Buffer
			n, err := k.WriteCSV(ctx, db, &csvOut)
			if err != nil {
				t.Fatalf("WriteCSV: %v", err)
			}
			records, err := csv.NewReader(&csvOut).ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not parse: %v", err)
			}
			if !slices.Equal(records[0], k.Columns()) {
				t.Errorf("header %v, want %v", records[0], k.Columns())
			}
			rows := records[1:]
			// The fixture has some of every kind but the dataset's releases and its
			// corrections log (the curated data's).
			if n != len(rows) || n == 0 && k.Name != "releases" && k.Name != "corrections" {
				t.Fatalf("WriteCSV reported %d rows, wrote %d (the fixture has some of every kind)", n, len(rows))
			}
			m, err := k.WriteJSON(ctx, db, &jsonOut)
			if err != nil || m != n {
				t.Fatalf("WriteJSON: %d rows (%v), CSV %d", m, err, n)
			}
			objects := decodeObjects(t, jsonOut.Bytes())
			if len(objects) != n {
				t.Fatalf("the JSON holds %d objects, WriteJSON reported %d", len(objects), n)
			}
			for i, obj := range objects {
				if !slices.Equal(obj.keys, k.Columns()) {
					t.Fatalf("object %d keys %v, want %v", i, obj.keys, k.Columns())
				}
				for j, v := range obj.values {
					if got, want := csvCell(v), rows[i][j]; got != want {
						t.Errorf("row %d, %s: JSON %s, CSV %q", i, k.Columns()[j], v, want)
					}
				}
			}
		})
	}
}

type object struct {
	keys   []string
	values []json.RawMessage
}

// decodeObjects reads a JSON array of objects, keeping the order of their keys.
func decodeObjects(t *testing.T, data []byte) []object {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	expect := func(want json.Delim) {
		t.Helper()
		if tok, err := dec.Token(); err != nil || tok != want {
			t.Fatalf("JSON: %v (%v), want %v", tok, err, want)
		}
	}
	var out []object
	expect('[')
	for dec.More() {
		expect('{')
		var o object
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			o.keys, o.values = append(o.keys, tok.(string)), append(o.values, v)
		}
		expect('}')
		out = append(out, o)
	}
	expect(']')
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("JSON: something after the array (%v)", err)
	}
	return out
}

// csvCell is what the CSV holds for a JSON value: strings as they are, numbers as
// written, null as an empty cell.
func csvCell(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if string(v) == "null" {
		return ""
	}
	return string(v)
}

func TestCSVAndJSONOfASmallFixture(t *testing.T) {
	t.Parallel()
	db := testdb.New(t).DB
	fixture.Sites(t, db, 2)
	ctx := context.Background()
	write := func(kind string, k export.Kind, asJSON bool) (int, string) {
		t.Helper()
		if kind != "" {
			var ok bool
			if k, ok = export.Lookup(kind); !ok {
				t.Fatalf("no kind %s", kind)
			}
		}
		var b bytes.Buffer
		var n int
		var err error
		if asJSON {
			n, err = k.WriteJSON(ctx, db, &b)
		} else {
			n, err = k.WriteCSV(ctx, db, &b)
		}
		if err != nil {
			t.Fatal(err)
		}
		return n, b.String()
	}

	// Texts in French by default, in English on demand; the same columns; an empty
	// text is NULL (an empty cell, null).
	if n, got := write("metrics", export.Kind{}, false); n != 1 || got != "code,label,unit,definition\r\nfx_jobs,Emplois,JOBS,\r\n" {
		t.Errorf("metrics.csv (%d rows):\n%s", n, got)
	}
	metrics, _ := export.Lookup("metrics")
	if n, got := write("", metrics.In(model.LangEN), false); n != 1 || got != "code,label,unit,definition\r\nfx_jobs,Jobs,JOBS,\r\n" {
		t.Errorf("metrics.csv in English (%d rows):\n%s", n, got)
	}
	if n, got := write("metrics", export.Kind{}, true); n != 1 || got != "[\n{\"code\":\"fx_jobs\",\"label\":\"Emplois\",\"unit\":\"JOBS\",\"definition\":null}\n]\n" {
		t.Errorf("metrics.json (%d rows):\n%s", n, got)
	}
	if n, got := write("sites", export.Kind{}, false); n != 2 || !strings.Contains(got, "\r\nfx-site-0000,Site 0000,fx-commune,99999,OPERATING,,,,,,,,,,,,,\r\nfx-site-0001,Site 0001,fx-commune,99999,OPERATING,") {
		t.Errorf("sites.csv (%d rows):\n%s", n, got)
	}
	n, got := write("observations", export.Kind{}, false)
	if n != 6 {
		t.Errorf("observations.csv: %d rows, want 6 (3 a site)", n)
	}
	records, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range records[0] {
		col[c] = i
	}
	var seen []string
	for _, r := range records[1:] {
		seen = append(seen, strings.Join([]string{r[col["slug"]], r[col["subject_type"]], r[col["subject"]], r[col["metric"]], r[col["value"]],
			r[col["date"]], r[col["precision"]], r[col["date_start"]], r[col["source"]], r[col["quote"]]}, "|"))
	}
	want := []string{
		"fx-obs-0000-0|SITE|fx-site-0000|fx_jobs|0|2020|YEAR|2020-01-01|fx-source-0|quote 0-0",
		"fx-obs-0000-1|SITE|fx-site-0000|fx_jobs|10|2021|YEAR|2021-01-01|fx-source-1|quote 0-1",
		"fx-obs-0000-2|SITE|fx-site-0000|fx_jobs|20|2022|YEAR|2022-01-01|fx-source-0|quote 0-2",
		"fx-obs-0001-0|SITE|fx-site-0001|fx_jobs|0|2020|YEAR|2020-01-01|fx-source-1|quote 1-0",
		"fx-obs-0001-1|SITE|fx-site-0001|fx_jobs|10|2021|YEAR|2021-01-01|fx-source-0|quote 1-1",
		"fx-obs-0001-2|SITE|fx-site-0001|fx_jobs|20|2022|YEAR|2022-01-01|fx-source-1|quote 1-2",
	}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("observations\n got %q\nwant %q", seen, want)
	}

	// Both dialects at once, from one read: the same rows; excel-fr with a BOM and
	// semicolons, both with CRLF.
	sites, _ := export.Lookup("sites")
	var rfc, fr bytes.Buffer
	if n, err := sites.WriteCSVs(ctx, db, map[export.Dialect]io.Writer{export.DialectRFC4180: &rfc, export.DialectExcelFR: &fr}); err != nil || n != 2 {
		t.Fatalf("WriteCSVs: %d %v", n, err)
	}
	if want := strings.ReplaceAll(strings.TrimPrefix(fr.String(), "\uFEFF"), ";", ","); !strings.HasPrefix(fr.String(), "\uFEFFslug;name;") || want != rfc.String() {
		t.Errorf("excel-fr:\n%q\nrfc4180:\n%q", fr.String(), rfc.String())
	}
	if d, ok := export.LookupDialect(""); !ok || d != export.DialectRFC4180 {
		t.Error("the default dialect is not RFC 4180")
	}
	if _, ok := export.LookupDialect("excel"); ok {
		t.Error("an unknown dialect found")
	}

	// Only: the rows of the ids the subquery selects.
	obs, _ := export.Lookup("observations")
	only := obs.Only(func(db *gorm.DB) *gorm.DB {
		return db.Model(&model.Observation{}).Select("id").Where("slug LIKE ?", "fx-obs-0001-%")
	})
	if n, got := write("", only, false); n != 3 || strings.Contains(got, "fx-obs-0000") || strings.Count(got, "\nfx-obs-0001-") != 3 {
		t.Errorf("observations of site 1 (%d rows):\n%s", n, got)
	}
	if n, _ := write("observations", export.Kind{}, false); n != 6 {
		t.Errorf("Only changed the kind it was called on: %d rows", n)
	}

	// Quotes, commas, new lines and accents survive both ways.
	title := "Le \"Monde\", édition\nspéciale"
	if err := db.Create(&model.Source{Slug: "fx-source-quoted", Title: title, Publisher: "Test", Kind: model.SourcePressArticle,
		PublishedPrecision: model.PrecisionDay, Language: "fr"}).Error; err != nil {
		t.Fatal(err)
	}
	_, got = write("sources", export.Kind{}, false)
	records, err = csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("sources.csv does not parse: %v\n%s", err, got)
	}
	found := false
	for _, r := range records[1:] {
		found = found || r[0] == "fx-source-quoted" && r[1] == title
	}
	if !found {
		t.Errorf("sources.csv lost the title %q:\n%s", title, got)
	}
	_, got = write("sources", export.Kind{}, true)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(got), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("sources.json: %d rows (%v)\n%s", len(rows), err, got)
	}
	if rows[2]["slug"] != "fx-source-quoted" || rows[2]["title"] != title || rows[2]["url"] != nil {
		t.Errorf("sources.json: %v", rows[2])
	}
}
