package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// Request is one HTTP request to /graphql, as a client sends it, down to its headers.
type Request struct {
	Method      string     // POST when empty
	Query       url.Values // URL parameters (GET)
	Body        string
	ContentType string
	Accept      string
	Headers     map[string]string
}

// Send sends r to srv's /graphql and decodes the answer.
func (r Request) Send(t testing.TB, srv *Server) *Response {
	t.Helper()
	u := srv.URL + "/graphql"
	if r.Query != nil {
		u += "?" + r.Query.Encode()
	}
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, u, bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	return srv.Do(t, req)
}

// PostQuery is a POST of query as a JSON body, accepting the media type accept.
func PostQuery(query, accept string) Request {
	b, _ := json.Marshal(map[string]any{"query": query})
	return Request{Body: string(b), ContentType: "application/json", Accept: accept}
}

// GetQuery is a GET of query, accepting the media type accept.
func GetQuery(query, accept string) Request {
	return Request{Method: http.MethodGet, Query: url.Values{"query": {query}}, Accept: accept}
}
