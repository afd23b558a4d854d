// Package graph is the GraphQL layer of the observatory: the schema files (schema/),
// the resolvers, global IDs and error presentation. Relations are resolved through the
// per-request loaders of package loaders; root lists read the database directly.
package graph

import (
	"log/slog"

	"gorm.io/gorm"
)

// Resolver is the root resolver. It holds what every request shares.
type Resolver struct {
	DB     *gorm.DB
	Logger *slog.Logger
}
