package httpapi

import (
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
)

// mountGeoJSON serves /sites.geojson: the located sites as a GeoJSON FeatureCollection
// (application/geo+json), with the filters of the GraphQL site list as query parameters:
//
//	territory=epci-200072460   the territory (slug) or anything below it
//	status=OPERATING,REOCCUPIED (or repeated)
//	name=…  activity=…  operator=<company slug>  occupant=<company slug>
//	bbox=west,south,east,north  (the GeoJSON / OGC order)
//	near=latitude,longitude,radiusKm
//	limit=1..5000 (default 5000)
//
// Errors are answered as the GraphQL API's (writeFailure).
//
// It has validators: a weak ETag (the data version and the parameters), checked before
// any read, and Last-Modified (when the data version was first seen).
func mountGeoJSON(mux *http.ServeMux, db *gorm.DB, files *export.Files, logger *slog.Logger) {
	mux.HandleFunc("GET /sites.geojson", func(w http.ResponseWriter, r *http.Request) {
		f, limit, err := siteFilterFromQuery(r)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		stamp := files.Current(r.Context())
		etag := filteredETag(stamp, "geojson", r.URL.Query())
		if notModified(w, r, etag, stamp.Time) {
			return
		}
		fc, err := model.SitesGeoJSON(r.Context(), db, f, limit)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		setValidators(w.Header(), etag, stamp.Time)
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		_ = json.NewEncoder(w).Encode(fc)
	})
}

func siteFilterFromQuery(r *http.Request) (model.SiteFilter, int, error) {
	q := r.URL.Query()
	var f model.SiteFilter
	opt := func(name string) *string {
		if v := strings.TrimSpace(q.Get(name)); v != "" {
			return &v
		}
		return nil
	}
	f.Territory, f.Name, f.Activity, f.Operator, f.Occupant = opt("territory"), opt("name"), opt("activity"), opt("operator"), opt("occupant")
	for _, v := range q["status"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.ToUpper(strings.TrimSpace(s)); s != "" {
				switch model.SiteStatus(s) {
				case model.SiteOperating, model.SiteClosing, model.SiteClosed, model.SiteUnderConversion, model.SiteReoccupied, model.SitePlanned:
					f.Statuses = append(f.Statuses, model.SiteStatus(s))
				default:
					return f, 0, model.BadInput("status: unknown site status %q", s)
				}
			}
		}
	}
	if v := opt("bbox"); v != nil {
		n, err := floats(*v, 4, "bbox must be west,south,east,north in decimal degrees")
		if err != nil {
			return f, 0, err
		}
		f.BBox = &model.BBox{West: n[0], South: n[1], East: n[2], North: n[3]}
		if err := f.BBox.Validate(); err != nil {
			return f, 0, err
		}
	}
	if v := opt("near"); v != nil {
		n, err := floats(*v, 3, "near must be latitude,longitude,radiusKm")
		if err != nil {
			return f, 0, err
		}
		f.Near = &model.Near{Latitude: n[0], Longitude: n[1], RadiusKm: n[2]}
		if err := f.Near.Validate(); err != nil {
			return f, 0, err
		}
	}
	limit := model.MaxMapFeatures
	if v := opt("limit"); v != nil {
		n, err := strconv.Atoi(*v)
		if err != nil || n < 1 || n > model.MaxMapFeatures {
			return f, 0, model.BadInput("limit must be between 1 and %d", model.MaxMapFeatures)
		}
		limit = n
	}
	return f, limit, nil
}

func floats(s string, n int, msg string) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, model.BadInput("%s", msg)
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, model.BadInput("%s", msg)
		}
		out[i] = v
	}
	return out, nil
}
