package model

// The labels of the codes of the records, in the language asked for (the vocabulary):
// the fields <code>Label(lang) of the API, bound by name, called inline.

// StatusLabel is the label of the status in language lang.
func (x *Observation) StatusLabel(lang *Lang) string {
	return LabelOf("ObservationStatus", string(x.Status), langArg(lang))
}

// CategoryLabel is the label of the category in language lang (null without one).
func (x *Observation) CategoryLabel(lang *Lang) *string {
	if x.Category == nil {
		return nil
	}
	s := LabelOf("Category", string(*x.Category), langArg(lang))
	return &s
}

// DimensionLabel is the label of the dimension in language lang (null without one).
func (x *Observation) DimensionLabel(lang *Lang) *string {
	if x.Dimension == nil {
		return nil
	}
	s := LabelOf("Dimension", string(*x.Dimension), langArg(lang))
	return &s
}

// UnitLabel is the label of the unit in language lang.
func (x *Observation) UnitLabel(lang *Lang) string {
	return LabelOf("Unit", string(x.Unit), langArg(lang))
}

// RankLabel is the label of the rank in language lang.
func (x *Observation) RankLabel(lang *Lang) string {
	return LabelOf("Rank", string(x.Rank), langArg(lang))
}

// UnitLabel is the label of the unit in language lang.
func (x *Metric) UnitLabel(lang *Lang) string { return LabelOf("Unit", string(x.Unit), langArg(lang)) }

// KindLabel is the label of the kind in language lang.
func (x *Event) KindLabel(lang *Lang) string {
	return LabelOf("EventKind", string(x.Kind), langArg(lang))
}

// StatusLabel is the label of the status in language lang.
func (x *Event) StatusLabel(lang *Lang) string {
	return LabelOf("ObservationStatus", string(x.Status), langArg(lang))
}

// StatusLabel is the label of the status in language lang.
func (x *Site) StatusLabel(lang *Lang) string {
	return LabelOf("SiteStatus", string(x.Status), langArg(lang))
}

// StatusLabel is the label of the status in language lang.
func (x *SiteStatusPeriod) StatusLabel(lang *Lang) string {
	return LabelOf("SiteStatus", string(x.Status), langArg(lang))
}

// StatusLabel is the label of the status in language lang.
func (x *Occupancy) StatusLabel(lang *Lang) string {
	return LabelOf("OccupancyStatus", string(x.Status), langArg(lang))
}

// KindLabel is the label of the kind in language lang.
func (x *Company) KindLabel(lang *Lang) string {
	return LabelOf("CompanyKind", string(x.Kind), langArg(lang))
}

// KindLabel is the label of the kind in language lang.
func (x *Territory) KindLabel(lang *Lang) string {
	return LabelOf("TerritoryKind", string(x.Kind), langArg(lang))
}

// KindLabel is the label of the kind in language lang.
func (x *Source) KindLabel(lang *Lang) string {
	return LabelOf("SourceKind", string(x.Kind), langArg(lang))
}

// KindLabel is the label of the kind in language lang.
func (x *Relationship) KindLabel(lang *Lang) string {
	return LabelOf("RelationshipKind", string(x.Kind), langArg(lang))
}

// LevelLabel is the label of the level in language lang.
func (x *Programme) LevelLabel(lang *Lang) string {
	return LabelOf("ProgrammeLevel", string(x.Level), langArg(lang))
}

// FunderKindLabel is the label of the funderKind in language lang.
func (x *Programme) FunderKindLabel(lang *Lang) string {
	return LabelOf("FunderKind", string(x.FunderKind), langArg(lang))
}

// ScopeLabel is the label of the scope in language lang.
func (x *Programme) ScopeLabel(lang *Lang) string {
	return LabelOf("MoneyScope", string(x.Scope), langArg(lang))
}

// StatusLabel is the label of the status in language lang.
func (x *Subsidy) StatusLabel(lang *Lang) string {
	return LabelOf("ObservationStatus", string(x.Status), langArg(lang))
}

// FunderKindLabel is the label of the funderKind in language lang.
func (x *Subsidy) FunderKindLabel(lang *Lang) string {
	return LabelOf("FunderKind", string(x.FunderKind), langArg(lang))
}

// ScopeLabel is the label of the scope in language lang.
func (x *Subsidy) ScopeLabel(lang *Lang) string {
	return LabelOf("MoneyScope", string(x.Scope), langArg(lang))
}

// KindLabel is the label of the kind in language lang.
func (x *Correction) KindLabel(lang *Lang) string {
	return LabelOf("CorrectionKind", string(x.Kind), langArg(lang))
}

// LabelIn is the term's label in language lang.
func (t *Term) LabelIn(lang *Lang) string { return t.Label.In(langArg(lang)) }

// DescriptionIn is the term's description in language lang.
func (t *Term) DescriptionIn(lang *Lang) string { return t.Description.In(langArg(lang)) }

// SymbolIn is the unit's symbol in language lang (null without one).
func (t *Term) SymbolIn(lang *Lang) *string { return t.Symbol.Opt(langArg(lang)) }
