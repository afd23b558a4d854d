package httpapi

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/reindustrie/observatory/graph/generated"
)

var schemaSDL = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(generated.NewExecutableSchema(generated.Config{}).Schema())
	return buf.Bytes()
})

// serveSchema serves the schema in SDL, for code generators and readers.
func serveSchema(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="schema.graphql"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(schemaSDL())
}
