package gqlhttp_test

import (
	"testing"

	"github.com/reindustrie/observatory/internal/gqlhttp"
)

func TestNegotiate(t *testing.T) {
	const g, j = gqlhttp.MediaGraphQLResponse, gqlhttp.MediaJSON
	tests := []struct{ accept, want string }{
		{"", j},
		{g, g},
		{j, j},
		{"*/*", j},
		{"application/*", j},
		{g + ", " + j, g},
		{j + ", " + g, g},
		{g + ";q=0.5, " + j, j},
		{g + ", " + j + ";q=0.9", g},
		{"text/html", g},
		{"text/html, */*;q=0.8", j},
		{g + ";charset=utf-8", g},
		{g + ";charset=latin1, " + j, j},
		{"garbage;;;", g},
		{g + ";q=0", g},
	}
	for _, tc := range tests {
		if got := gqlhttp.Negotiate(tc.accept); got != tc.want {
			t.Errorf("Accept %q: %s, want %s", tc.accept, got, tc.want)
		}
	}
}
