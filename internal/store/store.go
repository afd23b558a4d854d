// Package store opens the observatory's database (PostgreSQL or embedded SQLite),
// sets its connection pool and applies the versioned migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/reindustrie/observatory/internal/store/migrations"
)

// Dialect names the database engine behind a store.
type Dialect string

// Supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Config says which database to open and how.
type Config struct {
	// URL is a postgres:// URL, or a SQLite file path (optionally prefixed by sqlite:
	// or file:). Empty means the default SQLite file.
	URL string
	// StatementTimeout bounds every SQL statement on PostgreSQL (0: no bound).
	StatementTimeout time.Duration
	// MaxOpenConns is the pool size on PostgreSQL (SQLite uses its own settings).
	MaxOpenConns int
	// LogSQL prints every statement (for debugging only).
	LogSQL bool
	// ReplicaURLs are PostgreSQL read replicas: reads go there, writes to URL (replicas.go).
	ReplicaURLs []string
	// SQLiteRelaxedSync trades durability for write speed on SQLite: synchronous=NORMAL,
	// where a power loss can lose the last acknowledged commits (never corrupt the file).
	// Only for throwaway databases (tests). The default is synchronous=FULL: an edit
	// acknowledged to an editor is on disk.
	SQLiteRelaxedSync bool
}

// DefaultSQLiteFile is the database file used when no URL is given.
const DefaultSQLiteFile = "observatory.db"

// Store is an open database.
type Store struct {
	DB      *gorm.DB
	Dialect Dialect

	replicas []*sql.DB
}

// PrimaryPool is the pool of a gorm database when it is PostgreSQL, else nil.
func PrimaryPool(db *gorm.DB) []*sql.DB {
	if db == nil || db.Dialector.Name() != string(Postgres) {
		return nil
	}
	primary, err := db.DB()
	if err != nil {
		return nil
	}
	return []*sql.DB{primary}
}

// ReadPools are the PostgreSQL pools that reads outside gorm go to: the read replicas'
// when there are some, else the primary's. None on SQLite.
func (s *Store) ReadPools() []*sql.DB {
	if s.Dialect != Postgres {
		return nil
	}
	if len(s.replicas) > 0 {
		return s.replicas
	}
	return PrimaryPool(s.DB)
}

// DialectOf tells which engine a URL points at.
func DialectOf(rawURL string) Dialect {
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// Open opens the database named by cfg. It does not migrate; call Migrate.
func Open(cfg Config) (*Store, error) {
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		TranslateError:         true,
	}
	if cfg.LogSQL {
		gcfg.Logger = logger.Default.LogMode(logger.Info)
	}
	var (
		db      *gorm.DB
		err     error
		dialect = DialectOf(cfg.URL)
	)
	switch dialect {
	case Postgres:
		db, err = gorm.Open(postgres.Open(postgresDSN(cfg)), gcfg)
	default:
		db, err = gorm.Open(sqlite.Open(sqliteDSN(cfg.URL, cfg.SQLiteRelaxedSync)), gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	configurePool(sqlDB, dialect, cfg)
	replicas, err := useReplicas(db, cfg)
	if err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	registerStatementCounter(db)
	return &Store{DB: db, Dialect: dialect, replicas: replicas}, nil
}

func configurePool(sqlDB *sql.DB, dialect Dialect, cfg Config) {
	switch dialect {
	case Postgres:
		n := cfg.MaxOpenConns
		if n <= 0 {
			n = 16
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	default:
		if isMemory(cfg.URL) {
			// Each connection to :memory: is a separate database: keep exactly one.
			sqlDB.SetMaxOpenConns(1)
			sqlDB.SetMaxIdleConns(1)
			sqlDB.SetConnMaxLifetime(0)
			sqlDB.SetConnMaxIdleTime(0)
			return
		}
		// WAL lets readers run beside the writer; _txlock=immediate serialises writers.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	}
}

func isMemory(u string) bool {
	return strings.Contains(u, ":memory:") || strings.Contains(u, "mode=memory")
}

func postgresDSN(cfg Config) string {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return cfg.URL
	}
	q := u.Query()
	if cfg.StatementTimeout > 0 && q.Get("statement_timeout") == "" {
		q.Set("statement_timeout", fmt.Sprint(cfg.StatementTimeout.Milliseconds()))
	}
	if q.Get("application_name") == "" {
		q.Set("application_name", "observatory")
	}
	// No parallel workers for a statement (unless the URL asks for them): the API's
	// statements are small, and PostgreSQL, misled by the estimate of a range of paths,
	// started two workers for a commune's aggregate of money: 17 ms instead of 1.2 ms,
	// most of it starting the workers, while other requests wait for the cores.
	if q.Get("max_parallel_workers_per_gather") == "" {
		q.Set("max_parallel_workers_per_gather", "0")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func sqliteDSN(raw string, relaxedSync bool) string {
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite://"), "sqlite:")
	if path == "" {
		path = DefaultSQLiteFile
	}
	if path == ":memory:" {
		path = "file::memory:"
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"
	if !isMemory(path) {
		sync := "FULL"
		if relaxedSync {
			sync = "NORMAL"
		}
		pragmas += "&_pragma=journal_mode(WAL)&_pragma=synchronous(" + sync + ")"
	}
	return path + sep + pragmas
}

// Migrate applies every pending migration of the store's dialect.
func (s *Store) Migrate(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	var (
		fsys    fs.FS
		dialect goose.Dialect
	)
	switch s.Dialect {
	case Postgres:
		fsys, _ = fs.Sub(migrations.Postgres, "postgres")
		dialect = goose.DialectPostgres
	default:
		fsys, _ = fs.Sub(migrations.SQLite, "sqlite")
		dialect = goose.DialectSQLite3
	}
	provider, err := goose.NewProvider(dialect, sqlDB, fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		var partial *goose.PartialError
		if errors.As(err, &partial) {
			return fmt.Errorf("migration %s failed: %w", partial.Failed.Source.Path, partial.Err)
		}
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pools (the primary's and the replicas').
func (s *Store) Close() error {
	for _, r := range s.replicas {
		_ = r.Close()
	}
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
