package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/model"
)

func TestAcceptLanguage(t *testing.T) {
	for header, want := range map[string]model.Lang{
		"":                               model.LangFR,
		"fr":                             model.LangFR,
		"en":                             model.LangEN,
		"en-GB,en;q=0.9":                 model.LangEN,
		"fr-CA, fr;q=0.9, en;q=0.8":      model.LangFR,
		"de-DE, en;q=0.5, fr;q=0.4":      model.LangEN,
		"de, es":                         model.LangFR, // neither: French
		"en;q=0.2, fr;q=0.8":             model.LangFR, // by preference, not by order
		"fr;q=0, en":                     model.LangEN, // q=0: not acceptable
		"*":                              model.LangFR,
		"not a language header !!!":      model.LangFR,
		strings.Repeat("en-US,", 400):    model.LangFR, // too long to read
		"EN-us":                          model.LangEN,
		"zh-Hant-TW, en-US;q=0.7, *;q=0": model.LangEN,
	} {
		if got := httpapi.AcceptLanguage(header); got != want {
			t.Errorf("Accept-Language %.40q: %s, want %s", header, got, want)
		}
	}
}

// query posts a GraphQL query with an Accept-Language header.
func queryIn(t *testing.T, srv *apitest.Server, acceptLanguage, query string) *apitest.Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	return srv.Do(t, req)
}

// TestResponsesSayTheirLanguage: the texts follow Accept-Language (French without
// it), a field's lang argument wins, and the response says which languages it holds
// (Content-Language) and that it depends on the header (Vary).
func TestResponsesSayTheirLanguage(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	const q = `{ vocabulary(type: "SiteStatus") { code label } }`
	label := func(r *apitest.Response) string {
		t.Helper()
		var d struct {
			Vocabulary []struct{ Code, Label string }
		}
		r.Decode(t, &d)
		for _, v := range d.Vocabulary {
			if v.Code == "REOCCUPIED" {
				return v.Label
			}
		}
		t.Fatalf("no REOCCUPIED in %s", r.Raw)
		return ""
	}
	fr, en := model.LabelOf("SiteStatus", "REOCCUPIED", model.LangFR), model.LabelOf("SiteStatus", "REOCCUPIED", model.LangEN)
	if fr == en {
		t.Fatalf("the labels do not differ: %q", fr)
	}
	for _, tc := range []struct {
		name, header, query, label, contentLanguage string
	}{
		{"no header: French", "", q, fr, "fr"},
		{"French", "fr-FR,fr;q=0.9", q, fr, "fr"},
		{"English", "en-GB,en;q=0.9,fr;q=0.5", q, en, "en"},
		{"the argument wins over the header", "en", `{ vocabulary(type: "SiteStatus") { code label(lang: FR) } }`, fr, "fr"},
		{"the argument wins without a header", "", `{ vocabulary(type: "SiteStatus") { code label(lang: EN) } }`, en, "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := queryIn(t, srv, tc.header, tc.query)
			if got := label(r); got != tc.label {
				t.Errorf("label %q, want %q", got, tc.label)
			}
			if got := r.Header.Get("Content-Language"); got != tc.contentLanguage {
				t.Errorf("Content-Language %q, want %q", got, tc.contentLanguage)
			}
			if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
				t.Errorf("Vary %q does not name Accept-Language", r.Header.Values("Vary"))
			}
		})
	}
	// Both languages in one response.
	r := queryIn(t, srv, "", `{ t: vocabulary(type: "SiteStatus") { fr: label(lang: FR) en: label(lang: EN) } }`)
	if got := r.Header.Get("Content-Language"); got != "fr, en" {
		t.Errorf("both languages: Content-Language %q", got)
	}
}

// TestCachedAnswersKeyOnTheLanguage: the same GET in French and in English has two
// validators; a French validator does not revalidate the English answer.
func TestCachedAnswersKeyOnTheLanguage(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	u := srv.URL + "/graphql?" + url.Values{"query": {`{ vocabulary(type: "Rank") { code label } }`}}.Encode()
	get := func(lang, ifNoneMatch string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Accept-Language", lang)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	fr, en := get("fr", ""), get("en", "")
	if fr.Header.Get("ETag") == "" || fr.Header.Get("ETag") == en.Header.Get("ETag") {
		t.Fatalf("ETags fr %q, en %q: want two", fr.Header.Get("ETag"), en.Header.Get("ETag"))
	}
	if res := get("en", fr.Header.Get("ETag")); res.StatusCode != http.StatusOK {
		t.Errorf("the French validator revalidated the English answer: %d", res.StatusCode)
	}
	if res := get("fr", fr.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("the French validator, in French: %d, want 304", res.StatusCode)
	}
}

// TestDownloadsInEitherLanguage: a download's texts are in the language of its lang
// parameter (else of Accept-Language, else French); the columns keep their names.
func TestDownloadsInEitherLanguage(t *testing.T) {
	t.Parallel()
	srv := apitest.Seeded(t)
	read := func(path, acceptLanguage string) (*http.Response, [][]string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if acceptLanguage != "" {
			req.Header.Set("Accept-Language", acceptLanguage)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		rows, _ := csv.NewReader(res.Body).ReadAll()
		return res, rows
	}
	labels := func(rows [][]string) map[string]string {
		out := map[string]string{}
		for _, r := range rows[1:] {
			out[r[0]] = r[1]
		}
		return out
	}
	resFR, fr := read("/download/metrics.csv", "")
	resEN, en := read("/download/metrics.csv?lang=en", "")
	_, enByHeader := read("/download/metrics.csv", "en-US")
	_, frByParam := read("/download/metrics.csv?lang=fr", "en")
	if resFR.Header.Get("Content-Language") != "fr" || resEN.Header.Get("Content-Language") != "en" {
		t.Errorf("Content-Language %q and %q", resFR.Header.Get("Content-Language"), resEN.Header.Get("Content-Language"))
	}
	if strings.Join(fr[0], ",") != strings.Join(en[0], ",") || len(fr) != len(en) || len(fr) < 10 {
		t.Fatalf("the files differ in shape: %v (%d rows) and %v (%d rows)", fr[0], len(fr), en[0], len(en))
	}
	lf, le := labels(fr), labels(en)
	if lf["jobs_created"] == le["jobs_created"] || lf["jobs_created"] == "" || le["jobs_created"] == "" {
		t.Errorf("jobs_created: %q in French, %q in English", lf["jobs_created"], le["jobs_created"])
	}
	if labels(enByHeader)["jobs_created"] != le["jobs_created"] || labels(frByParam)["jobs_created"] != lf["jobs_created"] {
		t.Errorf("Accept-Language or the lang parameter not followed")
	}
	res, _ := read("/download/metrics.csv?lang=de", "")
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("lang=de: %d, want 400", res.StatusCode)
	}
}
