package store

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"
)

// StatementCounter counts the SQL statements run on behalf of one request.
type StatementCounter struct{ n atomic.Int64 }

// Count returns the number of statements counted so far.
func (c *StatementCounter) Count() int64 { return c.n.Load() }

// Add counts n statements run outside gorm (the compiled read path's, through pgx).
func (c *StatementCounter) Add(n int64) { c.n.Add(n) }

type counterKey struct{}

// WithStatementCounter returns a context whose SQL statements are counted by the
// returned counter.
func WithStatementCounter(ctx context.Context) (context.Context, *StatementCounter) {
	c := &StatementCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// StatementCounterFrom returns the counter of ctx, or nil.
func StatementCounterFrom(ctx context.Context) *StatementCounter {
	c, _ := ctx.Value(counterKey{}).(*StatementCounter)
	return c
}

func registerStatementCounter(db *gorm.DB) {
	count := func(tx *gorm.DB) {
		// gorm renders subqueries by running the callbacks in dry-run mode: those are
		// not statements sent to the database.
		if tx.DryRun || tx.Statement == nil || tx.Statement.Context == nil {
			return
		}
		if c := StatementCounterFrom(tx.Statement.Context); c != nil {
			c.n.Add(1)
		}
	}
	cb := db.Callback()
	_ = cb.Query().After("gorm:query").Register("observatory:count_query", count)
	_ = cb.Row().After("gorm:row").Register("observatory:count_row", count)
	_ = cb.Raw().After("gorm:raw").Register("observatory:count_raw", count)
	_ = cb.Create().After("gorm:create").Register("observatory:count_create", count)
	_ = cb.Update().After("gorm:update").Register("observatory:count_update", count)
	_ = cb.Delete().After("gorm:delete").Register("observatory:count_delete", count)
}
