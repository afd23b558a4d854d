package gqlmodel

import (
	"context"

	"github.com/reindustrie/observatory/model"
)

// Counter computes the total size of a connection. It runs only when a client asks for
// totalCount, so a page costs one statement and its count one more.
type Counter func(ctx context.Context) (int64, error)

// TerritoryConnection is a page of Territory nodes (Relay cursor connection).
type TerritoryConnection struct {
	Edges    []*TerritoryEdge
	Nodes    []*model.Territory
	PageInfo *PageInfo
	Count    Counter
}

// SiteConnection is a page of Site nodes (Relay cursor connection).
type SiteConnection struct {
	Edges    []*SiteEdge
	Nodes    []*model.Site
	PageInfo *PageInfo
	Count    Counter
}

// CompanyConnection is a page of Company nodes (Relay cursor connection).
type CompanyConnection struct {
	Edges    []*CompanyEdge
	Nodes    []*model.Company
	PageInfo *PageInfo
	Count    Counter
}

// FundingProgrammeConnection is a page of FundingProgramme nodes (Relay cursor connection).
type FundingProgrammeConnection struct {
	Edges    []*FundingProgrammeEdge
	Nodes    []*model.Programme
	PageInfo *PageInfo
	Count    Counter
}

// SubsidyConnection is a page of Subsidy nodes (Relay cursor connection).
type SubsidyConnection struct {
	Edges    []*SubsidyEdge
	Nodes    []*model.Subsidy
	PageInfo *PageInfo
	Count    Counter
}

// ObservationConnection is a page of Observation nodes (Relay cursor connection).
type ObservationConnection struct {
	Edges    []*ObservationEdge
	Nodes    []*model.Observation
	PageInfo *PageInfo
	Count    Counter
}

// SourceConnection is a page of Source nodes (Relay cursor connection).
type SourceConnection struct {
	Edges    []*SourceEdge
	Nodes    []*model.Source
	PageInfo *PageInfo
	Count    Counter
}

// EventConnection is a page of Event nodes (Relay cursor connection).
type EventConnection struct {
	Edges    []*EventEdge
	Nodes    []*model.Event
	PageInfo *PageInfo
	Count    Counter
}

// RelationshipConnection is a page of Relationship nodes (Relay cursor connection).
type RelationshipConnection struct {
	Edges    []*RelationshipEdge
	Nodes    []*model.Relationship
	PageInfo *PageInfo
	Count    Counter
}

// Disagreement is a claim key on which sources disagree; its claims are resolved
// through loaders.
type Disagreement struct {
	Claim string
}

// DisagreementConnection is a page of disagreements.
type DisagreementConnection struct {
	Edges    []*DisagreementEdge
	Nodes    []*Disagreement
	PageInfo *PageInfo
	Count    Counter
}
