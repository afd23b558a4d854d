package compiled

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/jackc/pgx/v5"

	"github.com/reindustrie/observatory/model"
)

// page is one page of a connection (Relay cursor connection), as the general path
// builds it: the rows, their cursors in the list's order, whether a page follows and
// precedes, and the total count when selected.
type page[T any] struct {
	rows    []*T
	hasNext bool
	hasPrev bool
	count   int64
	// The cursors are encoded when a field asks for them (edges.cursor, pageInfo).
	order   model.Order
	id      func(*T) int64
	cursors []string
}

// cursor returns the cursor of the i-th row.
func (p *page[T]) cursor(i int) string {
	if p.cursors == nil {
		p.cursors = make([]string, len(p.rows))
	}
	if p.cursors[i] == "" {
		p.cursors[i] = p.order.CursorOf(p.rows[i], p.id(p.rows[i])).Encode()
	}
	return p.cursors[i]
}

// pageArgs reads first and after: the page size and the decoded cursor.
func pageArgs(args map[string]any) (size int, after *model.Cursor, afterText string, err error) {
	first, ok := intArg(args["first"])
	if !ok {
		return 0, nil, "", decline()
	}
	a, ok := stringArg(args["after"])
	if !ok {
		return 0, nil, "", decline()
	}
	pa := model.PageArgs{First: first, After: a}
	if size, err = pa.Size(); err != nil {
		return 0, nil, "", decline()
	}
	if after, err = pa.Cursor(); err != nil {
		return 0, nil, "", decline()
	}
	if a != nil {
		afterText = *a
	}
	return size, after, afterText, nil
}

// cut keeps size rows of rows read with one more, in order o.
func cut[T any](p *page[T], rows []*T, size int, o model.Order, id func(*T) int64) {
	if len(rows) > size {
		rows = rows[:size]
		p.hasNext = true
	}
	p.rows, p.order, p.id = rows, o, id
}

// selectsTotal tells whether the connection field selects totalCount.
func selectsTotal(x *exec, f *graphql.CollectedField, connType string) bool {
	for _, c := range x.fields(f.Selections, []string{connType}) {
		if c.Name == "totalCount" {
			return true
		}
	}
	return false
}

// connection prepares the writer of a connection field of type <name>Connection over
// pages whose rows, all together, are all.
func connection[T any](x *exec, o *object[T], f *graphql.CollectedField, all []*T) (func(p *page[T]) error, error) {
	connType := o.name + "Connection"
	fields := x.fields(f.Selections, []string{connType})
	writers := make([]func(p *page[T]) error, len(fields))
	for i := range fields {
		c := &fields[i]
		switch c.Name {
		case "__typename":
			writers[i] = func(*page[T]) error { x.str(connType); return nil }
		case "totalCount":
			writers[i] = func(p *page[T]) error { x.integer(p.count); return nil }
		case "nodes":
			w, err := o.prepare(x, all, c.Selections)
			if err != nil {
				return nil, err
			}
			writers[i] = func(p *page[T]) error { return list(x, p.rows, w) }
		case "edges":
			w, err := edges(x, o, c, all)
			if err != nil {
				return nil, err
			}
			writers[i] = w
		case "pageInfo":
			w, err := pageInfo[T](x, c)
			if err != nil {
				return nil, err
			}
			writers[i] = w
		default:
			return nil, decline()
		}
	}
	return func(p *page[T]) error {
		return x.writeObject(fields, func(i int) error { return writers[i](p) })
	}, nil
}

func edges[T any](x *exec, o *object[T], f *graphql.CollectedField, all []*T) (func(p *page[T]) error, error) {
	edgeType := o.name + "Edge"
	fields := x.fields(f.Selections, []string{edgeType})
	var node func(*T) error
	for i := range fields {
		switch fields[i].Name {
		case "__typename", "cursor":
		case "node":
			if node != nil {
				return nil, decline()
			}
			w, err := o.prepare(x, all, fields[i].Selections)
			if err != nil {
				return nil, err
			}
			node = w
		default:
			return nil, decline()
		}
	}
	return func(p *page[T]) error {
		x.b = append(x.b, '[')
		for j, r := range p.rows {
			if j > 0 {
				x.b = append(x.b, ',')
			}
			err := x.writeObject(fields, func(i int) error {
				switch fields[i].Name {
				case "__typename":
					x.str(edgeType)
				case "cursor":
					x.str(p.cursor(j))
				case "node":
					return node(r)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		x.b = append(x.b, ']')
		return nil
	}, nil
}

func pageInfo[T any](x *exec, f *graphql.CollectedField) (func(p *page[T]) error, error) {
	fields := x.fields(f.Selections, []string{"PageInfo"})
	for i := range fields {
		switch fields[i].Name {
		case "__typename", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor":
		default:
			return nil, decline()
		}
	}
	return func(p *page[T]) error {
		return x.writeObject(fields, func(i int) error {
			switch fields[i].Name {
			case "__typename":
				x.str("PageInfo")
			case "hasNextPage":
				x.boolean(p.hasNext)
			case "hasPreviousPage":
				x.boolean(p.hasPrev)
			case "startCursor":
				if len(p.rows) == 0 {
					x.null()
				} else {
					x.str(p.cursor(0))
				}
			case "endCursor":
				if len(p.rows) == 0 {
					x.null()
				} else {
					x.str(p.cursor(len(p.rows) - 1))
				}
			}
			return nil
		})
	}, nil
}

// writePage reads one page of a root list (rootPage) and writes it as a connection.
func writePage[T any](x *exec, o *object[T], f *graphql.CollectedField, r model.Rows, order model.Order, args map[string]any) error {
	p, err := rootPage(x, o, f, r, order, args)
	if err != nil {
		return err
	}
	w, err := connection(x, o, f, p.rows)
	if err != nil {
		return err
	}
	return w(p)
}

// rootPage reads one page of a root list: the rows of r after the cursor, in order o,
// and their count when selected. Two statements at most.
func rootPage[T any](x *exec, o *object[T], f *graphql.CollectedField, r model.Rows, order model.Order, args map[string]any) (*page[T], error) {
	size, after, _, err := pageArgs(args)
	if err != nil {
		return nil, err
	}
	where := r.Where
	if after != nil {
		where = append(append(model.Conds{}, where...), order.After(*after))
	}
	cond := where.Joined()
	stmt := model.Cond{
		SQL:  "SELECT " + o.selectList + " FROM " + r.From.SQL + " WHERE " + cond.ForPostgres() + " ORDER BY " + order.SQL() + " LIMIT " + itoa(size+1),
		Args: append(append([]any{}, r.From.Args...), cond.Args...),
	}
	sql, sqlArgs := model.Numbered(stmt, 1)
	rows, err := read(x, o, sql, sqlArgs, nil, nil)
	if err != nil {
		return nil, err
	}
	p := &page[T]{hasPrev: after != nil}
	cut(p, rows, size, order, o.id)
	if selectsTotal(x, f, o.name+"Connection") {
		all := r.Where.Joined()
		count, countArgs := model.Numbered(model.Cond{
			SQL:  "SELECT count(*) FROM " + r.From.SQL + " WHERE " + all.ForPostgres(),
			Args: append(append([]any{}, r.From.Args...), all.Args...),
		}, 1)
		if err := x.each(count, countArgs, func(rows pgx.Rows) error { return rows.Scan(&p.count) }); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// nestedPages reads a page of children for each parent: LATERAL with a per-parent
// limit, and the counts when selected (one statement each).
func nestedPages[P, C any](x *exec, child *object[C], parents []*P, parentID func(*P) int64, parentColumn string,
	order model.Order, f *graphql.CollectedField,
) (map[int64]*page[C], []*C, error) {
	args, err := x.refArgs(f)
	if err != nil {
		return nil, nil, err
	}
	size, after, afterText, err := pageArgs(args)
	if err != nil {
		return nil, nil, err
	}
	ids := distinctIDs(parents, parentID)
	pages := make(map[int64]*page[C], len(ids))
	cond := model.Cond{SQL: "1 = 1"}
	if after != nil {
		cond = order.After(*after)
	}
	groups, _, err := children(x, child, ids, parentColumn, order.SQL(), cond, size+1)
	if err != nil {
		return nil, nil, err
	}
	var all []*C
	for _, id := range ids {
		p := &page[C]{hasPrev: afterText != ""}
		cut(p, groups[id], size, order, child.id)
		pages[id] = p
		all = append(all, p.rows...)
	}
	if len(ids) > 0 && selectsTotal(x, f, child.name+"Connection") {
		err := x.each("SELECT "+parentColumn+", count(*) FROM "+child.table+" WHERE "+parentColumn+" = ANY($1) GROUP BY "+parentColumn, []any{ids},
			func(rows pgx.Rows) error {
				var id, n int64
				if err := rows.Scan(&id, &n); err != nil {
					return err
				}
				if p := pages[id]; p != nil {
					p.count = n
				}
				return nil
			})
		if err != nil {
			return nil, nil, err
		}
	}
	return pages, all, nil
}
