package model

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// Page sizes of every list of the API.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ErrBadCursor is returned for a cursor the API did not issue (BAD_USER_INPUT).
var ErrBadCursor = BadInput("invalid cursor")

// ErrBadPageSize is returned for a page size outside 1..MaxPageSize (BAD_USER_INPUT).
var ErrBadPageSize = BadInput("first must be between 1 and %d", MaxPageSize)

// Cursor is a keyset position: the sort key of the last row seen and its id.
type Cursor struct {
	Key any   `json:"k"`
	ID  int64 `json:"i"`
}

// Encode returns the opaque form handed to clients.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor issued by Encode.
func DecodeCursor(s string) (*Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 512 {
		return nil, ErrBadCursor
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID <= 0 {
		return nil, ErrBadCursor
	}
	switch c.Key.(type) {
	case string, float64, nil:
	default:
		return nil, ErrBadCursor
	}
	return &c, nil
}

// Order is a keyset ordering: a non-null sort expression, then id, both ascending or both
// descending, so that a row-value comparison finds the position after a cursor.
type Order struct {
	// Expr is the SQL sort expression (e.g. "name" or "COALESCE(population, -1)").
	Expr string
	// Key reads the sort value of a row, as stored in its cursor.
	Key  func(row any) any
	Desc bool
}

// SQL returns the ORDER BY clause.
func (o Order) SQL() string {
	dir := "ASC"
	if o.Desc {
		dir = "DESC"
	}
	if o.Expr == "id" {
		return "id " + dir
	}
	return fmt.Sprintf("%s %s, id %s", o.Expr, dir, dir)
}

// After is the condition of the rows after the cursor c, for gorm or for pgx.
func (o Order) After(c Cursor) Cond {
	op := ">"
	if o.Desc {
		op = "<"
	}
	if o.Expr == "id" {
		return Cond{SQL: "id " + op + " ?", Args: []any{c.ID}}
	}
	return Cond{SQL: fmt.Sprintf("(%s %s ? OR (%s = ? AND id %s ?))", o.Expr, op, o.Expr, op), Args: []any{c.Key, c.Key, c.ID}}
}

// AfterCondition restricts q to the rows after the cursor c.
func (o Order) AfterCondition(q *gorm.DB, c Cursor) *gorm.DB {
	a := o.After(c)
	return q.Where(a.sqlFor(q), a.Args...)
}

// CursorOf returns the cursor of a row in this order.
func (o Order) CursorOf(row any, id int64) Cursor {
	var key any
	if o.Key != nil {
		key = o.Key(row)
	}
	return Cursor{Key: key, ID: id}
}

// PageArgs are the pagination arguments of a list field.
type PageArgs struct {
	First *int
	After *string
}

// Size returns the page size asked for, checked against the limits.
func (a PageArgs) Size() (int, error) {
	if a.First == nil {
		return DefaultPageSize, nil
	}
	if *a.First < 1 || *a.First > MaxPageSize {
		return 0, ErrBadPageSize
	}
	return *a.First, nil
}

// Cursor returns the decoded after-cursor, or nil.
func (a PageArgs) Cursor() (*Cursor, error) {
	if a.After == nil || *a.After == "" {
		return nil, nil
	}
	return DecodeCursor(*a.After)
}

// PageResult is one page of a root list.
type PageResult[T any] struct {
	Rows        []T
	Cursors     []string
	HasNext     bool
	HasPrevious bool
}

// Paginate reads one page of T from q (already filtered) in order o. It runs one
// statement, fetching one row more than asked to know whether a next page exists.
func Paginate[T any](ctx context.Context, q *gorm.DB, o Order, args PageArgs, idOf func(*T) int64) (*PageResult[T], error) {
	size, err := args.Size()
	if err != nil {
		return nil, err
	}
	after, err := args.Cursor()
	if err != nil {
		return nil, err
	}
	q = q.Session(&gorm.Session{}).WithContext(ctx) // q stays reusable (Count)
	if after != nil {
		q = o.AfterCondition(q, *after)
	}
	var rows []T
	if err := q.Order(o.SQL()).Limit(size + 1).Find(&rows).Error; err != nil {
		return nil, err
	}
	res := &PageResult[T]{HasPrevious: after != nil}
	if len(rows) > size {
		rows = rows[:size]
		res.HasNext = true
	}
	res.Rows = rows
	res.Cursors = make([]string, len(rows))
	for i := range rows {
		res.Cursors[i] = o.CursorOf(&rows[i], idOf(&rows[i])).Encode()
	}
	return res, nil
}
