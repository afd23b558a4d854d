package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/model"
)

func TestErrorPresenter(t *testing.T) {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	late, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	secret := errors.New(`pq: relation "sites_gone_secret" does not exist`)
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		code string
		msg  string
		ext  map[string]any // extensions besides code
		log  string         // the log line's message, "" for none
	}{
		{"bad input", context.Background(), model.BadInput("first must be between 1 and %d", 100), model.CodeBadUserInput,
			"first must be between 1 and 100", nil, ""},
		{"wrapped", context.Background(), fmt.Errorf("resolver: %w", model.Ambiguous("several")), model.CodeAmbiguous, "several", nil, ""},
		{"conflict", context.Background(), model.VersionConflict("site", "s", 1, 2), model.CodeVersionConflict,
			`site "s" was changed by someone else: you edited version 1, it is now at version 2; read it again and redo your change`,
			map[string]any{"currentVersion": int64(2)}, ""},
		{"problems", context.Background(), model.Invalid("a", "b"), model.CodeBadUserInput, "invalid input: a; b",
			map[string]any{"problems": []string{"a", "b"}}, ""},
		{"duplicate", context.Background(), model.FromDB(fmt.Errorf("x: %w", &pgconn.PgError{Code: "23505", Message: "secret"})),
			model.CodeAlreadyExists, "a record with this slug (or SIREN) already exists: choose another, or update the existing one", nil, ""},
		{"database error", context.Background(), secret, model.CodeInternal,
			"internal error: the observatory could not answer this field; try again later", nil, "resolver error"},
		{"database down", context.Background(), &pgconn.PgError{Code: "08006", Message: "secret"}, model.CodeUnavailable,
			model.MsgUnavailable, nil, "database unavailable"},
		{"statement timeout", context.Background(), &pgconn.PgError{Code: "57014", Message: "secret"}, model.CodeTimeout, model.MsgTimeout, nil, ""},
		{"budget spent", late, errors.New("interrupted"), model.CodeTimeout, model.MsgTimeout, nil, ""},
		{"client gone", done, secret, model.CodeTimeout, model.MsgCancelled, nil, ""},
		{"executor's error", context.Background(), &gqlerror.Error{Message: "Cannot query field", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}},
			"GRAPHQL_VALIDATION_FAILED", "Cannot query field", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			present := graph.ErrorPresenter(slog.New(slog.NewJSONHandler(&logs, nil)))
			got := present(tc.ctx, tc.err)
			if got.Message != tc.msg || got.Extensions["code"] != tc.code {
				t.Errorf("%q %v, want %q %s", got.Message, got.Extensions["code"], tc.msg, tc.code)
			}
			for k, v := range tc.ext {
				if !reflect.DeepEqual(got.Extensions[k], v) {
					t.Errorf("extension %s = %#v, want %#v", k, got.Extensions[k], v)
				}
			}
			if strings.Contains(got.Message, "secret") {
				t.Errorf("the message leaks: %q", got.Message)
			}
			switch {
			case tc.log == "" && logs.Len() > 0:
				t.Errorf("logged: %s", logs.String())
			case tc.log != "" && (!strings.Contains(logs.String(), `"msg":"`+tc.log+`"`) || !strings.Contains(logs.String(), "secret")):
				t.Errorf("log %q, want %q with the cause", logs.String(), tc.log)
			}
		})
	}
}

func TestRecoverFunc(t *testing.T) {
	var logs bytes.Buffer
	err := graph.RecoverFunc(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), "boom")
	got := graph.ErrorPresenter(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), err)
	if got.Message != "internal error: the observatory could not answer this field" || got.Extensions["code"] != model.CodeInternal {
		t.Errorf("%+v", got)
	}
	if strings.Count(logs.String(), "\n") != 1 || !strings.Contains(logs.String(), "boom") {
		t.Errorf("want the panic logged once: %s", logs.String())
	}
}
