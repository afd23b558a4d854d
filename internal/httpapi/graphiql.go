package httpapi

import (
	"net/http"

	"github.com/reindustrie/observatory/internal/graphiql"
)

// mountGraphiQL serves the GraphiQL IDE, bundled in the binary, at "/": it opens on
// the first story, and lists the stories and the exploration examples.
func mountGraphiQL(mux *http.ServeMux) {
	h := graphiql.Handler(graphiql.Config{
		Endpoint:     "/graphql",
		Stories:      graphiql.Stories,
		Examples:     graphiql.Examples,
		WelcomeQuery: graphiql.Stories[0].Query,
	})
	mux.Handle("GET "+graphiql.PagePath+"{$}", h)
	mux.Handle(graphiql.AltPagePath, h)
}
