package graph

import (
	"context"

	"github.com/reindustrie/observatory/editing"
	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// The conversions from GraphQL inputs to the editing package's.

func companyInput(in gqlmodel.CompanyInput) editing.CompanyInput {
	return editing.CompanyInput{Slug: in.Slug, Name: in.Name, Kind: in.Kind, Siren: in.Siren, Activity: in.Activity,
		GroupName: in.GroupName, Description: in.Description, Website: in.Website, Territory: in.Territory}
}

func siteInput(in gqlmodel.SiteInput) editing.SiteInput {
	return editing.SiteInput{Slug: in.Slug, Name: in.Name, Territory: in.Territory, Address: in.Address, Operator: in.Operator,
		Description: in.Description, Latitude: in.Latitude, Longitude: in.Longitude, AreaM2: in.AreaSquareMetres,
		AreaCitation: citationInput(in.AreaCitation), LocationPrecision: in.LocationPrecision, Status: in.Status}
}

func sourceInput(in gqlmodel.SourceInput) editing.SourceInput {
	return editing.SourceInput{Slug: in.Slug, Title: in.Title, Publisher: in.Publisher, PublishedOn: (*string)(in.PublishedOn),
		Language: in.Language, URL: in.URL, Licence: in.Licence, Description: in.Description, Kind: in.Kind,
		PublisherInferred: in.PublisherInferred}
}

func citationInput(in *gqlmodel.CitationInput) *editing.CitationInput {
	if in == nil {
		return nil
	}
	return &editing.CitationInput{Source: in.Source, Quote: in.Quote, Locator: in.Locator, PublishedOn: (*string)(in.PublishedOn)}
}

// entityRef resolves the identifier of a subject given as an input (global ID, slug or
// official code) into a subject reference; one that names nothing gives a reference
// with ID 0, which the editor reports with the input's other problems.
func entityRef(ctx context.Context, field string, id *string) (*model.SubjectRef, error) {
	if id == nil {
		return nil, nil
	}
	ref, err := loaders.For(ctx).Ref(ctx, field, *id, subjectKinds(), false)
	if err != nil {
		if model.CodeOf(err) == model.CodeBadUserInput || model.CodeOf(err) == model.CodeAmbiguous {
			return &model.SubjectRef{}, nil
		}
		return nil, err
	}
	subject := ref.Subject()
	return &subject, nil
}

// subjectKinds are the kinds whose records can be subjects.
func subjectKinds() []*model.Kind {
	var out []*model.Kind
	for _, k := range model.Kinds {
		if k.Subject != "" {
			out = append(out, k)
		}
	}
	return out
}

func observationInput(ctx context.Context, in gqlmodel.ObservationInput) (editing.ObservationInput, error) {
	subject, err := entityRef(ctx, "subject", in.Subject)
	if err != nil {
		return editing.ObservationInput{}, err
	}
	return editing.ObservationInput{Slug: in.Slug, Subject: subject, Metric: in.Metric, Value: in.Value, ValueMax: in.ValueMax,
		Approximation: in.Approximation, Date: (*string)(in.Date), PeriodStart: (*string)(in.PeriodStart), Status: in.Status,
		Rank: in.Rank, RankReason: in.RankReason, Claim: in.Claim, Dimension: in.Dimension, Category: in.Category, Note: in.Note,
		Event: in.AnnouncedAt, Citation: citationInput(in.Citation)}, nil
}

func relationshipInput(ctx context.Context, in gqlmodel.RelationshipInput) (editing.RelationshipInput, error) {
	from, err := entityRef(ctx, "from", &in.From)
	if err != nil {
		return editing.RelationshipInput{}, err
	}
	to, err := entityRef(ctx, "to", &in.To)
	if err != nil {
		return editing.RelationshipInput{}, err
	}
	return editing.RelationshipInput{Slug: &in.Slug, Kind: &in.Kind, From: from, To: to, Since: (*string)(in.Since),
		Until: (*string)(in.Until), Description: in.Description, Citation: citationInput(in.Citation)}, nil
}
