//go:build tools

// Package tools pins the code generator used by `go generate`.
package tools

import (
	_ "github.com/99designs/gqlgen"
)
