package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

var tokenShape = regexp.MustCompile(`^obs_[0-9a-f]{48}$`)

func TestCreateTokenStoresOnlyItsHash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	token, err := auth.CreateToken(ctx, db, "  alice ", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if !tokenShape.MatchString(token) {
		t.Errorf("token %q: want obs_ and 48 hexadecimal digits", token)
	}
	rows, err := auth.ListTokens(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d tokens stored, want 1", len(rows))
	}
	r := rows[0]
	if r.Name != "alice" || r.Role != model.RoleEditor || r.RevokedAt != nil {
		t.Errorf("stored %+v: want alice (trimmed), EDITOR, live", r)
	}
	if r.TokenHash != sha256Hex(token) {
		t.Errorf("stored hash %q, want the SHA-256 of the token %q", r.TokenHash, sha256Hex(token))
	}
	if _, err := time.Parse(time.RFC3339, r.CreatedAt); err != nil {
		t.Errorf("created at %q: %v", r.CreatedAt, err)
	}
	// The token itself is nowhere in the table.
	var raw []map[string]any
	if err := db.Raw("SELECT * FROM api_tokens").Scan(&raw).Error; err != nil {
		t.Fatal(err)
	}
	for _, row := range raw {
		for col, v := range row {
			if strings.Contains(fmt.Sprint(v), strings.TrimPrefix(token, "obs_")) {
				t.Errorf("column %s holds the token", col)
			}
		}
	}
	again, err := auth.CreateToken(ctx, db, "alice", model.RoleEditor)
	if err != nil || again == token {
		t.Errorf("a second token for alice: %q (%v), first %q", again, err, token)
	}
}

func TestCreateTokenRefusesBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	for _, tc := range []struct {
		name string
		role model.Role
		want string
	}{
		{"", model.RoleEditor, "name"},
		{"   ", model.RoleAdmin, "name"},
		{"carol", model.Role("OWNER"), `unknown role "OWNER"`},
		{"carol", model.Role(""), "unknown role"},
	} {
		token, err := auth.CreateToken(ctx, db, tc.name, tc.role)
		if err == nil || !strings.Contains(err.Error(), tc.want) || token != "" {
			t.Errorf("CreateToken(%q, %q) = %q, %v; want an error about %s", tc.name, tc.role, token, err, tc.want)
		}
	}
	if rows, err := auth.ListTokens(ctx, db); err != nil || len(rows) != 0 {
		t.Errorf("%d tokens stored by refused calls (%v)", len(rows), err)
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	editor, err := auth.CreateToken(ctx, db, "alice", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := auth.CreateToken(ctx, db, "bob", model.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	for token, want := range map[string]auth.Actor{editor: {Name: "alice", Role: model.RoleEditor}, admin: {Name: "bob", Role: model.RoleAdmin}} {
		a, err := auth.Authenticate(ctx, db, token)
		if err != nil || a == nil || *a != want {
			t.Errorf("Authenticate(%s's token) = %+v, %v; want %+v", want.Name, a, err, want)
		}
	}
	for name, token := range map[string]string{
		"unknown token":             "obs_" + strings.Repeat("0", 48),
		"no prefix":                 strings.TrimPrefix(editor, "obs_"),
		"the stored hash":           sha256Hex(editor),
		"the hash with the prefix":  "obs_" + sha256Hex(editor),
		"over 200 characters":       editor + strings.Repeat("0", 200),
		"the token with a new line": editor + "\n",
		"empty":                     "",
	} {
		if a, err := auth.Authenticate(ctx, db, token); !errors.Is(err, auth.ErrInvalidToken) || a != nil {
			t.Errorf("%s: %+v, %v; want ErrInvalidToken", name, a, err)
		}
	}
}

func TestRevokeTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	var alice []string
	for range 2 {
		tok, err := auth.CreateToken(ctx, db, "alice", model.RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		alice = append(alice, tok)
	}
	bob, err := auth.CreateToken(ctx, db, "bob", model.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := auth.RevokeTokens(ctx, db, "alice"); err != nil || n != 2 {
		t.Fatalf("RevokeTokens(alice) = %d, %v; want 2", n, err)
	}
	for i, tok := range alice {
		if _, err := auth.Authenticate(ctx, db, tok); !errors.Is(err, auth.ErrInvalidToken) {
			t.Errorf("alice's token %d after its revocation: %v", i, err)
		}
	}
	if a, err := auth.Authenticate(ctx, db, bob); err != nil || a.Name != "bob" {
		t.Errorf("bob's token after alice's revocation: %+v, %v", a, err)
	}
	if n, err := auth.RevokeTokens(ctx, db, "alice"); err != nil || n != 0 {
		t.Errorf("revoking again: %d, %v; want 0", n, err)
	}
	if n, err := auth.RevokeTokens(ctx, db, "nobody"); err != nil || n != 0 {
		t.Errorf("revoking nobody's tokens: %d, %v; want 0", n, err)
	}
	rows, err := auth.ListTokens(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s revoked=%v", r.Name, r.RevokedAt != nil))
	}
	if want := []string{"alice revoked=true", "alice revoked=true", "bob revoked=false"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("tokens %v, want %v", got, want)
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	editor := &auth.Actor{Name: "alice", Role: model.RoleEditor}
	admin := &auth.Actor{Name: "bob", Role: model.RoleAdmin}
	var nobody *auth.Actor
	for _, tc := range []struct {
		actor *auth.Actor
		role  model.Role
		want  bool
	}{
		{editor, model.RoleEditor, true},
		{editor, model.RoleAdmin, false},
		{admin, model.RoleEditor, true},
		{admin, model.RoleAdmin, true},
		{nobody, model.RoleEditor, false},
		{nobody, model.RoleAdmin, false},
	} {
		if got := tc.actor.Can(tc.role); got != tc.want {
			t.Errorf("%+v.Can(%s) = %v, want %v", tc.actor, tc.role, got, tc.want)
		}
	}
	ctx := context.Background()
	if a := auth.ActorFrom(ctx); a != nil {
		t.Errorf("actor of a bare context: %+v", a)
	}
	if a := auth.ActorFrom(auth.WithActor(ctx, editor)); a != editor {
		t.Errorf("actor carried by the context: %+v, want %+v", a, editor)
	}
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t).DB
	token, err := auth.CreateToken(ctx, db, "alice", model.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	revoked, err := auth.CreateToken(ctx, db, "carol", model.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.RevokeTokens(ctx, db, "carol"); err != nil {
		t.Fatal(err)
	}
	// The next handler says who it serves.
	whoami := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := auth.ActorFrom(r.Context()); a != nil {
			fmt.Fprintf(w, "%s %s", a.Name, a.Role)
			return
		}
		fmt.Fprint(w, "anonymous")
	})
	serve := func(h http.Handler, authorization string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	h := auth.Middleware(db, whoami)
	for _, tc := range []struct {
		name, header string
		status       int
		body         string // the next handler's answer, or the error's code
	}{
		{"no header: anonymous", "", http.StatusOK, "anonymous"},
		{"a live token", "Bearer " + token, http.StatusOK, "alice EDITOR"},
		{"the scheme in any case, spaces around the token", "bearer   " + token + " ", http.StatusOK, "alice EDITOR"},
		{"another scheme", "Basic " + token, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"no scheme", token, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"an unknown token", "Bearer obs_" + strings.Repeat("f", 48), http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"a revoked token", "Bearer " + revoked, http.StatusUnauthorized, "UNAUTHENTICATED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(h, tc.header)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status == http.StatusOK {
				if got := rec.Body.String(); got != tc.body {
					t.Errorf("served %q, want %q", got, tc.body)
				}
				return
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != `Bearer realm="observatory"` {
				t.Errorf("WWW-Authenticate %q", got)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var body struct {
				Errors []struct {
					Message    string
					Extensions struct{ Code string }
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if e := body.Errors[0]; e.Extensions.Code != tc.body || e.Message == "" || strings.Contains(e.Message, token) {
				t.Errorf("error %+v", e)
			}
		})
	}

	// The token store unreachable: 503, not 401 (the token may be fine).
	down := testdb.New(t)
	if err := down.Close(); err != nil {
		t.Fatal(err)
	}
	rec := serve(auth.Middleware(down.DB, whoami), "Bearer "+token)
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(string(body), "alice") {
		t.Errorf("store down: %d %s", rec.Code, body)
	}
}
