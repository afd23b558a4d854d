package model

import (
	"reflect"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Cond is a piece of SQL with its arguments: '?' placeholders and SQL that PostgreSQL
// and SQLite both read, so that gorm's Where takes it as it is and a pgx statement
// takes it once numbered (Numbered). A slice argument stands for a list ("IN ?").
// The filters of the root lists are written once, as Conds.
type Cond struct {
	SQL  string
	Args []any
	// PostgreSQL, when set, is the same condition written for PostgreSQL, with the same
	// arguments in the same order: a form its planner estimates better (see in).
	PostgreSQL string
}

// ForPostgres is the condition's SQL on PostgreSQL.
func (c Cond) ForPostgres() string {
	if c.PostgreSQL != "" {
		return c.PostgreSQL
	}
	return c.SQL
}

// sqlFor is the condition's SQL for a gorm query's database.
func (c Cond) sqlFor(q *gorm.DB) string {
	if q.Dialector != nil && q.Dialector.Name() == "postgres" {
		return c.ForPostgres()
	}
	return c.SQL
}

// Conds are conditions that must all hold.
type Conds []Cond

// and adds a condition.
func (cs Conds) and(sql string, args ...any) Conds { return append(cs, Cond{SQL: sql, Args: args}) }

// Apply adds the conditions to a gorm query.
func (cs Conds) Apply(q *gorm.DB) *gorm.DB {
	for _, c := range cs {
		q = q.Where(c.sqlFor(q), c.Args...)
	}
	return q
}

// Joined returns the conditions joined by AND ("1 = 1" when there is none).
func (cs Conds) Joined() Cond {
	if len(cs) == 0 {
		return Cond{SQL: "1 = 1"}
	}
	parts := make([]string, len(cs))
	pgParts := make([]string, len(cs))
	var args []any
	differs := false
	for i, c := range cs {
		parts[i] = "(" + c.SQL + ")"
		pgParts[i] = "(" + c.ForPostgres() + ")"
		differs = differs || c.PostgreSQL != ""
		args = append(args, c.Args...)
	}
	out := Cond{SQL: strings.Join(parts, " AND "), Args: args}
	if differs {
		out.PostgreSQL = strings.Join(pgParts, " AND ")
	}
	return out
}

// Rows is what a root list reads: a table, or a derived table under the table's name,
// and conditions on it.
type Rows struct {
	// From is the table ("sites"), or a derived table named as the table
	// ("(... UNION ALL ...) AS subsidies"), with the derived table's arguments.
	From  Cond
	Where Conds
}

// Query is the gorm query of r, on the records of model (a pointer to a model type).
func (r Rows) Query(db *gorm.DB, model any) *gorm.DB {
	q := db.Model(model)
	if len(r.From.Args) > 0 || strings.ContainsAny(r.From.SQL, " (") {
		q = q.Table(r.From.SQL, r.From.Args...)
	}
	return r.Where.Apply(q)
}

// Numbered rewrites c for pgx (its PostgreSQL form): its '?' placeholders become $start, $start+1... and a
// slice argument becomes as many placeholders as it has elements (an empty list, a
// NULL: "IN (NULL)" matches nothing). Question marks inside quoted SQL strings are
// left as they are. It returns the SQL and the flat arguments.
func Numbered(c Cond, start int) (string, []any) {
	var (
		b    strings.Builder
		args []any
		next = start
		arg  = 0
		inQ  = false
	)
	sql := c.ForPostgres()
	for i := 0; i < len(sql); i++ {
		ch := sql[i]
		switch {
		case ch == '\'':
			inQ = !inQ
			b.WriteByte(ch)
		case ch == '?' && !inQ && arg < len(c.Args):
			v := reflect.ValueOf(c.Args[arg])
			arg++
			if v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
				if v.Len() == 0 {
					b.WriteString("(NULL)")
					continue
				}
				b.WriteByte('(')
				for j := 0; j < v.Len(); j++ {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString("$" + strconv.Itoa(next))
					next++
					args = append(args, v.Index(j).Interface())
				}
				b.WriteByte(')')
				continue
			}
			b.WriteString("$" + strconv.Itoa(next))
			next++
			args = append(args, c.Args[arg-1])
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), args
}
