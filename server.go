//go:generate go tool gqlgen generate

// Command observatory serves the GraphQL API of the open-data observatory of industrial
// renewal in French territories. With no configuration it uses an embedded SQLite file,
// created and seeded on first start; DATABASE_URL points it at PostgreSQL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/config"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/limits"
	"github.com/reindustrie/observatory/internal/rediscache"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/synth"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "observatory:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	command := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		command, args = args[0], args[1:]
	}
	switch command {
	case "generate": // synthetic national-scale data for benchmarks (own flags: see synth.Main)
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return synth.Main(ctx, args, os.Stdout)
	}
	cfg, err := config.Parse("observatory", args, config.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	logger := newLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	switch command {
	case "serve":
		return serve(ctx, cfg, logger)
	case "migrate":
		s, err := openStore(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		logger.Info("migrations applied", "dialect", s.Dialect)
		return nil
	case "seed":
		s, err := openStore(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		report, err := seed.Load(ctx, s.DB)
		if err != nil {
			return err
		}
		logConflicts(logger, report.Conflicts)
		logger.Info("dataset loaded", "report", report.String(), "conflicts", len(report.Conflicts), "elapsed_ms", durationMS(report.Duration))
		return nil
	case "healthcheck":
		return healthcheck(ctx, cfg)
	case "token":
		s, err := openStore(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		return tokenCommand(ctx, s, cfg.Args)
	}
	return fmt.Errorf("unknown command %q: use serve, migrate, seed or healthcheck (see --help)", command)
}

func newLogger(cfg *config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func openStore(ctx context.Context, cfg *config.Config) (*store.Store, error) {
	s, err := store.Open(store.Config{
		URL:              cfg.DatabaseURL,
		StatementTimeout: cfg.RequestTimeout,
		MaxOpenConns:     cfg.MaxDBConns,
		LogSQL:           cfg.LogSQL,
		ReplicaURLs:      cfg.ReplicaURLs,
	})
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	// Columns derived in Go that a migration cannot compute (the names' sort keys).
	if _, err := model.FillNameKeys(ctx, s.DB); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("name sort keys: %w", err)
	}
	return s, nil
}

// serve listens at once, then connects, migrates and seeds in the background, retrying
// with backoff while the database is unreachable; /readyz answers 503 until then.
func serve(ctx context.Context, cfg *config.Config, logger *slog.Logger) error {
	tuneGC()
	var current atomic.Pointer[http.Handler]
	var phase atomic.Value
	phase.Store(httpapi.PhaseDatabase)
	notReady := httpapi.Starting(func() string { return phase.Load().(string) })
	current.Store(&notReady)

	srv := httpapi.NewHTTPServer(cfg.Addr,
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) }),
		cfg.RequestTimeout, logger)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	listenErr := make(chan error, 1)
	go func() { listenErr <- srv.Serve(httpapi.JSONHeaderErrors(ln)) }()
	logger.Info("listening", "addr", cfg.Addr, "graphiql", "http://"+displayAddr(cfg.Addr)+"/")

	var opened *store.Store
	ready := make(chan struct{})
	go func() {
		started := time.Now()
		s := connectWithBackoff(ctx, cfg, logger)
		if s == nil {
			return
		}
		if cfg.Seed {
			phase.Store(httpapi.PhaseDataset)
			ensureCurrent(ctx, s, logger, started)
		}
		h := httpapi.New(withScaleOut(ctx, cfg, logger, httpapi.Config{
			DB:                 s.DB,
			Logger:             logger,
			RequestTimeout:     cfg.RequestTimeout,
			Ready:              s.Ping,
			MetricsOperations:  cfg.MetricsOperations,
			ResponseCacheBytes: cfg.ResponseCacheMB << 20,
			ReadPools:          s.ReadPools(),
			GeneralReadsOnly:   !cfg.CompiledReads,
		}))
		startListeners(ctx, cfg, logger, h.Metrics())
		var handler http.Handler = h
		current.Store(&handler)
		opened = s
		logger.Info("ready", "dialect", s.Dialect, "elapsed_ms", durationMS(time.Since(started)))
		close(ready)
	}()

	select {
	case err := <-listenErr:
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining in-flight requests", "timeout_ms", cfg.ShutdownTimeout.Milliseconds())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	select {
	case <-ready:
		_ = opened.Close()
	default:
	}
	return err
}

// ensureCurrent loads the curated dataset into an empty database, or updates the
// curated records of a database that holds an older release, and logs what it did: a
// line per field an editor changed that the release would have set otherwise (the
// editor's value is kept; the datasetConflicts query lists them).
func ensureCurrent(ctx context.Context, s *store.Store, logger *slog.Logger, started time.Time) {
	out, err := seed.EnsureCurrent(ctx, s.DB)
	if err != nil {
		logger.Error("loading the curated dataset failed; serving what the database holds", "error", err,
			"database_release", out.From, "embedded_release", out.To)
		return
	}
	elapsed := durationMS(time.Since(started))
	switch out.Action {
	case seed.Seeded:
		logger.Info("first start: curated dataset loaded", "release", out.To, "elapsed_ms", elapsed)
	case seed.Updated:
		from := out.From
		if from == "" {
			from = "none"
		}
		logConflicts(logger, out.Report.Conflicts)
		logger.Info("curated dataset updated", "from_release", from, "to_release", out.To,
			"conflicts", len(out.Report.Conflicts), "elapsed_ms", elapsed)
	case seed.Current:
		if seed.CompareReleases(out.To, out.From) < 0 {
			logger.Warn("the database holds a newer release of the curated dataset than this binary: left as it is",
				"database_release", out.From, "embedded_release", out.To)
		} else {
			logger.Debug("curated dataset current", "release", out.From)
		}
	case seed.Synthetic:
		logger.Info("the database holds only synthetic data: the curated dataset is not loaded")
	}
}

// logConflicts logs a line per field of a curated record that an editor changed and
// the curated dataset would have set otherwise (the datasetConflicts query lists them).
func logConflicts(logger *slog.Logger, conflicts []model.DatasetConflict) {
	for _, c := range conflicts {
		logger.Warn("dataset conflict: an editor changed this curated record; the editor's value is kept",
			"entity", c.EntityType, "slug", c.EntitySlug, "field", c.Field,
			"curated", c.CuratedJSON, "kept", c.KeptJSON, "release", c.Release)
	}
}

// durationMS is a duration in milliseconds, for the log.
func durationMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// connectWithBackoff opens and migrates the store, retrying from 0.5 s up to 30 s
// between attempts until it works or ctx ends (then it returns nil).
func connectWithBackoff(ctx context.Context, cfg *config.Config, logger *slog.Logger) *store.Store {
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		s, err := openStore(ctx, cfg)
		if err == nil {
			return s
		}
		logger.Warn("database not reachable; retrying", "attempt", attempt, "retry_in_ms", delay.Milliseconds(), "error", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(delay*2, 30*time.Second)
	}
}

func displayAddr(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	return addr
}

// healthcheck asks a running server on cfg.Addr whether it is ready (for container
// health checks, where no curl is available).
func healthcheck(ctx context.Context, cfg *config.Config) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	// Dial the loopback address, not "localhost": a distroless image may not resolve it.
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("addr %q: %w", cfg.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", res.Status)
	}
	return nil
}

// tokenCommand manages the editors' tokens: create NAME ROLE, revoke NAME, list.
func tokenCommand(ctx context.Context, s *store.Store, args []string) error {
	usage := errors.New("usage: observatory token create NAME EDITOR|ADMIN | revoke NAME | list")
	if len(args) == 0 {
		return usage
	}
	switch {
	case args[0] == "create" && len(args) == 3:
		token, err := auth.CreateToken(ctx, s.DB, args[1], model.Role(strings.ToUpper(args[2])))
		if err != nil {
			return err
		}
		fmt.Printf("%s\n\nThe token of %s (%s). It is shown once: only its hash is stored.\nSend it as: Authorization: Bearer <token>\n", token, args[1], strings.ToUpper(args[2]))
		return nil
	case args[0] == "revoke" && len(args) == 2:
		n, err := auth.RevokeTokens(ctx, s.DB, args[1])
		if err != nil {
			return err
		}
		fmt.Printf("%d token(s) of %s revoked\n", n, args[1])
		return nil
	case args[0] == "list" && len(args) == 1:
		tokens, err := auth.ListTokens(ctx, s.DB)
		if err != nil {
			return err
		}
		for _, t := range tokens {
			state := "live"
			if t.RevokedAt != nil {
				state = "revoked " + *t.RevokedAt
			}
			fmt.Printf("%-20s %-7s created %s  %s\n", t.Name, t.Role, t.CreatedAt, state)
		}
		return nil
	}
	return usage
}

// withScaleOut adds to the handler's configuration the rate limit of the
// configuration and what several server processes must share: with REDIS_URL, the
// persisted queries, the clients' rate-limit allowances and the data version (ETags)
// live in Redis, so that N processes behind a load balancer allow a client what one
// would, and an edit on any of them changes the ETags of all.
func withScaleOut(ctx context.Context, cfg *config.Config, logger *slog.Logger, c httpapi.Config) httpapi.Config {
	perMinute := cfg.RateLimit
	if perMinute == 0 {
		c.NoRateLimit = true
	} else if perMinute != limits.DefaultRatePerMinute {
		c.RateLimiter = limits.NewBucket(perMinute, perMinute)
	}
	if cfg.RedisURL != "" {
		cache, err := rediscache.New(ctx, cfg.RedisURL)
		if err != nil {
			logger.Error("redis unreachable: persisted queries, rate limits and the data version stay in this process", "error", err)
		} else {
			cache.OnError = func(err error) { logger.Warn("redis: shared state", "error", err) }
			state := cache.State()
			c.APQCache = cache
			c.Version = state.Version()
			if !c.NoRateLimit {
				burst := perMinute
				if perMinute == limits.DefaultRatePerMinute {
					burst = limits.DefaultBurst
				}
				c.RateLimiter = state.Limiter(perMinute, burst)
			}
			logger.Info("persisted queries, rate limits and the data version shared through redis")
		}
	}
	if len(cfg.ReplicaURLs) > 0 {
		logger.Info("reads go to the replicas", "replicas", len(cfg.ReplicaURLs))
	}
	return c
}

// startListeners serves, when configured, the internal listeners: the Prometheus
// metrics on cfg.MetricsAddr and net/http/pprof on cfg.DebugAddr. They are meant for
// 127.0.0.1 or a private network, never the public address.
func startListeners(ctx context.Context, cfg *config.Config, logger *slog.Logger, metrics http.Handler) {
	if cfg.MetricsAddr != "" {
		httpapi.ServeInternal(ctx, logger, "metrics listener", cfg.MetricsAddr, httpapi.MetricsMux(metrics))
	}
	if cfg.DebugAddr != "" {
		httpapi.ServeInternal(ctx, logger, "debug listener (pprof)", cfg.DebugAddr, httpapi.DebugMux())
	}
}

// tuneGC trades memory for CPU unless GOGC or GOMEMLIMIT are set: the live heap of the
// server is small (tens of MB) and most of a request's garbage dies with it, so a
// collection every 4x growth instead of 2x costs little memory and saves CPU (GC was
// 15 % of the CPU profile under load; bench/RESULTS.md). A soft limit keeps it below
// 256 MiB whatever the load.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}
