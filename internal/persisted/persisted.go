// Package persisted serves automatic persisted queries (Apollo's APQ protocol): a
// client sends the SHA-256 hash of a query instead of its text, and the text once
// when the server does not know the hash yet.
//
// Unlike gqlgen's extension, a query is registered only after the server has accepted
// it: parsed, validated and within the size, depth and cost limits (a refused document
// is never stored), and the stores are bounded in bytes.
package persisted

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/go-viper/mapstructure/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of the protocol, in extensions.code.
const (
	CodeNotFound    = "PERSISTED_QUERY_NOT_FOUND"
	CodeBadRequest  = "BAD_REQUEST"
	messageNotFound = "PersistedQueryNotFound" // Apollo clients look for this message
	statsKey        = "APQ"
	defaultMaxEntry = 20_000
)

// Store keeps query texts by their hash.
type Store = graphql.Cache[string]

// Queries is the persisted-query protocol over a store. Install Resolve before the
// limits and Register after them:
//
//	srv.Use(q.Resolve())
//	srv.Use(limits.Extension{...})
//	srv.Use(q.Register())
type Queries struct {
	// Store keeps the registered texts.
	Store Store
	// MaxQueryBytes is the largest text that may be registered or served (default
	// 20 000, the query size limit).
	MaxQueryBytes int
}

// Stats is what the request did with the protocol, kept in the operation's stats.
type Stats struct {
	// Hash is the hash the client sent.
	Hash string
	// SentQuery is true when the client sent the text along with its hash.
	SentQuery bool
}

// StatsOf returns the protocol's stats of the operation of ctx (nil when the request
// did not use persisted queries).
func StatsOf(ctx context.Context) *Stats {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	s, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(statsKey).(*Stats)
	return s
}

// Resolve returns the extension that reads the persistedQuery extension of a request:
// it fills in the text of a known hash, refuses an unknown one, and checks that a text
// sent with its hash matches it. It stores nothing.
func (q Queries) Resolve() graphql.HandlerExtension { return resolver{q} }

// Register returns the extension that stores the text sent with its hash, once the
// operation has been parsed, validated and accepted by the limits installed before it.
func (q Queries) Register() graphql.HandlerExtension { return registrar{q} }

func (q Queries) maxBytes() int {
	if q.MaxQueryBytes > 0 {
		return q.MaxQueryBytes
	}
	return defaultMaxEntry
}

type resolver struct{ q Queries }

var _ graphql.OperationParameterMutator = resolver{}

func (resolver) ExtensionName() string                   { return "PersistedQueriesResolve" }
func (resolver) Validate(graphql.ExecutableSchema) error { return nil }

func (r resolver) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	raw := p.Extensions["persistedQuery"]
	if raw == nil {
		return nil
	}
	var ext struct {
		Sha256  string `mapstructure:"sha256Hash"`
		Version int64  `mapstructure:"version"`
	}
	if err := mapstructure.WeakDecode(raw, &ext); err != nil || ext.Sha256 == "" {
		return requestError("the persistedQuery extension must be {\"version\": 1, \"sha256Hash\": \"<hex>\"}")
	}
	if ext.Version != 1 {
		return requestError("unsupported persisted query version: only version 1 is served")
	}
	stats := &Stats{Hash: ext.Sha256}
	if p.Query == "" {
		text, ok := r.q.Store.Get(ctx, ext.Sha256)
		if !ok || len(text) > r.q.maxBytes() {
			err := gqlerror.Errorf(messageNotFound)
			errcode.Set(err, CodeNotFound)
			return err
		}
		p.Query = text
	} else {
		if Hash(p.Query) != ext.Sha256 {
			return requestError("the persisted query hash does not match the query: send the SHA-256 of the exact text, in lower-case hex")
		}
		stats.SentQuery = true
	}
	graphql.GetOperationContext(ctx).Stats.SetExtension(statsKey, stats)
	return nil
}

type registrar struct{ q Queries }

var _ graphql.OperationContextMutator = registrar{}

func (registrar) ExtensionName() string                   { return "PersistedQueriesRegister" }
func (registrar) Validate(graphql.ExecutableSchema) error { return nil }

func (r registrar) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	s, _ := oc.Stats.GetExtension(statsKey).(*Stats)
	if s != nil && s.SentQuery && len(oc.RawQuery) <= r.q.maxBytes() {
		r.q.Store.Add(ctx, s.Hash, oc.RawQuery)
	}
	return nil
}

// Hash is the key of a query text: its SHA-256 in lower-case hex.
func Hash(query string) string {
	sum := sha256.Sum256([]byte(query))
	return hex.EncodeToString(sum[:])
}

func requestError(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeBadRequest}}
}
