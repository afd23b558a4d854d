package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/httpapi"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
)

// slowSQL runs a statement that takes seconds on either database, cut by ctx.
func slowSQL(ctx context.Context, st *store.Store) error {
	if st.Dialect == store.Postgres {
		return st.DB.WithContext(ctx).Exec("SELECT pg_sleep(30)").Error
	}
	// Exec, not Query: the SQLite driver (glebarez/go-sqlite 1.21) interrupts a statement
	// on cancellation only while Exec runs; rows being read are not interrupted.
	return st.DB.WithContext(ctx).Exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c`).Error
}

// TestSlowRequestIsCut: a request over its budget is cut down in the database and
// answered with code TIMEOUT within the budget (plus a margin).
func TestSlowRequestIsCut(t *testing.T) {
	s := testdb.New(t)
	fixture.Sites(t, s.DB, 2)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.RequestTimeout = 300 * time.Millisecond
		c.Customize = func(h *handler.Server) {
			h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				if fc := graphql.GetFieldContext(ctx); fc.Field.Name == "sites" {
					if err := slowSQL(ctx, s); err != nil {
						return nil, err
					}
				}
				return next(ctx)
			})
		}
	})
	start := time.Now()
	r := apitest.PostQuery(`{ sites(first: 2) { nodes { slug } } }`, gqlResp).Send(t, srv)
	elapsed := time.Since(start)
	if elapsed > 5*time.Second {
		t.Fatalf("the slow request took %v", elapsed)
	}
	if len(r.Errors) == 0 || r.Errors[0].Code() != "TIMEOUT" {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	apitest.AssertNoLeak(t, r.Raw)
	// The server still answers.
	if r := apitest.PostQuery(`{ __typename }`, gqlResp).Send(t, srv); r.Status != 200 {
		t.Fatalf("after the timeout: %d", r.Status)
	}
	t.Logf("cut after %v: %s", elapsed.Round(time.Millisecond), r.Raw)
}

// TestClientGoneCancels: when the client goes away, the request's context ends and
// the database statement is cancelled.
func TestClientGoneCancels(t *testing.T) {
	s := testdb.New(t)
	done := make(chan error, 1)
	srv := apitest.NewWith(t, s, func(c *httpapi.Config) {
		c.Customize = func(h *handler.Server) {
			h.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				if fc := graphql.GetFieldContext(ctx); fc.Field.Name == "sites" {
					err := slowSQL(ctx, s)
					done <- err
					return nil, err
				}
				return next(ctx)
			})
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ sites { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the statement finished instead of being cancelled")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the statement still runs 5 s after the client left")
	}
}
