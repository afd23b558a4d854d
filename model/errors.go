package model

import (
	"errors"
	"fmt"
	"maps"
	"strings"
)

// Stable error codes, returned in extensions.code by the GraphQL API and the REST
// endpoints alike. Clients may switch on them.
const (
	// CodeBadUserInput: an argument is invalid (page size, cursor, ID, date, a record
	// that breaks a rule...).
	CodeBadUserInput = "BAD_USER_INPUT"
	// CodeAmbiguous: a lookup matches several entities and needs more arguments.
	CodeAmbiguous = "AMBIGUOUS_LOOKUP"
	// CodeNotFound: the record (or download) asked for does not exist.
	CodeNotFound = "NOT_FOUND"
	// CodeUnauthenticated: writing needs a token.
	CodeUnauthenticated = "UNAUTHENTICATED"
	// CodeForbidden: the token's role does not allow the change.
	CodeForbidden = "FORBIDDEN"
	// CodeVersionConflict: the record changed since it was read; extensions.currentVersion
	// says its version.
	CodeVersionConflict = "VERSION_CONFLICT"
	// CodeAlreadyExists: a record with this identifier exists.
	CodeAlreadyExists = "ALREADY_EXISTS"
	// CodeTimeout: the request ran out of its time budget (or was cancelled).
	CodeTimeout = "TIMEOUT"
	// CodeUnavailable: the database cannot be reached right now.
	CodeUnavailable = "SERVICE_UNAVAILABLE"
	// CodeInternal: the server failed; the message says nothing of the cause, the log does.
	CodeInternal = "INTERNAL_SERVER_ERROR"
)

// Error is the observatory's one error type. Code is one of the Code constants;
// Message is public: it says what is wrong and what to do, and is sent to clients as
// it is; Extensions are public too (extensions of the GraphQL error, beside code).
// Err is private: the cause (a driver or network error...), logged with the request's
// ID and never sent.
type Error struct {
	Code       string
	Message    string
	Extensions map[string]any
	Err        error
}

// Error returns the public message only: the private cause is reached by Unwrap.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the private cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// With returns a copy of e with one more extension.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extensions = maps.Clone(e.Extensions)
	if c.Extensions == nil {
		c.Extensions = map[string]any{}
	}
	c.Extensions[key] = value
	return &c
}

// Wrapping returns a copy of e whose private cause is err.
func (e *Error) Wrapping(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// NewError returns an error of code whose public message is format with args.
func NewError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadInput is an invalid argument or record (BAD_USER_INPUT).
func BadInput(format string, args ...any) *Error {
	return NewError(CodeBadUserInput, format, args...)
}

// Ambiguous is a lookup that matches several entities (AMBIGUOUS_LOOKUP).
func Ambiguous(format string, args ...any) *Error {
	return NewError(CodeAmbiguous, format, args...)
}

// NotFound is a record that does not exist (NOT_FOUND).
func NotFound(format string, args ...any) *Error {
	return NewError(CodeNotFound, format, args...)
}

// Unauthenticated is a write without a token (UNAUTHENTICATED).
func Unauthenticated(format string, args ...any) *Error {
	return NewError(CodeUnauthenticated, format, args...)
}

// Forbidden is a write the token's role does not allow (FORBIDDEN).
func Forbidden(format string, args ...any) *Error {
	return NewError(CodeForbidden, format, args...)
}

// VersionConflict says that the record entity slug changed since the client read it at
// version expected: it is now at current (VERSION_CONFLICT, extensions.currentVersion).
func VersionConflict(entity, slug string, expected, current int64) *Error {
	return NewError(CodeVersionConflict,
		"%s %q was changed by someone else: you edited version %d, it is now at version %d; read it again and redo your change",
		entity, slug, expected, current).With("currentVersion", current)
}

// AlreadyExists is a record whose identifier is taken (ALREADY_EXISTS).
func AlreadyExists(format string, args ...any) *Error {
	return NewError(CodeAlreadyExists, format, args...)
}

// Invalid lists what is wrong with an input, one problem each (BAD_USER_INPUT): the
// message joins them, extensions.problems lists them.
func Invalid(problems ...string) *Error {
	return BadInput("invalid input: %s", strings.Join(problems, "; ")).With("problems", problems)
}

// Public messages of the errors the server makes of failures.
const (
	// MsgTimeout is the message of a request that ran out of its time budget.
	MsgTimeout = "the request took longer than its time budget; ask for less (smaller pages, fewer nested lists)"
	// MsgCancelled is the message of a request whose client went away.
	MsgCancelled = "the request was cancelled"
	// MsgUnavailable is the message of a request the database could not serve.
	MsgUnavailable = "the observatory's database cannot be reached right now; retry in a few seconds"
	// MsgInternal is the message of any other failure.
	MsgInternal = "internal error: the observatory could not answer; try again later"
)

// Timeout is a request that ran out of its time budget (TIMEOUT); err is the cause.
func Timeout(err error) *Error {
	return &Error{Code: CodeTimeout, Message: MsgTimeout, Err: err}
}

// Cancelled is a request whose client went away (TIMEOUT); err is the cause.
func Cancelled(err error) *Error {
	return &Error{Code: CodeTimeout, Message: MsgCancelled, Err: err}
}

// Unavailable is a database that cannot be reached (SERVICE_UNAVAILABLE); err is the
// cause.
func Unavailable(err error) *Error {
	return &Error{Code: CodeUnavailable, Message: MsgUnavailable, Err: err}
}

// Internal is any other failure (INTERNAL_SERVER_ERROR), with MsgInternal; err is the
// cause.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: MsgInternal, Err: err}
}

// AsError returns the *Error that err is or wraps, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// CodeOf returns the code of the *Error that err is or wraps, or "".
func CodeOf(err error) string {
	if e := AsError(err); e != nil {
		return e.Code
	}
	return ""
}
