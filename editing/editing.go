// Package editing is the only write path of the observatory besides the seed: editors
// add and correct companies, sites, sources, observations and relationships. Every
// write is validated, runs in one transaction, checks the version the editor read (so
// that two concurrent edits of one record cannot silently overwrite each other), and
// leaves an audit entry with the record before and after. Nothing is deleted: a claim
// is retracted, with a reason.
//
// A record is checked by the rules of package model/rules, the seed's too; the
// statements are package model's. Errors are model.Error values: UNAUTHENTICATED,
// FORBIDDEN, NOT_FOUND, VERSION_CONFLICT, BAD_USER_INPUT (with the list of problems in
// extensions.problems) and ALREADY_EXISTS.
package editing

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

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
		return model.Unauthenticated("writing needs an editor's token: send Authorization: Bearer <token>")
	}
	if !actor.Can(role) {
		return model.Forbidden("this token's role does not allow this change")
	}
	err := model.InTx(ctx, e.DB, func(tx *gorm.DB) error { return fn(tx, actor) })
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
	beforeJSON, err := publicJSON(tx, before)
	if err != nil {
		return err
	}
	afterJSON, err := publicJSON(tx, after)
	if err != nil {
		return err
	}
	return model.AddAuditEntry(tx, &model.AuditEntry{
		At: now().UTC().Format(time.RFC3339Nano), Actor: actor.Name, Action: action,
		EntityType: entity, EntitySlug: slug, Reason: reason,
		BeforeJSON: beforeJSON, AfterJSON: afterJSON,
	})
}

// publicJSON is a record as the audit trail publishes it (model.PublicRecord), nil for
// none.
func publicJSON(tx *gorm.DB, row any) (*string, error) {
	if row == nil || reflect.ValueOf(row).Kind() == reflect.Pointer && reflect.ValueOf(row).IsNil() {
		return nil, nil
	}
	rec, err := model.PublicRecord(tx, row)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// loadForUpdate reads the record of type T with slug and checks its version.
func loadForUpdate[T any](tx *gorm.DB, entity, slug string, expected int64, version func(*T) int64) (*T, error) {
	row, err := model.BySlug[T](tx, slug)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, model.NotFound("%s %q: no such record", entity, slug)
	}
	if v := version(row); v != expected {
		return nil, model.VersionConflict(entity, slug, expected, v)
	}
	return row, nil
}

// save writes row over the version the editor read (the caller has bumped the
// version). A concurrent write that got there first makes it fail with a
// VERSION_CONFLICT.
func save[T any](tx *gorm.DB, entity, slug string, row *T, id, expected int64) error {
	ok, current, err := model.UpdateVersioned(tx, row, id, expected)
	if err != nil {
		return err
	}
	if !ok {
		return model.VersionConflict(entity, slug, expected, current)
	}
	return nil
}

// ref is a reference to a record of type T given as field (its global ID, slug or
// official code: model.ResolveRef): its id, or 0 with a problem when it names no noun
// (the message suggests similar records).
func ref[T any](tx *gorm.DB, p *rules.Problems, field, noun, value string) (int64, error) {
	r, err := model.ResolveRef(tx.Statement.Context, tx, field, value, []*model.Kind{model.KindFor[T]()}, false)
	if err != nil {
		if c := model.CodeOf(err); c == model.CodeBadUserInput || c == model.CodeAmbiguous {
			p.Addf(field, "%s", err.Error())
			return 0, nil
		}
		return 0, err
	}
	return r.ID, nil
}

// newSlug checks the slug of a new record and returns it, trimmed.
func newSlug(p *rules.Problems, slug *string) string {
	s := ""
	if slug != nil {
		s = strings.TrimSpace(*slug)
	}
	p.Add("slug", rules.Slug(rules.API, s))
	return s
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setText sets a text when given: in both languages (a problem of field otherwise),
// spaces trimmed.
func setText(p *rules.Problems, field string, dst *model.Text, v *model.Text) {
	if v == nil {
		return
	}
	t := model.Bi(strings.TrimSpace(v.FR), strings.TrimSpace(v.EN))
	p.Add(field, rules.Bilingual(rules.API, field, t))
	*dst = t
}

func setOpt[T any](dst **T, v *T) {
	if v != nil {
		x := *v
		*dst = &x
	}
}

// createRecord adds the record newRow builds for the slug given, once fill has checked
// and completed it, and audits the creation.
func createRecord[T any](ctx context.Context, e *Editor, entity string, slug *string, newRow func(slug string) *T, fill func(tx *gorm.DB, p *rules.Problems, row *T) error) (*T, error) {
	var out *T
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		var p rules.Problems
		s := newSlug(&p, slug)
		row := newRow(s)
		if err := fill(tx, &p, row); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := model.Insert(tx, row); err != nil {
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
func updateRecord[T any](ctx context.Context, e *Editor, entity, slug string, expected int64, slugGiven *string, v versioned[T], fill func(tx *gorm.DB, p *rules.Problems, row *T) error) (*T, error) {
	var out *T
	name := strings.ToLower(entity)
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		row, err := loadForUpdate(tx, name, slug, expected, func(r *T) int64 { return *v.version(r) })
		if err != nil {
			return err
		}
		before := *row
		var p rules.Problems
		if slugGiven != nil && *slugGiven != slug {
			p.Addf("slug", "slug cannot change: it is the record's stable identity")
		}
		if err := fill(tx, &p, row); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
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
