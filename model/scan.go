package model

import (
	"database/sql"

	"gorm.io/gorm"
)

// scanRows runs the statement q and calls row for each of its rows: for the hot reads
// (search, neighbourhoods), scanned by hand into their values where gorm's reflection
// would cost more than the statement.
func scanRows(q *gorm.DB, row func(*sql.Rows) error) error {
	rs, err := q.Rows()
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := row(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

// optNull is a nullable text as a pointer.
func optNull(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}
