package seed

import "github.com/reindustrie/observatory/model"

// What the external tests of the geography (geography_test.go) read of the package's
// internals.

// GeoRow is a row of the geography file: its level, code and name.
type GeoRow struct {
	Kind        model.TerritoryKind
	Code, Name  string
	Description model.Text
}

// GeoLevels is the top-down order of the geography's levels.
var GeoLevels = geoLevels

// GeoSlug is the slug of the territory of a level and code.
var GeoSlug = geoSlug

// ParseGeography reads the geography file, by level.
func ParseGeography() (map[model.TerritoryKind][]GeoRow, error) {
	levels, err := parseGeography()
	if err != nil {
		return nil, err
	}
	out := make(map[model.TerritoryKind][]GeoRow, len(levels))
	for k, rows := range levels {
		for _, r := range rows {
			out[k] = append(out[k], GeoRow{Kind: r.kind, Code: r.code, Name: r.name, Description: r.description})
		}
	}
	return out, nil
}
