package model_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/reindustrie/observatory/model"
)

func TestErrorKeepsItsCausePrivate(t *testing.T) {
	cause := errors.New(`pq: relation "sites_gone" does not exist`)
	e := model.Internal(cause)
	if e.Error() != model.MsgInternal || e.Code != model.CodeInternal {
		t.Errorf("Error() = %q, code %s", e.Error(), e.Code)
	}
	if !errors.Is(e, cause) || errors.Unwrap(e) != cause {
		t.Error("the cause is not reachable by Unwrap")
	}
	wrapped := fmt.Errorf("resolver: %w", model.NotFound("%s %q: no such record", "site", "x"))
	if model.CodeOf(wrapped) != model.CodeNotFound || model.AsError(wrapped).Message != `site "x": no such record` {
		t.Errorf("AsError through a wrap: %+v", model.AsError(wrapped))
	}
	if model.CodeOf(cause) != "" || model.AsError(nil) != nil {
		t.Error("a plain error has a code")
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		err  *model.Error
		code string
		msg  string
		ext  map[string]any
	}{
		{model.BadInput("first must be between 1 and %d", 100), model.CodeBadUserInput, "first must be between 1 and 100", nil},
		{model.Ambiguous("several territories have code %s", "32"), model.CodeAmbiguous, "several territories have code 32", nil},
		{model.NotFound("no such record"), model.CodeNotFound, "no such record", nil},
		{model.Unauthenticated("writing needs a token"), model.CodeUnauthenticated, "writing needs a token", nil},
		{model.Forbidden("no"), model.CodeForbidden, "no", nil},
		{model.AlreadyExists("taken"), model.CodeAlreadyExists, "taken", nil},
		{model.VersionConflict("site", "s", 1, 3), model.CodeVersionConflict,
			`site "s" was changed by someone else: you edited version 1, it is now at version 3; read it again and redo your change`,
			map[string]any{"currentVersion": int64(3)}},
		{model.Invalid("a", "b"), model.CodeBadUserInput, "invalid input: a; b", map[string]any{"problems": []string{"a", "b"}}},
		{model.Timeout(nil), model.CodeTimeout, model.MsgTimeout, nil},
		{model.Cancelled(nil), model.CodeTimeout, model.MsgCancelled, nil},
		{model.Unavailable(nil), model.CodeUnavailable, model.MsgUnavailable, nil},
	}
	for _, tc := range tests {
		if tc.err.Code != tc.code || tc.err.Message != tc.msg || !reflect.DeepEqual(tc.err.Extensions, tc.ext) {
			t.Errorf("%+v, want %s %q %v", tc.err, tc.code, tc.msg, tc.ext)
		}
	}
}

func TestWithAndWrappingCopy(t *testing.T) {
	base := model.ErrBadCursor
	e := base.With("hint", "start again").Wrapping(errors.New("cause"))
	if base.Extensions != nil || base.Err != nil {
		t.Errorf("the sentinel changed: %+v", base)
	}
	if e.Extensions["hint"] != "start again" || e.Err == nil || e.Message != "invalid cursor" {
		t.Errorf("copy %+v", e)
	}
	if !errors.Is(model.ErrBadCursor, model.ErrBadCursor) {
		t.Error("sentinel identity")
	}
}
