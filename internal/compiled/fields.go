package compiled

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/model"
)

// Field writers of the scalar fields, from the record's value or method (the same the
// gqlgen resolvers are bound to in gqlgen.yml).

func text[T any](get func(*T) string) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.str(get(r)); return nil }
}

func optText[T any](get func(*T) *string) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.optStr(get(r)); return nil }
}

func enum[T any, E ~string](get func(*T) E) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.str(string(get(r))); return nil }
}

func optEnum[T any, E ~string](get func(*T) *E) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error {
		if v := get(r); v != nil {
			x.str(string(*v))
		} else {
			x.null()
		}
		return nil
	}
}

func number[T any](get func(*T) float64) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { return x.float(get(r)) }
}

func optNumber[T any](get func(*T) *float64) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { return x.optFloat(get(r)) }
}

func integer[T any](get func(*T) int64) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.integer(get(r)); return nil }
}

func optInteger[T any](get func(*T) *int64) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error {
		if v := get(r); v != nil {
			x.integer(*v)
		} else {
			x.null()
		}
		return nil
	}
}

func boolean[T any](get func(*T) bool) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.boolean(get(r)); return nil }
}

func date[T any](get func(*T) model.Date) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error { x.date(string(get(r))); return nil }
}

func optDate[T any](get func(*T) *model.Date) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error {
		if d := get(r); d != nil {
			x.date(string(*d))
		} else {
			x.null()
		}
		return nil
	}
}

// langOf is the language of a localized field (@localized): its lang argument, else
// the request's; it is recorded for the response's Content-Language, as the directive
// does.
func (x *exec) langOf(f *graphql.CollectedField) (*model.Lang, error) {
	var arg *model.Lang
	if len(f.Arguments) > 0 {
		if v, ok := x.args(f)["lang"]; ok && v != nil {
			s, _ := v.(string)
			l, ok := model.ParseLang(s)
			if !ok {
				return nil, decline()
			}
			arg = &l
		}
	}
	l := model.LangOf(x.ctx, arg)
	return &l, nil
}

func localized[T any](get func(*T, *model.Lang) string) scalar[T] {
	return func(x *exec, r *T, f *graphql.CollectedField) error {
		l, err := x.langOf(f)
		if err != nil {
			return err
		}
		x.str(get(r, l))
		return nil
	}
}

func optLocalized[T any](get func(*T, *model.Lang) *string) scalar[T] {
	return func(x *exec, r *T, f *graphql.CollectedField) error {
		l, err := x.langOf(f)
		if err != nil {
			return err
		}
		x.optStr(get(r, l))
		return nil
	}
}

// geoPoint writes a GeoPoint (latitude, longitude, precision).
func geoPoint[T any](get func(*T) *model.GeoPoint) scalar[T] {
	return func(x *exec, r *T, f *graphql.CollectedField) error {
		p := get(r)
		if p == nil {
			x.null()
			return nil
		}
		fields := x.fields(f.Selections, []string{"GeoPoint"})
		x.b = append(x.b, '{')
		for i := range fields {
			if i > 0 {
				x.b = append(x.b, ',')
			}
			x.key(fields[i].Alias)
			var err error
			switch fields[i].Name {
			case "latitude":
				err = x.float(p.Latitude)
			case "longitude":
				err = x.float(p.Longitude)
			case "precision":
				x.str(string(p.Precision))
			case "__typename":
				x.str("GeoPoint")
			default:
				return decline()
			}
			if err != nil {
				return err
			}
		}
		x.b = append(x.b, '}')
		return nil
	}
}

func stringList[T any](get func(*T) []string) scalar[T] {
	return func(x *exec, r *T, _ *graphql.CollectedField) error {
		x.b = append(x.b, '[')
		for i, s := range get(r) {
			if i > 0 {
				x.b = append(x.b, ',')
			}
			x.str(s)
		}
		x.b = append(x.b, ']')
		return nil
	}
}
