// Package api assembles the observatory's HTTP handler: the GraphQL endpoint (GET and
// POST), GraphiQL, the schema download, health checks and CORS. The server binary and
// the tests use the same handler.
package httpapi

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/editing"
	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/generated"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/compiled"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/internal/gqlhttp"
	"github.com/reindustrie/observatory/internal/graphiql"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/metrics"
	"github.com/reindustrie/observatory/internal/persisted"
	"github.com/reindustrie/observatory/internal/reqlog"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// Config is what the handler needs.
type Config struct {
	// DB is the database every request reads.
	DB *gorm.DB
	// Ready reports whether the service can answer (database reachable, data loaded).
	Ready func(ctx context.Context) error
	// Logger receives errors and request logs; nil means slog.Default().
	Logger *slog.Logger
	// RequestTimeout is the time budget of a request (default 10 s).
	RequestTimeout time.Duration
	// DataChanged is called after every write through the API (cache invalidation).
	DataChanged func()
	// CacheMaxAge is the max-age of successful GET responses (0: 60 s; negative: none).
	CacheMaxAge time.Duration
	// Version is the data version in ETags, bumped after every write (default: in memory).
	Version gqlhttp.DataVersion
	// Limits are the query limits (zero values: the published defaults, docs/limits.md).
	Limits limits.Config
	// RateLimiter keeps the per-client allowances (nil: in memory, 120 a minute).
	RateLimiter limits.Limiter
	// NoRateLimit turns the rate limit off (tests that are about something else).
	NoRateLimit bool
	// ClientKey identifies a client for the rate limit (nil: its IP address).
	ClientKey func(*http.Request) string
	// Customize, when set, is called on the gqlgen server once it is built (tests use
	// it to add failing or slow fields).
	Customize func(*handler.Server)
	// APQCache stores the automatic persisted queries (nil: in memory, per process,
	// bounded in bytes; rediscache shares them between processes).
	APQCache graphql.Cache[string]
	// MetricsOperations are operation names, beyond the GraphiQL stories and examples,
	// that get a label of their own in the metrics.
	MetricsOperations []string
	// ResponseCacheBytes bounds the response cache of public GraphQL queries, in bytes
	// (least recently used entries dropped first); 0: no response cache
	// (docs/performance.md).
	ResponseCacheBytes int
	// DownloadsDir holds the built download files (default: a folder of the system's
	// temporary directory). Several processes may share it: each builds in its own
	// subfolder.
	DownloadsDir string
	// ReadPools are the PostgreSQL pools of the compiled read path (nil: the pool of DB
	// when it is PostgreSQL; the server passes its read replicas' when it has some).
	ReadPools []*sql.DB
	// GeneralReadsOnly turns the compiled read path off: every operation runs through
	// the resolvers (docs/performance.md).
	GeneralReadsOnly bool
	// VerifyReads, when set, runs every compiled answer through the resolvers too and
	// hands both answers to it (tests compare the two read paths on every query).
	VerifyReads func(ctx context.Context, compiled, general *graphql.Response)
}

// Handler is the observatory's HTTP handler. Its metrics are served apart
// (Handler.Metrics), on a listener of their own, never on the public address.
type Handler struct {
	http.Handler
	metrics *metrics.Metrics
}

// Metrics serves the Prometheus metrics of the handler.
func (h *Handler) Metrics() http.Handler { return h.metrics.Handler() }

// Limits published to clients (README, schema descriptions).
const (
	// DefaultRequestTimeout is the time budget of one request.
	DefaultRequestTimeout = 10 * time.Second
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes = 1 << 20
	// QueryCacheSize is the number of parsed queries kept.
	QueryCacheSize = 1000
)

// New returns the HTTP handler of the observatory.
func New(cfg Config) *Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = reqlog.Logger(cfg.Logger) // every line logged for a request carries its ID
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.Ready == nil {
		cfg.Ready = func(context.Context) error { return nil }
	}

	mux := http.NewServeMux()
	obs := metrics.New(metrics.Options{Logger: cfg.Logger, Route: metrics.MuxRoute(mux),
		Operations: append(graphiql.OperationNames(), cfg.MetricsOperations...)})
	if cfg.Version == nil {
		cfg.Version = &gqlhttp.MemoryVersion{}
	}
	changed := func() {
		cfg.Version.Bump(context.Background())
		if cfg.DataChanged != nil {
			cfg.DataChanged()
		}
	}
	resolver := &graph.Resolver{DB: cfg.DB, Logger: cfg.Logger, Editor: &editing.Editor{DB: cfg.DB, Changed: changed}, DataVersionOf: cfg.Version.Current}
	gql := auth.Middleware(cfg.DB, loaders.Middleware(cfg.DB, resolver.Prefetch, GraphQLServer(resolver, cfg)))
	mux.Handle("/graphql", gql)
	mux.HandleFunc("GET /schema.graphql", serveSchema)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writePlain(w, http.StatusOK, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := cfg.Ready(ctx); err != nil {
			// The cause (driver text, addresses) goes to the log, not to the public.
			cfg.Logger.WarnContext(ctx, "not ready", "error", err)
			w.Header().Set("Retry-After", retryAfter)
			writeError(w, http.StatusServiceUnavailable, model.CodeUnavailable,
				"not ready: the database cannot be reached", map[string]any{"phase": "DATABASE"})
			return
		}
		writePlain(w, http.StatusOK, "ready\n")
	})
	mountGraphiQL(mux)
	dir := cfg.DownloadsDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "observatory-downloads")
	}
	files := &export.Files{Dir: dir, DB: cfg.DB, Version: cfg.Version.Current, Licence: graph.DatasetLicence, Meta: datasetMeta, Logger: cfg.Logger}
	mountDownloads(mux, cfg.DB, files, cfg.Logger)
	mountGeoJSON(mux, cfg.DB, files, cfg.Logger)

	c := newCORS()
	var limited http.Handler = mux
	if !cfg.NoRateLimit {
		if cfg.RateLimiter == nil {
			cfg.RateLimiter = limits.NewBucket(limits.DefaultRatePerMinute, limits.DefaultBurst)
		}
		limited = limits.RateLimit{
			Limiter:   cfg.RateLimiter,
			ClientKey: cfg.ClientKey,
			// The GraphiQL page and its immutable, content-hashed assets cost nothing
			// to serve and are cached by browsers: a newsroom or a classroom behind one
			// address must always get the page. The API calls it makes are counted.
			Exempt: map[string]bool{"/healthz": true, "/readyz": true,
				graphiql.PagePath: true, graphiql.AltPagePath: true},
			ExemptPrefixes: []string{graphiql.AssetsPath},
		}.Handler(mux)
	}
	return &Handler{
		Handler: withHTTPLimits(c.Handler(withBudget(cfg.RequestTimeout, obs.Middleware(withLang(withBodyLimit(limited)))))),
		metrics: obs,
	}
}

// GraphQLServer builds the gqlgen server with its transports, caches and extensions.
func GraphQLServer(resolver *graph.Resolver, opts Config) *handler.Server {
	logger := opts.Logger
	es := generated.NewExecutableSchema(generated.Config{Resolvers: resolver, Directives: generated.DirectiveRoot{Ref: resolver.Ref, Localized: graph.Localized}})
	srv := handler.New(es)
	// The transport applies the text limits before anything parses the document; the
	// parser's own token limit is a second guard; a document is then parsed once.
	transport := gqlhttp.Transport{CacheMaxAge: opts.CacheMaxAge, Version: opts.Version, Limits: opts.Limits}
	if opts.ResponseCacheBytes > 0 {
		transport.Responses = metrics.CountingCache("response", graphql.Cache[string](persisted.NewMemory(opts.ResponseCacheBytes)))
	}
	srv.AddTransport(transport)
	srv.SetParserTokenLimit(opts.Limits.WithDefaults().MaxTokens)
	srv.SetQueryCache(metrics.CountingCache("query", lru.New[*ast.QueryDocument](QueryCacheSize)))
	srv.Use(metrics.Extension{}) // operation names and error codes for /metrics and the access log
	srv.Use(extension.Introspection{})
	// Persisted queries: resolved before the limits, registered only once the limits
	// have accepted the operation.
	apq := persisted.Queries{Store: metrics.CountingCache("apq", apqStore(opts.APQCache)), MaxQueryBytes: opts.Limits.WithDefaults().MaxQueryBytes}
	srv.Use(apq.Resolve())
	srv.Use(limits.Extension{Config: opts.Limits})
	srv.Use(apq.Register())
	srv.SetErrorPresenter(graph.ErrorPresenter(logger))
	srv.SetRecoverFunc(graph.RecoverFunc(logger))
	srv.AroundResponses(reportStatements)
	// The compiled read path answers the public queries it knows; the others go on to
	// the resolvers, with their root lookups prefetched.
	srv.AroundResponses(readEngine(es, opts).AroundResponses)
	srv.AroundResponses(graph.PrefetchRoot)
	if opts.Customize != nil {
		opts.Customize(srv)
	}
	return srv
}

// readEngine is the compiled read path of the handler: on PostgreSQL, unless turned off.
func readEngine(es graphql.ExecutableSchema, opts Config) *compiled.Engine {
	pools := opts.ReadPools
	if pools == nil {
		pools = store.PrimaryPool(opts.DB)
	}
	return &compiled.Engine{
		Pools:  pools,
		Schema: es.Schema(),
		// Fields added or changed by Customize (tests' failing or slow fields) are the
		// resolvers': their server keeps the general path.
		Off:           opts.GeneralReadsOnly || opts.Customize != nil,
		Authenticated: func(ctx context.Context) bool { return auth.ActorFrom(ctx) != nil },
		Report:        metrics.ReadPath,
		Logger:        opts.Logger,
		Verify:        opts.VerifyReads,
	}
}

// reportStatements adds the number of SQL statements the request ran to the response
// extensions, so clients (and tests) can see what a query costs.
func reportStatements(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	if c := store.StatementCounterFrom(ctx); c != nil {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["sqlStatements"] = c.Count()
	}
	return resp
}

// withBudget gives every request its time budget and a statement counter; the budget
// reaches the database through the context of every query. Downloads have no total
// budget (a whole file takes longer): they give up when they make no progress
// (DownloadStall).
func withBudget(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !strings.HasPrefix(r.URL.Path, "/download/") {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		ctx, _ = store.WithStatementCounter(ctx)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func withBodyLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

func writePlain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
