package api

import (
	"encoding/json"
	"net/http"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graphiql"
)

// mountGraphiQL serves the GraphiQL IDE, bundled in the binary, at "/": it opens on
// the first story, and lists the stories and the exploration examples.
func mountGraphiQL(mux *http.ServeMux) {
	var examples []graphiql.Example
	for _, ex := range append(append([]graph.Example{}, graph.Stories...), graph.Examples...) {
		vars := ""
		if len(ex.Variables) > 0 {
			b, _ := json.MarshalIndent(ex.Variables, "", "  ")
			vars = string(b)
		}
		examples = append(examples, graphiql.Example{Name: ex.Name, Description: ex.Description, Query: ex.Query, Variables: vars})
	}
	h := graphiql.Handler(graphiql.Config{
		Endpoint:     "/graphql",
		Examples:     examples,
		WelcomeQuery: graph.Stories[0].Query,
	})
	mux.Handle("GET "+graphiql.PagePath+"{$}", h)
	mux.Handle(graphiql.AltPagePath, h)
}
