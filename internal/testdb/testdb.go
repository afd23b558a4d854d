// Package testdb gives each test its own database: a SQLite file in the test's
// temporary directory, or, when TEST_DATABASE_URL names a PostgreSQL server, a uniquely
// named database created on it and dropped when the test ends.
//
// Migrating, and even more loading the curated dataset (the whole French geography
// with it), costs seconds. So each test binary does it once, in a template database,
// and every test gets a copy: New copies the migrated template, Seeded the migrated
// and seeded one. A copy is a file copy on SQLite (of a template checkpointed out of
// its write-ahead log, so that the file alone is the whole database), and CREATE
// DATABASE ... TEMPLATE on PostgreSQL (the template takes no connection once built).
//
// The templates live as long as the test binary: a package whose tests use this
// package calls Main from its TestMain, which removes them when the tests end.
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop databases

	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/seed"
)

// EnvURL is the environment variable that selects PostgreSQL for the tests, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvURL = "TEST_DATABASE_URL"

// New returns a fresh migrated store for t (a copy of the migrated template), closed
// (and dropped, on PostgreSQL) in t.Cleanup.
func New(t testing.TB) *store.Store {
	t.Helper()
	return fromTemplate(t, migrated)
}

// Seeded returns a fresh store for t holding the migrated schema and the curated
// dataset as seed.Load writes it (a copy of the seeded template), closed (and dropped,
// on PostgreSQL) in t.Cleanup. Tests about loading itself use New and seed.Load.
func Seeded(t testing.TB) *store.Store {
	t.Helper()
	return fromTemplate(t, seeded)
}

// URL returns the URL of a fresh, empty (not migrated) database for t: a SQLite file in
// t.TempDir(), or a new PostgreSQL database (dropped in t.Cleanup) when
// TEST_DATABASE_URL is set.
func URL(t testing.TB) string {
	t.Helper()
	h, err := current()
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	if h.pg == nil {
		return filepath.Join(t.TempDir(), "test.db")
	}
	name, err := h.pg.create("")
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { h.pg.drop(t, name) })
	return h.pg.url(name)
}

// Main runs the tests of m, then removes the templates, and exits with the tests'
// status. Call it from the TestMain of every package whose tests use New, Seeded or
// URL.
func Main(m *testing.M) {
	mu.Lock()
	managed = true
	mu.Unlock()
	code := m.Run()
	if err := cleanup(); err != nil {
		fmt.Fprintf(os.Stderr, "testdb: removing the templates: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// kind names a template.
type kind string

const (
	migrated kind = "migrated"
	seeded   kind = "seeded"
)

// template is a database built once per test binary, copied for each test.
type template struct {
	once sync.Once
	ref  string // file path (SQLite) or database name (PostgreSQL)
	err  error
}

// host is where this test binary's databases live.
type host struct {
	dir       string  // SQLite: the directory of the template files
	pg        *server // PostgreSQL, or nil for SQLite
	templates map[kind]*template
}

var (
	mu      sync.Mutex
	managed bool  // Main runs the tests
	active  *host // made on first use
	getenv  = os.Getenv
)

func current() (*host, error) {
	mu.Lock()
	defer mu.Unlock()
	if !managed {
		return nil, errors.New("the package's TestMain must call testdb.Main(m), which removes the template databases when the tests end")
	}
	if active != nil {
		return active, nil
	}
	h := &host{templates: map[kind]*template{migrated: {}, seeded: {}}}
	base := strings.TrimSpace(getenv(EnvURL))
	if base != "" && store.DialectOf(base) == store.Postgres {
		pg, err := connect(base)
		if err != nil {
			return nil, err
		}
		h.pg = pg
	} else {
		dir, err := os.MkdirTemp("", "obs-testdb-")
		if err != nil {
			return nil, err
		}
		h.dir = dir
	}
	active = h
	return h, nil
}

func cleanup() error {
	mu.Lock()
	defer mu.Unlock()
	h := active
	active = nil
	if h == nil {
		return nil
	}
	if h.pg == nil {
		return os.RemoveAll(h.dir)
	}
	return h.pg.close()
}

// fromTemplate returns a store on a fresh copy of the template k.
func fromTemplate(t testing.TB, k kind) *store.Store {
	t.Helper()
	h, err := current()
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	ref, err := h.template(k)
	if err != nil {
		t.Fatalf("testdb: %s template: %v", k, err)
	}
	var u string
	if h.pg == nil {
		u = filepath.Join(t.TempDir(), "test.db")
		if err := copyFile(ref, u); err != nil {
			t.Fatalf("testdb: copy the %s template: %v", k, err)
		}
	} else {
		name, err := h.pg.create(ref)
		if err != nil {
			t.Fatalf("testdb: %v", err)
		}
		t.Cleanup(func() { h.pg.drop(t, name) })
		u = h.pg.url(name)
	}
	s, err := store.Open(store.Config{URL: u, SQLiteRelaxedSync: true}) // a throwaway database
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	// Registered after the drop (cleanups run last-in first-out): close first.
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// template returns the reference of the template k, building it on first use.
func (h *host) template(k kind) (string, error) {
	tp := h.templates[k]
	tp.once.Do(func() { tp.ref, tp.err = h.build(k) })
	return tp.ref, tp.err
}

// build makes the template k: the migrated one from an empty database, the seeded one
// from a copy of the migrated one.
func (h *host) build(k kind) (string, error) {
	from := ""
	if k == seeded {
		var err error
		if from, err = h.template(migrated); err != nil {
			return "", err
		}
	}
	fill := func(s *store.Store) error {
		ctx := context.Background()
		if k == migrated {
			return s.Migrate(ctx)
		}
		_, err := seed.Load(ctx, s.DB)
		return err
	}
	if h.pg != nil {
		return h.pg.buildTemplate(k, from, fill)
	}
	path := filepath.Join(h.dir, string(k)+".db")
	if from != "" {
		if err := copyFile(from, path); err != nil {
			return "", err
		}
	}
	if err := withStore(path, fill); err != nil {
		return "", err
	}
	return path, sealSQLite(path)
}

// withStore opens the database at u, runs fn and closes the database.
func withStore(u string, fn func(*store.Store) error) error {
	s, err := store.Open(store.Config{URL: u, SQLiteRelaxedSync: true}) // a throwaway database
	if err != nil {
		return err
	}
	err = fn(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// sealSQLite makes the file at path the whole database: everything in the write-ahead
// log is written back into it, and the journal mode becomes DELETE (no -wal file),
// through a single connection, so that a plain copy of the file is consistent.
func sealSQLite(path string) error {
	err := withStore(path, func(s *store.Store) error {
		sqlDB, err := s.DB.DB()
		if err != nil {
			return err
		}
		sqlDB.SetMaxOpenConns(1)
		if err := s.DB.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
			return err
		}
		var mode string
		if err := s.DB.Raw("PRAGMA journal_mode=DELETE").Scan(&mode).Error; err != nil {
			return err
		}
		if !strings.EqualFold(mode, "delete") {
			return fmt.Errorf("journal mode %q after switching to DELETE", mode)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seal %s: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Size() > 0 {
			return fmt.Errorf("seal %s: %s%s is left with %d bytes", path, path, suffix, fi.Size())
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// server is a PostgreSQL server the tests create their databases on. Every database a
// test binary creates is named after the binary's owner key (obs_tmpl_<owner>_<kind>,
// obs_test_<owner>_<random>), and the binary holds a session advisory lock on that key
// while it runs: a binary that finds databases whose owner's lock is free (their binary
// died before its cleanups) drops them.
type server struct {
	base  *url.URL
	admin *sql.DB
	owner string    // 12 hex digits
	lock  *sql.Conn // holds the owner's advisory lock
}

const (
	templatePrefix = "obs_tmpl_"
	testPrefix     = "obs_test_"
)

func connect(base string) (*server, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", EnvURL, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", EnvURL, err)
	}
	ctx := context.Background()
	lock, err := admin.Conn(ctx)
	if err != nil {
		_ = admin.Close()
		return nil, fmt.Errorf("connect to %s: %w", EnvURL, err)
	}
	s := &server{base: u, admin: admin, owner: randomSuffix(), lock: lock}
	if _, err := lock.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey(s.owner)); err != nil {
		_ = lock.Close()
		_ = admin.Close()
		return nil, fmt.Errorf("lock: %w", err)
	}
	s.sweep(ctx)
	return s, nil
}

// lockKey is the advisory lock key of an owner (48 random bits, as a bigint).
func lockKey(owner string) int64 {
	n, _ := strconv.ParseInt(owner, 16, 64)
	return n
}

// sweep drops the databases of owners that are gone. Errors are ignored: another
// binary may be sweeping the same databases.
func (s *server) sweep(ctx context.Context) {
	rows, err := s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'obs\_tmpl\_%' OR datname LIKE 'obs\_test\_%'`)
	if err != nil {
		return
	}
	byOwner := map[string][]string{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			if owner, ok := ownerOf(name); ok && owner != s.owner {
				byOwner[owner] = append(byOwner[owner], name)
			}
		}
	}
	_ = rows.Close()
	for owner, names := range byOwner {
		var free bool
		if s.lock.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", lockKey(owner)).Scan(&free) != nil || !free {
			continue
		}
		for _, name := range names {
			_, _ = s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+quote(name)+` WITH (FORCE)`)
		}
		_, _ = s.lock.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockKey(owner))
	}
}

// ownerOf returns the owner key in the name of a database made by this package.
func ownerOf(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, templatePrefix)
	if !ok {
		if rest, ok = strings.CutPrefix(name, testPrefix); !ok {
			return "", false
		}
	}
	owner, _, ok := strings.Cut(rest, "_")
	if !ok || len(owner) != 12 {
		return "", false
	}
	if _, err := hex.DecodeString(owner); err != nil {
		return "", false
	}
	return owner, true
}

// url is the URL of the database name. Its sessions commit without waiting for the
// write-ahead log to reach the disk (synchronous_commit=off, unless the URL sets it): a
// test database need not survive a crash of the server, and what a session sees is
// the same.
func (s *server) url(name string) string {
	u := *s.base
	u.Path = "/" + name
	q := u.Query()
	if q.Get("synchronous_commit") == "" {
		q.Set("synchronous_commit", "off")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// create makes a test database, a copy of the template named from ("": empty).
func (s *server) create(from string) (string, error) {
	name := testPrefix + s.owner + "_" + randomSuffix()
	q := `CREATE DATABASE ` + quote(name)
	if from != "" {
		q += ` TEMPLATE ` + quote(from)
	}
	if _, err := s.admin.Exec(q); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return name, nil
}

func (s *server) drop(t testing.TB, name string) {
	if _, err := s.admin.Exec(`DROP DATABASE IF EXISTS ` + quote(name) + ` WITH (FORCE)`); err != nil {
		t.Logf("testdb: drop database %s: %v", name, err)
	}
}

// buildTemplate makes the template database of kind k (a copy of from, or empty), fills
// it, and closes it to connections, so that it can be copied.
func (s *server) buildTemplate(k kind, from string, fill func(*store.Store) error) (string, error) {
	name := templatePrefix + s.owner + "_" + string(k)
	q := `CREATE DATABASE ` + quote(name)
	if from != "" {
		q += ` TEMPLATE ` + quote(from)
	}
	if _, err := s.admin.Exec(q); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	if err := withStore(s.url(name), fill); err != nil {
		return "", err
	}
	if _, err := s.admin.Exec(`ALTER DATABASE ` + quote(name) + ` WITH ALLOW_CONNECTIONS false`); err != nil {
		return "", err
	}
	return name, nil
}

// close drops the templates and releases the owner's lock.
func (s *server) close() error {
	var errs []error
	for _, k := range []kind{seeded, migrated} {
		name := templatePrefix + s.owner + "_" + string(k)
		if _, err := s.admin.Exec(`DROP DATABASE IF EXISTS ` + quote(name) + ` WITH (FORCE)`); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, s.lock.Close(), s.admin.Close())
	return errors.Join(errs...)
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
