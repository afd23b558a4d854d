package model

import (
	"context"
	"encoding/hex"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"gorm.io/gorm"
)

// Names are listed in the order a French reader expects: accents, case and width
// folded (Unicode collation for French, primary strength), then the exact name as the
// tie-breaker ("Ecole" < "École" < "école" < "Écoles"; "CREPIM" after "Cartonnages";
// "Éleu-dit-Leauwette" among the E). The order is computed in Go, the same for both
// stores, and stored as a sort key in the column name_key of every named table
// (territories, sites, companies, programmes), which the name orders and their keyset
// cursors read: a plain byte comparison of the keys, on PostgreSQL (COLLATE "C") as on
// SQLite, gives the order.

// NameKey returns the sort key of name: the hexadecimal collation key of the name at
// primary strength, a '.', then the name itself. The hexadecimal digits sort above '.',
// so a key that is a prefix of another sorts first, as in the collation, and two names
// that collate equal are ordered by their bytes.
func NameKey(name string) string {
	c := collators.Get().(*nameCollator)
	defer collators.Put(c)
	c.buf.Reset()
	k := c.col.KeyFromString(&c.buf, name)
	var b strings.Builder
	b.Grow(2*len(k) + 1 + len(name))
	b.WriteString(hex.EncodeToString(k))
	b.WriteByte('.')
	b.WriteString(name)
	return b.String()
}

// CompareNames compares two names in the order of NameKey, without building the keys:
// the reference the tests check the stores against.
func CompareNames(a, b string) int {
	c := collators.Get().(*nameCollator)
	defer collators.Put(c)
	if r := c.col.CompareString(a, b); r != 0 {
		return r
	}
	return strings.Compare(a, b)
}

// NameCollator returns a new collator of the name order's first level (French, accents,
// case and width ignored). A collator is not safe for concurrent use.
func NameCollator() *collate.Collator {
	return collate.New(language.French, collate.Loose)
}

type nameCollator struct {
	col *collate.Collator
	buf collate.Buffer
}

var collators = sync.Pool{New: func() any { return &nameCollator{col: NameCollator()} }}

// The named records keep their sort key up to date on every write through gorm
// (creations, upserts of the curated dataset, editors' updates); the bulk loaders that
// bypass gorm (COPY) call NameKey themselves.

// BeforeSave sets the name's sort key.
func (t *Territory) BeforeSave(*gorm.DB) error { t.NameKey = NameKey(t.Name); return nil }

// BeforeSave sets the name's sort key.
func (s *Site) BeforeSave(*gorm.DB) error { s.NameKey = NameKey(s.Name); return nil }

// BeforeSave sets the name's sort key.
func (c *Company) BeforeSave(*gorm.DB) error { c.NameKey = NameKey(c.Name); return nil }

// BeforeSave sets the name's sort key.
func (p *Programme) BeforeSave(*gorm.DB) error { p.NameKey = NameKey(p.Name); return nil }

// namedTables are the tables with a name_key column.
var namedTables = []string{"territories", "sites", "companies", "programmes"}

// FillNameKeys computes the sort keys of the rows that have none (a database migrated
// from a version without them; rows written by hand in SQL). A no-op, one indexed
// probe per table, when every row has its key.
func FillNameKeys(ctx context.Context, db *gorm.DB) (int, error) {
	filled := 0
	for _, table := range namedTables {
		for {
			var rows []struct {
				ID   int64
				Name string
			}
			if err := db.WithContext(ctx).Table(table).Select("id, name").Where("name_key = ''").
				Order("id").Limit(1000).Scan(&rows).Error; err != nil {
				return filled, err
			}
			if len(rows) == 0 {
				break
			}
			err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				for _, r := range rows {
					if err := tx.Table(table).Where("id = ?", r.ID).Update("name_key", NameKey(r.Name)).Error; err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return filled, err
			}
			filled += len(rows)
		}
	}
	return filled, nil
}
