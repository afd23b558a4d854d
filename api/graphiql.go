package api

import (
	"net/http"
)

// mountGraphiQL serves the GraphiQL IDE at "/". Temporary page until the bundled IDE lands.
func mountGraphiQL(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><title>Observatoire</title><p>GraphQL endpoint: <a href=\"/graphql\">/graphql</a></p>"))
	})
}
