package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
)

// DownloadStall is how long a download may make no progress (no byte written, the
// client reading nothing) before it is given up: downloads have no total time budget,
// since a whole file at national scale takes longer than a request's.
const DownloadStall = 30 * time.Second

// mountDownloads serves the dataset as files: /download/ lists them,
// /download/{kind}.csv and /download/{kind}.json serve one kind of record, and
// /download/observatory.zip every kind as CSV in one archive. The unfiltered files are
// built once per data version (export.Files) and served whole, with Content-Length,
// ETag and Last-Modified; the filtered ones are streamed, held back until they start
// well, and the connection is aborted if they fail after that. Errors are answered as
// the GraphQL API's (writeFailure).
func mountDownloads(mux *http.ServeMux, db *gorm.DB, files *export.Files, logger *slog.Logger) {
	mux.HandleFunc("GET /download/{$}", func(w http.ResponseWriter, r *http.Request) {
		type file struct {
			Kind        string   `json:"kind"`
			Description string   `json:"description"`
			CSV         string   `json:"csv"`
			JSON        string   `json:"json"`
			Columns     []string `json:"columns"`
		}
		var list []file
		for _, k := range export.Kinds() {
			list = append(list, file{k.Name, k.Description().In(model.LangOf(r.Context(), nil)), "/download/" + k.Name + ".csv", "/download/" + k.Name + ".json", k.Columns()})
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		setLanguage(w, r)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"licence": graph.DatasetLicence, "archive": "/download/" + export.ArchiveName, "files": list})
	})
	mux.HandleFunc("GET /download/"+export.ArchiveName, func(w http.ResponseWriter, r *http.Request) {
		l, err := downloadLang(r)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		serveBuilt(w, r, files, logger, export.ArchiveName, "application/zip", l)
	})
	mux.HandleFunc("GET /download/{file}", func(w http.ResponseWriter, r *http.Request) {
		name, format, _ := strings.Cut(r.PathValue("file"), ".")
		kind, ok := export.Lookup(name)
		if !ok || (format != "csv" && format != "json") {
			writeFailure(w, r, logger, model.NotFound("unknown download: see /download/ for the list (%s; .csv or .json)", strings.Join(export.Names(), ", ")))
			return
		}
		media := "application/json; charset=utf-8"
		if format == "csv" {
			media = "text/csv; charset=utf-8"
		}
		l, err := downloadLang(r)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		kind = kind.In(l)
		if params := r.URL.Query(); name != "observations" || len(params) == 0 || len(params) == 1 && params.Has("lang") {
			serveBuilt(w, r, files, logger, name+"."+format, media, l)
			return
		}
		f, err := observationFilter(r, db)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		kind = kind.Only(model.ObservationsMatching(f))
		ctx, sw := stallGuard(r.Context(), w)
		defer sw.stop()
		hw := newHeldResponse(sw)
		hw.header.Set("Cache-Control", "public, max-age=300")
		hw.header.Set("Content-Type", media)
		hw.header.Set("Content-Language", l.Tag())
		hw.header.Add("Vary", "Accept-Language")
		if format == "csv" {
			hw.header.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			_, err = kind.WriteCSV(ctx, db, hw)
		} else {
			_, err = kind.WriteJSON(ctx, db, hw)
		}
		hw.finish(r, logger, err)
	})
}

// downloadLang is the language of a download's texts: its lang parameter (fr or en),
// else the request's (Accept-Language). Column names are the same in both.
func downloadLang(r *http.Request) (model.Lang, error) {
	if !r.URL.Query().Has("lang") {
		return model.LangOf(r.Context(), nil), nil
	}
	l, ok := model.ParseLang(r.URL.Query().Get("lang"))
	if !ok {
		return "", model.BadInput("lang must be fr or en").With("argument", "lang")
	}
	return l, nil
}

// setLanguage says in which language a response's texts are, and that it depends on
// Accept-Language.
func setLanguage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Language", model.LangOf(r.Context(), nil).Tag())
	w.Header().Add("Vary", "Accept-Language")
}

// serveBuilt serves a built file whole: Content-Length, a strong ETag (its hash),
// Last-Modified (its build), ranges and conditional requests (http.ServeContent).
func serveBuilt(w http.ResponseWriter, r *http.Request, files *export.Files, logger *slog.Logger, name, media string, l model.Lang) {
	file, err := files.Get(r.Context(), name, l)
	if err != nil {
		writeFailure(w, r, logger, err)
		return
	}
	content, err := os.Open(file.Path)
	if err != nil {
		writeFailure(w, r, logger, err)
		return
	}
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", media)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", file.ETag)
	h.Set("Content-Language", l.Tag())
	h.Add("Vary", "Accept-Language")
	if !strings.HasSuffix(name, ".json") {
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	_, sw := stallGuard(r.Context(), w)
	defer sw.stop()
	http.ServeContent(sw, r, name, file.Built, content)
}

// stallWriter gives up a download that makes no progress for DownloadStall: each write
// pushes the connection's write deadline (a client that reads nothing fails the write)
// and a watchdog cancels the reading (a database that sends nothing ends the stream).
type stallWriter struct {
	http.ResponseWriter
	rc     *http.ResponseController
	timer  *time.Timer
	cancel context.CancelFunc
}

func stallGuard(ctx context.Context, w http.ResponseWriter) (context.Context, *stallWriter) {
	ctx, cancel := context.WithCancel(ctx)
	sw := &stallWriter{ResponseWriter: w, rc: http.NewResponseController(w), cancel: cancel}
	sw.timer = time.AfterFunc(DownloadStall, cancel)
	_ = sw.rc.SetWriteDeadline(time.Now().Add(DownloadStall))
	return ctx, sw
}

// Write implements http.ResponseWriter.
func (s *stallWriter) Write(p []byte) (int, error) {
	s.timer.Reset(DownloadStall)
	_ = s.rc.SetWriteDeadline(time.Now().Add(DownloadStall))
	return s.ResponseWriter.Write(p)
}

func (s *stallWriter) stop() {
	s.timer.Stop()
	s.cancel()
}

// Unwrap exposes the underlying writer to http.ResponseController.
func (s *stallWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

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
