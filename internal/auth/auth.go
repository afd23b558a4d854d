// Package auth identifies the editors of the observatory: bearer tokens created by a
// command of the binary, stored only as SHA-256 hashes, each with a role. Reading needs
// no token; writing needs one.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// Actor is who sends a request: an editor with a role, or nobody (anonymous).
type Actor struct {
	Name string
	Role model.Role
}

// Can reports whether the actor holds role (an admin can do what an editor can).
func (a *Actor) Can(role model.Role) bool {
	if a == nil {
		return false
	}
	return a.Role == role || a.Role == model.RoleAdmin
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// ErrInvalidToken is returned for a token that is unknown or revoked.
var ErrInvalidToken = errors.New("invalid or revoked token")

// tokenPrefix marks the observatory's tokens, so a leaked one is easy to recognise.
const tokenPrefix = "obs_"

func hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token for name with role and returns it: it is shown once,
// and only its hash is stored.
func CreateToken(ctx context.Context, db *gorm.DB, name string, role model.Role) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("a token needs the name of its holder")
	}
	if role != model.RoleEditor && role != model.RoleAdmin {
		return "", fmt.Errorf("unknown role %q: use %s or %s", role, model.RoleEditor, model.RoleAdmin)
	}
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	token := tokenPrefix + hex.EncodeToString(raw[:])
	row := model.APIToken{Name: name, Role: role, TokenHash: hash(token), CreatedAt: time.Now().UTC().Format(time.RFC3339)}
	if err := model.InsertToken(ctx, db, &row); err != nil {
		return "", err
	}
	return token, nil
}

// RevokeTokens revokes every live token of name and returns how many it revoked.
func RevokeTokens(ctx context.Context, db *gorm.DB, name string) (int64, error) {
	return model.RevokeTokens(ctx, db, name, time.Now())
}

// ListTokens returns every token (hashes included: the caller shows what it needs).
func ListTokens(ctx context.Context, db *gorm.DB) ([]model.APIToken, error) {
	return model.Tokens(ctx, db)
}

// Authenticate returns the actor of a live token.
func Authenticate(ctx context.Context, db *gorm.DB, token string) (*Actor, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return nil, ErrInvalidToken
	}
	t, err := model.LiveToken(ctx, db, hash(token))
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, ErrInvalidToken
	}
	return &Actor{Name: t.Name, Role: t.Role}, nil
}

// Middleware authenticates the bearer token of a request, if any. A request without
// one is anonymous; a request with an invalid one gets 401, so a client learns at
// once that its token is wrong.
func Middleware(db *gorm.DB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			unauthenticated(w, "use an Authorization header of the form 'Bearer <token>'")
			return
		}
		actor, err := Authenticate(r.Context(), db, strings.TrimSpace(token))
		if err != nil {
			if errors.Is(err, ErrInvalidToken) {
				unauthenticated(w, "the token is invalid or revoked")
				return
			}
			http.Error(w, "authentication is unavailable right now", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithActor(r.Context(), actor)))
	})
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer realm="observatory"`)
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = fmt.Fprintf(w, `{"errors":[{"message":%q,"extensions":{"code":"UNAUTHENTICATED"}}]}`, msg)
}
