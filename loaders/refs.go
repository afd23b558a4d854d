package loaders

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/reindustrie/observatory/model"
)

// refKey is one identifier to resolve: the argument it was given to, its value and
// the kinds it may name.
type refKey struct {
	argument, value, kinds string
	lookup                 bool
}

type refEntry struct {
	once sync.Once
	ref  model.Ref
	err  error
}

// Ref resolves an identifier given to an argument (model.ResolveRef), once per
// request whatever the number of objects whose field takes it. A global ID or a slug
// of a lookup goes through the kind's by-slug loader first: the root lookups are
// prefetched there, so resolving them costs no statement.
func (l *Loaders) Ref(ctx context.Context, argument, value string, kinds []*model.Kind, lookup bool) (model.Ref, error) {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Type
	}
	key := refKey{argument, value, strings.Join(names, ","), lookup}
	v, _ := l.refs.LoadOrStore(key, &refEntry{})
	e := v.(*refEntry)
	e.once.Do(func() {
		if lookup {
			if ref, ok := l.refBySlug(ctx, value, kinds); ok {
				e.ref = ref
				return
			}
		}
		e.ref, e.err = model.ResolveRef(ctx, l.db, argument, value, kinds, lookup)
	})
	return e.ref, e.err
}

// refBySlug finds value through a by-slug loader: a global ID of one of kinds, or a
// slug when kinds is one kind.
func (l *Loaders) refBySlug(ctx context.Context, value string, kinds []*model.Kind) (model.Ref, bool) {
	var (
		kind *model.Kind
		slug string
	)
	if typ, s, ok := model.ParseGlobalID(value); ok {
		if k := model.KindOfType(typ); k != nil {
			for _, allowed := range kinds {
				if allowed == k && k.Node {
					kind, slug = k, s
				}
			}
		}
	}
	if kind == nil && len(kinds) == 1 && kinds[0].Node && !strings.ContainsFunc(value, unicode.IsControl) && utf8.ValidString(value) {
		kind, slug = kinds[0], value
	}
	if kind == nil {
		return model.Ref{}, false
	}
	rec, err := Load(ctx, l.BySlug(kind), slug)
	if err != nil || rec == nil {
		return model.Ref{}, false
	}
	return model.RefOf(kind, rec), true
}

// RefArg is an identifier given to an argument, to resolve ahead (PrimeRefs).
type RefArg struct {
	Argument, Value string
	Kinds           []*model.Kind
	Lookup          bool
}

// PrimeRefs resolves the identifiers of args in one statement and keeps those that
// name one record each, so that Ref answers them without a statement of its own. The
// others are left to Ref, which makes their errors.
func (l *Loaders) PrimeRefs(ctx context.Context, args []RefArg) error {
	if len(args) == 0 {
		return nil
	}
	queries := make([]model.RefQuery, len(args))
	for i, a := range args {
		queries[i] = model.RefQuery{Value: a.Value, Kinds: a.Kinds}
	}
	refs, ok, err := model.ResolveRefs(ctx, l.db, queries)
	if err != nil {
		return err
	}
	for i, a := range args {
		if !ok[i] {
			continue
		}
		names := make([]string, len(a.Kinds))
		for j, k := range a.Kinds {
			names[j] = k.Type
		}
		v, _ := l.refs.LoadOrStore(refKey{a.Argument, a.Value, strings.Join(names, ","), a.Lookup}, &refEntry{})
		e := v.(*refEntry)
		e.once.Do(func() { e.ref = refs[i] })
	}
	return nil
}
