package api

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/export"
	"github.com/reindustrie/observatory/graph"
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
		files := make([]file, 0, len(export.Kinds))
		for _, k := range export.Kinds {
			files = append(files, file{k.Name, k.Description, "/download/" + k.Name + ".csv", "/download/" + k.Name + ".json", k.Columns})
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
		for _, k := range export.Kinds {
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
