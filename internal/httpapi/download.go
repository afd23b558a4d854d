package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
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
// /download/{kind}.csv and /download/{kind}.json serve one kind of record (with the
// filters of its list in the API as query parameters, and a CSV dialect),
// /download/observatory.zip every kind as CSV in one archive with the data package,
// /download/datapackage.json the Frictionless descriptor and /download/dataset.jsonld
// the schema.org / DCAT description. The unfiltered files are built once per data
// version (export.Files) and served whole, with Content-Length, a strong ETag and
// Last-Modified; the filtered ones are streamed, with a weak ETag (the data version and
// the parameters) checked before any read, held back until they start well, and the
// connection is aborted if they fail after that. Unknown parameters are refused.
// Errors are answered as the GraphQL API's (writeFailure).
func mountDownloads(mux *http.ServeMux, db *gorm.DB, files *export.Files, logger *slog.Logger) {
	mux.HandleFunc("GET /download/{$}", func(w http.ResponseWriter, r *http.Request) {
		if err := refuseUnknown(r, paramLang); err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		l, _ := downloadLang(r)
		type file struct {
			Kind        string   `json:"kind"`
			Description string   `json:"description"`
			CSV         string   `json:"csv"`
			JSON        string   `json:"json"`
			Columns     []string `json:"columns"`
			CSVParams   []Param  `json:"csvParameters"`
			JSONParams  []Param  `json:"jsonParameters"`
		}
		var list []file
		for _, k := range export.Kinds() {
			list = append(list, file{k.Name, k.Description().In(l), "/download/" + k.Name + ".csv", "/download/" + k.Name + ".json", k.Columns(),
				Params(k.Name, "csv"), Params(k.Name, "json")})
		}
		var dialects []map[string]string
		for _, d := range export.Dialects {
			dialects = append(dialects, map[string]string{"name": d.Name, "description": d.Doc})
		}
		body, err := json.MarshalIndent(map[string]any{"licence": graph.DatasetLicence, "formatVersion": export.FormatVersion,
			"archive": "/download/" + export.ArchiveName, "dataPackage": "/download/" + export.DataPackageName,
			"datasetDescription": "/download/" + datasetJSONLD, "documentation": "docs/downloads.md",
			"dialects": dialects, "files": list}, "", "  ")
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		stamp := files.Current(r.Context())
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Download-Format-Version", export.FormatVersion)
		w.Header().Set("Content-Language", l.Tag())
		w.Header().Add("Vary", "Accept-Language")
		serveBytes(w, r, append(body, '\n'), stamp.Time)
	})
	// wholeFile serves a built file that takes only lang.
	wholeFile := func(name, media string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			l, err := downloadLang(r)
			if err == nil {
				err = refuseUnknown(r, paramLang)
			}
			if err != nil {
				writeFailure(w, r, logger, err)
				return
			}
			serveBuilt(w, r, files, logger, name, media, l)
		}
	}
	mux.HandleFunc("GET /download/"+export.ArchiveName, wholeFile(export.ArchiveName, "application/zip"))
	mux.HandleFunc("GET /download/"+export.DataPackageName, wholeFile(export.DataPackageName, "application/json; charset=utf-8"))
	mux.HandleFunc("GET /download/"+datasetJSONLD, func(w http.ResponseWriter, r *http.Request) {
		// Both languages are in it; lang is taken as by every download, and changes nothing.
		_, err := downloadLang(r)
		if err == nil {
			err = refuseUnknown(r, paramLang)
		}
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		d, err := files.Describe(r.Context())
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		body, err := export.DatasetJSONLD(datasetMeta, d.Release, d.Sources, baseURL(r)+"/download/")
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		w.Header().Set("Download-Format-Version", export.FormatVersion)
		setDatasetVersion(w, d.Release)
		serveBytes(w, r, body, d.Stamp.Time)
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
		dialect, ok := export.LookupDialect(r.URL.Query().Get(paramDialect))
		if !ok {
			writeFailure(w, r, logger, model.BadInput("dialect: unknown CSV dialect %q: use %s", r.URL.Query().Get(paramDialect),
				strings.Join(export.DialectNames(), " or ")).With("argument", paramDialect))
			return
		}
		sel, err := readDownloadParams(r, db, name, format)
		if err != nil {
			writeFailure(w, r, logger, err)
			return
		}
		kind = kind.In(l)
		if sel == nil {
			file := name + ".json"
			if format == "csv" {
				file = dialect.File(name)
			}
			serveBuilt(w, r, files, logger, file, media, l)
			return
		}
		kind = kind.Only(sel)
		stamp := files.Current(r.Context())
		etag := filteredETag(stamp, l.Tag(), r.URL.Query())
		w.Header().Set("Download-Format-Version", export.FormatVersion)
		w.Header().Add("Vary", "Accept-Language")
		if notModified(w, r, etag, stamp.Time) {
			return
		}
		ctx, sw := stallGuard(r.Context(), w)
		defer sw.stop()
		hw := newHeldResponse(sw)
		setValidators(hw.header, etag, stamp.Time)
		if stamp.Release.Version != "" {
			hw.header.Set("Dataset-Version", stamp.Release.Version)
			hw.header.Set("Dataset-Release-Date", stamp.Release.Date.Format("2006-01-02"))
		}
		hw.header.Set("Cache-Control", "public, max-age=300")
		hw.header.Set("Content-Type", media)
		hw.header.Set("Content-Language", l.Tag())
		if format == "csv" {
			hw.header.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			_, err = kind.WriteCSVs(ctx, db, map[export.Dialect]io.Writer{dialect: hw})
		} else {
			_, err = kind.WriteJSON(ctx, db, hw)
		}
		hw.finish(r, logger, err)
	})
}

// datasetJSONLD is the file of the dataset's JSON-LD description.
const datasetJSONLD = "dataset.jsonld"

// datasetMeta is what the descriptors say of the dataset.
var datasetMeta = export.Meta{
	Name:        "observatoire-reindustrialisation",
	Title:       graph.DatasetTitle,
	Description: graph.DatasetDescription,
	Licence:     graph.DatasetLicence,
	LicenceURL:  graph.DatasetLicenceURL,
	Publisher:   "Observatoire de la réindustrialisation",
	Keywords:    []string{"réindustrialisation", "reindustrialisation", "industrie", "industry", "friches industrielles", "brownfield", "emploi", "employment", "aides publiques", "public subsidies", "Béthune", "Bridgestone", "France"},
}

// baseURL is the scheme and host the request was made to (behind a proxy, its
// X-Forwarded-Proto).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, " /\\\"<>") {
		host = "localhost"
	}
	return scheme + "://" + host
}

// filteredETag is the weak validator of a filtered answer: the data version, the
// format version, the variant (the language of the texts) and the parameters (sorted).
func filteredETag(stamp export.Stamp, variant string, q url.Values) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", export.FormatVersion, variant, q.Encode())
	return fmt.Sprintf(`W/"v%d-%s"`, stamp.Version, hex.EncodeToString(h.Sum(nil)[:12]))
}

// setValidators sets ETag and Last-Modified.
func setValidators(h http.Header, etag string, modified time.Time) {
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
}

// notModified answers 304, with the validators, when the request's match
// (If-None-Match, weak comparison; else If-Modified-Since).
func notModified(w http.ResponseWriter, r *http.Request, etag string, modified time.Time) bool {
	match := false
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				match = true
			}
		}
	} else if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !modified.Truncate(time.Second).After(t) {
			match = true
		}
	}
	if match {
		setValidators(w.Header(), etag, modified)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.WriteHeader(http.StatusNotModified)
	}
	return match
}

// serveBytes serves a body built in memory with a strong ETag (its hash) and
// Last-Modified, answering conditional requests (http.ServeContent).
func serveBytes(w http.ResponseWriter, r *http.Request, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// setDatasetVersion says which release of the dataset a response holds.
func setDatasetVersion(w http.ResponseWriter, rel export.Release) {
	if rel.Version != "" {
		w.Header().Set("Dataset-Version", rel.Version)
		w.Header().Set("Dataset-Release-Date", rel.Date.Format("2006-01-02"))
	}
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
	h.Set("Download-Format-Version", export.FormatVersion)
	if d, err := files.Describe(r.Context()); err == nil {
		setDatasetVersion(w, d.Release)
	}
	h.Set("Content-Type", media)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", file.ETag)
	h.Set("Content-Language", l.Tag())
	h.Add("Vary", "Accept-Language")
	if strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".zip") {
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

func splitParam(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
