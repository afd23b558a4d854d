package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"
)

// MetricsMux serves the Prometheus metrics (Handler.Metrics) at GET /metrics, for
// the metrics listener.
func MetricsMux(metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	return mux
}

// DebugMux serves net/http/pprof under /debug/pprof/, for the debug listener.
func DebugMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// ServeInternal serves handler on addr until ctx ends: the internal listeners
// (metrics, pprof), meant for 127.0.0.1 or a private network, never the public address.
func ServeInternal(ctx context.Context, logger *slog.Logger, what, addr string, handler http.Handler) {
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
