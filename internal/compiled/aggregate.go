package compiled

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// programmeType is FundingProgramme (the keys of the aggregates of public money).
var programmeType = (&object[model.Programme]{
	name: "FundingProgramme", satisfies: []string{"Node", "Subject"}, table: "programmes",
	columns: []string{"id", "slug", "name", "name_key", "short_name", "level", "parent_id", "period_start", "period_end",
		"period_start_precision", "period_end_precision", "description_fr", "description_en", "funder_kind", "scope"},
	scan: func(p *model.Programme) []any {
		return []any{&p.ID, &p.Slug, &p.Name, &p.NameKey, optTextCol(&p.ShortName), enumCol(&p.Level), optIntCol(&p.ParentID), optTextCol(&p.PeriodStart), optTextCol(&p.PeriodEnd),
			optTextCol(&p.PeriodStartPrecision), optTextCol(&p.PeriodEndPrecision), &p.Description.FR, &p.Description.EN, enumCol(&p.FunderKind), enumCol(&p.Scope)}
	},
	id: func(p *model.Programme) int64 { return p.ID },
	scalars: map[string]scalar[model.Programme]{
		"id":              text((*model.Programme).GlobalID),
		"slug":            text(func(p *model.Programme) string { return p.Slug }),
		"name":            text(func(p *model.Programme) string { return p.Name }),
		"shortName":       optText(func(p *model.Programme) *string { return p.ShortName }),
		"level":           enum(func(p *model.Programme) model.ProgrammeLevel { return p.Level }),
		"levelLabel":      localized((*model.Programme).LevelLabel),
		"funderKind":      enum(func(p *model.Programme) model.FunderKind { return p.FunderKind }),
		"funderKindLabel": localized((*model.Programme).FunderKindLabel),
		"public":          boolean((*model.Programme).Public),
		"scope":           enum(func(p *model.Programme) model.MoneyScope { return p.Scope }),
		"scopeLabel":      localized((*model.Programme).ScopeLabel),
		"periodStart":     optDate((*model.Programme).PeriodStartDate),
		"periodEnd":       optDate((*model.Programme).PeriodEndDate),
		"description":     optLocalized((*model.Programme).DescriptionIn),
	},
}).init()

func init() {
	programmeType.links = map[string]link[model.Programme]{
		"parent": toOne(programmeType, func(p *model.Programme) *int64 { return p.ParentID }, true),
	}
	subsidyType.links = map[string]link[model.Subsidy]{
		"programme": toOne(programmeType, func(s *model.Subsidy) *int64 { return ref(s.ProgrammeID) }, false),
		"recipient": toOne(companyType, func(s *model.Subsidy) *int64 { return s.RecipientID }, true),
		"territory": toOne(territoryType, func(s *model.Subsidy) *int64 { return s.TerritoryID }, true),
		"citation":  toOne(citationType, func(s *model.Subsidy) *int64 { return ref(s.CitationID) }, false),
	}
}

// subsidyType is Subsidy: an amount of public money (or the company's own) with its
// programme, recipient or territory, and its source.
var subsidyType = (&object[model.Subsidy]{
	name: "Subsidy", satisfies: []string{"Node"}, table: "subsidies",
	columns: []string{"id", "slug", "programme_id", "recipient_id", "territory_id", "amount_eur", "approximation", "recipients_count",
		"period_start", "period_end", "precision", "status", "purpose_fr", "purpose_en", "note_fr", "note_en", "citation_id",
		"funder_kind", "scope", "rank", "rank_reason_fr", "rank_reason_en", "claim", "event_id"},
	scan: func(s *model.Subsidy) []any {
		return []any{&s.ID, &s.Slug, &s.ProgrammeID, optIntCol(&s.RecipientID), optIntCol(&s.TerritoryID), &s.AmountEur, enumCol(&s.Approximation), optIntCol(&s.RecipientsCount),
			optTextCol(&s.PeriodStart), optTextCol(&s.PeriodEnd), enumCol(&s.Precision), enumCol(&s.Status), &s.Purpose.FR, &s.Purpose.EN, &s.Note.FR, &s.Note.EN, &s.CitationID,
			enumCol(&s.FunderKind), enumCol(&s.Scope), enumCol(&s.Rank), &s.RankReason.FR, &s.RankReason.EN, optTextCol(&s.Claim), optIntCol(&s.EventID)}
	},
	id: func(s *model.Subsidy) int64 { return s.ID },
	scalars: map[string]scalar[model.Subsidy]{
		"id":              text((*model.Subsidy).GlobalID),
		"slug":            text(func(s *model.Subsidy) string { return s.Slug }),
		"amountEur":       number(func(s *model.Subsidy) float64 { return s.AmountEur }),
		"approximation":   enum(func(s *model.Subsidy) model.Approximation { return s.Approximation }),
		"recipientsCount": optInteger(func(s *model.Subsidy) *int64 { return s.RecipientsCount }),
		"periodStart":     optDate((*model.Subsidy).PeriodStartDate),
		"periodEnd":       optDate((*model.Subsidy).PeriodEndDate),
		"precision":       enum(func(s *model.Subsidy) model.Precision { return s.Precision }),
		"status":          enum(func(s *model.Subsidy) model.ObservationStatus { return s.Status }),
		"statusLabel":     localized((*model.Subsidy).StatusLabel),
		"funderKind":      enum(func(s *model.Subsidy) model.FunderKind { return s.FunderKind }),
		"funderKindLabel": localized((*model.Subsidy).FunderKindLabel),
		"public":          boolean((*model.Subsidy).Public),
		"scope":           enum(func(s *model.Subsidy) model.MoneyScope { return s.Scope }),
		"scopeLabel":      localized((*model.Subsidy).ScopeLabel),
		"rank":            enum(func(s *model.Subsidy) model.Rank { return s.Rank }),
		"rankReason":      optLocalized((*model.Subsidy).RankReasonIn),
		"claim":           optText(func(s *model.Subsidy) *string { return s.Claim }),
		"purpose":         optLocalized((*model.Subsidy).PurposeIn),
		"note":            optLocalized((*model.Subsidy).NoteIn),
	},
}).init()

// rootSubsidies is subsidies(first, after, filter, orderBy): a page of the list, the
// filter and orders the model's (model.SubsidyRows), as the general path reads them.
func rootSubsidies(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	filter, err := filterArg(args, graph.SubsidyFilterOf)
	if err != nil {
		return err
	}
	order := model.OrderAmountDesc
	switch args["orderBy"] {
	case nil, string(gqlmodel.SubsidyOrderAmountDesc):
	case string(gqlmodel.SubsidyOrderPeriod):
		order = model.OrderPeriod
	case string(gqlmodel.SubsidyOrderPeriodDesc):
		order = model.OrderPeriodDesc
	default:
		return decline()
	}
	return writePage(x, subsidyType, f, model.SubsidyRows(filter), order, args)
}

// subsidyGroup is a group of an aggregate of public money with the ids of its keys.
type subsidyGroup struct {
	*gqlmodel.SubsidyGroup
	row *model.AggregateGroup
}

// rootSubsidyAggregate is subsidyAggregate(filter, groupBy, claims): the groups read
// by the model, the aggregate built by graph.NewSubsidyAggregate.
func rootSubsidyAggregate(x *exec, f *graphql.CollectedField) error {
	args, err := x.refArgs(f)
	if err != nil {
		return err
	}
	filter, err := filterArg(args, graph.SubsidyFilterOf)
	if err != nil {
		return err
	}
	by, claims, ok := aggregateArgs[model.SubsidyGroupBy](args)
	if !ok {
		return decline()
	}
	rows, err := model.AggregateSubsidies(x.ctx, loaders.For(x.ctx).DB(), filter, by, claims)
	if err != nil {
		return decline()
	}
	agg := graph.NewSubsidyAggregate(rows, claims)
	groups := make([]*subsidyGroup, len(agg.Groups))
	for i, g := range agg.Groups {
		groups[i] = &subsidyGroup{SubsidyGroup: g, row: &rows[i]}
	}

	fields := x.fields(f.Selections, []string{"SubsidyAggregate"})
	writers := make([]func() error, len(fields))
	for i := range fields {
		c := &fields[i]
		if w, ok := aggregateTotals(x, c, "SubsidyAggregate", agg.Claims, agg.Count, agg.SetAside, agg.Computation); ok {
			writers[i] = w
			continue
		}
		switch c.Name {
		case "sumEur":
			writers[i] = func() error { return x.optFloat(agg.SumEur) }
		case "minEur":
			writers[i] = func() error { return x.float(agg.MinEur) }
		case "maxEur":
			writers[i] = func() error { return x.float(agg.MaxEur) }
		case "groups":
			w, err := subsidyGroups(x, c, groups)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, groups, w) }
		default:
			return decline()
		}
	}
	return x.writeObject(fields, func(i int) error { return writers[i]() })
}

func subsidyGroups(x *exec, f *graphql.CollectedField, groups []*subsidyGroup) (func(*subsidyGroup) error, error) {
	fields := x.fields(f.Selections, []string{"SubsidyGroup"})
	keys := make([]func(*subsidyGroup) error, len(fields))
	for i := range fields {
		var err error
		switch fields[i].Name {
		case "programme":
			keys[i], err = toOne(programmeType, func(g *subsidyGroup) *int64 { return g.row.ProgrammeID }, true)(x, groups, &fields[i])
		case "territory":
			keys[i], err = toOne(territoryType, func(g *subsidyGroup) *int64 { return g.row.TerritoryID }, true)(x, groups, &fields[i])
		case "recipient":
			keys[i], err = toOne(companyType, func(g *subsidyGroup) *int64 { return g.row.RecipientID }, true)(x, groups, &fields[i])
		case "__typename", "year", "status", "statusLabel", "funderKind", "funderKindLabel", "scope", "scopeLabel", "public",
			"count", "setAside", "sumEur", "minEur", "maxEur":
		default:
			return nil, decline()
		}
		if err != nil {
			return nil, err
		}
	}
	return func(g *subsidyGroup) error {
		return x.writeObject(fields, func(i int) error {
			c := &fields[i]
			var err error
			switch c.Name {
			case "__typename":
				x.str("SubsidyGroup")
			case "programme", "territory", "recipient":
				err = keys[i](g)
			case "year":
				x.optInt(g.Year)
			case "status":
				optEnumValue(x, g.Status)
			case "statusLabel":
				err = x.label(c, "ObservationStatus", (*string)(g.Status))
			case "funderKind":
				optEnumValue(x, g.FunderKind)
			case "funderKindLabel":
				err = x.label(c, "FunderKind", (*string)(g.FunderKind))
			case "scope":
				x.str(string(g.Scope))
			case "scopeLabel":
				scope := string(g.Scope)
				err = x.label(c, "MoneyScope", &scope)
			case "public":
				x.boolean(g.Public)
			case "count":
				x.integer(int64(g.Count))
			case "setAside":
				x.integer(int64(g.SetAside))
			case "sumEur":
				err = x.float(g.SumEur)
			case "minEur":
				err = x.float(g.MinEur)
			case "maxEur":
				err = x.float(g.MaxEur)
			}
			return err
		})
	}, nil
}

func optEnumValue[E ~string](x *exec, v *E) {
	if v == nil {
		x.null()
		return
	}
	x.str(string(*v))
}

// label writes the label of an optional code of a vocabulary type (graph.OptLabel).
func (x *exec) label(f *graphql.CollectedField, typ string, code *string) error {
	var arg *model.Lang
	if code != nil && len(f.Arguments) > 0 {
		l, err := x.langOf(f) // records the language as LangOf does
		if err != nil {
			return err
		}
		arg = l
	}
	x.optStr(graph.OptLabel(x.ctx, typ, code, arg))
	return nil
}

// aggregateTotals writes the fields the aggregates of money and of figures share
// (their typename, claims, counts and computation); false for any other field.
func aggregateTotals(x *exec, c *graphql.CollectedField, typ string, claims model.Claims, count, setAside int,
	computation model.Text,
) (func() error, bool) {
	switch c.Name {
	case "__typename":
		return func() error { x.str(typ); return nil }, true
	case "claims":
		return func() error { x.str(string(claims)); return nil }, true
	case "count":
		return func() error { x.integer(int64(count)); return nil }, true
	case "setAside":
		return func() error { x.integer(int64(setAside)); return nil }, true
	case "computation":
		return func() error {
			l, err := x.langOf(c)
			if err != nil {
				return err
			}
			x.str(computation.In(*l))
			return nil
		}, true
	}
	return nil, false
}
