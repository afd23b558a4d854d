package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime/debug"
	"time"

	"github.com/reindustrie/observatory/api"
	"github.com/reindustrie/observatory/config"
	"github.com/reindustrie/observatory/limits"
	"github.com/reindustrie/observatory/rediscache"
)

// withScaleOut adds to the handler's configuration what several server processes
// share (persisted queries in Redis) and the rate limit of the configuration.
func withScaleOut(ctx context.Context, cfg *config.Config, logger *slog.Logger, c api.Config) api.Config {
	if cfg.RedisURL != "" {
		cache, err := rediscache.New(ctx, cfg.RedisURL)
		if err != nil {
			logger.Error("redis unreachable: persisted queries stay in this process", "error", err)
		} else {
			cache.OnError = func(err error) { logger.Warn("redis: persisted query cache", "error", err) }
			c.APQCache = cache
			logger.Info("persisted queries shared through redis")
		}
	}
	if cfg.RateLimit == 0 {
		c.NoRateLimit = true
	} else if cfg.RateLimit != limits.DefaultRatePerMinute {
		c.RateLimiter = limits.NewBucket(cfg.RateLimit, cfg.RateLimit)
	}
	if len(cfg.ReplicaURLs) > 0 {
		logger.Info("reads go to the replicas", "replicas", len(cfg.ReplicaURLs))
	}
	return c
}

// startDebug serves net/http/pprof on cfg.DebugAddr, when set: a separate listener,
// meant for 127.0.0.1 or a private network, never the public address.
func startDebug(ctx context.Context, cfg *config.Config, logger *slog.Logger) {
	if cfg.DebugAddr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	serveInternal(ctx, logger, "debug listener (pprof)", cfg.DebugAddr, mux)
}

// startMetrics serves the Prometheus metrics on cfg.MetricsAddr, when set: a listener
// of its own, meant for 127.0.0.1 or a private network, never the public address.
func startMetrics(ctx context.Context, cfg *config.Config, logger *slog.Logger, metrics http.Handler) {
	if cfg.MetricsAddr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	serveInternal(ctx, logger, "metrics listener", cfg.MetricsAddr, mux)
}

// serveInternal serves handler on addr until ctx ends (internal listeners: metrics,
// pprof).
func serveInternal(ctx context.Context, logger *slog.Logger, what, addr string, handler http.Handler) {
	srv := &http.Server{Addr: addr, Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		logger.Info(what, "addr", addr)
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			logger.Error(what, "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
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
