package compiled

import (
	"errors"

	"github.com/jackc/pgx/v5/pgtype"
)

// Scan targets of the columns pgx would otherwise reach through reflection on every
// value it scans: the model's named strings (kinds, statuses, ranks...) and the
// nullable columns (pgx allocates and sets a **T by reflection). Each target is one
// pointer, held in an interface without an allocation; pgx scans into it through its
// ScanText, ScanFloat64 or ScanInt64 method, with a plan it keeps per column.

// errNull is a NULL read into a column the model holds as not null.
var errNull = errors.New("compiled read path: NULL in a non-null column")

// enumCol is the scan target of a text column read into a named string type.
func enumCol[E ~string](p *E) any { return namedText[E]{p} }

// optTextCol is the scan target of a nullable text column (nil for NULL).
func optTextCol[E ~string](p **E) any { return optNamedText[E]{p} }

// optFloatCol is the scan target of a nullable number column (nil for NULL).
func optFloatCol(p **float64) any { return optFloat{p} }

// optIntCol is the scan target of a nullable integer column (nil for NULL).
func optIntCol(p **int64) any { return optInt{p} }

type namedText[E ~string] struct{ p *E }

func (c namedText[E]) ScanText(v pgtype.Text) error {
	if !v.Valid {
		return errNull
	}
	*c.p = E(v.String)
	return nil
}

type optNamedText[E ~string] struct{ p **E }

func (c optNamedText[E]) ScanText(v pgtype.Text) error {
	if !v.Valid {
		*c.p = nil
		return nil
	}
	s := E(v.String)
	*c.p = &s
	return nil
}

type optFloat struct{ p **float64 }

func (c optFloat) ScanFloat64(v pgtype.Float8) error {
	if !v.Valid {
		*c.p = nil
		return nil
	}
	f := v.Float64
	*c.p = &f
	return nil
}

type optInt struct{ p **int64 }

func (c optInt) ScanInt64(v pgtype.Int8) error {
	if !v.Valid {
		*c.p = nil
		return nil
	}
	n := v.Int64
	*c.p = &n
	return nil
}
