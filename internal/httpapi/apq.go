package httpapi

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/internal/persisted"
)

// apqStore is the store of automatic persisted queries: the configured one (Redis,
// shared by every server process), or else an in-memory store of this process,
// bounded in bytes (persisted.DefaultMemoryBytes).
func apqStore(configured graphql.Cache[string]) graphql.Cache[string] {
	if configured != nil {
		return configured
	}
	return persisted.NewMemory(persisted.DefaultMemoryBytes)
}
