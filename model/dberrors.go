package model

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// msgAlreadyExists is the message of a write that collides with an existing record.
const msgAlreadyExists = "a record with this slug (or SIREN) already exists: choose another, or update the existing one"

// FromDB classifies an error of gorm, of a database driver (PostgreSQL, SQLite) or of
// the network into an *Error whose private cause is err: a unique key taken
// (ALREADY_EXISTS), no row (NOT_FOUND), a context's deadline or cancellation and
// PostgreSQL's statement_timeout (TIMEOUT), a database that cannot be reached or is
// busy (SERVICE_UNAVAILABLE). An *Error is returned as it is; any other error too: the
// caller decides what it is (at the API's edge, Classify makes it INTERNAL_SERVER_ERROR).
func FromDB(err error) error {
	if e := classify(nil, err); e != nil {
		return e
	}
	return err
}

// Classify is what the API's edges (the GraphQL error presenter, the REST endpoints)
// make of any error: the *Error that err is or wraps, or FromDB's classification of a
// failure, looked at again with the request's context (a driver's own error for a
// statement cut by the request's budget, such as SQLite's "interrupted", does not
// always wrap the context's). It returns nil for nil and for an error it does not
// know: the caller logs it and answers INTERNAL_SERVER_ERROR.
func Classify(ctx context.Context, err error) *Error {
	if ctx == nil {
		ctx = context.Background()
	}
	return classify(ctx, err)
}

// classify is FromDB (ctx nil) and Classify.
func classify(ctx context.Context, err error) *Error {
	if err == nil {
		return nil
	}
	e := AsError(err)
	if e != nil && !(e.Err != nil && isFailure(e.Code)) {
		// Made for clients (a bad input, a conflict...): final.
		return e
	}
	cause := err
	if e != nil {
		// A failure FromDB classified without the request's context: look at its cause
		// again.
		cause = e.Err
	}
	switch {
	case errors.Is(cause, gorm.ErrDuplicatedKey) || hasSQLState(cause, "23505"):
		return AlreadyExists(msgAlreadyExists).Wrapping(cause)
	case errors.Is(cause, gorm.ErrRecordNotFound):
		return NotFound("no such record").Wrapping(cause)
	case errors.Is(cause, context.DeadlineExceeded):
		return Timeout(cause)
	case errors.Is(cause, context.Canceled):
		return Cancelled(cause)
	case ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return Timeout(cause)
	case ctx != nil && ctx.Err() != nil:
		return Cancelled(cause)
	case isUnavailable(cause):
		return Unavailable(cause)
	case hasSQLState(cause, "57014") || pgconn.Timeout(cause):
		// 57014: query_canceled, PostgreSQL's statement_timeout.
		return Timeout(cause)
	}
	return e
}

// isFailure reports the codes of the errors made of failures (rather than of what a
// client asked).
func isFailure(code string) bool {
	return code == CodeTimeout || code == CodeUnavailable || code == CodeInternal
}

// isUnavailable reports whether err says the database cannot be reached: a refused or
// cut connection, a connection the pool cannot use, a server shutting down or full, a
// SQLite database locked by another writer.
func isUnavailable(err error) bool {
	var (
		opErr   *net.OpError
		connErr *pgconn.ConnectError
		pgErr   *pgconn.PgError
		liteErr interface{ Code() int }
	)
	switch {
	case errors.As(err, &connErr), errors.As(err, &opErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01-57P03: shutdown, crash, starting up;
		// 53300: too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" ||
			pgErr.Code == "57P03" || pgErr.Code == "53300"
	case errors.As(err, &liteErr):
		// The SQLite driver's errors carry the result code, extended codes in the high
		// bits: 5 SQLITE_BUSY, 6 SQLITE_LOCKED.
		c := liteErr.Code() & 0xff
		return c == 5 || c == 6
	}
	return false
}

// hasSQLState reports whether err is a PostgreSQL error of the given SQLSTATE.
func hasSQLState(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}
