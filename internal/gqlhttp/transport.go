// Package gqlhttp serves GraphQL over HTTP as the GraphQL-over-HTTP specification
// (https://graphql.github.io/graphql-over-http/draft/) describes it: GET and POST, the
// application/graphql-response+json and application/json media types with their status
// codes, 405 for a mutation sent by GET, 415 for a body that is not JSON, 413 for a body
// over the limit, request errors without a data entry. It also makes GET responses
// cacheable (Cache-Control, a strong ETag, 304 on If-None-Match) and POST responses not.
//
// It replaces gqlgen's transport.GET and transport.POST, whose status codes differ from
// the specification's (406 and 422 where it wants 405 and 200/400).
package gqlhttp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/model"
)

// Media types of GraphQL responses.
const (
	MediaGraphQLResponse = "application/graphql-response+json"
	MediaJSON            = "application/json"
)

// Error codes of the requests this transport refuses before GraphQL sees them.
const (
	// CodeBadRequest: the HTTP request is not a GraphQL request (malformed JSON, no
	// query, parameter of the wrong type, invalid UTF-8).
	CodeBadRequest = "BAD_REQUEST"
	// CodeBatching: the body is a JSON array; batched operations are not supported.
	CodeBatching = "BATCHING_NOT_SUPPORTED"
	// CodeMethodNotAllowed: a mutation sent by GET, or a method other than GET and POST.
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// CodeUnsupportedMediaType: a POST body that is not application/json.
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	// CodeRequestTooLarge: the body is over the size limit.
	CodeRequestTooLarge = "REQUEST_TOO_LARGE"
	// CodeTimeout: the request ran out of its time budget before any result (the
	// model's code).
	CodeTimeout = model.CodeTimeout
	// CodeUnavailable: the service cannot answer right now (database unreachable; the
	// model's code).
	CodeUnavailable = model.CodeUnavailable
)

// DefaultCacheMaxAge is how long shared caches may keep a successful GET response.
const DefaultCacheMaxAge = 60 * time.Second

// Transport is a gqlgen transport for GET and POST.
type Transport struct {
	// CacheMaxAge is the max-age of successful GET responses (0: DefaultCacheMaxAge;
	// negative: GET responses are not cacheable either).
	CacheMaxAge time.Duration
	// Version, when set, is mixed into every ETag, so that a change of the data
	// changes the validators even of identical bodies.
	Version DataVersion
	// Limits are the query limits; the transport applies those on the text (size,
	// tokens, nesting, aliases) before anything parses it (zero: the defaults).
	Limits limits.Config
	// Responses, when set, keeps the bodies of successful public queries (see
	// ResponseKey): a request with the same key is answered from it without parsing,
	// validation or execution. nil: no response cache.
	Responses graphql.Cache[string]
}

var _ graphql.Transport = Transport{}

// Supports takes every plain HTTP request (not websocket upgrades): methods other than
// GET and POST get a 405 from Do, with the Allow header.
func (t Transport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == ""
}

// Do serves one request.
func (t Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media := Negotiate(r.Header.Get("Accept"))
	var (
		params *graphql.RawParams
		reqErr *RequestError
	)
	switch r.Method {
	case http.MethodGet:
		params, reqErr = paramsFromQuery(r.URL.RawQuery)
	case http.MethodPost:
		params, reqErr = paramsFromBody(r)
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		reqErr = &RequestError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
			Message: "the GraphQL endpoint answers GET (queries) and POST (queries and mutations)",
			Header:  http.Header{"Allow": {"GET, POST, OPTIONS"}}}
	}
	if reqErr != nil {
		WriteRequestError(w, media, reqErr)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}
	ctx := r.Context()

	// The response cache, for public requests only. An entry is only ever stored for
	// a query that succeeded, so a hit needs neither the text limits nor the checks
	// of a mutation sent by GET: the same text passed them.
	var cacheKey string
	if t.Responses != nil && r.Header.Get("Authorization") == "" {
		var ok bool
		if cacheKey, ok = ResponseKey(t.version(ctx), media, model.RequestLang(ctx), params); ok {
			if v, ok := t.Responses.Get(ctx, cacheKey); ok {
				if e, ok := decodeEntry(v); ok {
					t.writeBody(w, r, media, http.StatusOK, e.lang, e.etag, []byte(e.body), r.Method == http.MethodGet)
					return
				}
			}
		}
	}

	// The text limits come before any parse, on every path: a hostile document (a
	// megabyte of nested brackets) is refused after one linear pass of the lexer. A
	// query sent by its hash alone was checked when it was registered.
	if params.Query != "" {
		shape, err := t.Limits.CheckText(params.Query)
		if err != nil {
			opCtx := &graphql.OperationContext{RawQuery: params.Query, OperationName: params.OperationName}
			t.writeErrors(w, r, exec, media, graphql.WithOperationContext(ctx, opCtx), gqlerror.List{err})
			return
		}
		if r.Method == http.MethodGet && shape.SelectsNonQuery(params.OperationName) {
			// The specification asks for a 405 before validation.
			WriteRequestError(w, media, mutationByGET())
			return
		}
	}

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		t.writeErrors(w, r, exec, media, graphql.WithOperationContext(ctx, opCtx), errs)
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation != nil && opCtx.Operation.Operation != ast.Query {
		// A persisted query (sent by hash) can only be checked here.
		WriteRequestError(w, media, mutationByGET())
		return
	}

	handler, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := handler(ctx)
	if resp == nil {
		// The executor stops when the context ends before it answers.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			WriteRequestError(w, media, &RequestError{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: model.MsgTimeout})
			return
		}
		// The client went away: nobody reads the answer.
		w.WriteHeader(499)
		return
	}
	cacheable := r.Method == http.MethodGet && len(resp.Errors) == 0 && r.Header.Get("Authorization") == ""
	if hasCode(resp.Errors, CodeUnavailable) {
		w.Header().Set("Retry-After", "5")
	}
	if cacheKey != "" {
		// Queries only, without errors (a partial answer may be a passing failure).
		store := len(resp.Errors) == 0 && opCtx.Operation != nil && opCtx.Operation.Operation == ast.Query
		if t.store(w, r, media, cacheKey, resp, store, cacheable) {
			return
		}
	}
	t.write(w, r, media, http.StatusOK, resp, cacheable)
}

// version returns the current data version (0 without one).
func (t Transport) version(ctx context.Context) uint64 {
	if t.Version == nil {
		return 0
	}
	return t.Version.Current(ctx)
}

// ResponseKey is the key of a response in the response cache: the data version, the
// media type, the request's language (Accept-Language; the fields' lang arguments are
// in the document or the variables), the document, the operation name and the
// variables. The document is named by the SHA-256 of its text, which is also the hash
// of a persisted query: a query sent with its text, with its text and hash, or by its
// hash alone has one key, and the hash alone is answered even if the persisted queries'
// store forgot it. A request whose hash does not match its text, or with a persisted
// query of an unknown version, has no key (ok false): GraphQL refuses it. The version
// is read before execution, so an edit made during it only leaves an entry that nobody
// asks for any more.
func ResponseKey(version uint64, media string, lang model.Lang, params *graphql.RawParams) (key string, ok bool) {
	doc := ""
	if params.Query != "" {
		sum := sha256.Sum256([]byte(params.Query))
		doc = hex.EncodeToString(sum[:])
	}
	if raw, sent := params.Extensions["persistedQuery"]; sent {
		pq, _ := raw.(map[string]any)
		hash, _ := pq["sha256Hash"].(string)
		if hash == "" || fmt.Sprint(pq["version"]) != "1" || (doc != "" && doc != hash) {
			return "", false
		}
		doc = hash
	}
	h := sha256.New()
	fmt.Fprintf(h, "v%d\x00%s\x00%s\x00%s\x00%s\x00", version, media, lang, params.OperationName, doc)
	if len(params.Variables) > 0 {
		// encoding/json sorts the keys of maps: the same variables give the same bytes.
		vars, _ := json.Marshal(params.Variables)
		h.Write(vars)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// store answers a request that missed the response cache, telling the client so in
// extensions.cache, and keeps the response when it may be reused (a query without
// errors): the kept body says "hit" and counts no SQL statement, and the ETag of both
// is that of the kept body, so that a validator from a miss matches a later hit.
// It returns false when it wrote nothing (the caller writes the response).
func (t Transport) store(w http.ResponseWriter, r *http.Request, media, key string, resp *graphql.Response, store, cacheable bool) bool {
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	if !store {
		resp.Extensions[ExtCache] = CacheMiss
		return false
	}
	resp.Extensions[ExtCache] = CacheHit
	statements, counted := resp.Extensions["sqlStatements"]
	if counted {
		resp.Extensions["sqlStatements"] = 0
	}
	kept, err := encodeResponse(resp)
	if err != nil {
		resp.Extensions[ExtCache] = CacheMiss
		return false
	}
	resp.Extensions[ExtCache] = CacheMiss
	if counted {
		resp.Extensions["sqlStatements"] = statements
	}
	body, err := encodeResponse(resp)
	if err != nil {
		return false
	}
	lang := model.ContentLanguage(r.Context())
	etag := t.etag(r.Context(), media+"; "+lang, kept)
	t.Responses.Add(r.Context(), key, encodeEntry(entry{lang: lang, etag: etag, body: string(kept)}))
	t.writeBody(w, r, media, http.StatusOK, lang, etag, body, cacheable)
	return true
}

// The response cache's report in a response's extensions.
const (
	ExtCache  = "cache"
	CacheHit  = "hit"
	CacheMiss = "miss"
)

// entry is a kept response: its Content-Language, its ETag and its body.
type entry struct{ lang, etag, body string }

func encodeEntry(e entry) string { return e.lang + "\n" + e.etag + "\n" + e.body }

func decodeEntry(v string) (entry, bool) {
	lang, rest, ok1 := strings.Cut(v, "\n")
	etag, body, ok2 := strings.Cut(rest, "\n")
	return entry{lang: lang, etag: etag, body: body}, ok1 && ok2
}

// writeErrors answers a request refused before execution (limits, parse, validation,
// persisted queries) through the executor's response middleware, so that extensions
// (metrics) see it: no data, 400 under application/graphql-response+json and 200
// under application/json, unless an extension chose the status (rate limit).
func (t Transport) writeErrors(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, ctx context.Context, errs gqlerror.List) {
	for _, e := range errs {
		if e.Extensions == nil || e.Extensions["code"] == nil {
			// gqlgen's own request errors carry no code.
			if e.Extensions == nil {
				e.Extensions = map[string]any{}
			}
			e.Extensions["code"] = CodeBadRequest
		}
	}
	resp := exec.DispatchError(ctx, errs)
	status := http.StatusOK
	if media == MediaGraphQLResponse {
		status = http.StatusBadRequest
	}
	if s, h := statusOverride(resp.Errors); s != 0 {
		status = s
		copyHeader(w.Header(), h)
	}
	t.write(w, r, media, status, resp, false)
}

// statusOverride lets request errors raised by handler extensions (rate limits...)
// choose their HTTP status: extensions.httpStatus, removed from the body.
func statusOverride(errs gqlerror.List) (int, http.Header) {
	for _, e := range errs {
		if s, ok := e.Extensions[ExtHTTPStatus].(int); ok {
			delete(e.Extensions, ExtHTTPStatus)
			h, _ := e.Extensions[ExtHTTPHeader].(http.Header)
			delete(e.Extensions, ExtHTTPHeader)
			return s, h
		}
	}
	return 0, nil
}

// Keys of gqlerror extensions that an extension may set on a request error to choose
// the HTTP status and headers of the response; the transport removes them.
const (
	ExtHTTPStatus = "httpStatus"
	ExtHTTPHeader = "httpHeader"
)

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = vs
	}
}

func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == code {
			return true
		}
	}
	return false
}

// response is graphql.Response with no data entry when there is none: the
// specification wants request errors without data, and execution results with it.
type response struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// encodeResponse writes the response body: errors and extensions through encoding/json,
// data as gqlgen produced it (already valid JSON: re-encoding it would only copy and
// re-validate the largest part of the body). The keys come in the order of response.
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	if len(resp.Data) == 0 || (resp.Data[0] != '{' && string(resp.Data) != "null") {
		return json.Marshal(response{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions})
	}
	body := make([]byte, 0, len(resp.Data)+256)
	body = append(body, '{')
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		body = append(append(append(body, `"errors":`...), errs...), ',')
	}
	body = append(append(body, `"data":`...), resp.Data...)
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		body = append(append(body, `,"extensions":`...), ext...)
	}
	return append(body, '}'), nil
}

func (t Transport) write(w http.ResponseWriter, r *http.Request, media string, status int, resp *graphql.Response, cacheable bool) {
	body, err := encodeResponse(resp)
	if err != nil {
		WriteRequestError(w, media, &RequestError{Status: http.StatusInternalServerError, Code: "INTERNAL_SERVER_ERROR",
			Message: "internal error: the response could not be encoded"})
		return
	}
	lang := model.ContentLanguage(r.Context())
	etag := ""
	if cacheable && status == http.StatusOK {
		etag = t.etag(r.Context(), media+"; "+lang, body)
	}
	t.writeBody(w, r, media, status, lang, etag, body, cacheable)
}

// writeBody writes an encoded response with its headers: GET responses that may be
// cached (cacheable, 200) get Cache-Control, the ETag etag and a 304 when the client
// holds it already; others are no-store.
func (t Transport) writeBody(w http.ResponseWriter, r *http.Request, media string, status int, lang, etag string, body []byte, cacheable bool) {
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Add("Vary", "Accept")
	// The texts are in the request's language (model.WithLang): caches key on it.
	h.Add("Vary", "Accept-Language")
	h.Set("Content-Language", lang)
	maxAge := t.CacheMaxAge
	if maxAge == 0 {
		maxAge = DefaultCacheMaxAge
	}
	if !cacheable || status != http.StatusOK || maxAge < 0 {
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, _ = w.Write(body)
		return
	}
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(maxAge/time.Second)))
	h.Set("ETag", etag)
	if etagMatches(r.Header.Values("If-None-Match"), etag) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (t Transport) etag(ctx context.Context, media string, body []byte) string {
	h := sha256.New()
	if t.Version != nil {
		fmt.Fprintf(h, "v%d\n", t.Version.Current(ctx))
	}
	h.Write([]byte(media))
	h.Write([]byte{0})
	h.Write(body)
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 13.1.2).
func etagMatches(values []string, etag string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "*" || strings.TrimPrefix(part, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// Negotiate picks the response media type from an Accept header: application/json
// when the header is missing (legacy clients) or when the client prefers it or accepts
// anything (*/*, application/*); application/graphql-response+json when the client
// accepts it at least as much as application/json, and when the header accepts
// neither (the specification's default).
func Negotiate(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return MediaJSON
	}
	var gqlQ, jsonQ, wildQ float64 = -1, -1, -1
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			continue
		}
		switch mt {
		case MediaGraphQLResponse:
			gqlQ = max(gqlQ, q)
		case MediaJSON:
			jsonQ = max(jsonQ, q)
		case "*/*", "application/*":
			wildQ = max(wildQ, q)
		}
	}
	switch {
	case gqlQ > 0 && gqlQ >= jsonQ:
		return MediaGraphQLResponse
	case jsonQ > 0:
		return MediaJSON
	case wildQ > 0:
		return MediaJSON
	}
	return MediaGraphQLResponse
}

// RequestError is a refusal before GraphQL execution: it is written with its HTTP
// status and no data entry.
type RequestError struct {
	Status     int
	Code       string
	Message    string
	Header     http.Header
	Extensions map[string]any
}

func (e *RequestError) Error() string { return e.Message }

// WriteRequestError writes e as a GraphQL response with a single error.
func WriteRequestError(w http.ResponseWriter, media string, e *RequestError) {
	h := w.Header()
	copyHeader(h, e.Header)
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	ext := map[string]any{"code": e.Code}
	for k, v := range e.Extensions {
		ext[k] = v
	}
	body, _ := json.Marshal(response{Errors: gqlerror.List{{Message: e.Message, Extensions: ext}}})
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

func badRequest(format string, args ...any) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

func mutationByGET() *RequestError {
	return &RequestError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
		Message: "GET requests can only run queries: send mutations by POST",
		Header:  http.Header{"Allow": {"POST"}}}
}

func paramsFromQuery(rawQuery string) (*graphql.RawParams, *RequestError) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badRequest("the URL query string could not be decoded: %s", cleanErr(err))
	}
	p := &graphql.RawParams{Query: values.Get("query"), OperationName: values.Get("operationName")}
	if !utf8.ValidString(p.Query) || !utf8.ValidString(p.OperationName) {
		return nil, badRequest("the query must be UTF-8 text")
	}
	if v := values.Get("variables"); v != "" {
		if err := decodeObject([]byte(v), &p.Variables); err != nil {
			return nil, badRequest("the variables parameter must be a JSON object (URL-encoded): %s", err)
		}
	}
	if v := values.Get("extensions"); v != "" {
		if err := decodeObject([]byte(v), &p.Extensions); err != nil {
			return nil, badRequest("the extensions parameter must be a JSON object (URL-encoded): %s", err)
		}
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, badRequest("missing query: send the GraphQL document in the query parameter")
	}
	return p, nil
}

func paramsFromBody(r *http.Request) (*graphql.RawParams, *RequestError) {
	mt, mparams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != MediaJSON {
		return nil, &RequestError{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
			Message: "send the GraphQL request as JSON with Content-Type: application/json",
			Header:  http.Header{"Accept-Post": {MediaJSON}}}
	}
	if cs, ok := mparams["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, &RequestError{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
			Message: "the request body must be UTF-8 (charset=utf-8)",
			Header:  http.Header{"Accept-Post": {MediaJSON}}}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &RequestError{Status: http.StatusRequestEntityTooLarge, Code: CodeRequestTooLarge,
				Message:    fmt.Sprintf("the request body is larger than %d bytes", tooLarge.Limit),
				Extensions: map[string]any{"limit": tooLarge.Limit}}
		}
		return nil, badRequest("the request body could not be read")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, badRequest("empty body: send a JSON object with a query")
	}
	if !utf8.Valid(body) {
		return nil, badRequest("the request body is not valid UTF-8")
	}
	if body[0] == '[' {
		return nil, &RequestError{Status: http.StatusBadRequest, Code: CodeBatching,
			Message: "batched requests (a JSON array) are not supported: send one operation per request"}
	}
	var raw struct {
		Query         json.RawMessage `json:"query"`
		OperationName json.RawMessage `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	if err := decodeObject(body, &raw); err != nil {
		return nil, badRequest("the request body is not a JSON object: %s", err)
	}
	p := &graphql.RawParams{}
	if err := optionalString(raw.Query, &p.Query); err != nil {
		return nil, badRequest("query must be a string")
	}
	if err := optionalString(raw.OperationName, &p.OperationName); err != nil {
		return nil, badRequest("operationName must be a string or null")
	}
	if err := optionalObject(raw.Variables, &p.Variables); err != nil {
		return nil, badRequest("variables must be an object or null")
	}
	if err := optionalObject(raw.Extensions, &p.Extensions); err != nil {
		return nil, badRequest("extensions must be an object or null")
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, badRequest("missing query: send {\"query\": \"{ ... }\"}")
	}
	return p, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

func optionalString(raw json.RawMessage, dst *string) error {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '"' {
		return errors.New("not a string")
	}
	return json.Unmarshal(raw, dst)
}

func optionalObject(raw json.RawMessage, dst *map[string]any) error {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '{' {
		return errors.New("not an object")
	}
	return decodeObject(raw, dst)
}

// decodeObject decodes one JSON object, numbers kept exact, nothing after it.
func decodeObject(data []byte, dst any) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return errors.New("expected a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return errors.New(cleanErr(err))
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// cleanErr keeps a decoder's message short and free of Go type names.
func cleanErr(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("wrong JSON type at byte %d", typ.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the JSON ends too early"
	}
	return "invalid JSON or query string"
}
