package export

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// FormatVersion is the version of the download formats (columns, CSV dialects, the
// data package): a new one for each change a client may have to follow
// (docs/changelog.md, docs/downloads.md). It is in the data package, the JSON-LD
// description and the header Download-Format-Version of every download.
//
//	1  the first files (CSV with LF line endings, dates as their period's first day)
//	2  partial dates as in the API with <date>_start columns, CRLF, the excel-fr
//	   dialect, the data package and the JSON-LD description
const FormatVersion = "2"

// Meta is what the descriptors say of the dataset besides its files.
type Meta struct {
	// Name is the data package's name (lower case, -, _ and . only).
	Name        string
	Title       model.Text
	Description model.Text
	// Licence is the licence statement (LICENCE.txt), LicenceURL its text.
	Licence    string
	LicenceURL string
	// Publisher names who publishes the dataset.
	Publisher string
	// Keywords for data portals.
	Keywords []string
}

// Release is a release of the curated dataset: its version and date.
type Release struct {
	Version string
	Date    time.Time
	// First is the date of the first release (the dataset's publication).
	First time.Time
}

// Source is a document the dataset cites, for the descriptors.
type Source struct {
	Title string
	URL   string
}

// MaxDescribedSources bounds the sources listed by the descriptors (sources.csv has
// them all).
const MaxDescribedSources = 200

// readRelease reads the latest release of the dataset (zero if none).
func readRelease(ctx context.Context, db *gorm.DB) (Release, error) {
	releases, err := model.Releases(ctx, db)
	if err != nil || len(releases) == 0 {
		return Release{}, err
	}
	last := releases[len(releases)-1]
	on, err := time.Parse("2006-01-02", last.ReleasedOn)
	if err != nil {
		return Release{}, fmt.Errorf("release %s: date %q: %w", last.Version, last.ReleasedOn, err)
	}
	first, err := time.Parse("2006-01-02", releases[0].ReleasedOn)
	if err != nil {
		return Release{}, fmt.Errorf("release %s: date %q: %w", releases[0].Version, releases[0].ReleasedOn, err)
	}
	return Release{Version: last.Version, Date: on, First: first}, nil
}

// readSources reads up to MaxDescribedSources sources (title, address), in the order of
// sources.csv.
func readSources(ctx context.Context, db *gorm.DB) ([]Source, error) {
	k, _ := Lookup("sources")
	cols := k.Columns()
	title, url := indexOf(cols, "title"), indexOf(cols, "url")
	var out []Source
	err := k.rows(ctx, db, func(vals []any) error {
		if len(out) < MaxDescribedSources {
			s := Source{Title: cell(vals[title])}
			if u, ok := vals[url].(string); ok {
				s.URL = u
			}
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	panic("export: no column " + s)
}

// DataPackage is the Frictionless Data Package descriptor of the CSV files
// (datapackage.json, https://specs.frictionlessdata.io/): one tabular resource per
// kind, with its table schema (names, types, descriptions in English and, in
// description_fr, French, units), the licences, the sources, the dataset's version and
// release date, and the format version. Paths are relative: the same descriptor
// describes the archive's files and those of /download/. texts is the language of the
// files' texts.
func DataPackage(meta Meta, release Release, sources []Source, texts model.Lang) ([]byte, error) {
	type field struct {
		Name          string         `json:"name"`
		Type          string         `json:"type"`
		Format        string         `json:"format,omitempty"`
		Description   string         `json:"description"`
		DescriptionFR string         `json:"description_fr"`
		Unit          string         `json:"unit,omitempty"`
		Constraints   map[string]any `json:"constraints,omitempty"`
	}
	type schema struct {
		Fields        []field  `json:"fields"`
		MissingValues []string `json:"missingValues"`
		PrimaryKey    []string `json:"primaryKey,omitempty"`
	}
	type dialect struct {
		Delimiter      string `json:"delimiter"`
		LineTerminator string `json:"lineTerminator"`
		QuoteChar      string `json:"quoteChar"`
		DoubleQuote    bool   `json:"doubleQuote"`
		Header         bool   `json:"header"`
	}
	type resource struct {
		Profile       string  `json:"profile"`
		Name          string  `json:"name"`
		Path          string  `json:"path"`
		Title         string  `json:"title"`
		Description   string  `json:"description"`
		DescriptionFR string  `json:"description_fr"`
		Format        string  `json:"format"`
		Mediatype     string  `json:"mediatype"`
		Encoding      string  `json:"encoding"`
		Dialect       dialect `json:"dialect"`
		Schema        schema  `json:"schema"`
		JSON          string  `json:"json_path"`
	}
	type licence struct {
		Name  string `json:"name"`
		Path  string `json:"path"`
		Title string `json:"title"`
	}
	type source struct {
		Title string `json:"title"`
		Path  string `json:"path,omitempty"`
	}
	var resources []resource
	for _, k := range Kinds() {
		cols, missing := k.Schema()
		if len(missing) > 0 {
			return nil, fmt.Errorf("export: %s: columns without a description: %s", k.Name, strings.Join(missing, ", "))
		}
		var fields []field
		for _, c := range cols {
			f := field{Name: c.Name, Type: c.Type, Description: c.Description.In(model.LangEN), DescriptionFR: c.Description.In(model.LangFR), Unit: c.Unit}
			switch c.Type {
			case model.TypePartialDate:
				f.Type = model.TypeString
				f.Constraints = map[string]any{"pattern": model.PartialDatePattern}
			case model.TypeDate:
				f.Format = "default"
			}
			fields = append(fields, f)
		}
		s := schema{Fields: fields, MissingValues: []string{""}}
		if k.Node && k.Columns()[0] == "slug" {
			s.PrimaryKey = []string{"slug"}
		}
		resources = append(resources, resource{
			Profile: "tabular-data-resource", Name: k.Name, Path: DialectRFC4180.File(k.Name), Title: k.Name,
			Description: k.Description().In(model.LangEN), DescriptionFR: k.Description().In(model.LangFR),
			Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
			Dialect: dialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true, Header: true},
			Schema:  s, JSON: k.Name + ".json",
		})
	}
	var srcs []source
	for _, s := range sources {
		srcs = append(srcs, source{Title: s.Title, Path: s.URL})
	}
	pkg := map[string]any{
		"profile":        "tabular-data-package",
		"name":           meta.Name,
		"title":          meta.Title.In(model.LangEN),
		"title_fr":       meta.Title.In(model.LangFR),
		"description":    meta.Description.In(model.LangEN),
		"description_fr": meta.Description.In(model.LangFR),
		"keywords":       meta.Keywords,
		"licenses": []licence{
			{Name: "etalab-2.0", Path: meta.LicenceURL, Title: "Licence Ouverte / Open Licence 2.0 (Etalab): the curated data and the administrative geography"},
			{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0: the commune points from GeoNames"},
		},
		"licence_statement": meta.Licence,
		"sources":           srcs,
		"contributors":      []map[string]string{{"title": meta.Publisher, "role": "publisher"}},
		"format_version":    FormatVersion,
		"text_language":     texts.Tag(),
		"dataset_description": map[string]string{
			"path": "dataset.jsonld", "mediatype": "application/ld+json",
			"title": "schema.org / DCAT Dataset description (JSON-LD), for data portals",
		},
		"resources": resources,
	}
	if release.Version != "" {
		pkg["version"] = release.Version
		pkg["created"] = release.Date.UTC().Format(time.RFC3339)
		pkg["release_date"] = release.Date.Format("2006-01-02")
	}
	out, err := json.MarshalIndent(pkg, "", "  ")
	return append(out, '\n'), err
}

// Distribution is a file of the dataset in its JSON-LD description.
type Distribution struct {
	Name, URL, Media, Description string
}

// DatasetJSONLD is the dataset's description as a schema.org Dataset with the
// properties of DCAT-AP (dcat:Dataset, its distributions), in JSON-LD, for data
// portals and search engines: its files, licence, publisher, version, dates, spatial
// coverage (France) and languages. base is the absolute address the download paths
// are relative to ("https://host/download/").
func DatasetJSONLD(meta Meta, release Release, sources []Source, base string) ([]byte, error) {
	var dist []map[string]any
	add := func(name, path, media, desc string) {
		dist = append(dist, map[string]any{
			"@type": []string{"DataDownload", "dcat:Distribution"}, "name": name, "contentUrl": base + path,
			"dcat:downloadURL": map[string]string{"@id": base + path}, "encodingFormat": media, "dcat:mediaType": media,
			"description": desc, "license": meta.LicenceURL,
		})
	}
	add("observatory.zip", ArchiveName, "application/zip", "Every file as CSV, with datapackage.json and the licence")
	add("datapackage.json", "datapackage.json", "application/json", "Frictionless Data Package descriptor: columns, types, units")
	for _, k := range Kinds() {
		add(k.Name+".csv", DialectRFC4180.File(k.Name), "text/csv", k.Description().In(model.LangEN))
		add(k.Name+".json", k.Name+".json", "application/json", k.Description().In(model.LangEN))
	}
	var cites []map[string]any
	for _, s := range sources {
		c := map[string]any{"@type": "CreativeWork", "name": s.Title}
		if s.URL != "" {
			c["url"] = s.URL
		}
		cites = append(cites, c)
	}
	doc := map[string]any{
		"@context": map[string]any{
			"@vocab": "https://schema.org/",
			"dcat":   "http://www.w3.org/ns/dcat#",
			"dct":    "http://purl.org/dc/terms/",
		},
		"@type":               []string{"Dataset", "dcat:Dataset"},
		"@id":                 base + "dataset.jsonld",
		"name":                meta.Title.In(model.LangFR),
		"alternateName":       meta.Title.In(model.LangEN),
		"description":         meta.Description.In(model.LangFR),
		"dct:description":     []map[string]string{{"@language": "fr", "@value": meta.Description.In(model.LangFR)}, {"@language": "en", "@value": meta.Description.In(model.LangEN)}},
		"license":             meta.LicenceURL,
		"dct:license":         map[string]string{"@id": meta.LicenceURL},
		"isAccessibleForFree": true,
		"creator":             map[string]string{"@type": "Organization", "name": meta.Publisher},
		"publisher":           map[string]string{"@type": "Organization", "name": meta.Publisher},
		"inLanguage":          []string{"fr", "en"},
		"dct:language":        []map[string]string{{"@id": "http://publications.europa.eu/resource/authority/language/FRA"}, {"@id": "http://publications.europa.eu/resource/authority/language/ENG"}},
		"keywords":            meta.Keywords,
		"spatialCoverage":     map[string]any{"@type": "Place", "name": "France", "sameAs": "https://www.wikidata.org/wiki/Q142"},
		"dct:spatial":         map[string]string{"@id": "http://publications.europa.eu/resource/authority/country/FRA"},
		"distribution":        dist,
		"citation":            cites,
		"subjectOf":           map[string]string{"@type": "CreativeWork", "name": "datapackage.json", "url": base + "datapackage.json", "encodingFormat": "application/json"},
		"schemaVersion":       "download format " + FormatVersion,
	}
	if release.Version != "" {
		doc["version"] = release.Version
		doc["dct:hasVersion"] = release.Version
		doc["dateModified"] = release.Date.Format("2006-01-02")
		doc["dct:modified"] = release.Date.Format("2006-01-02")
	}
	if !release.First.IsZero() {
		doc["datePublished"] = release.First.Format("2006-01-02")
		doc["dct:issued"] = release.First.Format("2006-01-02")
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return append(out, '\n'), err
}
