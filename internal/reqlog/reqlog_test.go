package reqlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/reqlog"
)

func TestValidID(t *testing.T) {
	cases := []struct {
		id   string
		want bool
	}{
		{"", false},
		{"abc", true},
		{"0f3c-AB_9.z:1", true},
		{strings.Repeat("x", reqlog.MaxIDLength), true},
		{strings.Repeat("x", reqlog.MaxIDLength+1), false},
		{"with space", false},
		{"new\nline", false},
		{`quote"`, false},
		{"é", false},
		{"a/b", false},
	}
	for _, tc := range cases {
		if got := reqlog.ValidID(tc.id); got != tc.want {
			t.Errorf("ValidID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
	if a, b := reqlog.NewID(), reqlog.NewID(); a == b || !reqlog.ValidID(a) || len(a) != 24 {
		t.Errorf("NewID: %q, %q", a, b)
	}
}

func TestHandlerAddsTheRequestID(t *testing.T) {
	cases := []struct {
		name string
		ctx  context.Context
		want any
	}{
		{"with an ID", reqlog.WithID(context.Background(), "req-1"), "req-1"},
		{"without", context.Background(), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			// Wrapping twice must not add the attribute twice.
			logger := reqlog.Logger(reqlog.Logger(slog.New(slog.NewJSONHandler(&buf, nil)))).With("component", "test")
			logger.InfoContext(tc.ctx, "hello", "n", 1)
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			if rec[reqlog.Attr] != tc.want {
				t.Errorf("request_id %v, want %v", rec[reqlog.Attr], tc.want)
			}
			if n := strings.Count(buf.String(), reqlog.Attr); tc.want != nil && n != 1 {
				t.Errorf("request_id appears %d times: %s", n, buf.String())
			}
			if rec["component"] != "test" || rec["n"] != float64(1) {
				t.Errorf("attributes lost: %s", buf.String())
			}
		})
	}
}
