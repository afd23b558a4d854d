// Package compiled is the observatory's compiled read path: it answers the public
// queries whose shape it knows on PostgreSQL without gqlgen's per-field execution.
//
// gqlgen stays the reference. It parses, validates and prices every operation; then,
// for a query sent without a token, the compiled path plans it (plan.go: every selected
// field must be one it knows, checked before any statement, once per operation: a
// bounded plan cache keeps the answer), walks the operation's
// selections (fragments, aliases, variables, @include and @skip resolved by gqlgen's
// own CollectFields), reads each level of records with one narrow statement through
// pgx (the records read by id are not read twice), and writes the JSON straight from
// the rows into one buffer. Anything it does not know (a field, an argument, a type),
// and any answer that would carry an error (an unknown slug, a bad argument, a null in
// a non-null field), falls back to gqlgen before a byte is written: the general path
// then answers, with its errors and suggestions. The path taken is reported in the
// response's extensions (readPath), in the access log and in the metrics. Mutations,
// introspection, authenticated requests and SQLite always take the general path.
//
// The filters, orders, cursors, time-series rules and field values are those of the
// model and graph packages (model.SiteRows, model.Order, graph.NewTimeSeries, the
// records' methods): the compiled path only reads and writes them another way.
// Every test server on PostgreSQL (apitest) runs each answer of the compiled path
// through the general path too and requires the same bytes: the whole test suite, the
// GraphiQL stories and the bench's queries (internal/httpapi/readpath_test.go) compare
// the two paths.
package compiled

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/model"
)

// The read paths, as reported in extensions.readPath, the access log and the metrics.
const (
	// PathCompiled is the compiled read path.
	PathCompiled = "compiled"
	// PathGeneral is gqlgen's execution of the resolvers.
	PathGeneral = "general"
	// ExtReadPath is the key of the read path in a response's extensions.
	ExtReadPath = "readPath"
)

// Engine answers the queries the compiled path knows. The zero Engine is off.
type Engine struct {
	// Pools are the PostgreSQL pools the reads go to, one picked at random per request
	// (the read replicas when there are some). Empty: the compiled path is off.
	Pools []*sql.DB
	// Schema is the executable schema's (for the directives of input fields).
	Schema *ast.Schema
	// Off turns the compiled path off: every operation runs through gqlgen.
	Off bool
	// Authenticated tells whether a request carries a token (its queries take the
	// general path: editors may read what the public does not).
	Authenticated func(context.Context) bool
	// Logger, when set, gets at debug level why an operation took the general path.
	Logger *slog.Logger
	// Report, when set, is told the path that answered each operation.
	Report func(ctx context.Context, path string)
	// Verify, when set, makes every compiled answer also run through the general path
	// and hands both to Verify (tests: the whole suite then compares the two paths on
	// every query it sends). The general path's statements are not counted.
	Verify func(ctx context.Context, compiled *graphql.Response, general *graphql.Response)

	plans planCache
}

// declined says the compiled path does not answer this operation (a field, an
// argument or a value it does not know): the general path does. It names the place
// in this package that declined, for the debug log.
type declined struct{ at string }

func (d *declined) Error() string { return "compiled read path declined at " + d.at }

// decline returns the declined error of its caller.
func decline() error {
	_, file, line, _ := runtime.Caller(1)
	return &declined{at: filepath.Base(file) + ":" + strconv.Itoa(line)}
}

// AroundResponses is the engine as a gqlgen response interceptor: it answers the
// operation, or hands it to next (the general path). Install it inside the
// interceptors that report (statement counts, metrics) and outside those that only
// prepare gqlgen's execution (prefetching).
func (e *Engine) AroundResponses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	opCtx := graphql.GetOperationContext(ctx)
	if !e.eligible(ctx, opCtx) {
		return e.general(ctx, next)
	}
	data, err := e.answer(ctx, opCtx)
	if err != nil {
		if e.Logger != nil {
			e.Logger.DebugContext(ctx, "general read path", "reason", err.Error())
		}
		return e.general(ctx, next)
	}
	resp := &graphql.Response{Data: data, Extensions: graphql.GetExtensions(ctx)}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions[ExtReadPath] = PathCompiled
	if e.Verify != nil {
		e.verify(ctx, next, resp)
	}
	e.report(ctx, PathCompiled)
	return resp
}

// verify runs the general path on the same operation and hands both answers to Verify.
func (e *Engine) verify(ctx context.Context, next graphql.ResponseHandler, compiled *graphql.Response) {
	counter := store.StatementCounterFrom(ctx)
	var before int64
	if counter != nil {
		before = counter.Count()
	}
	general := next(ctx)
	if counter != nil {
		counter.Add(before - counter.Count())
	}
	e.Verify(ctx, compiled, general)
}

func (e *Engine) general(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && len(e.Pools) > 0 {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions[ExtReadPath] = PathGeneral
	}
	e.report(ctx, PathGeneral)
	return resp
}

func (e *Engine) report(ctx context.Context, path string) {
	if e.Report != nil {
		e.Report(ctx, path)
	}
}

func (e *Engine) eligible(ctx context.Context, opCtx *graphql.OperationContext) bool {
	if e == nil || e.Off || len(e.Pools) == 0 || e.Schema == nil || opCtx == nil || opCtx.Operation == nil {
		return false
	}
	if opCtx.Operation.Operation != ast.Query {
		return false
	}
	if graphql.HasOperationContext(ctx) && len(graphql.GetErrors(ctx)) > 0 {
		return false // a request refused before execution (limits, validation): its errors are the answer
	}
	return e.Authenticated == nil || !e.Authenticated(ctx)
}

// answer plans the operation, runs it and returns its data.
func (e *Engine) answer(ctx context.Context, opCtx *graphql.OperationContext) (json.RawMessage, error) {
	x := &exec{ctx: ctx, op: opCtx, schema: e.Schema, counter: store.StatementCounterFrom(ctx), loaded: map[any]map[int64]any{}}
	key := planKey{query: opCtx.RawQuery, operation: opCtx.OperationName}
	missing, planned := e.plans.get(key)
	if !planned {
		missing = x.plan(opCtx.Operation.SelectionSet, "Query")
		e.plans.put(key, missing)
	}
	if missing != "" {
		return nil, &declined{at: "the plan: " + missing + " is not compiled"} // before any statement
	}
	if err := x.checkInputs(opCtx.Operation.SelectionSet, map[string]bool{}); err != nil {
		return nil, err
	}
	x.pool = e.Pools[0]
	if len(e.Pools) > 1 {
		x.pool = e.Pools[rand.IntN(len(e.Pools))]
	}
	// The identifiers the root filters name, in one statement, as the general path
	// resolves them (refArgs then finds them resolved).
	graph.PrimeRootRefs(ctx)
	x.buf = bufPool.Get().(*[]byte)
	defer func() {
		if cap(*x.buf) <= maxPooledBuffer {
			*x.buf = (*x.buf)[:0]
			bufPool.Put(x.buf)
		}
	}()
	x.b = (*x.buf)[:0]
	if err := x.query(x.fields(opCtx.Operation.SelectionSet, []string{"Query"})); err != nil {
		return nil, err
	}
	out := make([]byte, len(x.b))
	copy(out, x.b)
	*x.buf = x.b
	return out, nil
}

// Buffers of the answers, reused between requests (up to a size).
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

const maxPooledBuffer = 1 << 20

// exec is one operation being answered.
type exec struct {
	ctx     context.Context
	op      *graphql.OperationContext
	schema  *ast.Schema
	pool    *sql.DB
	counter *store.StatementCounter
	buf     *[]byte
	b       []byte // the answer being written
	// loaded are the records read by id so far, by object type: a record asked for
	// again (the citations of a time series' points, then of its actual figures) is
	// not read twice.
	loaded map[any]map[int64]any
	// related are the records read by key so far (groupsOf), by relation.
	related map[any]any
}

// query writes the data object of the operation.
func (x *exec) query(roots []graphql.CollectedField) error {
	return x.writeObject(roots, func(i int) error {
		f := &roots[i]
		if f.Name == "__typename" {
			x.str("Query")
			return nil
		}
		return rootFields[f.Name](x, f)
	})
}

// writeObject writes a JSON object of the fields, in their order, under their response
// keys, the value of the i-th written by value(i).
func (x *exec) writeObject(fields []graphql.CollectedField, value func(i int) error) error {
	x.b = append(x.b, '{')
	for i := range fields {
		if i > 0 {
			x.b = append(x.b, ',')
		}
		x.key(fields[i].Alias)
		if err := value(i); err != nil {
			return err
		}
	}
	x.b = append(x.b, '}')
	return nil
}

// each runs one statement (counted as one statement of the request) and calls row for
// each of its rows. The connection is taken from the pool for the statement only:
// the model's functions the compiled path calls (search, neighbourhoods) take theirs
// from the same pool, and a request never holds two.
func (x *exec) each(sql string, args []any, row func(pgx.Rows) error) error {
	conn, err := x.pool.Conn(x.ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if x.counter != nil {
		x.counter.Add(1)
	}
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return decline()
		}
		rows, err := c.Conn().Query(x.ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// args returns the arguments of a field, variables and defaults applied.
func (x *exec) args(f *graphql.CollectedField) map[string]any {
	return f.ArgumentMap(x.op.Variables)
}

// fields collects the fields selected on an object of type typ (which satisfies the
// interfaces and unions listed after it).
// A response key collected twice (a union's __typename and its member's, which gqlgen
// does not merge) is written once, the first, as gqlgen's field sets write it.
func (x *exec) fields(sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	fields := graphql.CollectFields(x.op, sel, satisfies)
	for i := 1; i < len(fields); i++ {
		for j := 0; j < i; j++ {
			if fields[j].Alias == fields[i].Alias {
				return firstOfEachKey(fields)
			}
		}
	}
	return fields
}

// firstOfEachKey keeps the first field of each response key (a copy: the collected
// fields are gqlgen's cache).
func firstOfEachKey(fields []graphql.CollectedField) []graphql.CollectedField {
	seen := make(map[string]bool, len(fields))
	out := make([]graphql.CollectedField, 0, len(fields))
	for _, f := range fields {
		if !seen[f.Alias] {
			seen[f.Alias] = true
			out = append(out, f)
		}
	}
	return out
}

// The JSON writer: the same bytes as gqlgen's marshallers.

func (x *exec) key(k string) {
	x.str(k)
	x.b = append(x.b, ':')
}

const hex = "0123456789abcdef"

// str writes a string as gqlgen does (graphql.MarshalString).
func (x *exec) str(s string) {
	x.b = append(x.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		x.b = append(x.b, s[start:i]...)
		switch c {
		case '\t':
			x.b = append(x.b, `\t`...)
		case '\r':
			x.b = append(x.b, `\r`...)
		case '\n':
			x.b = append(x.b, `\n`...)
		case '\\':
			x.b = append(x.b, `\\`...)
		case '"':
			x.b = append(x.b, `\"`...)
		default:
			x.b = append(x.b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	x.b = append(x.b, s[start:]...)
	x.b = append(x.b, '"')
}

func (x *exec) optStr(s *string) {
	if s == nil {
		x.null()
		return
	}
	x.str(*s)
}

// date writes a Date as gqlmodel.MarshalDate does.
func (x *exec) date(s string) { x.b = strconv.AppendQuote(x.b, s) }

func (x *exec) optDate(d *model.Date) {
	if d == nil {
		x.null()
		return
	}
	x.date(string(*d))
}

func (x *exec) null() { x.b = append(x.b, "null"...) }

func (x *exec) boolean(v bool) { x.b = strconv.AppendBool(x.b, v) }

func (x *exec) integer(v int64) { x.b = strconv.AppendInt(x.b, v, 10) }

// optInt writes an Int that may be null.
func (x *exec) optInt(v *int) {
	if v == nil {
		x.null()
		return
	}
	x.integer(int64(*v))
}

// float writes a Float as gqlmodel.MarshalFloat does (plain decimals); an infinite or
// NaN value is an error there, so the general path answers it.
func (x *exec) float(v float64) error {
	if v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308 {
		return decline()
	}
	x.b = strconv.AppendFloat(x.b, v, 'f', -1, 64)
	return nil
}

func (x *exec) optFloat(v *float64) error {
	if v == nil {
		x.null()
		return nil
	}
	return x.float(*v)
}
