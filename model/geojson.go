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
// by name then id, at most limit (1..MaxMapFeatures), in two statements (the features,
// and the counts of what matched). Sites without a location are left out, and counted
// (mapSummary): the members "matched", "truncated" and "omitted" say what the map
// does not show.
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
	if len(rows) > limit {
		rows = rows[:limit]
	}
	summary, err := countMatched(ctx, ScopeSites(db, f), "sites")
	if err != nil {
		return nil, err
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
	return collection(features, summary), nil
}

// TerritoriesGeoJSON returns the representative points of the territories matching f,
// ordered by name then id, as GeoJSON Point features, in two statements; territories
// without a point are left out and counted, as in SitesGeoJSON.
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
	if len(rows) > limit {
		rows = rows[:limit]
	}
	summary, err := countMatched(ctx, ScopeTerritories(db, f), "territories")
	if err != nil {
		return nil, err
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
	return collection(features, summary), nil
}

// mapSummary is what matched a map's filter: every record, and those with a point.
type mapSummary struct {
	Matched int64
	Located int64
}

// countMatched counts the records of scope (a filtered query of table) and those of
// them with a point, in one statement.
func countMatched(ctx context.Context, scope *gorm.DB, table string) (mapSummary, error) {
	var s mapSummary
	located := table + ".latitude IS NOT NULL AND " + table + ".longitude IS NOT NULL"
	err := scope.WithContext(ctx).
		Select("COUNT(*) AS matched, COALESCE(SUM(CASE WHEN " + located + " THEN 1 ELSE 0 END), 0) AS located").
		Scan(&s).Error
	return s, FromDB(err)
}

func feature(id string, lon, lat float64, props map[string]any) map[string]any {
	return map[string]any{
		"type":       "Feature",
		"id":         id,
		"geometry":   map[string]any{"type": "Point", "coordinates": []float64{lon, lat}},
		"properties": props,
	}
}

// collection is the FeatureCollection of features, with foreign members (RFC 7946
// §6.1) that say what the map leaves out: "matched" (every record the filter matched),
// "omitted" (how many are not features: "withoutLocation", no point; "overLimit", cut
// by the cap; "total") and "truncated" (true whenever any is omitted).
func collection(features []any, s mapSummary) FeatureCollection {
	withoutLocation := s.Matched - s.Located
	overLimit := max(s.Located-int64(len(features)), 0)
	total := withoutLocation + overLimit
	return FeatureCollection{
		"type": "FeatureCollection", "features": features,
		"matched":   s.Matched,
		"truncated": total > 0,
		"omitted":   map[string]int64{"total": total, "withoutLocation": withoutLocation, "overLimit": overLimit},
	}
}
