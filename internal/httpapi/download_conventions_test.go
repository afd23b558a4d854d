package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/model"
)

// readCSV parses a CSV download (either dialect) into rows keyed by column.
func readCSV(t *testing.T, body []byte, comma rune) (header []string, rows []map[string]string) {
	t.Helper()
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = comma
	records, err := r.ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("csv does not parse (%v): %.300s", err, body)
	}
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, c := range records[0] {
			row[c] = rec[i]
		}
		rows = append(rows, row)
	}
	return records[0], rows
}

func TestEveryDownloadTakesTheFiltersOfItsKind(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	all := func(col, want string) func(map[string]string) bool {
		return func(r map[string]string) bool { return r[col] == want }
	}
	tests := []struct {
		path string
		keep func(map[string]string) bool
	}{
		{"/download/sites.csv?status=REOCCUPIED", all("status", "REOCCUPIED")},
		{"/download/sites.csv?status=reoccupied,closed", func(r map[string]string) bool { return r["status"] == "REOCCUPIED" || r["status"] == "CLOSED" }},
		// The identifier rule: an INSEE code, a slug or a global ID names the territory.
		{"/download/sites.csv?territory=62119", all("territory_code", "62119")},
		{"/download/sites.csv?territory=" + model.GlobalID(model.TypeTerritory, "commune-62119") + "&status=REOCCUPIED", all("territory_code", "62119")},
		{"/download/territories.csv?kind=EPCI", all("kind", "EPCI")},
		{"/download/territories.csv?parent=epci-200072460&kind=COMMUNE", all("parent", "epci-200072460")},
		{"/download/companies.csv?site=bridgestone-bethune", func(map[string]string) bool { return true }},
		{"/download/subsidies.csv?rank=PREFERRED", all("rank", "PREFERRED")},
		{"/download/subsidies.csv?public=true&minAmountEur=1000000", func(r map[string]string) bool { return r["funder_kind"] != "PRIVATE_COMPANY" }},
		{"/download/events.csv?from=2021&to=2021", func(r map[string]string) bool { return strings.HasPrefix(r["date"], "2021") }},
		{"/download/occupancies.csv?company=black-star&site=bridgestone-bethune", all("company", "black-star")},
		{"/download/site_status_periods.csv?site=" + model.GlobalID(model.TypeSite, "bridgestone-bethune"), all("site", "bridgestone-bethune")},
		{"/download/citations.csv?source=cabbalr-2025-09-dossier-de-presse", all("source", "cabbalr-2025-09-dossier-de-presse")},
		{"/download/observations.csv?subject=site:bridgestone-bethune&rank=PREFERRED", all("subject", "bridgestone-bethune")},
		{"/download/observations.json?withoutBreakdown=true&metric=jobs_affected_by_closure", all("metric", "jobs_affected_by_closure")},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			full := tc.path[:strings.Index(tc.path, "?")]
			_, everything := get(t, srv.URL+full)
			res, body := get(t, srv.URL+tc.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			var rows []map[string]string
			if strings.Contains(tc.path, ".json") {
				var raw []map[string]any
				if err := json.Unmarshal(body, &raw); err != nil {
					t.Fatal(err)
				}
				for _, r := range raw {
					row := map[string]string{}
					for k, v := range r {
						if s, ok := v.(string); ok {
							row[k] = s
						}
					}
					rows = append(rows, row)
				}
				var whole []any
				_ = json.Unmarshal(everything, &whole)
				if len(rows) == 0 || len(rows) >= len(whole) {
					t.Errorf("%d rows of %d: the filter keeps nothing or everything", len(rows), len(whole))
				}
			} else {
				_, rows = readCSV(t, body, ',')
				_, whole := readCSV(t, everything, ',')
				if len(rows) == 0 || len(rows) >= len(whole) {
					t.Errorf("%d rows of %d: the filter keeps nothing or everything", len(rows), len(whole))
				}
			}
			for _, r := range rows {
				if !tc.keep(r) {
					t.Errorf("a row the filter should have left out: %v", r)
					break
				}
			}
		})
	}
}

func TestDownloadsRefuseUnknownParametersNamingThem(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	argument := func(t *testing.T, path, want string) {
		t.Helper()
		res, body := get(t, srv.URL+path)
		msg := restError(t, res, body, http.StatusBadRequest, "BAD_USER_INPUT")
		var e struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		_ = json.Unmarshal(body, &e)
		if !strings.Contains(msg, `"`+want+`"`) && !strings.HasPrefix(msg, want) || len(e.Errors) != 1 || e.Errors[0].Extensions["argument"] != want {
			t.Errorf("%s: %q %v, want it to name %s", path, msg, e.Errors, want)
		}
	}
	for _, k := range export.Kinds() {
		argument(t, "/download/"+k.Name+".csv?foo=bar", "foo")
		argument(t, "/download/"+k.Name+".json?lang=en&foo=bar", "foo")
		argument(t, "/download/"+k.Name+".json?dialect=excel-fr", "dialect")
	}
	for _, p := range []string{"/download/?foo=1", "/download/observatory.zip?foo=1", "/download/datapackage.json?foo=1", "/download/dataset.jsonld?foo=1"} {
		argument(t, p, "foo")
	}
	argument(t, "/download/sites.csv?dialect=excel", "dialect")
	argument(t, "/download/sites.csv?status=OPEN", "status")
	argument(t, "/download/sites.csv?status=CLOSED&status=OPERATING", "status")
	argument(t, "/download/sites.csv?territory=nowhere-at-all", "territory")
	argument(t, "/download/subsidies.csv?minAmountEur=lots", "minAmountEur")
	argument(t, "/download/subsidies.csv?public=maybe", "public")
	argument(t, "/download/events.csv?from=2021-13", "from")
	argument(t, "/download/occupancies.csv?company=nobody-at-all", "company")
	// The parameters' names are the API's: case matters.
	argument(t, "/download/sites.csv?Status=CLOSED", "Status")
}

func TestDownloadParametersAreDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/downloads.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, k := range export.Kinds() {
		at := strings.Index(text, "### "+k.Name+"\n")
		if at < 0 {
			t.Errorf("docs/downloads.md has no section ### %s", k.Name)
			continue
		}
		section := text[at+4:]
		if end := strings.Index(section, "\n### "); end >= 0 {
			section = section[:end]
		}
		for _, format := range []string{"csv", "json"} {
			for _, p := range httpapi.Params(k.Name, format) {
				if p.Name == "lang" || p.Name == "dialect" {
					continue // documented once for all
				}
				if !strings.Contains(section, "`"+p.Name+"`") {
					t.Errorf("docs/downloads.md, %s: parameter `%s` not documented", k.Name, p.Name)
				}
				if p.Description == "" {
					t.Errorf("%s: parameter %s has no description", k.Name, p.Name)
				}
			}
		}
		for _, c := range k.Columns() {
			if !strings.Contains(section, c) {
				t.Errorf("docs/downloads.md, %s: column %s not listed", k.Name, c)
			}
		}
	}
	for _, d := range export.Dialects {
		if !strings.Contains(text, "`"+d.Name+"`") {
			t.Errorf("docs/downloads.md: dialect %s not documented", d.Name)
		}
	}
}

func TestCSVDialects(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	for _, path := range []string{"/download/sites.csv", "/download/sites.csv?status=REOCCUPIED", "/download/observations.csv?lang=en"} {
		res, body := get(t, srv.URL+path)
		if res.StatusCode != http.StatusOK || res.Header.Get("Download-Format-Version") != export.FormatVersion {
			t.Fatalf("%s: %d, format version %q", path, res.StatusCode, res.Header.Get("Download-Format-Version"))
		}
		if bytes.HasPrefix(body, []byte("\uFEFF")) || strings.Count(string(body), "\r\n") < 2 || bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\n")) && !bytes.Contains(body, []byte("\"")) {
			t.Errorf("%s: not RFC 4180 (CRLF, no BOM): %q", path, body[:80])
		}
		if !bytes.HasSuffix(bytes.SplitN(body, []byte("\n"), 2)[0], []byte("\r")) {
			t.Errorf("%s: the header line does not end with CRLF", path)
		}
		sep := "&"
		if !strings.Contains(path, "?") {
			sep = "?"
		}
		res, fr := get(t, srv.URL+path+sep+"dialect=excel-fr")
		if res.StatusCode != http.StatusOK || !bytes.HasPrefix(fr, []byte("\uFEFFslug;")) || !bytes.HasSuffix(bytes.SplitN(fr, []byte("\n"), 2)[0], []byte("\r")) {
			t.Fatalf("%s excel-fr: %d %q", path, res.StatusCode, fr[:min(len(fr), 40)])
		}
		h1, rows1 := readCSV(t, body, ',')
		h2, rows2 := readCSV(t, fr, ';')
		if strings.Join(h1, ",") != strings.Join(h2, ",") || len(rows1) != len(rows2) {
			t.Errorf("%s: the dialects differ: %d and %d rows", path, len(rows1), len(rows2))
		}
		for i := range rows1 {
			for c, v := range rows1[i] {
				if rows2[i][c] != v {
					t.Fatalf("%s: row %d column %s: %q and %q", path, i, c, v, rows2[i][c])
				}
			}
		}
	}
}

func TestPartialDatesAsInTheAPI(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	partial := regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)
	for _, k := range export.Kinds() {
		_, body := get(t, srv.URL+"/download/"+k.Name+".csv")
		_, rows := readCSV(t, body, ',')
		for _, d := range k.Download.Dates {
			seenPartial := false
			for _, r := range rows {
				v, start := r[d.Date], r[d.StartColumn()]
				if v == "" {
					if start != "" {
						t.Errorf("%s.%s: empty, but %s is %q", k.Name, d.Date, d.StartColumn(), start)
					}
					continue
				}
				if !partial.MatchString(v) {
					t.Errorf("%s.%s: %q is not a partial date", k.Name, d.Date, v)
				}
				prec := r[d.Precision]
				want := model.FormatPartialDate(start, model.Precision(prec))
				if _, err := time.Parse("2006-01-02", start); err != nil || want != v {
					t.Errorf("%s.%s = %q (%s), %s = %q", k.Name, d.Date, v, prec, d.StartColumn(), start)
				}
				seenPartial = seenPartial || len(v) < 10
			}
			t.Logf("%s.%s: partial dates seen: %v", k.Name, d.Date, seenPartial)
		}
	}
	// The same year as GraphQL: "2021", not 2021-01-01.
	res, body := get(t, srv.URL+"/download/observations.json?subject=site:bridgestone-bethune")
	var rows []map[string]any
	if err := json.Unmarshal(body, &rows); err != nil || res.StatusCode != http.StatusOK {
		t.Fatal(err)
	}
	years := 0
	for _, r := range rows {
		if r["precision"] == "YEAR" {
			years++
			if d, _ := r["date"].(string); len(d) != 4 {
				t.Errorf("a year written %q", d)
			}
		}
	}
	if years == 0 {
		t.Error("no figure dated by its year to check")
	}
}

func TestTheDataPackageDeclaresEveryColumn(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	res, body := get(t, srv.URL+"/download/datapackage.json?lang=en")
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" {
		t.Fatalf("datapackage.json: %d %v", res.StatusCode, res.Header)
	}
	var pkg struct {
		Profile       string `json:"profile"`
		Version       string `json:"version"`
		ReleaseDate   string `json:"release_date"`
		FormatVersion string `json:"format_version"`
		Licenses      []struct{ Name, Path string }
		Sources       []struct{ Title, Path string }
		Resources     []struct {
			Name, Path string
			Schema     struct {
				Fields []struct {
					Name, Type, Description, Unit string
					DescriptionFR                 string `json:"description_fr"`
				}
			}
		}
	}
	if err := json.Unmarshal(body, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Profile != "tabular-data-package" || pkg.Version == "" || pkg.ReleaseDate == "" || pkg.FormatVersion != export.FormatVersion ||
		len(pkg.Licenses) == 0 || len(pkg.Sources) == 0 || len(pkg.Resources) != len(export.Kinds()) {
		t.Fatalf("descriptor: %+v", pkg)
	}
	types := map[string]bool{"string": true, "integer": true, "number": true, "boolean": true, "date": true, "year": true}
	units := 0
	for i, k := range export.Kinds() {
		r := pkg.Resources[i]
		if r.Name != k.Name || r.Path != k.Name+".csv" {
			t.Errorf("resource %d: %s %s", i, r.Name, r.Path)
		}
		_, csvBody := get(t, srv.URL+"/download/"+r.Path)
		header, _ := readCSV(t, csvBody, ',')
		if len(header) != len(r.Schema.Fields) {
			t.Errorf("%s: %d columns, %d declared", k.Name, len(header), len(r.Schema.Fields))
			continue
		}
		for j, f := range r.Schema.Fields {
			if f.Name != header[j] || !types[f.Type] || f.Description == "" || f.DescriptionFR == "" {
				t.Errorf("%s: column %s declared %+v", k.Name, header[j], f)
			}
			if f.Unit != "" {
				units++
			}
		}
	}
	if units == 0 {
		t.Error("no column has a unit")
	}
	// The archive holds the same descriptor, its entries dated with the release.
	_, zipBody := get(t, srv.URL+"/download/observatory.zip?lang=en")
	zr, err := zip.NewReader(bytes.NewReader(zipBody), int64(len(zipBody)))
	if err != nil {
		t.Fatal(err)
	}
	release, _ := time.Parse("2006-01-02", pkg.ReleaseDate)
	found := false
	for _, f := range zr.File {
		if y, m, d := f.Modified.Date(); y != release.Year() || m != release.Month() || d != release.Day() {
			t.Errorf("%s dated %s, the release is %s", f.Name, f.Modified, pkg.ReleaseDate)
		}
		if f.Name == "datapackage.json" {
			found = true
			rc, _ := f.Open()
			var inZip bytes.Buffer
			_, _ = inZip.ReadFrom(rc)
			rc.Close()
			if !bytes.Equal(inZip.Bytes(), body) {
				t.Error("the archive's datapackage.json differs from /download/datapackage.json")
			}
		}
	}
	if !found {
		t.Error("no datapackage.json in the archive")
	}
}

func TestDatasetJSONLD(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	res, body := get(t, srv.URL+"/download/dataset.jsonld")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/ld+json") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var d map[string]any
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"@context", "name", "description", "license", "publisher", "version", "dateModified", "datePublished", "spatialCoverage", "inLanguage", "distribution"} {
		if d[k] == nil {
			t.Errorf("no %s", k)
		}
	}
	dist, _ := d["distribution"].([]any)
	if len(dist) != 2+2*len(export.Kinds()) {
		t.Errorf("%d distributions", len(dist))
	}
	for _, x := range dist {
		u, _ := x.(map[string]any)["contentUrl"].(string)
		if !strings.HasPrefix(u, srv.URL+"/download/") {
			t.Errorf("distribution at %q, not an absolute address of this server", u)
		}
	}
	if res.Header.Get("Dataset-Version") != d["version"] {
		t.Errorf("Dataset-Version %q, version %v", res.Header.Get("Dataset-Version"), d["version"])
	}
}

func TestValidatorsOnEveryDownloadTheGeoJSONAndTheSchema(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	for _, path := range []string{"/download/", "/download/sites.csv", "/download/sites.json", "/download/sites.csv?dialect=excel-fr",
		"/download/sites.csv?status=REOCCUPIED", "/download/observations.json?rank=PREFERRED", "/download/observatory.zip",
		"/download/datapackage.json", "/download/dataset.jsonld", "/sites.geojson", "/sites.geojson?status=REOCCUPIED", "/schema.graphql"} {
		res, _ := get(t, srv.URL+path)
		etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if res.StatusCode != http.StatusOK || etag == "" || modified == "" {
			t.Errorf("%s: %d, ETag %q, Last-Modified %q", path, res.StatusCode, etag, modified)
			continue
		}
		for _, h := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", modified}} {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			req.Header.Set(h[0], h[1])
			again, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			again.Body.Close()
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("%s with %s: %d, want 304", path, h[0], again.StatusCode)
			}
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("If-None-Match", `"something-else"`)
		other, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		other.Body.Close()
		if other.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", path, other.StatusCode)
		}
	}
	// Another filter, another validator.
	a, _ := get(t, srv.URL+"/download/sites.csv?status=REOCCUPIED")
	b, _ := get(t, srv.URL+"/download/sites.csv?status=CLOSED")
	if a.Header.Get("ETag") == b.Header.Get("ETag") {
		t.Error("two filters, one ETag")
	}
}

func TestPlainDecimalNumbersInJSON(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	exponent := regexp.MustCompile(`[0-9][eE][+-]?[0-9]`)
	for _, path := range []string{"/download/subsidies.json", "/download/observations.json", "/download/sites.json"} {
		_, body := get(t, srv.URL+path)
		// Numbers only: quoted texts may hold anything.
		unquoted := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).ReplaceAll(body, nil)
		if m := exponent.Find(unquoted); m != nil {
			t.Errorf("%s: a number with an exponent near %q", path, m)
		}
	}
	res, body := get(t, srv.URL+`/graphql?query={subsidies(first:50){nodes{amountEur}}}`)
	if res.StatusCode != http.StatusOK || exponent.Match(body) || !bytes.Contains(body, []byte(`"amountEur":143000000`)) {
		t.Errorf("GraphQL: %d %s", res.StatusCode, body)
	}
}

func TestTheDownloadListStatesParametersDialectsAndVersions(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	res, body := get(t, srv.URL+"/download/")
	var list struct {
		FormatVersion      string `json:"formatVersion"`
		DataPackage        string `json:"dataPackage"`
		DatasetDescription string `json:"datasetDescription"`
		Dialects           []struct{ Name string }
		Files              []struct {
			Kind       string
			CSVParams  []httpapi.Param `json:"csvParameters"`
			JSONParams []httpapi.Param `json:"jsonParameters"`
		}
	}
	if err := json.Unmarshal(body, &list); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", res.StatusCode, err)
	}
	if list.FormatVersion != export.FormatVersion || list.DataPackage != "/download/datapackage.json" || list.DatasetDescription != "/download/dataset.jsonld" || len(list.Dialects) != 2 {
		t.Errorf("%+v", list)
	}
	names := func(ps []httpapi.Param) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return strings.Join(out, ",")
	}
	// The dataset query states them too.
	res, body = get(t, srv.URL+`/graphql?query={dataset{formatVersion%20dataPackageUrl%20descriptionUrl}}`)
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`{"formatVersion":"`+export.FormatVersion+`","dataPackageUrl":"/download/datapackage.json","descriptionUrl":"/download/dataset.jsonld"}`)) {
		t.Errorf("dataset: %d %s", res.StatusCode, body)
	}
	for _, f := range list.Files {
		if f.Kind == "sites" && (names(f.CSVParams) != "lang,dialect,territory,status,name,activity,operator,occupant,bbox,near" ||
			names(f.JSONParams) != "lang,territory,status,name,activity,operator,occupant,bbox,near") {
			t.Errorf("sites: %s / %s", names(f.CSVParams), names(f.JSONParams))
		}
	}
}
