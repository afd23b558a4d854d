package httpapi

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
)

// mountDownloads serves the dataset as files: /download/ lists them,
// /download/{kind}.csv and /download/{kind}.json serve one kind of record, and
// /download/observatory.zip every kind as CSV in one archive.
func mountDownloads(mux *http.ServeMux, db *gorm.DB) {
	mux.HandleFunc("GET /download/{$}", func(w http.ResponseWriter, r *http.Request) {
		type file struct {
			Kind        string   `json:"kind"`
			Description string   `json:"description"`
			CSV         string   `json:"csv"`
			JSON        string   `json:"json"`
			Columns     []string `json:"columns"`
		}
		var files []file
		for _, k := range export.Kinds() {
			files = append(files, file{k.Name, k.Description(), "/download/" + k.Name + ".csv", "/download/" + k.Name + ".json", k.Columns()})
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"licence": graph.DatasetLicence, "archive": "/download/observatory.zip", "files": files})
	})
	mux.HandleFunc("GET /download/observatory.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="observatory.zip"`)
		zw := zip.NewWriter(w)
		for _, k := range export.Kinds() {
			f, err := zw.Create(k.Name + ".csv")
			if err == nil {
				_, err = k.WriteCSV(r.Context(), db, f)
			}
			if err != nil {
				// Headers are gone: end the archive early; the client sees a truncated zip.
				_ = zw.Close()
				return
			}
		}
		if f, err := zw.Create("LICENCE.txt"); err == nil {
			_, _ = fmt.Fprintln(f, graph.DatasetLicence)
		}
		_ = zw.Close()
	})
	mux.HandleFunc("GET /download/{file}", func(w http.ResponseWriter, r *http.Request) {
		name, format, _ := strings.Cut(r.PathValue("file"), ".")
		kind, ok := export.Lookup(name)
		if !ok || (format != "csv" && format != "json") {
			http.Error(w, "unknown download: see /download/ for the list ("+strings.Join(export.Names(), ", ")+"; .csv or .json)", http.StatusNotFound)
			return
		}
		if name == "observations" && len(r.URL.Query()) > 0 {
			f, err := observationFilter(r, db)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			kind = kind.Only(model.ObservationsMatching(f))
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		var err error
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			_, err = kind.WriteCSV(r.Context(), db, w)
		} else {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, err = kind.WriteJSON(r.Context(), db, w)
		}
		_ = err // a failure mid-stream can only truncate the body; it is logged by the server's error log
	})
}

// observationFilter reads the observation filters of a download's query string:
// metric, source, status and rank (comma-separated), from and to (YYYY, YYYY-MM or
// YYYY-MM-DD), subject (kind:slug, e.g. site:bridgestone-bethune), territory (a slug:
// that territory and everything below it), dimension and category.
func observationFilter(r *http.Request, db *gorm.DB) (model.ObservationFilter, error) {
	q := r.URL.Query()
	var f model.ObservationFilter
	known := map[string]bool{"metric": true, "source": true, "status": true, "rank": true, "from": true, "to": true,
		"subject": true, "territory": true, "dimension": true, "category": true}
	for k := range q {
		if !known[k] {
			return f, fmt.Errorf("unknown filter %q: use metric, source, status, rank, from, to, subject, territory, dimension or category", k)
		}
	}
	opt := func(k string) *string {
		if v := q.Get(k); v != "" {
			return &v
		}
		return nil
	}
	f.Metric, f.Source, f.Territory, f.Dimension, f.Category = opt("metric"), opt("source"), opt("territory"), opt("dimension"), opt("category")
	for _, v := range splitParam(q.Get("status")) {
		f.Statuses = append(f.Statuses, model.ObservationStatus(strings.ToUpper(v)))
	}
	for _, v := range splitParam(q.Get("rank")) {
		f.Ranks = append(f.Ranks, model.Rank(strings.ToUpper(v)))
	}
	for _, d := range []struct {
		key string
		dst **string
		end bool
	}{{"from", &f.From, false}, {"to", &f.To, true}} {
		v := q.Get(d.key)
		if v == "" {
			continue
		}
		stored, prec, err := model.ParsePartialDate(v)
		if err != nil {
			return f, fmt.Errorf("%s: %v", d.key, err)
		}
		if d.end {
			stored = model.PeriodEnd(stored, prec)
		}
		*d.dst = &stored
	}
	if v := q.Get("subject"); v != "" {
		name, slug, ok := strings.Cut(v, ":")
		kind := model.KindOfSubject(model.SubjectType(strings.ToUpper(name)))
		if !ok || kind == nil {
			return f, fmt.Errorf("subject: write kind:slug, with kind territory, site, company or programme (e.g. site:bridgestone-bethune)")
		}
		id, err := kind.IDOfSlug(r.Context(), db, slug)
		if err != nil {
			return f, err
		}
		f.Subject = &model.SubjectRef{Type: kind.Subject, ID: id}
	}
	return f, nil
}

func splitParam(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
