package api

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
)

// apqCache is the store of automatic persisted queries: the configured one (Redis,
// shared by every server process), or else an in-memory LRU of this process.
func apqCache(configured graphql.Cache[string]) graphql.Cache[string] {
	if configured != nil {
		return configured
	}
	return lru.New[string](QueryCacheSize)
}
