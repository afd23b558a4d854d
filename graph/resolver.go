// Package graph is the GraphQL layer of the observatory: the schema files (schema/),
// the resolvers, global IDs and error presentation. Relations are resolved through the
// per-request loaders of package loaders; root lists read the database directly.
package graph

import (
	"context"
	"log/slog"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/editing"
)

// Resolver is the root resolver. It holds what every request shares.
type Resolver struct {
	DB     *gorm.DB
	Logger *slog.Logger
	// Editor is the write path of the mutations.
	Editor *editing.Editor
	// DataVersionOf gives the data version (the ETags' counter of writes); nil: "0".
	DataVersionOf func(ctx context.Context) uint64
}
