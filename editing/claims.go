package editing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

// CitationInput is the passage of a source a claim rests on.
type CitationInput struct {
	Source, Quote, Locator string
	// PublishedOn is the passage's own publication date (YYYY, YYYY-MM or YYYY-MM-DD),
	// when it differs from its source's.
	PublishedOn *string
}

// citationID finds or creates the citation given as field; 0 with a problem when it is
// missing or incomplete, or its source unknown. A passage already recorded keeps its
// own publication date: giving it another is a problem.
func citationID(tx *gorm.DB, p *rules.Problems, field string, in *CitationInput) (int64, error) {
	if in == nil {
		rules.Citation(p, rules.API, field, false, "", "", "")
		return 0, nil
	}
	c := model.Citation{Quote: strings.TrimSpace(in.Quote), Locator: strings.TrimSpace(in.Locator)}
	rules.Citation(p, rules.API, field, true, in.Source, c.Quote, c.Locator)
	if in.PublishedOn != nil {
		on, prec, err := rules.Date(field+".publishedOn", *in.PublishedOn)
		if err != nil {
			p.Add(field+".publishedOn", err)
			return 0, nil
		}
		c.PublishedOn, c.PublishedPrecision = &on, &prec
	}
	if p.Has(field + ".source") {
		return 0, nil
	}
	src, err := ref[model.Source](tx, p, field+".source", "source", in.Source)
	if err != nil || src == 0 || p.Has(field+".quote") || p.Has(field+".locator") {
		return 0, err
	}
	c.SourceID = src
	id, stored, err := model.CitationIDOf(tx, &c)
	if err == nil && in.PublishedOn != nil && model.FormatPartialDateOpt(stored.PublishedOn, stored.PublishedPrecision) != model.FormatPartialDateOpt(c.PublishedOn, c.PublishedPrecision) {
		p.Addf(field+".publishedOn", "%s.publishedOn: this passage is recorded with its own date %q", field,
			model.FormatPartialDateOpt(stored.PublishedOn, stored.PublishedPrecision))
	}
	return id, err
}

// ObservationInput is a figure to add, or the fields to change (nil: unchanged).
type ObservationInput struct {
	Slug                       *string
	Subject                    *model.SubjectRef
	Metric                     *string // metric code
	Value, ValueMax            *float64
	Approximation              *model.Approximation
	Date, PeriodStart          *string // partial dates: YYYY, YYYY-MM, YYYY-MM-DD
	Status                     *model.ObservationStatus
	Rank                       *model.Rank
	Claim, Dimension, Category *string
	RankReason, Note           *model.Text
	// Event is the slug of the event at which the figure was made public.
	Event    *string
	Citation *CitationInput
}

func (in *ObservationInput) apply(tx *gorm.DB, p *rules.Problems, o *model.Observation) error {
	creating := o.ID == 0
	previousClaim := o.Claim
	if in.Subject != nil {
		if in.Subject.ID == 0 {
			p.Addf("subject", "subject: unknown entity (give the global ID, slug or official code of a territory, site, company or programme)")
		}
		o.SubjectType, o.SubjectID = in.Subject.Type, in.Subject.ID
	}
	if in.Metric != nil {
		m, err := model.MetricByCode(tx.Statement.Context, tx, *in.Metric)
		if err != nil {
			return err
		}
		if m == nil {
			p.Addf("metric", "metric: no metric has code %q (see the metrics query)", *in.Metric)
		} else {
			o.MetricID, o.Unit = m.ID, m.Unit
		}
	}
	set(&o.Value, in.Value)
	setOpt(&o.ValueMax, in.ValueMax)
	set(&o.Approximation, in.Approximation)
	set(&o.Status, in.Status)
	set(&o.Rank, in.Rank)
	setText(p, "rankReason", &o.RankReason, in.RankReason)
	setOpt(&o.Claim, in.Claim)
	setOpt(&o.Dimension, in.Dimension)
	setOpt(&o.Category, in.Category)
	setText(p, "note", &o.Note, in.Note)
	// A stored period start has the precision of the date it was stored with.
	startPrecision := o.Precision
	if in.Date != nil {
		if stored, prec, err := rules.Date("date", *in.Date); err != nil {
			p.Add("date", err)
		} else {
			o.Date, o.Precision = stored, prec
		}
	}
	if in.PeriodStart != nil {
		if stored, prec, err := rules.Date("periodStart", *in.PeriodStart); err != nil {
			p.Add("periodStart", err)
		} else {
			o.PeriodStart, startPrecision = &stored, prec
		}
	}
	if o.PeriodStart != nil && o.Date != "" && !p.Has("date") && !p.Has("periodStart") {
		p.Add("periodStart", rules.Period("periodStart", *o.PeriodStart, startPrecision, "date", o.Date, o.Precision))
	}
	if in.Citation != nil || o.CitationID == 0 {
		id, err := citationID(tx, p, "citation", in.Citation)
		if err != nil {
			return err
		}
		o.CitationID = id
	}
	if in.Event != nil {
		o.EventID = nil
		if strings.TrimSpace(*in.Event) != "" {
			id, err := ref[model.Event](tx, p, "announcedAt", "event", strings.TrimSpace(*in.Event))
			if err != nil {
				return err
			}
			if id != 0 {
				o.EventID = &id
			}
		}
	}
	if o.SubjectID == 0 && !p.Has("subject") {
		p.Add("subject", rules.Missing(rules.API, "subject"))
	}
	if o.MetricID == 0 && !p.Has("metric") {
		p.Add("metric", rules.Missing(rules.API, "metric"))
	}
	if creating && in.Value == nil {
		p.Add("value", rules.Missing(rules.API, "value"))
	}
	rules.Observation(p, rules.API, o)
	if !p.Empty() {
		return nil
	}
	if !creating && !rules.Blank(previousClaim) && (rules.Blank(o.Claim) || *o.Claim != *previousClaim) {
		// The figure leaves its group: the group must keep its PREFERRED claim.
		if err := checkLeaving(tx, p, o, *previousClaim); err != nil {
			return err
		}
	}
	if rules.Blank(o.Claim) {
		return nil
	}
	return checkClaim(tx, p, o)
}

// observationMember is a figure as the claim rules see it.
func observationMember(o *model.Observation) rules.ClaimMember {
	from, to := rules.ObservationSpan(o)
	return rules.ClaimMember{Record: o.Slug,
		About: fmt.Sprintf("%s %d %d %s %s/%s", o.SubjectType, o.SubjectID, o.MetricID, o.Status, deref(o.Dimension), deref(o.Category)),
		Rank:  o.Rank, RankReason: o.RankReason, Says: rules.ObservationSays(o), From: from, To: to}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// checkLeaving refuses to take o out of the group claim when the group would be left
// without its PREFERRED claim (and had one).
func checkLeaving(tx *gorm.DB, p *rules.Problems, o *model.Observation, claim string) error {
	stored, err := model.ObservationsOfClaim(tx, claim)
	if err != nil {
		return err
	}
	var before, after []rules.ClaimMember
	for i := range stored {
		before = append(before, observationMember(&stored[i]))
		if stored[i].ID != o.ID {
			after = append(after, observationMember(&stored[i]))
		}
	}
	if hasRule(rules.ClaimGroup(rules.API, rules.ObservationClaims, claim, after), rules.ClaimNoPreferred) &&
		!hasRule(rules.ClaimGroup(rules.API, rules.ObservationClaims, claim, before), rules.ClaimNoPreferred) {
		p.Addf("claim", "claim %q would be left without its PREFERRED observation: prefer another of its claims first (preferObservation)", claim)
	}
	return nil
}

func hasRule(problems []rules.ClaimProblem, rule rules.ClaimRule) bool {
	for _, cp := range problems {
		if cp.Rule == rule {
			return true
		}
	}
	return false
}

// checkClaim checks the claim group of o as it will be once o is written: o with the
// other observations of its claim. It refuses what the write would make wrong: o about
// another subject or metric than the group, o PREFERRED beside another PREFERRED, o
// without a rank reason in a group that disagrees, or a disagreement o brings into a
// group whose members do not all give a reason. What was wrong before the write and is
// not o's doing (another member without a reason) does not block it, so that a group
// can be repaired one observation at a time.
func checkClaim(tx *gorm.DB, p *rules.Problems, o *model.Observation) error {
	claim := *o.Claim
	stored, err := model.ObservationsOfClaim(tx, claim)
	if err != nil {
		return err
	}
	member := observationMember
	var before, after []rules.ClaimMember
	for i := range stored {
		before = append(before, member(&stored[i]))
		if o.ID == 0 || stored[i].ID != o.ID {
			after = append(after, member(&stored[i]))
		}
	}
	after = append(after, member(o))
	had := map[rules.ClaimRule]bool{}
	for _, cp := range rules.ClaimGroup(rules.API, rules.ObservationClaims, claim, before) {
		had[cp.Rule] = true
	}
	for _, cp := range rules.ClaimGroup(rules.API, rules.ObservationClaims, claim, after) {
		switch {
		case cp.Record == o.Slug:
			p.Add("claim", cp.Err)
		case cp.Record != "":
			// Another member's problem, there before this write.
		case cp.Rule == rules.ClaimNoPreferred && !had[cp.Rule]:
			p.Addf("claim", "claim %q: %s (to prefer another claim of a group, use preferObservation)", claim, cp.Err.Message)
		case cp.Rule == rules.ClaimPreferred && o.Rank == model.RankPreferred,
			cp.Rule == rules.ClaimDisagree && rules.BlankText(o.RankReason),
			!had[cp.Rule]:
			p.Addf("claim", "claim %q: %s", claim, cp.Err.Message)
		}
	}
	return nil
}

// CreateObservation adds a figure.
func (e *Editor) CreateObservation(ctx context.Context, in ObservationInput) (*model.Observation, error) {
	return createRecord(ctx, e, "Observation", in.Slug, func(slug string) *model.Observation { return &model.Observation{Slug: slug, Version: 1} }, in.apply)
}

// UpdateObservation changes the fields given of the figure slug at version expected.
// A retracted figure is frozen: nobody changes it until an admin reinstates it.
func (e *Editor) UpdateObservation(ctx context.Context, slug string, expected int64, in ObservationInput) (*model.Observation, error) {
	return updateRecord(ctx, e, "Observation", slug, expected, in.Slug, observationVersion,
		func(tx *gorm.DB, p *rules.Problems, o *model.Observation) error {
			if o.RetractedAt != nil {
				return frozen("figure", slug, "reinstateObservation")
			}
			return in.apply(tx, p, o)
		})
}

// frozen is the error of a change to a retracted record.
func frozen(what, slug, reinstate string) error {
	return model.Forbidden("%s %q is retracted: it is kept as it was withdrawn and cannot change; an admin can reinstate it (%s) first", what, slug, reinstate)
}

var observationVersion = versioned[model.Observation]{func(o *model.Observation) int64 { return o.ID }, func(o *model.Observation) *int64 { return &o.Version }}

// RetractObservation withdraws a figure: it is kept, ranked DEPRECATED, with the reason.
func (e *Editor) RetractObservation(ctx context.Context, slug string, expected int64, reason string) (*model.Observation, error) {
	var out *model.Observation
	err := e.write(ctx, model.RoleAdmin, func(tx *gorm.DB, actor *auth.Actor) error {
		if strings.TrimSpace(reason) == "" {
			return model.Invalid("a retraction needs a reason")
		}
		o, err := loadForUpdate(tx, "observation", slug, expected, func(o *model.Observation) int64 { return o.Version })
		if err != nil {
			return err
		}
		if o.RetractedAt != nil {
			return model.Invalid(fmt.Sprintf("%s is already retracted", slug))
		}
		if o.Rank == model.RankPreferred && !rules.Blank(o.Claim) {
			// The group keeps one PREFERRED claim among the others.
			others, err := model.ObservationsOfClaim(tx, *o.Claim)
			if err != nil {
				return err
			}
			for _, m := range others {
				if m.ID != o.ID && m.Rank != model.RankDeprecated {
					return model.Invalid(fmt.Sprintf("%s is the PREFERRED claim of %q: prefer another of its claims first (preferObservation %s), then retract it",
						slug, *o.Claim, m.Slug))
				}
			}
		}
		before := *o
		now := time.Now().UTC().Format(time.RFC3339)
		r := strings.TrimSpace(reason)
		o.RetractedAt, o.RetractionReason = &now, &r
		o.Rank = model.RankDeprecated
		o.RankReason = model.Bi("Retiré : "+r, "Retracted: "+r)
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
	Description  *model.Text
	Citation     *CitationInput
}

// CreateRelationship adds a typed, dated, cited edge.
func (e *Editor) CreateRelationship(ctx context.Context, in RelationshipInput) (*model.Relationship, error) {
	var out *model.Relationship
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		var p rules.Problems
		r := &model.Relationship{Slug: newSlug(&p, in.Slug), Version: 1}
		set(&r.Kind, in.Kind)
		rules.Relationship(&p, rules.API, r)
		if in.From == nil || in.From.ID == 0 || in.To == nil || in.To.ID == 0 {
			p.Addf("from", "from and to are required: global IDs of territories, sites, companies or programmes")
		} else {
			r.FromType, r.FromID, r.ToType, r.ToID = in.From.Type, in.From.ID, in.To.Type, in.To.ID
			p.Add("to", rules.Ends(fmt.Sprint(*in.From), fmt.Sprint(*in.To)))
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
			stored, prec, err := rules.Date(d.name, *d.in)
			if err != nil {
				p.Add(d.name, err)
				continue
			}
			*d.at, *d.prec = &stored, &prec
		}
		setText(&p, "description", &r.Description, in.Description)
		id, err := citationID(tx, &p, "citation", in.Citation)
		if err != nil {
			return err
		}
		r.CitationID = id
		if err := p.Err(); err != nil {
			return err
		}
		if err := model.Insert(tx, r); err != nil {
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
			return model.Invalid("a retraction needs a reason")
		}
		r, err := loadForUpdate(tx, "relationship", slug, expected, func(r *model.Relationship) int64 { return r.Version })
		if err != nil {
			return err
		}
		if r.RetractedAt != nil {
			return model.Invalid(fmt.Sprintf("%s is already retracted", slug))
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

// ReinstateObservation puts back a retracted figure (admins), for the reason given:
// it counts again, PREFERRED when it is the only claim of its fact or when no other
// claim of its group is preferred, NORMAL otherwise (preferObservation can then
// prefer it). The reinstatement is audited.
func (e *Editor) ReinstateObservation(ctx context.Context, slug string, expected int64, reason string) (*model.Observation, error) {
	var out *model.Observation
	err := e.write(ctx, model.RoleAdmin, func(tx *gorm.DB, actor *auth.Actor) error {
		r := strings.TrimSpace(reason)
		if r == "" {
			return model.Invalid("a reinstatement needs a reason")
		}
		if err := rules.CleanText("reason", r, true); err != nil {
			return err
		}
		o, err := loadForUpdate(tx, "observation", slug, expected, func(o *model.Observation) int64 { return o.Version })
		if err != nil {
			return err
		}
		if o.RetractedAt == nil {
			return model.Invalid(fmt.Sprintf("%s is not retracted", slug))
		}
		before := *o
		o.Rank = model.RankPreferred
		if !rules.Blank(o.Claim) {
			members, err := model.ObservationsOfClaim(tx, *o.Claim)
			if err != nil {
				return err
			}
			for _, m := range members {
				if m.ID != o.ID && m.Rank == model.RankPreferred {
					o.Rank = model.RankNormal
				}
			}
		}
		o.RetractedAt, o.RetractionReason = nil, nil
		o.RankReason = model.Bi("Rétabli : "+r, "Reinstated: "+r)
		o.Version = expected + 1
		if err := save(tx, "observation", slug, o, o.ID, expected); err != nil {
			return err
		}
		out = o
		return e.audit(tx, actor, "REINSTATE", "Observation", slug, &r, before, o)
	})
	return out, err
}

// ReinstateRelationship puts back a retracted edge (admins), for the reason given;
// audited.
func (e *Editor) ReinstateRelationship(ctx context.Context, slug string, expected int64, reason string) (*model.Relationship, error) {
	var out *model.Relationship
	err := e.write(ctx, model.RoleAdmin, func(tx *gorm.DB, actor *auth.Actor) error {
		why := strings.TrimSpace(reason)
		if why == "" {
			return model.Invalid("a reinstatement needs a reason")
		}
		if err := rules.CleanText("reason", why, true); err != nil {
			return err
		}
		r, err := loadForUpdate(tx, "relationship", slug, expected, func(r *model.Relationship) int64 { return r.Version })
		if err != nil {
			return err
		}
		if r.RetractedAt == nil {
			return model.Invalid(fmt.Sprintf("%s is not retracted", slug))
		}
		before := *r
		r.RetractedAt, r.RetractionReason = nil, nil
		r.Version = expected + 1
		if err := save(tx, "relationship", slug, r, r.ID, expected); err != nil {
			return err
		}
		out = r
		return e.audit(tx, actor, "REINSTATE", "Relationship", slug, &why, before, r)
	})
	return out, err
}

// PreferObservation makes the figure slug (read at version expected) the PREFERRED claim
// of its fact, for the reason given: the claim preferred until then becomes NORMAL in
// the same transaction, its reason saying so. Both writes are audited.
func (e *Editor) PreferObservation(ctx context.Context, slug string, expected int64, reason model.Text) (*model.Observation, error) {
	var out *model.Observation
	err := e.write(ctx, model.RoleEditor, func(tx *gorm.DB, actor *auth.Actor) error {
		reason = model.Bi(strings.TrimSpace(reason.FR), strings.TrimSpace(reason.EN))
		if rules.BlankText(reason) {
			return model.Invalid("rankReason is required: say why this claim is preferred (the rule of docs/claims.md)")
		}
		if err := rules.Bilingual(rules.API, "rankReason", reason); err != nil {
			return err
		}
		o, err := loadForUpdate(tx, "observation", slug, expected, func(o *model.Observation) int64 { return o.Version })
		if err != nil {
			return err
		}
		switch {
		case rules.Blank(o.Claim):
			return model.Invalid("a figure without a claim is already the only, PREFERRED claim of its fact")
		case o.RetractedAt != nil || o.Rank == model.RankDeprecated:
			return model.Invalid("a DEPRECATED or retracted figure cannot be preferred")
		}
		members, err := model.ObservationsOfClaim(tx, *o.Claim)
		if err != nil {
			return err
		}
		for i := range members {
			m := &members[i]
			if m.ID == o.ID || m.Rank != model.RankPreferred {
				continue
			}
			before := *m
			why := model.Bi(
				fmt.Sprintf("Mis de côté au profit de %s, retenu : %s (était PREFERRED : %s)", o.Slug, reason.FR, m.RankReason.In(model.LangFR)),
				fmt.Sprintf("Set aside for %s, preferred: %s (was PREFERRED: %s)", o.Slug, reason.EN, m.RankReason.In(model.LangEN)))
			m.Rank, m.RankReason, m.Version = model.RankNormal, why, m.Version+1
			if err := save(tx, "observation", m.Slug, m, m.ID, before.Version); err != nil {
				return err
			}
			if err := e.audit(tx, actor, "UPDATE", "Observation", m.Slug, &why.EN, before, m); err != nil {
				return err
			}
		}
		before := *o
		o.Rank, o.RankReason, o.Version = model.RankPreferred, reason, expected+1
		if err := save(tx, "observation", slug, o, o.ID, expected); err != nil {
			return err
		}
		out = o
		return e.audit(tx, actor, "UPDATE", "Observation", slug, &reason.EN, before, o)
	})
	return out, err
}
