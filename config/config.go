// Package config reads the server's configuration from flags and environment
// variables; a flag wins over its variable, and --help lists both.
package config

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
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
	// Args are the command's own arguments, after the flags (e.g. token create NAME ROLE).
	Args []string
}

// setting is one configuration entry: its flag, its variable, its default and help.
type setting struct {
	flag, env, def, help string
}

var settings = []setting{
	{"addr", "ADDR", ":8080", "address to listen on"},
	{"database-url", "DATABASE_URL", "", "postgres://user@host:5432/db?sslmode=disable for PostgreSQL; empty or a file path for embedded SQLite (default file observatory.db)"},
	{"request-timeout", "REQUEST_TIMEOUT", "10s", "time budget of a request, enforced down to the database"},
	{"db-max-conns", "DB_MAX_CONNS", "16", "size of the PostgreSQL connection pool"},
	{"seed", "SEED", "true", "load the curated dataset on first start against an empty database"},
	{"log-format", "LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"shutdown-timeout", "SHUTDOWN_TIMEOUT", "15s", "how long in-flight requests may run after SIGINT/SIGTERM"},
	{"log-sql", "LOG_SQL", "false", "log every SQL statement (debugging only)"},
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
	var err error
	if c.RequestTimeout, err = time.ParseDuration(*values["request-timeout"]); err != nil {
		return nil, fmt.Errorf("request-timeout: %w", err)
	}
	if c.ShutdownTimeout, err = time.ParseDuration(*values["shutdown-timeout"]); err != nil {
		return nil, fmt.Errorf("shutdown-timeout: %w", err)
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
	return c, nil
}

// Getenv is os.Getenv, for Parse.
var Getenv = os.Getenv
