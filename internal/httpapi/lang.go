package httpapi

import (
	"net/http"

	"golang.org/x/text/language"

	"github.com/reindustrie/observatory/model"
)

// withLang gives each request its language (model.WithLang): the first of French and
// English its Accept-Language header names, by preference; French when it names
// neither (or has none). The GraphQL fields' lang argument overrides it field by field;
// the downloads' lang parameter overrides it for a file.
func withLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := AcceptLanguage(r.Header.Get("Accept-Language"))
		next.ServeHTTP(w, r.WithContext(model.WithLang(r.Context(), l)))
	})
}

// AcceptLanguage reads an Accept-Language header: the language of the API it prefers
// (q-values respected, "fr-CA" is French, "en-GB" English), French when it prefers
// neither or cannot be read.
func AcceptLanguage(header string) model.Lang {
	if header == "" || len(header) > 1024 {
		return model.LangFR
	}
	tags, _, err := language.ParseAcceptLanguage(header) // sorted by q, q=0 left out
	if err != nil {
		return model.LangFR
	}
	for _, t := range tags {
		switch base, _ := t.Base(); base.String() {
		case "fr":
			return model.LangFR
		case "en":
			return model.LangEN
		}
	}
	return model.LangFR
}
