// Package editing is the only write path of the observatory besides the seed: editors
// add and correct companies, sites, sources, observations and relationships. Every
// write is validated, runs in one transaction, checks the version the editor read (so
// that two concurrent edits of one record cannot silently overwrite each other), and
// leaves an audit entry with the record before and after. Nothing is deleted: a claim
// is retracted, with a reason.
package editing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/model"
)

// ErrNotFound is returned when the record to edit does not exist.
var ErrNotFound = errors.New("no such record")

// ErrUnauthenticated is returned for a write without a token.
var ErrUnauthenticated = errors.New("writing needs an editor's token: send Authorization: Bearer <token>")

// ErrForbidden is returned when the token's role does not allow the write.
var ErrForbidden = errors.New("this token's role does not allow this change")

// ConflictError says that the record changed since the editor read it.
type ConflictError struct {
	Entity, Slug      string
	Expected, Current int64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %q was changed by someone else: you edited version %d, it is now at version %d; read it again and redo your change", e.Entity, e.Slug, e.Expected, e.Current)
}

// InvalidError lists what is wrong with an input.
type InvalidError struct{ Problems []string }

func (e *InvalidError) Error() string { return "invalid input: " + strings.Join(e.Problems, "; ") }

// problems collects validation problems.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &InvalidError{Problems: p}
}

// Editor writes to the database.
type Editor struct {
	DB *gorm.DB
	// Changed is called after every successful write (to invalidate caches).
	Changed func()
	// Now gives the time of audit entries (time.Now when nil).
	Now func() time.Time
}

// write runs fn in a transaction as the actor of ctx, who must hold role, and calls
// Changed when it commits.
func (e *Editor) write(ctx context.Context, role model.Role, fn func(tx *gorm.DB, actor *auth.Actor) error) error {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return ErrUnauthenticated
	}
	if !actor.Can(role) {
		return ErrForbidden
	}
	err := e.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(tx, actor) })
	if err == nil && e.Changed != nil {
		e.Changed()
	}
	return err
}

// audit records a write of an entity.
func (e *Editor) audit(tx *gorm.DB, actor *auth.Actor, action, entity, slug string, reason *string, before, after any) error {
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	entry := model.AuditEntry{
		At: now().UTC().Format(time.RFC3339Nano), Actor: actor.Name, Action: action,
		EntityType: entity, EntitySlug: slug, Reason: reason,
		BeforeJSON: jsonOf(before), AfterJSON: jsonOf(after),
	}
	return tx.Create(&entry).Error
}

func jsonOf(v any) *string {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	s := string(b)
	return &s
}

// loadForUpdate reads the record of table with slug and checks its version.
func loadForUpdate[T any](tx *gorm.DB, entity, slug string, expected int64, version func(*T) int64) (*T, error) {
	var rows []T
	if err := tx.Where("slug = ?", slug).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s %q: %w", entity, slug, ErrNotFound)
	}
	if v := version(&rows[0]); v != expected {
		return nil, &ConflictError{Entity: entity, Slug: slug, Expected: expected, Current: v}
	}
	return &rows[0], nil
}

// save writes row over the version the editor read, and bumps the version. A
// concurrent write that got there first makes it fail with a ConflictError.
func save[T any](tx *gorm.DB, entity, slug string, row *T, id, expected int64) error {
	res := tx.Model(row).Where("id = ? AND version = ?", id, expected).Select("*").Omit("id").Updates(row)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		var current int64
		tx.Model(row).Where("id = ?", id).Select("version").Scan(&current)
		return &ConflictError{Entity: entity, Slug: slug, Expected: expected, Current: current}
	}
	return nil
}

// idBySlug returns the id of the row of table with slug, or records a problem.
func idBySlug(tx *gorm.DB, p *problems, table, field, slug string) *int64 {
	var ids []int64
	if err := tx.Table(table).Where("slug = ?", slug).Limit(1).Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
		p.addf("%s: no %s has slug %q", field, strings.TrimSuffix(table, "s"), slug)
		return nil
	}
	return &ids[0]
}

// slugOK checks a new slug: lower-case letters, digits and dashes.
func slugOK(p *problems, slug string) {
	if slug == "" || len(slug) > 120 {
		p.addf("slug: give 1 to 120 characters")
		return
	}
	for _, r := range slug {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			p.addf("slug %q: use lower-case letters, digits and dashes", slug)
			return
		}
	}
}

func required(p *problems, field string, v *string) string {
	if v == nil || strings.TrimSpace(*v) == "" {
		p.addf("%s is required", field)
		return ""
	}
	return strings.TrimSpace(*v)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func setOpt[T any](dst **T, v *T) {
	if v != nil {
		x := *v
		*dst = &x
	}
}

// createRecord adds the record newRow builds for the slug given, once fill has checked
// and completed it, and audits the creation.
func createRecord[T any](ctx context.Context, e *Editor, entity string, slug *string, newRow func(slug string) *T, fill func(tx *gorm.DB, p *problems, row *T)) (*T, error) {
	var out *T
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		var p problems
		s := required(&p, "slug", slug)
		slugOK(&p, s)
		row := newRow(s)
		fill(tx, &p, row)
		if err := p.err(); err != nil {
			return err
		}
		if err := tx.Create(row).Error; err != nil {
			return err
		}
		out = row
		return e.audit(tx, actor, "CREATE", entity, s, nil, nil, row)
	})
	return out, err
}

// versioned gives access to the id and version of an editable record.
type versioned[T any] struct {
	id      func(*T) int64
	version func(*T) *int64
}

// updateRecord changes the record slug, read at version expected, with fill, and
// audits the change with the record before and after.
func updateRecord[T any](ctx context.Context, e *Editor, entity, slug string, expected int64, newSlug *string, v versioned[T], fill func(tx *gorm.DB, p *problems, row *T)) (*T, error) {
	var out *T
	name := strings.ToLower(entity)
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		row, err := loadForUpdate(tx, name, slug, expected, func(r *T) int64 { return *v.version(r) })
		if err != nil {
			return err
		}
		before := *row
		var p problems
		if newSlug != nil && *newSlug != slug {
			p.addf("slug cannot change: it is the record's stable identity")
		}
		fill(tx, &p, row)
		if err := p.err(); err != nil {
			return err
		}
		*v.version(row) = expected + 1
		if err := save(tx, name, slug, row, v.id(row), expected); err != nil {
			return err
		}
		out = row
		return e.audit(tx, actor, "UPDATE", entity, slug, nil, before, row)
	})
	return out, err
}
