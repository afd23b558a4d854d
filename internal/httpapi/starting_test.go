package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/model"
)

// clientHeaders are the headers common GraphQL clients and tracing libraries add.
const clientHeaders = "content-type,apollo-require-preflight,x-apollo-operation-name,apollographql-client-name," +
	"graphql-client-name,baggage,sentry-trace,traceparent,x-request-id,authorization"

func preflight(t *testing.T, url string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, url+"/graphql", nil)
	req.Header.Set("Origin", "https://newsroom.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	// As browsers send them (the Fetch standard): lower case, sorted, comma-separated.
	names := strings.Split(clientHeaders, ",")
	sort.Strings(names)
	req.Header.Set("Access-Control-Request-Headers", strings.Join(names, ","))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func checkPreflight(t *testing.T, name string, res *http.Response) {
	t.Helper()
	if res.StatusCode >= 300 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%s: preflight for the clients' headers: %d, Allow-Origin %q", name, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
	allowed := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers"))
	for _, h := range strings.Split(clientHeaders, ",") {
		if !strings.Contains(allowed, h) {
			t.Errorf("%s: %s not allowed (%q)", name, h, allowed)
		}
	}
}

func TestWhileStartingEveryRouteAnswersJSONWithCORS(t *testing.T) {
	t.Parallel()
	for _, phase := range []string{httpapi.PhaseDatabase, httpapi.PhaseDataset} {
		srv := httptest.NewServer(httpapi.Starting(func() string { return phase }))
		for _, path := range []string{"/graphql?query=%7B__typename%7D", "/readyz", "/", "/download/sites.csv", "/sites.geojson"} {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			req.Header.Set("Origin", "https://newsroom.example")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
				res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s %s: %d, Retry-After %q, Allow-Origin %q", phase, path, res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Access-Control-Allow-Origin"))
			}
			if !strings.Contains(strings.ToLower(res.Header.Get("Access-Control-Expose-Headers")), "retry-after") {
				t.Errorf("%s: Retry-After is not readable by a browser", path)
			}
			if code := decodeErrorShape(t, res); code != model.CodeUnavailable {
				t.Errorf("%s: code %s", path, code)
			}
			res.Body.Close()
		}
		res, err := http.Get(srv.URL + "/healthz")
		if err != nil || res.StatusCode != http.StatusOK {
			t.Errorf("/healthz while starting: %v %v", res, err)
		}
		checkPreflight(t, "starting", preflight(t, srv.URL))
		srv.Close()
	}
	// The phase is said.
	srv := httptest.NewServer(httpapi.Starting(func() string { return httpapi.PhaseDataset }))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/graphql")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Errors []apitest.Error }
	if err := jsonDecode(res, &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["phase"] != httpapi.PhaseDataset ||
		!strings.Contains(body.Errors[0].Message, "curated dataset") {
		t.Errorf("phase: %+v %v", body, err)
	}
}

func TestCORSAllowsTheHeadersOfCommonClients(t *testing.T) {
	t.Parallel()
	srv := apitest.Explore(t)
	checkPreflight(t, "ready", preflight(t, srv.URL))
	// Positive control: a header no client sends is not allowed.
	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://newsroom.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "x-not-a-client-header")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("a preflight for an unknown header is allowed")
	}
}

func jsonDecode(res *http.Response, v any) error { return json.NewDecoder(res.Body).Decode(v) }
