// Package migrations holds the versioned schema of the observatory, one set of SQL
// files per dialect, embedded in the binary and applied at start.
package migrations

import "embed"

// Postgres holds the PostgreSQL migrations, in the folder "postgres".
//
//go:embed postgres/*.sql
var Postgres embed.FS

// SQLite holds the SQLite migrations, in the folder "sqlite".
//
//go:embed sqlite/*.sql
var SQLite embed.FS
