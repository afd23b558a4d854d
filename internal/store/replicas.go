package store

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// SplitURLs splits a comma- or space-separated list of database URLs.
func SplitURLs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// useReplicas routes reads to PostgreSQL streaming replicas with gorm's dbresolver:
// SELECTs outside a transaction (gorm queries, rows and raw SELECTs) go to a replica
// picked at random, writes and everything inside a transaction go to the primary.
// To force a read to the primary, use db.Clauses(dbresolver.Write).
// Replicas lag the primary by a little: a client that reads right after its own write
// may not see it yet (the editing path reads back inside its write transaction).
func useReplicas(db *gorm.DB, cfg Config) error {
	if len(cfg.ReplicaURLs) == 0 {
		return nil
	}
	dialectors := make([]gorm.Dialector, 0, len(cfg.ReplicaURLs))
	for _, u := range cfg.ReplicaURLs {
		if DialectOf(u) != Postgres {
			return fmt.Errorf("replica %q: read replicas need PostgreSQL URLs", redact(u))
		}
		rc := cfg
		rc.URL = u
		dialectors = append(dialectors, postgres.Open(postgresDSN(rc)))
	}
	n := cfg.MaxOpenConns
	if n <= 0 {
		n = 16
	}
	resolver := dbresolver.Register(dbresolver.Config{
		Replicas: dialectors,
		Policy:   dbresolver.RandomPolicy{},
	}).
		SetMaxOpenConns(n).SetMaxIdleConns(n).
		SetConnMaxLifetime(30 * time.Minute).SetConnMaxIdleTime(5 * time.Minute)
	if err := db.Use(resolver); err != nil {
		return fmt.Errorf("read replicas: %w", err)
	}
	return nil
}

// redact hides the password of a URL for messages.
func redact(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}
