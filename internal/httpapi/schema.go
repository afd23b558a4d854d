package httpapi

import (
	"bytes"
	"net/http"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/reindustrie/observatory/graph/generated"
)

var schemaSDL = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(generated.NewExecutableSchema(generated.Config{}).Schema())
	return buf.Bytes()
})

// schemaModified is Last-Modified of the schema: it changes only with the binary, so
// when this process started.
var schemaModified = time.Now().UTC().Truncate(time.Second)

// serveSchema serves the schema in SDL, for code generators and readers, with a strong
// ETag (its hash) and Last-Modified; conditional requests get 304.
func serveSchema(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="schema.graphql"`)
	serveBytes(w, r, schemaSDL(), schemaModified)
}
