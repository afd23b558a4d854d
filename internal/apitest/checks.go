package apitest

import (
	"strings"
	"testing"
)

// Leaks are fragments of internal text that must never reach a client.
var Leaks = []string{
	"SELECT", "select ", "FROM ", "sqlite", "SQLSTATE", "pq:", "pgx", "pgconn", "gorm", "relation ",
	"no such table", "sites_gone", ".go:", "reindustrie/observatory/", "goroutine", "panic", "runtime.", "dial tcp",
	"127.0.0.1", "connection refused", "secret",
}

// AssertNoLeak fails t when raw holds any of Leaks.
func AssertNoLeak(t testing.TB, raw []byte) {
	t.Helper()
	for _, l := range Leaks {
		if strings.Contains(string(raw), l) {
			t.Errorf("the response leaks %q: %s", l, raw)
		}
	}
}

// Leaves counts the non-null scalar values of a decoded JSON value.
func Leaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range x {
			n += Leaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += Leaves(e)
		}
		return n
	case nil:
		return 0
	}
	return 1
}
