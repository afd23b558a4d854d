package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"

	"github.com/99designs/gqlgen/graphql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/editing"
	"github.com/reindustrie/observatory/model"
)

// Stable error codes, returned in extensions.code. Clients may switch on them.
const (
	// CodeBadUserInput: an argument is invalid (page size, cursor, ID, date...).
	CodeBadUserInput = "BAD_USER_INPUT"
	// CodeAmbiguous: a lookup matches several entities and needs more arguments.
	CodeAmbiguous = "AMBIGUOUS_LOOKUP"
	// CodeInternal: the server failed; the message says nothing of the cause, the log does.
	CodeInternal = "INTERNAL_SERVER_ERROR"
	// CodeTimeout: the request ran out of its time budget.
	CodeTimeout = "TIMEOUT"
	// CodeUnavailable: the database cannot be reached right now.
	CodeUnavailable = "SERVICE_UNAVAILABLE"
	// CodeUnauthenticated: writing needs a token.
	CodeUnauthenticated = "UNAUTHENTICATED"
	// CodeForbidden: the token's role does not allow the change.
	CodeForbidden = "FORBIDDEN"
	// CodeNotFound: the record to change does not exist.
	CodeNotFound = "NOT_FOUND"
	// CodeVersionConflict: the record changed since it was read; extensions.currentVersion says its version.
	CodeVersionConflict = "VERSION_CONFLICT"
	// CodeAlreadyExists: a record with this identifier exists.
	CodeAlreadyExists = "ALREADY_EXISTS"
)

// userError is an error whose message is meant for the client.
type userError struct {
	code, msg string
}

func (e *userError) Error() string { return e.msg }

func badInput(format string, args ...any) error {
	return &userError{code: CodeBadUserInput, msg: fmt.Sprintf(format, args...)}
}

// ErrorPresenter turns any resolver error into a GraphQL error with a stable code.
// Errors the API made for clients keep their message; any other error (database, driver)
// is logged and replaced by a generic message, so no SQL, path or driver text leaks.
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var ue *userError
		switch {
		case errors.As(err, &ue):
			gqlErr.Message = ue.msg
			setCode(gqlErr, ue.code)
		case errors.Is(err, editing.ErrUnauthenticated):
			gqlErr.Message = err.Error()
			setCode(gqlErr, CodeUnauthenticated)
		case errors.Is(err, editing.ErrForbidden):
			gqlErr.Message = err.Error()
			setCode(gqlErr, CodeForbidden)
		case errors.Is(err, editing.ErrNotFound):
			gqlErr.Message = err.Error()
			setCode(gqlErr, CodeNotFound)
		case errors.As(err, new(*editing.ConflictError)):
			var ce *editing.ConflictError
			errors.As(err, &ce)
			gqlErr.Message = ce.Error()
			setCode(gqlErr, CodeVersionConflict)
			gqlErr.Extensions["currentVersion"] = ce.Current
		case errors.As(err, new(*editing.InvalidError)):
			var ie *editing.InvalidError
			errors.As(err, &ie)
			gqlErr.Message = ie.Error()
			setCode(gqlErr, CodeBadUserInput)
			gqlErr.Extensions["problems"] = ie.Problems
		case errors.Is(err, gorm.ErrDuplicatedKey):
			gqlErr.Message = "a record with this slug (or SIREN) already exists: choose another, or update the existing one"
			setCode(gqlErr, CodeAlreadyExists)
		case errors.As(err, new(*model.InputError)):
			setCode(gqlErr, CodeBadUserInput)
		case errors.Is(err, model.ErrBadCursor), errors.Is(err, model.ErrBadPageSize):
			gqlErr.Message = unwrapMessage(err)
			setCode(gqlErr, CodeBadUserInput)
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = "the request took longer than its time budget; ask for less (smaller pages, fewer nested lists)"
			setCode(gqlErr, CodeTimeout)
		case errors.Is(err, context.Canceled):
			gqlErr.Message = "the request was cancelled"
			setCode(gqlErr, CodeTimeout)
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			// The driver's own error for a statement cut by the budget (SQLite says
			// "interrupted") does not always wrap the context's.
			gqlErr.Message = "the request took longer than its time budget; ask for less (smaller pages, fewer nested lists)"
			setCode(gqlErr, CodeTimeout)
		case ctx.Err() != nil:
			gqlErr.Message = "the request was cancelled"
			setCode(gqlErr, CodeTimeout)
		case IsUnavailable(err):
			logger.WarnContext(ctx, "database unavailable", "path", gqlErr.Path.String(), "error", err)
			gqlErr.Message = "the observatory's database cannot be reached right now; retry in a few seconds"
			setCode(gqlErr, CodeUnavailable)
		case isStatementTimeout(err) || pgconn.Timeout(err):
			gqlErr.Message = "the request took longer than its time budget; ask for less (smaller pages, fewer nested lists)"
			setCode(gqlErr, CodeTimeout)
		case gqlErr.Extensions != nil && gqlErr.Extensions["code"] != nil:
			// Parse, validation and argument errors from the executor: already for clients.
		default:
			var inner *gqlerror.Error
			if errors.As(err, &inner) && inner.Extensions["code"] != nil {
				return gqlErr
			}
			logger.ErrorContext(ctx, "resolver error", "path", gqlErr.Path.String(), "error", err)
			gqlErr.Message = "internal error: the observatory could not answer this field; try again later"
			setCode(gqlErr, CodeInternal)
		}
		return gqlErr
	}
}

// IsUnavailable reports whether err says the database cannot be reached: a refused or
// cut connection, a connection the pool cannot use, a server shutting down.
func IsUnavailable(err error) bool {
	var (
		opErr   *net.OpError
		connErr *pgconn.ConnectError
		pgErr   *pgconn.PgError
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
	}
	return false
}

// isStatementTimeout reports PostgreSQL's statement_timeout (57014, query_canceled).
func isStatementTimeout(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "57014"
}

func unwrapMessage(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// RecoverFunc turns a panic in a resolver into an error for that field; the server
// keeps serving.
func RecoverFunc(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p))
		return &userError{code: CodeInternal, msg: "internal error: the observatory could not answer this field"}
	}
}
