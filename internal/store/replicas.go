package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver of the replicas' pools
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
// The replicas' pools are opened here and returned, so that reads outside gorm (the
// compiled read path) go to the same pools.
func useReplicas(db *gorm.DB, cfg Config) ([]*sql.DB, error) {
	if len(cfg.ReplicaURLs) == 0 {
		return nil, nil
	}
	dialectors := make([]gorm.Dialector, 0, len(cfg.ReplicaURLs))
	pools := make([]*sql.DB, 0, len(cfg.ReplicaURLs))
	closeAll := func() {
		for _, p := range pools {
			_ = p.Close()
		}
	}
	for _, u := range cfg.ReplicaURLs {
		if DialectOf(u) != Postgres {
			closeAll()
			return nil, fmt.Errorf("replica %q: read replicas need PostgreSQL URLs", redact(u))
		}
		rc := cfg
		rc.URL = u
		pool, err := sql.Open("pgx", postgresDSN(rc))
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("replica %q: %w", redact(u), err)
		}
		pools = append(pools, pool)
		dialectors = append(dialectors, postgres.New(postgres.Config{Conn: pool}))
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
		closeAll()
		return nil, fmt.Errorf("read replicas: %w", err)
	}
	return pools, nil
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
