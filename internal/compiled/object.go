package compiled

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// object describes how the compiled path reads and writes one GraphQL object type
// stored in one table: its columns, read into the model's record, and its fields.
type object[T any] struct {
	// name is the GraphQL type; satisfies adds the interfaces and unions it belongs to.
	name      string
	satisfies []string
	// table is the SQL table; columns the columns read (in scan's order), unqualified.
	table   string
	columns []string
	scan    func(*T) []any
	id      func(*T) int64
	// scalars write a field of a record; links load a field of many records at once
	// (one statement) and return its writer for one record.
	scalars map[string]scalar[T]
	links   map[string]link[T]
	// joins are the many-to-one fields (toOne links) whose records byID reads in the
	// same statement as o's when the selection asks for them.
	joins []join

	selectList string // columns qualified by the table, for statements
}

// join is a many-to-one field read with a join: the record of target whose id o's
// column holds (NOT NULL). byID keeps the records it reads so, and the field's link
// then finds them read (one statement less per level).
type join struct {
	field, column string
	target        joinTarget
}

// joinTarget is the object type a join reads (an *object[T] of any T).
type joinTarget interface {
	tableName() string
	columnList() string
	// scanKept returns the scan targets of one new record and the function that
	// keeps it among the records read by id (after the scan) and returns it.
	scanKept(x *exec) ([]any, func() any)
}

func (o *object[T]) tableName() string  { return o.table }
func (o *object[T]) columnList() string { return o.selectList }

func (o *object[T]) scanKept(x *exec) ([]any, func() any) {
	r := new(T)
	return o.scan(r), func() any {
		cache := readByID(x, o)
		if kept, ok := cache[o.id(r)]; ok && kept != nil {
			return kept
		}
		cache[o.id(r)] = r
		return r
	}
}

// scalar writes one field of one record.
type scalar[T any] func(x *exec, r *T, f *graphql.CollectedField) error

// link loads a relation of every parent record and returns the writer of the field
// for one parent.
type link[T any] func(x *exec, parents []*T, f *graphql.CollectedField) (func(r *T) error, error)

// init completes o once its fields are declared.
func (o *object[T]) init() *object[T] {
	qualified := make([]string, len(o.columns))
	for i, c := range o.columns {
		qualified[i] = o.table + "." + c
		if strings.HasSuffix(c, "_fr") || strings.HasSuffix(c, "_en") {
			// A text in one language may be NULL: the record holds "" (as gorm reads it).
			qualified[i] = "COALESCE(" + qualified[i] + ", '') AS " + c
		}
	}
	o.selectList = strings.Join(qualified, ", ")
	o.satisfies = append([]string{o.name}, o.satisfies...)
	return o
}

// prepare loads what the selection needs below rows and returns the writer of one of
// them as a JSON object.
func (o *object[T]) prepare(x *exec, rows []*T, sel ast.SelectionSet) (func(r *T) error, error) {
	fields := x.fields(sel, o.satisfies)
	writers := make([]func(r *T) error, len(fields))
	for i := range fields {
		f := &fields[i]
		if f.Name == "__typename" {
			writers[i] = func(*T) error { x.str(o.name); return nil }
			continue
		}
		if s, ok := o.scalars[f.Name]; ok {
			writers[i] = func(r *T) error { return s(x, r, f) }
			continue
		}
		l, ok := o.links[f.Name]
		if !ok {
			return nil, decline()
		}
		w, err := l(x, rows, f)
		if err != nil {
			return nil, err
		}
		writers[i] = w
	}
	return func(r *T) error {
		return x.writeObject(fields, func(i int) error { return writers[i](r) })
	}, nil
}

// list writes records as a JSON list with the writer of one.
func list[T any](x *exec, rows []*T, w func(*T) error) error {
	x.b = append(x.b, '[')
	for i, r := range rows {
		if i > 0 {
			x.b = append(x.b, ',')
		}
		if err := w(r); err != nil {
			return err
		}
	}
	x.b = append(x.b, ']')
	return nil
}

// read runs a statement selecting o's columns (after `extra` leading columns scanned
// into the targets extra returns) and returns the records.
func read[T any](x *exec, o *object[T], sql string, args []any, extra func() []any, each func(r *T)) ([]*T, error) {
	var out []*T
	err := x.each(sql, args, func(rows pgx.Rows) error {
		r := new(T)
		targets := o.scan(r)
		if extra != nil {
			targets = append(extra(), targets...)
		}
		if err := rows.Scan(targets...); err != nil {
			return err
		}
		if each != nil {
			each(r)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// readByID returns the records of o read by id so far in the request (byID's cache),
// by id; nil for an id known to have no record.
func readByID[T any](x *exec, o *object[T]) map[int64]any {
	cache := x.loaded[o]
	if cache == nil {
		cache = map[int64]any{}
		x.loaded[o] = cache
	}
	return cache
}

// groupsOf returns the records load reads for each key, each key read once in the
// request (memo names the relation): a key asked for again is not read twice.
func groupsOf[K comparable, C any](x *exec, memo any, keys []K, load func([]K) (map[K][]*C, error)) (map[K][]*C, error) {
	if x.related == nil {
		x.related = map[any]any{}
	}
	read, _ := x.related[memo].(map[K][]*C)
	if read == nil {
		read = map[K][]*C{}
		x.related[memo] = read
	}
	var missing []K
	for _, k := range keys {
		if _, ok := read[k]; !ok {
			missing = append(missing, k)
			read[k] = nil // asked for: not asked again, found or not
		}
	}
	if len(missing) > 0 {
		got, err := load(missing)
		if err != nil {
			return nil, decline()
		}
		for _, k := range missing {
			read[k] = got[k]
		}
	}
	out := make(map[K][]*C, len(keys))
	for _, k := range keys {
		out[k] = read[k]
	}
	return out, nil
}

// byID loads records by id: one statement for those not read yet in the request.
func byID[T any](x *exec, o *object[T], ids []int64) (map[int64]*T, error) {
	return byIDFor(x, o, ids, nil)
}

// byIDFor is byID for a field selecting sel on the records: the many-to-one fields
// of o.joins that sel selects are read in the same statement.
func byIDFor[T any](x *exec, o *object[T], ids []int64, sel ast.SelectionSet) (map[int64]*T, error) {
	out := make(map[int64]*T, len(ids))
	cache := readByID(x, o)
	missing := ids[:0:0]
	for _, id := range ids {
		if r, ok := cache[id]; ok {
			if r != nil {
				out[id] = r.(*T)
			}
			continue
		}
		missing = append(missing, id)
	}
	if len(missing) == 0 {
		return out, nil
	}
	joins := o.selectedJoins(x, sel)
	sql := "SELECT " + o.selectList
	from := " FROM " + o.table
	targets := make([]joinTarget, len(joins))
	for i, j := range joins {
		sql += ", " + j.target.columnList()
		from += " JOIN " + j.target.tableName() + " ON " + j.target.tableName() + ".id = " + o.table + "." + j.column
		targets[i] = j.target
	}
	sql += from + " WHERE " + o.table + ".id = ANY($1)"
	for _, id := range missing {
		cache[id] = nil
	}
	err := x.each(sql, []any{missing}, func(rows pgx.Rows) error {
		r, _, err := scanWith(x, o, rows, targets)
		if err != nil {
			return err
		}
		out[o.id(r)] = r
		cache[o.id(r)] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanWith scans a row holding a record of o, then one of each of others (read in the
// same statement, kept among the records read by id): it returns the record of o
// and the others'.
func scanWith[T any](x *exec, o *object[T], rows pgx.Rows, others []joinTarget) (*T, []any, error) {
	r := new(T)
	targets := o.scan(r)
	keep := make([]func() any, len(others))
	for i, other := range others {
		var t []any
		t, keep[i] = other.scanKept(x)
		targets = append(targets, t...)
	}
	if err := rows.Scan(targets...); err != nil {
		return nil, nil, err
	}
	kept := make([]any, len(others))
	for i := range keep {
		kept[i] = keep[i]()
	}
	return r, kept, nil
}

// selectedJoins are the joins of o whose field sel selects.
func (o *object[T]) selectedJoins(x *exec, sel ast.SelectionSet) []join {
	if len(o.joins) == 0 || len(sel) == 0 {
		return nil
	}
	var out []join
	fields := x.fields(sel, o.satisfies)
	for _, j := range o.joins {
		for i := range fields {
			if fields[i].Name == j.field {
				out = append(out, j)
				break
			}
		}
	}
	return out
}

// bySlug loads one record by its slug column; nil when none. The records along
// names, each looked up by one of its columns, are read in the same statement (a
// cross join of one-row lookups: one round trip); when one of them is missing,
// nothing is found.
func bySlug[T any](x *exec, o *object[T], column, slug string, along ...alongside) (*T, error) {
	sql := "SELECT " + o.selectList
	from := " FROM " + o.table
	where := " WHERE " + o.table + "." + column + " = $1"
	args := []any{slug}
	targets := make([]joinTarget, len(along))
	for i, a := range along {
		args = append(args, a.value)
		sql += ", " + a.target.columnList()
		from += ", " + a.target.tableName()
		where += " AND " + a.target.tableName() + "." + a.column + " = $" + itoa(len(args))
		targets[i] = a.target
	}
	var found *T
	err := x.each(sql+from+where, args, func(rows pgx.Rows) error {
		r, kept, err := scanWith(x, o, rows, targets)
		if err != nil {
			return err
		}
		for i, a := range along {
			*a.found = kept[i]
		}
		found = r
		return nil
	})
	return found, err
}

// alongside is a record looked up by one of its columns (NOT NULL, unique) in the
// statement of another lookup (bySlug): found receives it.
type alongside struct {
	target        joinTarget
	column, value string
	found         *any
}

// toOne is a many-to-one link: the record whose id a parent holds (nullable: a parent
// may hold none, and the field may then be null).
func toOne[P, C any](child *object[C], fk func(*P) *int64, nullable bool) link[P] {
	return func(x *exec, parents []*P, f *graphql.CollectedField) (func(*P) error, error) {
		seen := make(map[int64]bool, len(parents))
		ids := make([]int64, 0, len(parents))
		for _, p := range parents {
			if id := fk(p); id != nil && !seen[*id] {
				seen[*id] = true
				ids = append(ids, *id)
			}
		}
		found, err := byIDFor(x, child, ids, f.Selections)
		if err != nil {
			return nil, err
		}
		children := make([]*C, 0, len(found))
		for _, id := range ids {
			if c := found[id]; c != nil {
				children = append(children, c)
			}
		}
		w, err := child.prepare(x, children, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(p *P) error {
			var c *C
			if id := fk(p); id != nil {
				c = found[*id]
			}
			if c == nil {
				if !nullable {
					return decline() // a null in a non-null field: the general path reports it
				}
				x.null()
				return nil
			}
			return w(c)
		}, nil
	}
}

// ref turns an id into the pointer toOne takes.
func ref(id int64) *int64 { return &id }

// toMany is a one-to-many link read with LATERAL and a per-parent limit: at most limit
// children of each parent, in order, those of where (a condition on the child table
// with '?' placeholders, args from the field's arguments) only.
func toMany[P, C any](child *object[C], parentID func(*P) int64, parentColumn, order string,
	where func(x *exec, f *graphql.CollectedField) (cond model.Cond, limit int, err error),
) link[P] {
	return func(x *exec, parents []*P, f *graphql.CollectedField) (func(*P) error, error) {
		cond, limit, err := where(x, f)
		if err != nil {
			return nil, err
		}
		groups, all, err := children(x, child, distinctIDs(parents, parentID), parentColumn, order, cond, limit)
		if err != nil {
			return nil, err
		}
		w, err := child.prepare(x, all, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(p *P) error { return list(x, groups[parentID(p)], w) }, nil
	}
}

// children reads, in one statement, at most limit children of each parent (ids, the
// values of the child's parentColumn) that meet cond, in order, with LATERAL: by
// parent, and all of them together.
func children[C any](x *exec, child *object[C], ids []int64, parentColumn, order string, cond model.Cond, limit int) (map[int64][]*C, []*C, error) {
	groups := make(map[int64][]*C, len(ids))
	if len(ids) == 0 {
		return groups, nil, nil
	}
	inner, args := model.Numbered(cond, 2)
	sql := "SELECT parents.parent_key, windowed.* FROM unnest($1::bigint[]) AS parents(parent_key) CROSS JOIN LATERAL (" +
		"SELECT " + child.selectList + " FROM " + child.table + " WHERE " + child.table + "." + parentColumn + " = parents.parent_key" +
		" AND (" + inner + ") ORDER BY " + order + " LIMIT " + itoa(limit) + ") AS windowed ORDER BY parents.parent_key, " + order
	var parent int64
	all, err := read(x, child, sql, append([]any{ids}, args...), func() []any { return []any{&parent} },
		func(c *C) { groups[parent] = append(groups[parent], c) })
	return groups, all, err
}

func distinctIDs[P any](parents []*P, id func(*P) int64) []int64 {
	seen := make(map[int64]bool, len(parents))
	ids := make([]int64, 0, len(parents))
	for _, p := range parents {
		if v := id(p); !seen[v] {
			seen[v] = true
			ids = append(ids, v)
		}
	}
	return ids
}

// subjectRelation is a list field of territories, sites or companies (of subject type
// typ, id read by id) whose records the model reads and groups for many subjects at
// once (read: events, relationships), as the general path's loaders do.
func subjectRelation[P, C any](typ model.SubjectType, id func(*P) int64, child *object[C],
	read func(context.Context, *gorm.DB, []model.SubjectRef) (map[model.SubjectRef][]*C, error),
) link[P] {
	return func(x *exec, parents []*P, f *graphql.CollectedField) (func(*P) error, error) {
		ids := distinctIDs(parents, id)
		refs := make([]model.SubjectRef, len(ids))
		for i, v := range ids {
			refs[i] = model.SubjectRef{Type: typ, ID: v}
		}
		var groups map[model.SubjectRef][]*C
		var all []*C
		if len(refs) > 0 {
			var err error
			if groups, err = read(x.ctx, loaders.For(x.ctx).DB(), refs); err != nil {
				return nil, decline()
			}
			for _, r := range refs {
				all = append(all, groups[r]...)
			}
		}
		w, err := child.prepare(x, all, f.Selections)
		if err != nil {
			return nil, err
		}
		return func(p *P) error { return list(x, groups[model.SubjectRef{Type: typ, ID: id(p)}], w) }, nil
	}
}
