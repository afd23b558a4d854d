// Package testdb gives each test its own fresh, migrated database: a SQLite file in
// the test's temporary directory, or, when TEST_DATABASE_URL names a PostgreSQL server,
// a uniquely named database created on it and dropped when the test ends.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop databases

	"github.com/reindustrie/observatory/internal/store"
)

// EnvURL is the environment variable that selects PostgreSQL for the tests, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvURL = "TEST_DATABASE_URL"

// New returns a fresh migrated store for t, closed (and dropped, on PostgreSQL) in
// t.Cleanup.
func New(t testing.TB) *store.Store {
	t.Helper()
	s, err := open(t)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("testdb: migrate: %v", err)
	}
	return s
}

// URL returns the URL of a fresh, empty (not migrated) database for t: a SQLite file in
// t.TempDir(), or a new PostgreSQL database (dropped in t.Cleanup) when
// TEST_DATABASE_URL is set.
func URL(t testing.TB) string {
	t.Helper()
	u, err := freshURL(t)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	return u
}

func open(t testing.TB) (*store.Store, error) {
	u, err := freshURL(t)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(store.Config{URL: u})
	if err != nil {
		return nil, err
	}
	// Registered after the drop (cleanups run last-in first-out): close first.
	t.Cleanup(func() { _ = s.Close() })
	return s, nil
}

func freshURL(t testing.TB) (string, error) {
	base := strings.TrimSpace(getenv(EnvURL))
	if base == "" || store.DialectOf(base) != store.Postgres {
		return filepath.Join(t.TempDir(), "test.db"), nil
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", EnvURL, err)
	}
	name := "obs_test_" + randomSuffix()
	if _, err := admin.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		_ = admin.Close()
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
			t.Logf("testdb: drop database %s: %v", name, err)
		}
	})
	pu, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", EnvURL, err)
	}
	pu.Path = "/" + name
	return pu.String(), nil
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var getenv = os.Getenv
