package gqlhttp

import (
	"context"
	"sync/atomic"
)

// DataVersion is the version of the data a response was computed from. It is mixed
// into ETags so that a write invalidates every validator handed out before it, and it
// keys server-side caches. The editing path calls Bump after each committed write.
//
// MemoryVersion serves one instance; several instances behind a load balancer need a
// shared implementation (a data_version row, or Redis) behind the same interface.
type DataVersion interface {
	Current(ctx context.Context) uint64
	Bump(ctx context.Context)
}

// MemoryVersion is a DataVersion kept in memory: a counter.
type MemoryVersion struct{ n atomic.Uint64 }

// Current returns the counter.
func (v *MemoryVersion) Current(context.Context) uint64 { return v.n.Load() }

// Bump increments the counter.
func (v *MemoryVersion) Bump(context.Context) { v.n.Add(1) }
