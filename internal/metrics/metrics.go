// Package metrics is the operational view of the observatory: Prometheus metrics served
// at /metrics (requests, latencies, SQL statements per request, GraphQL errors, cache
// hits, rate-limited requests, Go runtime and process) and one structured access log
// line per request, with its request ID (package reqlog).
//
// The HTTP middleware (Metrics.Middleware) keeps a small record of each request in its
// context; the gqlgen extension (Extension), the counting caches (CountingCache) and
// other packages (RateLimited, CountError) add to that record, so none of them needs a
// reference to the Metrics value: several handlers (tests) each keep their own registry.
//
// Label values are bounded: routes are the mux's patterns, methods a fixed list,
// operation names a fixed list given at start (unnamed operations are "anonymous",
// operations that did not parse or validate "invalid", any other name "other"), error
// codes capped.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/reindustrie/observatory/internal/reqlog"
	"github.com/reindustrie/observatory/internal/store"
)

// MaxErrorCodes is how many distinct error codes get their own label value; the
// codes are the API's own, a fixed list well below it.
const MaxErrorCodes = 50

// Label values that are not operation names.
const (
	OperationAnonymous = "anonymous"
	OperationInvalid   = "invalid"
	OperationOther     = "other"
)

// Options configure New.
type Options struct {
	// Logger receives the access log (nil: slog.Default()); it is wrapped by
	// reqlog.Logger so that every line carries the request ID.
	Logger *slog.Logger
	// Route returns the route label of a request; it must return few distinct values
	// (nil: MuxRoute of no mux, i.e. "unmatched" for everything).
	Route func(*http.Request) string
	// Operations are the operation names that get a label value of their own (the
	// GraphiQL stories and examples, and the names an operator adds); every other
	// name is "other", so that no client can add label values.
	Operations []string
	// QuietPaths are logged at debug level instead of info (probes and scrapes; nil:
	// /healthz, /readyz and /metrics).
	QuietPaths map[string]bool
}

// Metrics holds a registry and the observatory's collectors.
type Metrics struct {
	registry *prometheus.Registry
	logger   *slog.Logger
	route    func(*http.Request) string
	quiet    map[string]bool

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	opDuration  *prometheus.HistogramVec
	statements  *prometheus.HistogramVec
	gqlErrors   *prometheus.CounterVec
	cache       *prometheus.CounterVec
	rateLimited prometheus.Counter
	readPaths   *prometheus.CounterVec

	operations map[string]bool
	codes      *boundedSet
}

// Latency buckets, in seconds, up to the 10-second request budget.
var durationBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// SQL statements per request: a request's statements are bounded by its depth.
var statementBuckets = []float64{0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89}

// New returns the metrics of one handler, on a registry of their own that also holds
// the Go runtime and process collectors.
func New(opts Options) *Metrics {
	operations := map[string]bool{}
	for _, name := range opts.Operations {
		operations[name] = true
	}
	route := opts.Route
	if route == nil {
		route = func(*http.Request) string { return "unmatched" }
	}
	quiet := opts.QuietPaths
	if quiet == nil {
		quiet = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}
	}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		logger:   reqlog.Logger(opts.Logger),
		route:    route,
		quiet:    quiet,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "observatory_http_requests_total",
			Help: "HTTP requests answered, by route (the mux pattern), method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "observatory_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: durationBuckets,
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "observatory_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "observatory_graphql_operation_duration_seconds",
			Help: "Time to answer a GraphQL request, by operation name (the published stories and examples, and names " +
				"the operator listed; \"anonymous\" when unnamed, \"invalid\" when it did not parse or validate, \"other\" for any other name).",
			Buckets: durationBuckets,
		}, []string{"operation"}),
		statements: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "observatory_sql_statements_per_request",
			Help:    "SQL statements run on behalf of one HTTP request, by route.",
			Buckets: statementBuckets,
		}, []string{"route"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "observatory_graphql_errors_total",
			Help: "GraphQL errors returned, by extensions.code.",
		}, []string{"code"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "observatory_graphql_cache_requests_total",
			Help: "Lookups in the GraphQL caches (query: parsed documents; apq: automatic persisted queries; response: whole responses of public queries), by result (hit or miss).",
		}, []string{"cache", "result"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "observatory_http_rate_limited_total",
			Help: "HTTP requests refused by the rate limit (429).",
		}),
		readPaths: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "observatory_graphql_read_path_total",
			Help: "GraphQL operations answered, by read path: compiled (the compiled read path) or general (the resolvers).",
		}, []string{"path"}),
		operations: operations,
		codes:      &boundedSet{max: MaxErrorCodes},
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.inFlight, m.opDuration, m.statements, m.gqlErrors, m.cache, m.rateLimited, m.readPaths,
	)
	return m
}

// Registry is the registry of m (to add collectors).
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Logger is the access logger of m (its lines carry the request ID).
func (m *Metrics) Logger() *slog.Logger { return m.logger }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:          slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn),
		Registry:          m.registry,
		EnableOpenMetrics: false,
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// MuxRoute returns a Route function naming a request by the pattern of mux that
// serves it, without its method ("/download/{file}"), or "unmatched".
func MuxRoute(mux *http.ServeMux) func(*http.Request) string {
	return func(r *http.Request) string {
		if mux == nil {
			return "unmatched"
		}
		_, pattern := mux.Handler(r)
		if pattern == "" {
			return "unmatched"
		}
		if i := strings.IndexByte(pattern, ' '); i >= 0 {
			pattern = strings.TrimLeft(pattern[i+1:], " ")
		}
		return pattern
	}
}

// request is what the middleware knows of one request; the GraphQL extension, the
// caches and other packages add to it through the context.
type request struct {
	m *Metrics

	mu          sync.Mutex
	graphql     bool
	operation   string // the label value, once known
	opName      string // the operation's name as sent (for the access log)
	rateLimited bool
	readPath    string
}

type requestKey struct{}

func from(ctx context.Context) *request {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

// RateLimited records that the request of ctx was refused by a rate limit. The
// middleware also counts every 429 response; a request is counted once either way.
// Outside the middleware it does nothing.
func RateLimited(ctx context.Context) {
	if r := from(ctx); r != nil {
		r.mu.Lock()
		r.rateLimited = true
		r.mu.Unlock()
	}
}

// ReadPath records the read path that answered the GraphQL operation of ctx
// ("compiled" or "general"): counted, and written in the access log.
func ReadPath(ctx context.Context, path string) {
	if r := from(ctx); r != nil {
		r.m.readPaths.WithLabelValues(path).Inc()
		r.mu.Lock()
		r.readPath = path
		r.mu.Unlock()
	}
}

// CountError counts a GraphQL error with the given extensions.code returned outside
// gqlgen's executor (the transport's request errors: bad JSON, mutation by GET,
// timeout...). Errors in gqlgen responses are counted by Extension.
func CountError(ctx context.Context, code string) {
	if r := from(ctx); r != nil {
		r.m.countError(code)
	}
}

func (m *Metrics) countError(code string) {
	if code == "" {
		code = "UNKNOWN"
	} else if !validCode(code) || !m.codes.admit(code) {
		code = "OTHER"
	}
	m.gqlErrors.WithLabelValues(code).Inc()
}

func validCode(code string) bool {
	if len(code) > 48 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// setOperation records the operation of a GraphQL request: its name, or "" when
// unnamed, or valid=false when the request did not get as far as an operation.
func (r *request) setOperation(name string, valid bool) {
	label := OperationInvalid
	switch {
	case !valid:
	case name == "":
		label = OperationAnonymous
	case r.m.operations[name]:
		label = name
	default:
		label = OperationOther
	}
	r.mu.Lock()
	r.graphql = true
	if r.operation == "" || r.operation == OperationInvalid {
		r.operation = label
		r.opName = label
		if valid && name != "" {
			r.opName = truncate(name, 64)
		}
	}
	r.mu.Unlock()
}

// boundedSet admits up to max distinct values, then only those already admitted.
type boundedSet struct {
	mu     sync.Mutex
	max    int
	values map[string]struct{}
}

func (s *boundedSet) admit(v string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.values[v]; ok {
		return true
	}
	if len(s.values) >= s.max {
		return false
	}
	if s.values == nil {
		s.values = map[string]struct{}{}
	}
	s.values[v] = struct{}{}
	return true
}

var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

func methodLabel(m string) string {
	if knownMethods[m] {
		return m
	}
	return "OTHER"
}

// Middleware records every request: it takes or makes its request ID (echoed in
// X-Request-Id, put in the context for the logs), counts it, times it, and writes one
// access log line. Place it inside the middleware that installs the SQL statement
// counter (store.WithStatementCounter) so that it can read the count.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := reqlog.FromHeader(r.Header.Get(reqlog.Header))
		w.Header().Set(reqlog.Header, id)
		route := m.route(r)
		rec := &request{m: m}
		ctx := context.WithValue(reqlog.WithID(r.Context(), id), requestKey{}, rec)
		sw := &statusWriter{ResponseWriter: w}
		m.inFlight.Inc()
		defer func() {
			m.inFlight.Dec()
			p := recover()
			if p != nil && !sw.wrote {
				sw.status = http.StatusInternalServerError
			}
			m.observe(ctx, r, rec, route, sw, time.Since(start))
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

func (m *Metrics) observe(ctx context.Context, r *http.Request, rec *request, route string, sw *statusWriter, elapsed time.Duration) {
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	seconds := elapsed.Seconds()
	m.requests.WithLabelValues(route, methodLabel(r.Method), strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(seconds)

	statements := int64(-1)
	if c := store.StatementCounterFrom(ctx); c != nil {
		statements = c.Count()
		m.statements.WithLabelValues(route).Observe(float64(statements))
	}

	rec.mu.Lock()
	isGraphQL, operation, opName, limited, readPath := rec.graphql, rec.operation, rec.opName, rec.rateLimited, rec.readPath
	rec.mu.Unlock()
	if isGraphQL {
		m.opDuration.WithLabelValues(operation).Observe(seconds)
	}
	if limited || status == http.StatusTooManyRequests {
		m.rateLimited.Inc()
	}

	level := slog.LevelInfo
	if m.quiet[r.URL.Path] {
		level = slog.LevelDebug
	}
	if !m.logger.Enabled(ctx, level) {
		return
	}
	path := truncate(r.URL.Path, 200)
	attrs := []slog.Attr{
		slog.String("client", reqlog.ClientAddr(r.RemoteAddr)),
		slog.String("method", r.Method),
		slog.String("path", path),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		slog.Int64("bytes", sw.bytes),
	}
	if statements >= 0 {
		attrs = append(attrs, slog.Int64("sql_statements", statements))
	}
	if isGraphQL {
		attrs = append(attrs, slog.String("operation", opName))
	}
	if readPath != "" {
		attrs = append(attrs, slog.String("read_path", readPath))
	}
	m.logger.LogAttrs(ctx, level, "request", attrs...)
}

// truncate cuts s to at most n bytes (on a rune boundary), marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// statusWriter remembers the status and counts the bytes of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status = status
		w.wrote = status >= 200 // 1xx informational responses come before the real one
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Flush lets streaming handlers (downloads) flush.
func (w *statusWriter) Flush() {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap exposes the underlying writer to http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
