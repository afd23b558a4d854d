package compiled

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// relationshipType is Relationship: a typed, sourced edge between two subjects.
var relationshipType = (&object[model.Relationship]{
	name: "Relationship", satisfies: []string{"Node"}, table: "relationships",
	columns: []string{"id", "slug", "kind", "from_type", "from_id", "to_type", "to_id", "since", "since_precision", "until",
		"until_precision", "description_fr", "description_en", "citation_id", "version", "retracted_at", "retraction_reason"},
	scan: func(r *model.Relationship) []any {
		return []any{&r.ID, &r.Slug, enumCol(&r.Kind), enumCol(&r.FromType), &r.FromID, enumCol(&r.ToType), &r.ToID, optTextCol(&r.Since), optTextCol(&r.SincePrecision), optTextCol(&r.Until),
			optTextCol(&r.UntilPrecision), &r.Description.FR, &r.Description.EN, &r.CitationID, &r.Version, optTextCol(&r.RetractedAt), optTextCol(&r.RetractionReason)}
	},
	id: func(r *model.Relationship) int64 { return r.ID },
	scalars: map[string]scalar[model.Relationship]{
		"id":               text((*model.Relationship).GlobalID),
		"slug":             text(func(r *model.Relationship) string { return r.Slug }),
		"kind":             enum(func(r *model.Relationship) model.RelationshipKind { return r.Kind }),
		"kindLabel":        localized((*model.Relationship).KindLabel),
		"since":            optDate((*model.Relationship).SinceDate),
		"sincePrecision":   optEnum(func(r *model.Relationship) *model.Precision { return r.SincePrecision }),
		"until":            optDate((*model.Relationship).UntilDate),
		"untilPrecision":   optEnum(func(r *model.Relationship) *model.Precision { return r.UntilPrecision }),
		"description":      optLocalized((*model.Relationship).DescriptionIn),
		"version":          integer(func(r *model.Relationship) int64 { return r.Version }),
		"retracted":        boolean((*model.Relationship).Retracted),
		"retractionReason": optText(func(r *model.Relationship) *string { return r.RetractionReason }),
	},
}).init()

func init() {
	relationshipType.links = map[string]link[model.Relationship]{
		"from":     subjectLink(func(r *model.Relationship) model.SubjectRef { return model.SubjectRef{Type: r.FromType, ID: r.FromID} }),
		"to":       subjectLink(func(r *model.Relationship) model.SubjectRef { return model.SubjectRef{Type: r.ToType, ID: r.ToID} }),
		"citation": toOne(citationType, func(r *model.Relationship) *int64 { return ref(r.CitationID) }, false),
	}
}

// relationshipsBySubject reads the edges from or to subjects as the general path's
// loader does (model.RelationshipsOfSubjects, grouped by model.RelationshipsBySubject):
// the field relationships of sites and companies (subjectRelation).
func relationshipsBySubject(ctx context.Context, db *gorm.DB, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Relationship, error) {
	rows, err := model.RelationshipsOfSubjects(ctx, db, refs)
	if err != nil {
		return nil, err
	}
	return model.RelationshipsBySubject(rows, refs), nil
}

// rootRelationships is relationships(first, after, kind): a page of the edges of the
// kinds, by id (model.RelationshipRows).
func rootRelationships(x *exec, f *graphql.CollectedField) error {
	args := x.args(f)
	kinds, ok := enumsArg[model.RelationshipKind](args["kind"])
	if !ok {
		return decline()
	}
	return writePage(x, relationshipType, f, model.RelationshipRows(kinds), model.OrderByID, args)
}
