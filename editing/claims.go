package editing

import (
	"context"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/model"
)

// CitationInput is the passage of a source a claim rests on.
type CitationInput struct {
	Source, Quote, Locator string
}

// citationID finds or creates the citation.
func citationID(tx *gorm.DB, p *problems, in *CitationInput) int64 {
	if in == nil {
		p.addf("citation is required: no figure without its source")
		return 0
	}
	if strings.TrimSpace(in.Quote) == "" {
		p.addf("citation.quote is required: the exact passage, in the document's language")
		return 0
	}
	src := idBySlug(tx, p, "sources", "citation.source", in.Source)
	if src == nil {
		return 0
	}
	c := model.Citation{SourceID: *src, Quote: strings.TrimSpace(in.Quote), Locator: strings.TrimSpace(in.Locator)}
	var found []model.Citation
	tx.Where("source_id = ? AND quote = ? AND locator = ?", c.SourceID, c.Quote, c.Locator).Limit(1).Find(&found)
	if len(found) > 0 {
		return found[0].ID
	}
	if err := tx.Create(&c).Error; err != nil {
		p.addf("citation: %v", err)
		return 0
	}
	return c.ID
}

// ObservationInput is a figure to add, or the fields to change (nil: unchanged).
type ObservationInput struct {
	Slug                                         *string
	Subject                                      *model.SubjectRef
	Metric                                       *string // metric code
	Value, ValueMax                              *float64
	Approximation                                *model.Approximation
	Date, PeriodStart                            *string // partial dates: YYYY, YYYY-MM, YYYY-MM-DD
	Status                                       *model.ObservationStatus
	Rank                                         *model.Rank
	RankReason, Claim, Dimension, Category, Note *string
	Citation                                     *CitationInput
}

func (in *ObservationInput) apply(tx *gorm.DB, p *problems, o *model.Observation) {
	if in.Subject != nil {
		if in.Subject.ID == 0 {
			p.addf("subject: unknown entity (give the global ID of a territory, site, company or programme)")
		}
		o.SubjectType, o.SubjectID = in.Subject.Type, in.Subject.ID
	}
	if in.Metric != nil {
		var m []model.Metric
		tx.Where("code = ?", *in.Metric).Limit(1).Find(&m)
		if len(m) == 0 {
			p.addf("metric: no metric has code %q (see the metrics query)", *in.Metric)
		} else {
			o.MetricID, o.Unit = m[0].ID, m[0].Unit
		}
	}
	set(&o.Value, in.Value)
	setOpt(&o.ValueMax, in.ValueMax)
	set(&o.Approximation, in.Approximation)
	set(&o.Status, in.Status)
	set(&o.Rank, in.Rank)
	setOpt(&o.RankReason, in.RankReason)
	setOpt(&o.Claim, in.Claim)
	setOpt(&o.Dimension, in.Dimension)
	setOpt(&o.Category, in.Category)
	setOpt(&o.Note, in.Note)
	if in.Date != nil {
		if stored, prec, err := model.ParsePartialDate(*in.Date); err != nil {
			p.addf("date: %v", err)
		} else {
			o.Date, o.Precision = stored, prec
		}
	}
	if in.PeriodStart != nil {
		if stored, _, err := model.ParsePartialDate(*in.PeriodStart); err != nil {
			p.addf("periodStart: %v", err)
		} else {
			o.PeriodStart = &stored
		}
	}
	if in.Citation != nil || o.CitationID == 0 {
		o.CitationID = citationID(tx, p, in.Citation)
	}
	switch {
	case o.SubjectID == 0:
		p.addf("subject is required")
	case o.MetricID == 0:
		p.addf("metric is required")
	case o.Date == "":
		p.addf("date is required")
	case o.Status == "":
		p.addf("status is required (ACTUAL, TARGET, FORECAST, ANNOUNCED or ESTIMATE)")
	}
	if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) {
		p.addf("value must be a number")
	}
	if o.Approximation == "" {
		o.Approximation = model.ApproxExact
	}
	if (o.Approximation == model.ApproxRange) != (o.ValueMax != nil) {
		p.addf("valueMax goes with approximation RANGE, and RANGE needs valueMax")
	}
	if o.Rank == "" {
		o.Rank = model.RankNormal
	}
	if o.Rank != model.RankNormal && o.RankReason == nil {
		p.addf("rank %s needs a rankReason", o.Rank)
	}
}

// CreateObservation adds a figure.
func (e *Editor) CreateObservation(ctx context.Context, in ObservationInput) (*model.Observation, error) {
	return createRecord(ctx, e, "Observation", in.Slug, func(slug string) *model.Observation { return &model.Observation{Slug: slug, Version: 1} },
		func(tx *gorm.DB, p *problems, o *model.Observation) { in.apply(tx, p, o) })
}

// UpdateObservation changes the fields given of the figure slug at version expected.
func (e *Editor) UpdateObservation(ctx context.Context, slug string, expected int64, in ObservationInput) (*model.Observation, error) {
	return updateRecord(ctx, e, "Observation", slug, expected, in.Slug, observationVersion,
		func(tx *gorm.DB, p *problems, o *model.Observation) { in.apply(tx, p, o) })
}

var observationVersion = versioned[model.Observation]{func(o *model.Observation) int64 { return o.ID }, func(o *model.Observation) *int64 { return &o.Version }}

// RetractObservation withdraws a figure: it is kept, ranked DEPRECATED, with the reason.
func (e *Editor) RetractObservation(ctx context.Context, slug string, expected int64, reason string) (*model.Observation, error) {
	var out *model.Observation
	err := e.write(ctx, model.RoleAdmin, func(tx *gorm.DB, actor *auth.Actor) error {
		if strings.TrimSpace(reason) == "" {
			return &InvalidError{Problems: []string{"a retraction needs a reason"}}
		}
		o, err := loadForUpdate(tx, "observation", slug, expected, func(o *model.Observation) int64 { return o.Version })
		if err != nil {
			return err
		}
		before := *o
		now := time.Now().UTC().Format(time.RFC3339)
		r := strings.TrimSpace(reason)
		o.RetractedAt, o.RetractionReason = &now, &r
		o.Rank = model.RankDeprecated
		rr := "Retracted: " + r
		o.RankReason = &rr
		o.Version = expected + 1
		if err := save(tx, "observation", slug, o, o.ID, expected); err != nil {
			return err
		}
		out = o
		return e.audit(tx, actor, "RETRACT", "Observation", slug, &r, before, o)
	})
	return out, err
}

// RelationshipInput is an edge to add.
type RelationshipInput struct {
	Slug         *string
	Kind         *model.RelationshipKind
	From, To     *model.SubjectRef
	Since, Until *string
	Description  *string
	Citation     *CitationInput
}

// CreateRelationship adds a typed, dated, cited edge.
func (e *Editor) CreateRelationship(ctx context.Context, in RelationshipInput) (*model.Relationship, error) {
	var out *model.Relationship
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		var p problems
		r := &model.Relationship{Slug: required(&p, "slug", in.Slug), Version: 1}
		slugOK(&p, r.Slug)
		set(&r.Kind, in.Kind)
		if r.Kind == "" {
			p.addf("kind is required")
		}
		if in.From == nil || in.From.ID == 0 || in.To == nil || in.To.ID == 0 {
			p.addf("from and to are required: global IDs of territories, sites, companies or programmes")
		} else {
			r.FromType, r.FromID, r.ToType, r.ToID = in.From.Type, in.From.ID, in.To.Type, in.To.ID
			if *in.From == *in.To {
				p.addf("an edge needs two different ends")
			}
		}
		for _, d := range []struct {
			name string
			in   *string
			at   **string
			prec **model.Precision
		}{{"since", in.Since, &r.Since, &r.SincePrecision}, {"until", in.Until, &r.Until, &r.UntilPrecision}} {
			if d.in == nil {
				continue
			}
			stored, prec, err := model.ParsePartialDate(*d.in)
			if err != nil {
				p.addf("%s: %v", d.name, err)
				continue
			}
			*d.at, *d.prec = &stored, &prec
		}
		setOpt(&r.Description, in.Description)
		r.CitationID = citationID(tx, &p, in.Citation)
		if err := p.err(); err != nil {
			return err
		}
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		out = r
		return e.audit(tx, actor, "CREATE", "Relationship", r.Slug, nil, nil, r)
	})
	return out, err
}

// RetractRelationship withdraws an edge: it is kept, flagged, with the reason.
func (e *Editor) RetractRelationship(ctx context.Context, slug string, expected int64, reason string) (*model.Relationship, error) {
	var out *model.Relationship
	err := e.write(ctx, model.RoleAdmin, func(tx *gorm.DB, actor *auth.Actor) error {
		if strings.TrimSpace(reason) == "" {
			return &InvalidError{Problems: []string{"a retraction needs a reason"}}
		}
		r, err := loadForUpdate(tx, "relationship", slug, expected, func(r *model.Relationship) int64 { return r.Version })
		if err != nil {
			return err
		}
		before := *r
		now := time.Now().UTC().Format(time.RFC3339)
		reasonText := strings.TrimSpace(reason)
		r.RetractedAt, r.RetractionReason = &now, &reasonText
		r.Version = expected + 1
		if err := save(tx, "relationship", slug, r, r.ID, expected); err != nil {
			return err
		}
		out = r
		return e.audit(tx, actor, "RETRACT", "Relationship", slug, &reasonText, before, r)
	})
	return out, err
}
