package model_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// liteError stands for the SQLite driver's error: a message and a result code.
type liteError struct{ code int }

func (e liteError) Error() string { return fmt.Sprintf("sqlite error %d", e.code) }
func (e liteError) Code() int     { return e.code }

func TestFromDBClassifiesDatabaseErrors(t *testing.T) {
	pg := func(code string) error {
		return fmt.Errorf("query: %w", &pgconn.PgError{Code: code, Message: "secret"})
	}
	tests := []struct {
		name string
		err  error
		code string // "" when FromDB leaves the error as it is
		msg  string
	}{
		{"duplicate key", fmt.Errorf("create: %w", gorm.ErrDuplicatedKey), model.CodeAlreadyExists,
			"a record with this slug (or SIREN) already exists: choose another, or update the existing one"},
		{"unique violation", pg("23505"), model.CodeAlreadyExists, ""},
		{"no row", gorm.ErrRecordNotFound, model.CodeNotFound, "no such record"},
		{"deadline", fmt.Errorf("scan: %w", context.DeadlineExceeded), model.CodeTimeout, model.MsgTimeout},
		{"cancelled", context.Canceled, model.CodeTimeout, model.MsgCancelled},
		{"statement timeout", pg("57014"), model.CodeTimeout, model.MsgTimeout},
		{"connection exception", pg("08006"), model.CodeUnavailable, model.MsgUnavailable},
		{"admin shutdown", pg("57P01"), model.CodeUnavailable, ""},
		{"cannot connect now", pg("57P03"), model.CodeUnavailable, ""},
		{"too many connections", pg("53300"), model.CodeUnavailable, ""},
		{"connect error", &pgconn.ConnectError{}, model.CodeUnavailable, ""},
		{"net error", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, model.CodeUnavailable, ""},
		{"refused", fmt.Errorf("x: %w", syscall.ECONNREFUSED), model.CodeUnavailable, ""},
		{"reset", syscall.ECONNRESET, model.CodeUnavailable, ""},
		{"bad conn", driver.ErrBadConn, model.CodeUnavailable, ""},
		{"cut", io.ErrUnexpectedEOF, model.CodeUnavailable, ""},
		{"sqlite busy", liteError{5}, model.CodeUnavailable, ""},
		{"sqlite busy snapshot", liteError{5 | 2<<8}, model.CodeUnavailable, ""},
		{"sqlite locked", liteError{6}, model.CodeUnavailable, ""},
		{"sqlite constraint", liteError{19}, "", ""},
		{"syntax error", pg("42601"), "", ""},
		{"anything else", errors.New("no such table: sites"), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := model.FromDB(tc.err)
			me := model.AsError(got)
			if tc.code == "" {
				if got != tc.err {
					t.Fatalf("FromDB changed an unknown error: %v", got)
				}
				return
			}
			if me == nil || me.Code != tc.code {
				t.Fatalf("code %q, want %s", model.CodeOf(got), tc.code)
			}
			if tc.msg != "" && me.Message != tc.msg {
				t.Errorf("message %q, want %q", me.Message, tc.msg)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("the cause is lost")
			}
			if got.Error() != me.Message {
				t.Errorf("Error() %q is not the public message", got.Error())
			}
		})
	}
	if model.FromDB(nil) != nil {
		t.Error("FromDB(nil) is not nil")
	}
}

func TestClassifyAtTheEdge(t *testing.T) {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	late, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	interrupted := errors.New("interrupted") // SQLite's error for a statement cut by the context
	unavailable := model.FromDB(&net.OpError{Op: "read", Err: syscall.ECONNRESET})
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		code string // "" for nil: not known
		msg  string
	}{
		{"nil", context.Background(), nil, "", ""},
		{"a client's error is final", done, model.BadInput("first must be between 1 and %d", 100), model.CodeBadUserInput, "first must be between 1 and 100"},
		{"wrapped", context.Background(), fmt.Errorf("page: %w", model.ErrBadCursor), model.CodeBadUserInput, "invalid cursor"},
		{"unknown", context.Background(), interrupted, "", ""},
		{"unknown once the budget is spent", late, interrupted, model.CodeTimeout, model.MsgTimeout},
		{"unknown once the client is gone", done, interrupted, model.CodeTimeout, model.MsgCancelled},
		{"unavailable", context.Background(), unavailable, model.CodeUnavailable, model.MsgUnavailable},
		{"unavailable once the budget is spent", late, unavailable, model.CodeTimeout, model.MsgTimeout},
		{"raw driver error", context.Background(), &pgconn.PgError{Code: "08006"}, model.CodeUnavailable, model.MsgUnavailable},
		{"recovered panic", done, &model.Error{Code: model.CodeInternal, Message: "internal"}, model.CodeInternal, "internal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			me := model.Classify(tc.ctx, tc.err)
			if tc.code == "" {
				if me != nil {
					t.Fatalf("got %+v, want nil", me)
				}
				return
			}
			if me == nil || me.Code != tc.code || me.Message != tc.msg {
				t.Fatalf("got %+v, want %s %q", me, tc.code, tc.msg)
			}
		})
	}
}
