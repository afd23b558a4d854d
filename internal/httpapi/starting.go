package httpapi

import (
	"net/http"

	"github.com/rs/cors"

	"github.com/reindustrie/observatory/model"
)

// corsHeaders are the request headers a browser may send across origins: the API's
// own, and those that common GraphQL clients and tracing libraries add (Apollo Client
// and its CSRF guard, graphql-request and urql clients' names, Sentry and OpenTelemetry
// trace context), so that their preflight is answered.
var corsHeaders = []string{
	"Accept", "Accept-Language", "Authorization", "Content-Type", "If-None-Match", "If-Modified-Since",
	"X-Request-Id",
	"Apollo-Require-Preflight", "X-Apollo-Operation-Name", "X-Apollo-Operation-Id",
	"Apollographql-Client-Name", "Apollographql-Client-Version",
	"Graphql-Client-Name", "Graphql-Client-Version",
	"Baggage", "Sentry-Trace", "Traceparent", "Tracestate",
}

// newCORS is the CORS policy of every answer: any origin, no credentials (the API has
// no cookies; editors send a bearer token).
func newCORS() *cors.Cors {
	return cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions},
		AllowedHeaders: corsHeaders,
		ExposedHeaders: []string{"ETag", "Last-Modified", "Content-Language", "Content-Disposition", "Download-Format-Version",
			"Dataset-Version", "Dataset-Release-Date", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
			"Retry-After", "X-Request-Id"},
		AllowCredentials: false,
		MaxAge:           600,
	})
}

// Starting phases, in the "phase" extension of the 503 answered while starting.
const (
	// PhaseDatabase: connecting to the database and migrating it.
	PhaseDatabase = "DATABASE"
	// PhaseDataset: loading or updating the curated dataset.
	PhaseDataset = "DATASET"
)

// startingRetryAfter is the Retry-After (seconds) of an answer while starting.
const startingRetryAfter = "2"

// Starting is the handler that answers while the server starts (phase gives the
// current phase: PhaseDatabase or PhaseDataset): every route but /healthz answers 503
// SERVICE_UNAVAILABLE in the API's error shape, with Retry-After and the CORS headers
// (a browser can read it; preflights are answered); /healthz answers 200, the process
// being alive.
func Starting(phase func() string) http.Handler {
	return withHTTPLimits(newCORS().Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			writePlain(w, http.StatusOK, "ok (starting)\n")
			return
		}
		p := phase()
		msg := "the server is starting: it is connecting to the database; retry in a few seconds"
		if p == PhaseDataset {
			msg = "the server is starting: it is loading the curated dataset; retry in a few seconds"
		}
		w.Header().Set("Retry-After", startingRetryAfter)
		writeError(w, http.StatusServiceUnavailable, model.CodeUnavailable, msg, map[string]any{"phase": p})
	})))
}
