// Package config reads the server's configuration from flags and environment
// variables; a flag wins over its variable, and --help lists both.
package config

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the server's configuration.
type Config struct {
	Addr            string
	DatabaseURL     string
	RequestTimeout  time.Duration
	MaxDBConns      int
	Seed            bool
	LogFormat       string
	LogLevel        string
	ShutdownTimeout time.Duration
	LogSQL          bool
	// ReplicaURLs are PostgreSQL read replicas (reads go there, writes to DatabaseURL).
	ReplicaURLs []string
	// RedisURL, when set, shares the persisted queries (APQ) of every server process.
	RedisURL string
	// DebugAddr, when set, serves net/http/pprof there (never on the public address).
	DebugAddr string
	// MetricsAddr, when set, serves the Prometheus metrics there (never on the public
	// address).
	MetricsAddr string
	// MetricsOperations are operation names given a label of their own in the metrics.
	MetricsOperations []string
	// RateLimit is the number of requests a minute per client (0: no limit).
	RateLimit int
	// ResponseCacheMB bounds the response cache of public queries, in MiB (0: off).
	ResponseCacheMB int
	// CompiledReads turns on the compiled read path for public queries on PostgreSQL
	// (docs/performance.md); false: every operation runs through the resolvers.
	CompiledReads bool
	// Args are the command's own arguments, after the flags (e.g. token create NAME ROLE).
	Args []string
}

// setting is one configuration entry: its flag, its variable, its default and help.
type setting struct {
	flag, env, def, help string
}

var settings = []setting{
	{"addr", "ADDR", "127.0.0.1:8080", "address to listen on: this machine only by default; :8080 for every interface (the container image sets it)"},
	{"database-url", "DATABASE_URL", "", "postgres://user@host:5432/db?sslmode=disable for PostgreSQL; empty or a file path for embedded SQLite (default file observatory.db)"},
	{"request-timeout-ms", "REQUEST_TIMEOUT_MS", "10000", "time budget of a request in milliseconds, enforced down to the database"},
	{"request-timeout", "REQUEST_TIMEOUT", "", "the same as a Go duration with its unit (10s); kept for existing deployments: prefer --request-timeout-ms"},
	{"db-max-conns", "DB_MAX_CONNS", "16", "size of the PostgreSQL connection pool"},
	{"seed", "SEED", "true", "load the curated dataset on first start against an empty database, and update its curated records when the embedded release is newer"},
	{"log-format", "LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"shutdown-timeout-ms", "SHUTDOWN_TIMEOUT_MS", "15000", "how long in-flight requests may run after SIGINT/SIGTERM, in milliseconds"},
	{"shutdown-timeout", "SHUTDOWN_TIMEOUT", "", "the same as a Go duration with its unit (15s); kept for existing deployments: prefer --shutdown-timeout-ms"},
	{"log-sql", "LOG_SQL", "false", "log every SQL statement (debugging only)"},
	{"database-replica-urls", "DATABASE_REPLICA_URLS", "", "comma-separated PostgreSQL read replicas: reads go there, writes to --database-url (docs/deployment.md)"},
	{"redis-url", "REDIS_URL", "", "redis://host:6379/0 to share persisted queries (APQ) between server processes; empty: in memory"},
	{"debug-addr", "DEBUG_ADDR", "", "address of an opt-in debug listener with net/http/pprof (e.g. 127.0.0.1:6060); empty: off"},
	{"metrics-addr", "METRICS_ADDR", "", "address of the Prometheus metrics listener (e.g. 127.0.0.1:9464 or a private address); empty: off. Never the public address"},
	{"metrics-operations", "METRICS_OPERATIONS", "", "comma-separated operation names labelled by name in the metrics, beyond the GraphiQL stories and examples (others count as \"other\")"},
	{"rate-limit", "RATE_LIMIT", "120", "requests a minute per client (0: no limit, e.g. behind a gateway or for benchmarks)"},
	{"compiled-reads", "COMPILED_READS", "true", "answer the public queries whose shape it knows with the compiled read path on PostgreSQL (false: every operation through the resolvers)"},
	{"response-cache-mb", "RESPONSE_CACHE_MB", "64", "MiB of whole responses of public GraphQL queries kept in this process, keyed by document, variables, language and data version (0: off)"},
}

// Parse reads args (without the program name) and the environment.
func Parse(name string, args []string, getenv func(string) string, usageOut io.Writer) (*Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(usageOut)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.help, s.env))
	}
	fs.Usage = func() {
		fmt.Fprintf(usageOut, "Usage: %s [serve|migrate|seed] [flags]\n\n", name)
		fmt.Fprintln(usageOut, "  serve    run the API server (default): GraphiQL at /, GraphQL at /graphql")
		fmt.Fprintln(usageOut, "  migrate  apply the database migrations and exit")
		fmt.Fprintln(usageOut, "  seed     load (or reload, idempotently) the curated dataset and exit")
		fmt.Fprintln(usageOut, "  healthcheck  exit 0 if the server on --addr is ready (for container health checks)")
		fmt.Fprintln(usageOut, "  token create NAME EDITOR|ADMIN | token revoke NAME | token list")
		fmt.Fprintln(usageOut, "           manage the editors' bearer tokens (flags go before the subcommand)")
		fmt.Fprintln(usageOut, "\nFlags (each also read from the environment variable named in brackets):")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	c := &Config{
		Args:        fs.Args(),
		Addr:        *values["addr"],
		DatabaseURL: *values["database-url"],
		LogFormat:   *values["log-format"],
		LogLevel:    *values["log-level"],
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, st := range settings {
		if getenv(st.env) != "" {
			given[st.flag] = true
		}
	}
	var err error
	if c.RequestTimeout, err = millis(values, given, "request-timeout"); err != nil {
		return nil, err
	}
	if c.ShutdownTimeout, err = millis(values, given, "shutdown-timeout"); err != nil {
		return nil, err
	}
	if c.MaxDBConns, err = strconv.Atoi(*values["db-max-conns"]); err != nil || c.MaxDBConns < 1 {
		return nil, fmt.Errorf("db-max-conns: want a positive integer, got %q", *values["db-max-conns"])
	}
	if c.Seed, err = strconv.ParseBool(*values["seed"]); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if c.LogSQL, err = strconv.ParseBool(*values["log-sql"]); err != nil {
		return nil, fmt.Errorf("log-sql: %w", err)
	}
	c.ReplicaURLs = splitList(*values["database-replica-urls"])
	c.RedisURL = *values["redis-url"]
	c.DebugAddr = *values["debug-addr"]
	c.MetricsAddr = *values["metrics-addr"]
	c.MetricsOperations = splitList(*values["metrics-operations"])
	if c.RateLimit, err = strconv.Atoi(*values["rate-limit"]); err != nil || c.RateLimit < 0 {
		return nil, fmt.Errorf("rate-limit: want a number of requests a minute (0: none), got %q", *values["rate-limit"])
	}
	if c.ResponseCacheMB, err = strconv.Atoi(*values["response-cache-mb"]); err != nil || c.ResponseCacheMB < 0 {
		return nil, fmt.Errorf("response-cache-mb: want a number of MiB (0: off), got %q", *values["response-cache-mb"])
	}
	if c.CompiledReads, err = strconv.ParseBool(*values["compiled-reads"]); err != nil {
		return nil, fmt.Errorf("compiled-reads: want true or false, got %q", *values["compiled-reads"])
	}
	return c, nil
}

// millis reads the duration setting name: NAME-ms, a whole number of milliseconds
// above 0, or NAME, a Go duration with its unit (the older form, kept); not both. A bare
// number is never read as seconds or nanoseconds.
func millis(values map[string]*string, given map[string]bool, name string) (time.Duration, error) {
	if v := strings.TrimSpace(*values[name]); v != "" {
		if given[name+"-ms"] {
			return 0, fmt.Errorf("%s and %s-ms both given: keep %s-ms (milliseconds)", name, name, name)
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return 0, fmt.Errorf("%s: want a duration with its unit (10s, 500ms), got %q; or give %s-ms in milliseconds", name, v, name)
		}
		return d, nil
	}
	v := strings.TrimSpace(*values[name+"-ms"])
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > int64(24*time.Hour/time.Millisecond) {
		return 0, fmt.Errorf("%s-ms: want a whole number of milliseconds (1 to 86400000), got %q", name, v)
	}
	return time.Duration(n) * time.Millisecond, nil
}

// splitList splits a comma- or space-separated list.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

// Getenv is os.Getenv, for Parse.
var Getenv = os.Getenv
