package model

import (
	"context"

	"gorm.io/gorm"
)

// MaxMapFeatures bounds the features of one map request.
const MaxMapFeatures = 5000

// FeatureCollection is a GeoJSON FeatureCollection (RFC 7946) as a JSON-ready map.
type FeatureCollection = map[string]any

type siteFeatureRow struct {
	Site
	TerritorySlug string
	TerritoryName string
	OperatorSlug  *string
	OperatorName  *string
	AreaSource    *string
	AreaQuote     *string
}

// SitesGeoJSON returns the located sites matching f as GeoJSON Point features, ordered
// by name then id, at most limit (1..MaxMapFeatures), in one statement. Sites without a
// location are left out; the "truncated" member says whether more matched.
func SitesGeoJSON(ctx context.Context, db *gorm.DB, f SiteFilter, limit int) (FeatureCollection, error) {
	if limit < 1 || limit > MaxMapFeatures {
		limit = MaxMapFeatures
	}
	ids := ScopeSites(db, f).Select("sites.id")
	var rows []siteFeatureRow
	err := db.WithContext(ctx).Table("sites").
		Select("sites.*, t.slug AS territory_slug, t.name AS territory_name, op.slug AS operator_slug, op.name AS operator_name, "+
			"asrc.slug AS area_source, ac.quote AS area_quote").
		Joins("JOIN territories AS t ON t.id = sites.territory_id").
		Joins("LEFT JOIN companies AS op ON op.id = sites.operator_id").
		Joins("LEFT JOIN citations AS ac ON ac.id = sites.area_citation_id LEFT JOIN sources AS asrc ON asrc.id = ac.source_id").
		Where("sites.id IN (?) AND sites.latitude IS NOT NULL AND sites.longitude IS NOT NULL", ids).
		Order("sites.name, sites.id").Limit(limit + 1).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	truncated := len(rows) > limit
	if truncated {
		rows = rows[:limit]
	}
	features := make([]any, 0, len(rows))
	for _, r := range rows {
		props := map[string]any{
			"kind":              "SITE",
			"slug":              r.Slug,
			"name":              r.Name,
			"status":            r.Status,
			"territorySlug":     r.TerritorySlug,
			"territoryName":     r.TerritoryName,
			"address":           r.Address,
			"areaSquareMetres":  r.AreaM2,
			"areaSource":        r.AreaSource,
			"areaQuote":         r.AreaQuote,
			"operatorSlug":      r.OperatorSlug,
			"operatorName":      r.OperatorName,
			"locationPrecision": r.LocationPrecision,
		}
		features = append(features, feature(r.Slug, *r.Longitude, *r.Latitude, props))
	}
	return collection(features, truncated), nil
}

// TerritoriesGeoJSON returns the representative points of the territories matching f,
// ordered by name then id, as GeoJSON Point features, in one statement.
func TerritoriesGeoJSON(ctx context.Context, db *gorm.DB, f TerritoryFilter, limit int) (FeatureCollection, error) {
	if limit < 1 || limit > MaxMapFeatures {
		limit = MaxMapFeatures
	}
	var rows []Territory
	err := ScopeTerritories(db, f).WithContext(ctx).Where("latitude IS NOT NULL AND longitude IS NOT NULL").
		Order("name, id").Limit(limit + 1).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	truncated := len(rows) > limit
	if truncated {
		rows = rows[:limit]
	}
	features := make([]any, 0, len(rows))
	for _, r := range rows {
		props := map[string]any{
			"kind": "TERRITORY", "slug": r.Slug, "name": r.Name, "territoryKind": r.Kind,
			"code": r.Code, "population": r.Population, "locationPrecision": r.LocationPrecision,
			"populationSource": nil, "populationLocator": nil, "populationComputed": nil,
		}
		if r.Population != nil {
			// Where the population comes from, as the API's populationProvenance says.
			p := PopulationProvenanceOf(&r)
			if p.SourceSlug != "" {
				props["populationSource"] = p.SourceSlug
			}
			props["populationLocator"] = p.Locator
			if p.Computed {
				props["populationComputed"] = p.HowComputed
			}
		}
		features = append(features, feature(r.Slug, *r.Longitude, *r.Latitude, props))
	}
	return collection(features, truncated), nil
}

func feature(id string, lon, lat float64, props map[string]any) map[string]any {
	return map[string]any{
		"type":       "Feature",
		"id":         id,
		"geometry":   map[string]any{"type": "Point", "coordinates": []float64{lon, lat}},
		"properties": props,
	}
}

func collection(features []any, truncated bool) FeatureCollection {
	return FeatureCollection{"type": "FeatureCollection", "features": features, "truncated": truncated}
}
