// Package export writes the observatory's records as CSV or JSON, one kind of record
// per file, for researchers and spreadsheets. Which kinds are downloadable, their
// columns and their rows are the registry's (model.Kinds, model.Kind.Download):
// references to other records are given by slug, and every cited record carries its
// source slug, quote and locator, so a file stands on its own. Columns are stable: new
// ones are only ever appended.
package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// Kind is one downloadable kind of record, with the selection of its records to
// write (all of them unless Only says otherwise).
type Kind struct {
	*model.Kind
	sel  model.Selection
	lang model.Lang
}

// Kinds lists every downloadable kind of record, in the registry's order.
func Kinds() []Kind {
	var out []Kind
	for _, k := range model.Kinds {
		if k.Download != nil {
			out = append(out, Kind{Kind: k})
		}
	}
	return out
}

// Lookup returns the downloadable kind named name.
func Lookup(name string) (Kind, bool) {
	if k := model.KindNamed(name); k != nil && k.Download != nil {
		return Kind{Kind: k}, true
	}
	return Kind{}, false
}

// Names lists the downloadable kinds' names, sorted.
func Names() []string {
	var out []string
	for _, k := range Kinds() {
		out = append(out, k.Name)
	}
	sort.Strings(out)
	return out
}

// Description says what a row of the kind is.
func (k Kind) Description() model.Text { return k.Download.Description }

// Columns are the kind's column names, in order.
func (k Kind) Columns() []string { return k.Download.Columns }

// Only restricts the kind to the records sel selects (e.g. model.ObservationsMatching).
func (k Kind) Only(sel model.Selection) Kind {
	k.sel = sel
	return k
}

// In writes the kind's texts (labels, descriptions, notes...) in language l (French
// by default); column names stay the same in both languages.
func (k Kind) In(l model.Lang) Kind {
	k.lang = l
	return k
}

// Lang is the language of the kind's texts.
func (k Kind) Lang() model.Lang {
	if k.lang == "" {
		return model.LangFR
	}
	return k.lang
}

// rows calls emit with each row's values (nil for NULL).
func (k Kind) rows(ctx context.Context, db *gorm.DB, emit func([]any) error) error {
	return k.DownloadRows(ctx, db, k.sel, k.Lang(), emit)
}

// Dialect is a way of writing CSV. Both end lines with CRLF (RFC 4180) and write UTF-8;
// numbers are plain decimals with a dot (143000000.5) in both.
type Dialect struct {
	// Name is the value of the download's dialect parameter.
	Name string
	// Comma separates the fields.
	Comma rune
	// BOM starts the file with the UTF-8 byte order mark (how spreadsheets recognise
	// UTF-8).
	BOM bool
	// Doc says what it is for.
	Doc string
}

// The CSV dialects: RFC 4180 (the default), and the French spreadsheets' (semicolons,
// for spreadsheets set to French, where the comma is the decimal separator, and a BOM).
var (
	DialectRFC4180 = Dialect{Name: "rfc4180", Comma: ',', Doc: "RFC 4180 (default): comma-separated, CRLF line endings, UTF-8 without BOM"}
	DialectExcelFR = Dialect{Name: "excel-fr", Comma: ';', BOM: true,
		Doc: "for spreadsheets set to French (Excel, LibreOffice): semicolon-separated, CRLF line endings, UTF-8 with a BOM; numbers keep the decimal point"}
	Dialects = []Dialect{DialectRFC4180, DialectExcelFR}
)

// LookupDialect returns the dialect of the given name ("" is the default).
func LookupDialect(name string) (Dialect, bool) {
	if name == "" {
		return DialectRFC4180, true
	}
	for _, d := range Dialects {
		if d.Name == name {
			return d, true
		}
	}
	return Dialect{}, false
}

// DialectNames lists the dialects' names.
func DialectNames() []string {
	var out []string
	for _, d := range Dialects {
		out = append(out, d.Name)
	}
	return out
}

// DialectDoc describes the dialects in one sentence.
func DialectDoc() string {
	var out []string
	for _, d := range Dialects {
		out = append(out, d.Name+": "+d.Doc)
	}
	return strings.Join(out, "; ")
}

// File is the name of a built CSV file in a dialect: "sites.csv", "sites.excel-fr.csv".
func (d Dialect) File(kind string) string {
	if d.Name == DialectRFC4180.Name {
		return kind + ".csv"
	}
	return kind + "." + d.Name + ".csv"
}

// WriteCSV writes the kind as CSV (RFC 4180: CRLF, UTF-8, header row) to w.
func (k Kind) WriteCSV(ctx context.Context, db *gorm.DB, w io.Writer) (int, error) {
	return k.WriteCSVs(ctx, db, map[Dialect]io.Writer{DialectRFC4180: w})
}

// WriteCSVs writes the kind as CSV in each dialect to its writer, reading the rows once.
func (k Kind) WriteCSVs(ctx context.Context, db *gorm.DB, out map[Dialect]io.Writer) (int, error) {
	type target struct {
		cw *csv.Writer
	}
	var targets []target
	for d, w := range out {
		if d.BOM {
			if _, err := io.WriteString(w, "\uFEFF"); err != nil {
				return 0, err
			}
		}
		cw := csv.NewWriter(w)
		cw.Comma = d.Comma
		cw.UseCRLF = true
		if err := cw.Write(k.Columns()); err != nil {
			return 0, err
		}
		targets = append(targets, target{cw})
	}
	n := 0
	record := make([]string, len(k.Columns()))
	err := k.rows(ctx, db, func(vals []any) error {
		for i, v := range vals {
			record[i] = cell(v)
		}
		n++
		for _, t := range targets {
			if err := t.cw.Write(record); err != nil {
				return err
			}
		}
		return nil
	})
	for _, t := range targets {
		t.cw.Flush()
		if err == nil {
			err = t.cw.Error()
		}
	}
	return n, err
}

// WriteJSON writes the kind as a JSON array of objects, one per row, with the columns in
// order.
func (k Kind) WriteJSON(ctx context.Context, db *gorm.DB, w io.Writer) (int, error) {
	if _, err := io.WriteString(w, "["); err != nil {
		return 0, err
	}
	n := 0
	keys := make([][]byte, len(k.Columns()))
	for i, c := range k.Columns() {
		keys[i], _ = json.Marshal(c)
	}
	var buf []byte
	err := k.rows(ctx, db, func(vals []any) error {
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n{"...)
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(append(buf, keys[i]...), ':')
			var err error
			if buf, err = appendJSON(buf, v); err != nil {
				return err
			}
		}
		buf = append(buf, '}')
		n++
		_, err := w.Write(buf)
		return err
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "\n]\n")
	return n, err
}

// appendJSON appends v as JSON; numbers as plain decimals, never with an exponent
// (143000000, 0.0000001), whatever their size.
func appendJSON(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return append(buf, "null"...), nil
		}
		return strconv.AppendFloat(buf, x, 'f', -1, 64), nil
	case float32:
		return appendJSON(buf, float64(x))
	}
	b, err := json.Marshal(v)
	return append(buf, b...), err
}

// cell renders a value for CSV. Text that a spreadsheet would read as a formula (it
// starts with =, +, -, @, a tab or a carriage return) is neutralised with a leading
// apostrophe, as OWASP recommends against CSV injection; numbers are written as they
// are.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}
