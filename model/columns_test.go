package model

import "testing"

// Every column of every download is described: a type, a description in both
// languages; the <date>_start columns are dates, the partial dates partial dates.
func TestEveryDownloadColumnIsDescribed(t *testing.T) {
	types := map[string]bool{TypeString: true, TypeInteger: true, TypeNumber: true, TypeBoolean: true, TypeDate: true, TypePartialDate: true}
	for _, k := range Kinds {
		if k.Download == nil {
			continue
		}
		cols, missing := k.Schema()
		if len(missing) > 0 {
			t.Errorf("%s: columns without a description: %v", k.Name, missing)
		}
		if len(cols) != len(k.Download.Columns) {
			t.Fatalf("%s: %d columns described, %d written", k.Name, len(cols), len(k.Download.Columns))
		}
		byName := map[string]Column{}
		for i, c := range cols {
			if c.Name != k.Download.Columns[i] || !types[c.Type] || c.Description.FR == "" || c.Description.EN == "" {
				t.Errorf("%s: column %d described %+v", k.Name, i, c)
			}
			byName[c.Name] = c
		}
		for _, d := range k.Download.Dates {
			if byName[d.Date].Type != TypePartialDate || byName[d.StartColumn()].Type != TypeDate {
				t.Errorf("%s: %s is %s, %s is %s", k.Name, d.Date, byName[d.Date].Type, d.StartColumn(), byName[d.StartColumn()].Type)
			}
		}
		// The appended columns come last: the columns of format 1 keep their places.
		if q := k.Download.QueryColumns(); len(q)+len(k.Download.Dates) != len(k.Download.Columns) {
			t.Errorf("%s: %d queried + %d dates != %d", k.Name, len(q), len(k.Download.Dates), len(k.Download.Columns))
		}
	}
}
