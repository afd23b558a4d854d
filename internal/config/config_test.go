package config_test

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/config"
)

// env is a fake environment for Parse.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func parse(t *testing.T, args []string, vars map[string]string) *config.Config {
	t.Helper()
	var usage bytes.Buffer
	c, err := config.Parse("observatory", args, env(vars), &usage)
	if err != nil {
		t.Fatalf("Parse(%q, %v): %v\n%s", args, vars, err, usage.String())
	}
	return c
}

// same compares two configurations, an empty list being no list.
func same(a, b *config.Config) bool {
	norm := func(c config.Config) config.Config {
		for _, l := range []*[]string{&c.ReplicaURLs, &c.MetricsOperations, &c.Args} {
			if len(*l) == 0 {
				*l = nil
			}
		}
		return c
	}
	return reflect.DeepEqual(norm(*a), norm(*b))
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	got := parse(t, nil, nil)
	want := &config.Config{
		Addr:            "127.0.0.1:8080",
		DatabaseURL:     "",
		RequestTimeout:  10 * time.Second,
		MaxDBConns:      16,
		Seed:            true,
		LogFormat:       "text",
		LogLevel:        "info",
		ShutdownTimeout: 15 * time.Second,
		LogSQL:          false,
		RateLimit:       120,
		ResponseCacheMB: 64,
		CompiledReads:   true,
	}
	if !same(got, want) {
		t.Errorf("defaults\n got %+v\nwant %+v", got, want)
	}
}

func TestEnvironmentOverridesDefaults(t *testing.T) {
	t.Parallel()
	got := parse(t, nil, map[string]string{
		"ADDR":                  ":9000",
		"DATABASE_URL":          "postgres://db/obs",
		"REQUEST_TIMEOUT":       "2s",
		"DB_MAX_CONNS":          "4",
		"SEED":                  "false",
		"LOG_FORMAT":            "json",
		"LOG_LEVEL":             "debug",
		"SHUTDOWN_TIMEOUT":      "1m",
		"LOG_SQL":               "true",
		"DATABASE_REPLICA_URLS": "postgres://r1/obs, postgres://r2/obs,,",
		"REDIS_URL":             "redis://cache:6379/0",
		"DEBUG_ADDR":            "127.0.0.1:6060",
		"METRICS_ADDR":          "127.0.0.1:9464",
		"METRICS_OPERATIONS":    "SiteName Persisted,Other",
		"RATE_LIMIT":            "0",
		"RESPONSE_CACHE_MB":     "0",
		"COMPILED_READS":        "false",
	})
	want := &config.Config{
		Addr:              ":9000",
		DatabaseURL:       "postgres://db/obs",
		RequestTimeout:    2 * time.Second,
		MaxDBConns:        4,
		Seed:              false,
		LogFormat:         "json",
		LogLevel:          "debug",
		ShutdownTimeout:   time.Minute,
		LogSQL:            true,
		ReplicaURLs:       []string{"postgres://r1/obs", "postgres://r2/obs"},
		RedisURL:          "redis://cache:6379/0",
		DebugAddr:         "127.0.0.1:6060",
		MetricsAddr:       "127.0.0.1:9464",
		MetricsOperations: []string{"SiteName", "Persisted", "Other"},
		RateLimit:         0,
	}
	if !same(got, want) {
		t.Errorf("from the environment\n got %+v\nwant %+v", got, want)
	}
}

func TestFlagWinsOverItsVariable(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"ADDR": ":9000", "RATE_LIMIT": "30", "SEED": "false", "REQUEST_TIMEOUT": "2s"}
	got := parse(t, []string{"--addr", ":7000", "-rate-limit=60", "--request-timeout=500ms", "seed"}, vars)
	if got.Addr != ":7000" || got.RateLimit != 60 || got.RequestTimeout != 500*time.Millisecond {
		t.Errorf("flags did not win: addr %q, rate limit %d, request timeout %v", got.Addr, got.RateLimit, got.RequestTimeout)
	}
	// A variable without its flag still applies.
	if got.Seed {
		t.Errorf("SEED=false ignored when another flag is given")
	}
	// What follows the flags is the command.
	if !reflect.DeepEqual(got.Args, []string{"seed"}) {
		t.Errorf("args %q, want [seed]", got.Args)
	}
	got = parse(t, []string{"-db-max-conns", "2", "token", "create", "alice", "EDITOR"}, nil)
	if got.MaxDBConns != 2 || !reflect.DeepEqual(got.Args, []string{"token", "create", "alice", "EDITOR"}) {
		t.Errorf("db-max-conns %d, args %q", got.MaxDBConns, got.Args)
	}
}

// Durations are milliseconds (REQUEST_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS); the older
// settings with a unit still work.
func TestDurationsInMilliseconds(t *testing.T) {
	t.Parallel()
	got := parse(t, nil, map[string]string{"REQUEST_TIMEOUT_MS": "2500", "SHUTDOWN_TIMEOUT_MS": "60000"})
	if got.RequestTimeout != 2500*time.Millisecond || got.ShutdownTimeout != time.Minute {
		t.Errorf("from milliseconds: %v, %v", got.RequestTimeout, got.ShutdownTimeout)
	}
	got = parse(t, []string{"--request-timeout-ms", "750"}, nil)
	if got.RequestTimeout != 750*time.Millisecond || got.ShutdownTimeout != 15*time.Second {
		t.Errorf("flag in milliseconds: %v, default shutdown %v", got.RequestTimeout, got.ShutdownTimeout)
	}
	got = parse(t, nil, map[string]string{"REQUEST_TIMEOUT": "3s"})
	if got.RequestTimeout != 3*time.Second {
		t.Errorf("the older form: %v", got.RequestTimeout)
	}
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string // in the error
	}{
		{"request timeout not a duration", []string{"--request-timeout", "soon"}, nil, "request-timeout"},
		{"request timeout from the environment", nil, map[string]string{"REQUEST_TIMEOUT": "10"}, "request-timeout"},
		{"shutdown timeout not a duration", []string{"--shutdown-timeout=forever"}, nil, "shutdown-timeout"},
		{"request timeout in ms not a number", []string{"--request-timeout-ms=10s"}, nil, `request-timeout-ms: want a whole number of milliseconds (1 to 86400000), got "10s"`},
		{"request timeout in ms zero", nil, map[string]string{"REQUEST_TIMEOUT_MS": "0"}, "request-timeout-ms"},
		{"shutdown timeout in ms negative", []string{"--shutdown-timeout-ms=-5"}, nil, "shutdown-timeout-ms"},
		{"both forms", []string{"--request-timeout-ms=2000"}, map[string]string{"REQUEST_TIMEOUT": "2s"}, "request-timeout and request-timeout-ms both given"},
		{"pool size zero", []string{"--db-max-conns=0"}, nil, `db-max-conns: want a positive integer, got "0"`},
		{"pool size not a number", nil, map[string]string{"DB_MAX_CONNS": "many"}, `db-max-conns: want a positive integer, got "many"`},
		{"seed not a boolean", []string{"--seed=maybe"}, nil, "seed"},
		{"log-sql not a boolean", nil, map[string]string{"LOG_SQL": "verbose"}, "log-sql"},
		{"negative rate limit", []string{"--rate-limit=-1"}, nil, `rate-limit: want a number of requests a minute (0: none), got "-1"`},
		{"negative response cache", []string{"--response-cache-mb=-1"}, nil, `response-cache-mb: want a number of MiB (0: off), got "-1"`},
		{"response cache not a number", nil, map[string]string{"RESPONSE_CACHE_MB": "lots"}, `response-cache-mb: want a number of MiB (0: off), got "lots"`},
		{"rate limit not a number", nil, map[string]string{"RATE_LIMIT": "lots"}, `got "lots"`},
		{"unknown flag", []string{"--colour=red"}, nil, "colour"},
		{"flag without its value", []string{"--addr"}, nil, "addr"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var usage bytes.Buffer
			c, err := config.Parse("observatory", tc.args, env(tc.vars), &usage)
			if err == nil {
				t.Fatalf("no error, config %+v", c)
			}
			if c != nil {
				t.Errorf("a config beside the error: %+v", c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestHelpListsFlagsAndVariables(t *testing.T) {
	t.Parallel()
	var usage bytes.Buffer
	_, err := config.Parse("observatory", []string{"--help"}, env(nil), &usage)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: error %v, want flag.ErrHelp", err)
	}
	text := usage.String()
	for _, want := range []string{
		"Usage: observatory [serve|migrate|seed] [flags]",
		"-addr", "(env ADDR)", `(default "127.0.0.1:8080")`,
		"-database-url", "(env DATABASE_URL)",
		"-rate-limit", "(env RATE_LIMIT)", `(default "120")`,
		"token create NAME EDITOR|ADMIN",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("usage does not show %q:\n%s", want, text)
		}
	}
	// The default shown is the environment's when it sets one.
	usage.Reset()
	_, _ = config.Parse("observatory", []string{"-h"}, env(map[string]string{"ADDR": ":9999"}), &usage)
	if !strings.Contains(usage.String(), `(default ":9999")`) {
		t.Errorf("usage does not show the environment's address as the default:\n%s", usage.String())
	}
}
