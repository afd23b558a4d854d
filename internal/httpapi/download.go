package httpapi

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
)

// mountDownloads serves the dataset as files: /download/ lists them,
// /download/{kind}.csv and /download/{kind}.json serve one kind of record, and
// /download/observatory.zip every kind as CSV in one archive. Errors are answered as
// the GraphQL API's (writeFailure).
func mountDownloads(mux *http.ServeMux, db *gorm.DB, logger *slog.Logger) {
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
		hw := newHeldResponse(w)
		hw.header.Set("Content-Type", "application/zip")
		hw.header.Set("Content-Disposition", `attachment; filename="observatory.zip"`)
		zw := zip.NewWriter(hw)
		var err error
		for _, k := range export.Kinds() {
			var f io.Writer
			if f, err = zw.Create(k.Name + ".csv"); err == nil {
				_, err = k.WriteCSV(r.Context(), db, f)
			}
			if err != nil {
				break
			}
		}
		if err == nil {
			var f io.Writer
			if f, err = zw.Create("LICENCE.txt"); err == nil {
				_, err = fmt.Fprintln(f, graph.DatasetLicence)
			}
		}
		if err == nil {
			err = zw.Close()
		}
		// Once the head of the archive is sent, a failure can only end it early: the
		// client sees a truncated zip.
		hw.finish(r, logger, err)
	})
	mux.HandleFunc("GET /download/{file}", func(w http.ResponseWriter, r *http.Request) {
		name, format, _ := strings.Cut(r.PathValue("file"), ".")
		kind, ok := export.Lookup(name)
		if !ok || (format != "csv" && format != "json") {
			writeFailure(w, r, logger, model.NotFound("unknown download: see /download/ for the list (%s; .csv or .json)", strings.Join(export.Names(), ", ")))
			return
		}
		if name == "observations" && len(r.URL.Query()) > 0 {
			f, err := observationFilter(r, db)
			if err != nil {
				writeFailure(w, r, logger, err)
				return
			}
			kind = kind.Only(model.ObservationsMatching(f))
		}
		hw := newHeldResponse(w)
		hw.header.Set("Cache-Control", "public, max-age=300")
		var err error
		if format == "csv" {
			hw.header.Set("Content-Type", "text/csv; charset=utf-8")
			hw.header.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			_, err = kind.WriteCSV(r.Context(), db, hw)
		} else {
			hw.header.Set("Content-Type", "application/json; charset=utf-8")
			_, err = kind.WriteJSON(r.Context(), db, hw)
		}
		hw.finish(r, logger, err)
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
			return f, model.BadInput("unknown filter %q: use metric, source, status, rank, from, to, subject, territory, dimension or category", k)
		}
	}
	opt := func(k string) *string {
		if v := q.Get(k); v != "" {
			return &v
		}
		return nil
	}
	// The parameters that name records follow the API's identifier rule: a global ID,
	// a slug or an official code; one that names nothing is a 400 naming it.
	ref := func(k string, kinds ...*model.Kind) (*model.Ref, error) {
		v := q.Get(k)
		if v == "" {
			return nil, nil
		}
		found, err := model.ResolveRef(r.Context(), db, k, v, kinds, false)
		if err != nil {
			return nil, err
		}
		return &found, nil
	}
	for _, p := range []struct {
		name  string
		kinds []*model.Kind
		dst   **string
	}{
		{"metric", []*model.Kind{model.KindMetric}, &f.Metric},
		{"source", []*model.Kind{model.KindSource}, &f.Source},
		{"territory", []*model.Kind{model.KindTerritory}, &f.Territory},
	} {
		found, err := ref(p.name, p.kinds...)
		if err != nil {
			return f, err
		}
		if found != nil {
			*p.dst = &found.Slug
		}
	}
	f.Dimension, f.Category = opt("dimension"), opt("category")
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
			return f, model.BadInput("%s: %s", d.key, err.Error())
		}
		if d.end {
			stored = model.PeriodEnd(stored, prec)
		}
		*d.dst = &stored
	}
	if v := q.Get("subject"); v != "" {
		// Also the older form kind:slug (site:bridgestone-bethune).
		if name, slug, ok := strings.Cut(v, ":"); ok {
			if kind := model.KindOfSubject(model.SubjectType(strings.ToUpper(name))); kind != nil {
				q.Set("subject", model.GlobalID(kind.Type, slug))
			}
		}
		var subjects []*model.Kind
		for _, k := range model.Kinds {
			if k.Subject != "" {
				subjects = append(subjects, k)
			}
		}
		found, err := ref("subject", subjects...)
		if err != nil {
			return f, err
		}
		subject := found.Subject()
		f.Subject = &subject
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
