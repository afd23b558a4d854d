package gqlmodel

import (
	"context"
)

// Counter computes the total size of a connection. It runs only when a client asks for
// totalCount, so a page costs one statement and its count one more.
type Counter func(ctx context.Context) (int64, error)

// Disagreement is a claim key on which sources disagree; its claims are resolved
// through loaders.
type Disagreement struct {
	Claim string
}
