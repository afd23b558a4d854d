package model

// The texts of the records as the API gives them: each field with a lang argument
// (directive @localized, which sets the argument to the request's language when the
// query does not) is bound to one of these methods in gqlgen.yml (fieldName). They
// take no context, so that gqlgen calls them inline, not in a goroutine per field.

// langArg reads the language argument of a field; French when there is none. (The
// methods name their parameter lang, as the argument: gqlgen binds by name.)
func langArg(l *Lang) Lang {
	if l == nil || !l.IsValid() {
		return LangFR
	}
	return *l
}

// DescriptionIn is the description in language l (null when there is none).
func (x *Source) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Territory) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// RoleIn is the role in language l (null when there is none).
func (x *TerritoryMembership) RoleIn(lang *Lang) *string { return x.Role.Opt(langArg(lang)) }

// ActivityIn is the activity in language l (null when there is none).
func (x *Company) ActivityIn(lang *Lang) *string { return x.Activity.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Company) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Site) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// ActivityIn is the activity in language l (null when there is none).
func (x *Occupancy) ActivityIn(lang *Lang) *string { return x.Activity.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Programme) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// PurposeIn is the purpose in language l (null when there is none).
func (x *Subsidy) PurposeIn(lang *Lang) *string { return x.Purpose.Opt(langArg(lang)) }

// NoteIn is the note in language l (null when there is none).
func (x *Subsidy) NoteIn(lang *Lang) *string { return x.Note.Opt(langArg(lang)) }

// RankReasonIn is the rankReason in language l (null when there is none).
func (x *Subsidy) RankReasonIn(lang *Lang) *string { return x.RankReason.Opt(langArg(lang)) }

// LabelIn is the label in language l.
func (x *Metric) LabelIn(lang *Lang) string { return x.Label.In(langArg(lang)) }

// DefinitionIn is the definition in language l.
func (x *Metric) DefinitionIn(lang *Lang) string { return x.Definition.In(langArg(lang)) }

// RankReasonIn is the rankReason in language l (null when there is none).
func (x *Observation) RankReasonIn(lang *Lang) *string { return x.RankReason.Opt(langArg(lang)) }

// NoteIn is the note in language l (null when there is none).
func (x *Observation) NoteIn(lang *Lang) *string { return x.Note.Opt(langArg(lang)) }

// TitleIn is the title in language l.
func (x *Event) TitleIn(lang *Lang) string { return x.Title.In(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Event) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// RankReasonIn is the rankReason in language l (null when there is none).
func (x *Event) RankReasonIn(lang *Lang) *string { return x.RankReason.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *Relationship) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// TitleIn is the title in language l.
func (x *Breakdown) TitleIn(lang *Lang) string { return x.Title.In(langArg(lang)) }

// NoteIn is the note in language l (null when there is none).
func (x *Breakdown) NoteIn(lang *Lang) *string { return x.Note.Opt(langArg(lang)) }

// DescriptionIn is the description in language l (null when there is none).
func (x *DatasetRelease) DescriptionIn(lang *Lang) *string { return x.Description.Opt(langArg(lang)) }

// TitleIn is the title in language l.
func (x *Correction) TitleIn(lang *Lang) string { return x.Title.In(langArg(lang)) }

// BeforeIn is the before in language l.
func (x *Correction) BeforeIn(lang *Lang) string { return x.Before.In(langArg(lang)) }

// AfterIn is the after in language l.
func (x *Correction) AfterIn(lang *Lang) string { return x.After.In(langArg(lang)) }

// ReasonIn is the reason in language l.
func (x *Correction) ReasonIn(lang *Lang) string { return x.Reason.In(langArg(lang)) }

// TranslatedIn says whether the event's title and description in language l are the
// observatory's translation of the source's French: the English ones are.
func (x *Event) TranslatedIn(lang *Lang) bool { return langArg(lang) == LangEN }

// ComputationIn says how the breakdown's numbers are computed, in language l.
func (x *Breakdown) ComputationIn(lang *Lang) string { return x.Computation().In(langArg(lang)) }
