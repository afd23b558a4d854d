package graphiql_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/graphiql"
)

var testConfig = graphiql.Config{
	Endpoint:     "/graphql",
	WelcomeQuery: "# Bienvenue\nquery Welcome { __typename }",
	Examples: []graphiql.Example{
		{Name: "Bridgestone, five years on", Description: "The site from 1961 to today.", Query: "query A { __typename }"},
		{
			Name:        `Injection </script><script>alert(1)</script>`,
			Description: "<!-- & --> \u2028",
			Query:       "query B { __typename } # </script><script>alert(2)</script> </SCRIPT",
			Variables:   map[string]any{"x": "</script>"},
		},
	},
}

func serve(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func page(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := serve(t, h, http.MethodGet, "/", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /: %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET /: Content-Type %q", ct)
	}
	return rec.Body.String()
}

// references returns the src/href attributes of the page's elements.
func references(t *testing.T, doc string) (scripts, styles, other []string) {
	t.Helper()
	tag := regexp.MustCompile(`(?is)<([a-z]+)\b([^>]*)>`)
	for _, m := range tag.FindAllStringSubmatch(doc, -1) {
		name, attrs := strings.ToLower(m[1]), m[2]
		for _, key := range []string{"src", "href"} {
			v, ok := attr(attrs, key)
			if !ok {
				continue
			}
			rel, _ := attr(attrs, "rel")
			switch {
			case name == "script":
				scripts = append(scripts, v)
			case name == "link" && rel == "stylesheet":
				styles = append(styles, v)
			default:
				other = append(other, v)
			}
		}
	}
	return scripts, styles, other
}

func attr(attrs, key string) (string, bool) {
	m := regexp.MustCompile(`(?i)\s` + key + `="([^"]*)"`).FindStringSubmatch(attrs)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

var anyURL = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)

func TestPageHasNoExternalURL(t *testing.T) {
	doc := page(t, graphiql.Handler(testConfig))
	if m := anyURL.FindAllString(doc, -1); len(m) > 0 {
		t.Errorf("page references external hosts: %q", m)
	}
	if !strings.Contains(doc, "<title>Observatoire de la réindustrialisation — API</title>") {
		t.Errorf("page title missing:\n%s", doc)
	}
}

// cdnHosts are hosts a bundled front end commonly loads code, styles or fonts
// from. Other URLs in the bundle are documentation links and namespaces
// (http://www.w3.org/2000/svg), never fetched.
var cdnHosts = []string{
	"unpkg.com", "jsdelivr", "cdnjs", "esm.sh", "skypack", "jspm.io",
	"fonts.googleapis", "fonts.gstatic", "googleapis.com", "gstatic.com",
	"cloudflare", "bootstrapcdn", "fontawesome", "typekit", "ajax.aspnetcdn",
	"googletagmanager", "google-analytics", "cdn.",
}

func TestBundleHasNoCDN(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("dist", "assets", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no built assets in dist/assets (%v)", err)
	}
	cssURL := regexp.MustCompile(`(?i)(url\(\s*['"]?|@import\s+['"])(https?:)?//`)
	for _, f := range files {
		ext := filepath.Ext(f)
		if ext != ".js" && ext != ".css" && ext != ".html" && ext != ".json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		low := bytes.ToLower(data)
		for _, host := range cdnHosts {
			for _, prefix := range []string{"http://", "https://", "//"} {
				if i := bytes.Index(low, []byte(prefix+host)); i >= 0 {
					t.Errorf("%s references %q: …%s…", f, host, excerpt(data, i))
				}
			}
		}
		if ext == ".css" {
			if loc := cssURL.FindIndex(data); loc != nil {
				t.Errorf("%s loads a remote resource: …%s…", f, excerpt(data, loc[0]))
			}
		}
	}
}

func excerpt(data []byte, i int) string {
	lo, hi := max(0, i-40), min(len(data), i+80)
	return string(data[lo:hi])
}

func TestEveryReferencedAssetIsServed(t *testing.T) {
	h := graphiql.Handler(testConfig)
	scripts, styles, other := references(t, page(t, h))
	if len(scripts) != 1 || len(styles) == 0 {
		t.Fatalf("want one script and stylesheets, got scripts %q styles %q", scripts, styles)
	}
	for _, u := range other {
		if !strings.HasPrefix(u, "data:") {
			t.Errorf("unexpected reference %q", u)
		}
	}
	check := func(u, wantType string) []byte {
		t.Helper()
		if !strings.HasPrefix(u, graphiql.AssetsPath) {
			t.Errorf("%s is not under %s", u, graphiql.AssetsPath)
		}
		rec := serve(t, h, http.MethodGet, u, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", u, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", u, ct, wantType)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s: Cache-Control %q", u, cc)
		}
		if rec.Header().Get("ETag") == "" {
			t.Errorf("GET %s: no ETag", u)
		}
		return rec.Body.Bytes()
	}
	js := check(scripts[0], "text/javascript; charset=utf-8")
	for _, s := range styles {
		css := check(s, "text/css; charset=utf-8")
		// Files the stylesheet loads (fonts) are relative to it.
		for _, m := range regexp.MustCompile(`url\(\s*['"]?\./([^'")]+)`).FindAllSubmatch(css, -1) {
			check(graphiql.AssetsPath+string(m[1]), contentTypeFor(string(m[1])))
		}
	}
	// Chunks and web workers the entry module loads are relative to it.
	refs := regexp.MustCompile(`"(?:\./)?([A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(?:js|css|ttf|woff2?))"`).FindAllSubmatch(js, -1)
	if len(refs) == 0 {
		t.Fatal("no chunk or worker referenced by the entry module")
	}
	workers := 0
	for _, m := range refs {
		name := string(m[1])
		if strings.Contains(name, ".worker-") {
			workers++
		}
		check(graphiql.AssetsPath+name, contentTypeFor(name))
	}
	if workers < 3 {
		t.Errorf("want the editor, json and graphql workers referenced, got %d", workers)
	}
}

func contentTypeFor(name string) string {
	switch filepath.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".ttf":
		return "font/ttf"
	case ".woff2":
		return "font/woff2"
	}
	return "application/octet-stream"
}

func TestEveryEmbeddedAssetHasAKnownType(t *testing.T) {
	h := graphiql.Handler(testConfig)
	err := fs.WalkDir(os.DirFS("dist/assets"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rec := serve(t, h, http.MethodHead, graphiql.AssetsPath+p, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("HEAD %s: %d", p, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct == "" || ct == "application/octet-stream" {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestConfigJSONCannotBreakOut(t *testing.T) {
	doc := page(t, graphiql.Handler(testConfig))
	if n := strings.Count(strings.ToLower(doc), "</script"); n != 2 {
		t.Fatalf("want exactly the two closing </script> tags of the page, got %d:\n%s", n, doc)
	}
	if strings.Contains(doc, "<script>alert") || strings.Contains(doc, "<!-- &") {
		t.Fatalf("markup from the config leaked into the page:\n%s", doc)
	}
	// The browser ends the element at the first "</script" and reads its
	// text as JSON: it must decode to the config.
	open := `<script id="graphiql-config" type="application/json">`
	i := strings.Index(doc, open)
	if i < 0 {
		t.Fatalf("no config element:\n%s", doc)
	}
	text := doc[i+len(open):]
	text = text[:strings.Index(strings.ToLower(text), "</script")]
	var got struct {
		Title        string `json:"title"`
		Endpoint     string `json:"endpoint"`
		WelcomeQuery string `json:"welcomeQuery"`
		Examples     []struct {
			Name, Description, Query, Variables string
		} `json:"examples"`
	}
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("config is not JSON: %v\n%s", err, text)
	}
	if got.Endpoint != "/graphql" || got.WelcomeQuery != testConfig.WelcomeQuery || got.Title != graphiql.DefaultTitle {
		t.Errorf("config round trip: %+v", got)
	}
	if len(got.Examples) != len(testConfig.Examples) {
		t.Fatalf("examples: got %d", len(got.Examples))
	}
	for i, e := range testConfig.Examples {
		g := got.Examples[i]
		// The page gives an example's variables as indented JSON, and none (omitted)
		// when it has none.
		vars := ""
		if len(e.Variables) > 0 {
			b, _ := json.MarshalIndent(e.Variables, "", "  ")
			vars = string(b)
		}
		if g.Name != e.Name || g.Description != e.Description || g.Query != e.Query || g.Variables != vars {
			t.Errorf("example %d round trip:\n got %+v\nwant %+v", i, g, e)
		}
	}
}

func TestPaths(t *testing.T) {
	h := graphiql.Handler(graphiql.Config{})
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/", 200},
		{"HEAD", "/", 200},
		{"GET", "/graphiql/", 200},
		{"GET", "/favicon.ico", 404},
		{"GET", "/graphql", 404},
		{"GET", "/graphiql/assets/", 404},
		{"GET", "/graphiql/assets/nope.js", 404},
		{"GET", "/graphiql/assets/../graphiql.go", 404},
		{"POST", "/", 405},
	} {
		if rec := serve(t, h, tc.method, tc.path, nil); rec.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, rec.Code, tc.want)
		}
	}
	rec := serve(t, h, "GET", "/", nil)
	if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("page Cache-Control %q", cc)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("page CSP %q", csp)
	}
	etag := rec.Header().Get("ETag")
	if rec := serve(t, h, "GET", "/", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET /: %d", rec.Code)
	}
}

func TestMuxMounting(t *testing.T) {
	h := graphiql.Handler(graphiql.Config{})
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "api") })
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.Handle("/graphiql/", h)
	mux.Handle("/graphql", api)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(res.Body)
	res.Body.Close()
	scripts, _, _ := references(t, string(doc))
	if len(scripts) != 1 {
		t.Fatalf("scripts %q", scripts)
	}
	res, err = http.Get(srv.URL + scripts[0])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET %s through the mux: %d", scripts[0], res.StatusCode)
	}
	res, err = http.Get(srv.URL + "/graphql")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "api" {
		t.Errorf("/graphql shadowed: %q", body)
	}
}

func TestGzipAndConditionalRequests(t *testing.T) {
	h := graphiql.Handler(testConfig)
	scripts, _, _ := references(t, page(t, h))
	u := scripts[0]
	plain := serve(t, h, "GET", u, nil)
	gz := serve(t, h, "GET", u, map[string]string{"Accept-Encoding": "br, gzip"})
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip for %s", u)
	}
	if !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q", gz.Header().Get("Vary"))
	}
	if gz.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip %d >= plain %d", gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Fatalf("gzip body differs (%v)", err)
	}
	if gz.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Error("gzip and identity share an ETag")
	}
	if rec := serve(t, h, "GET", u, map[string]string{"Accept-Encoding": "gzip;q=0"}); rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	if rec := serve(t, h, "GET", u, map[string]string{"If-None-Match": plain.Header().Get("ETag")}); rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET %s: %d", u, rec.Code)
	}
}

// TestStoriesHaveLinksAndFrench: every story and example has an ID usable in a link
// ("#story=<ID>"), unique, and a French title and description written with French
// typography (typographic apostrophes, no-break spaces before the high signs).
func TestStoriesHaveLinksAndFrench(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, e := range append(append([]graphiql.Example{}, graphiql.Stories...), graphiql.Examples...) {
		if !id.MatchString(e.ID) || seen[e.ID] {
			t.Errorf("%q: ID %q is not a unique lower-case slug", e.Name, e.ID)
		}
		seen[e.ID] = true
		if e.NameFR == "" || e.DescriptionFR == "" || e.NameFR == e.Name || e.DescriptionFR == e.Description {
			t.Errorf("%q: no French title or description", e.Name)
		}
		for _, fr := range []string{e.NameFR, e.DescriptionFR} {
			if strings.Contains(fr, "'") {
				t.Errorf("%q: straight apostrophe in French text %q (use ’)", e.Name, fr)
			}
			if m := regexp.MustCompile(`[^\x{00a0}\x{202f}][:;?!»](\s|$)|«[^\x{00a0}]`).FindString(fr); m != "" && !strings.Contains(fr, "://") {
				t.Errorf("%q: French punctuation without a no-break space (%q) in %q", e.Name, m, fr)
			}
		}
	}
}

func TestConfigCarriesIDsAndFrench(t *testing.T) {
	cfg := graphiql.Config{Stories: graphiql.Stories[:1], Examples: graphiql.Examples[:1]}
	doc := page(t, graphiql.Handler(cfg))
	for _, want := range []string{`"id":"bridgestone-five-years-on","group":"story"`, `"nameFr":"Bridgestone, cinq ans après"`,
		`"descriptionFr":"L’ancienne usine`, `"id":"battery-sites","group":"example"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("config lacks %s", want)
		}
	}
}
