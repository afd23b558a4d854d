package compiled

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// eventType is Event: a dated fact of the story with its source. Its relations to
// other records (subjects, figures, amounts) take the general path.
var eventType = (&object[model.Event]{
	name: "Event", satisfies: []string{"Node"}, table: "events",
	columns: []string{"id", "slug", "kind", "title_fr", "title_en", "description_fr", "description_en", "date", "precision",
		"status", "rank", "rank_reason_fr", "rank_reason_en", "claim", "citation_id"},
	scan: func(e *model.Event) []any {
		return []any{&e.ID, &e.Slug, enumCol(&e.Kind), &e.Title.FR, &e.Title.EN, &e.Description.FR, &e.Description.EN, &e.Date, enumCol(&e.Precision),
			enumCol(&e.Status), enumCol(&e.Rank), &e.RankReason.FR, &e.RankReason.EN, optTextCol(&e.Claim), &e.CitationID}
	},
	id: func(e *model.Event) int64 { return e.ID },
	scalars: map[string]scalar[model.Event]{
		"id":          text((*model.Event).GlobalID),
		"slug":        text(func(e *model.Event) string { return e.Slug }),
		"kind":        enum(func(e *model.Event) model.EventKind { return e.Kind }),
		"kindLabel":   localized((*model.Event).KindLabel),
		"title":       localized((*model.Event).TitleIn),
		"description": optLocalized((*model.Event).DescriptionIn),
		"translated":  translated,
		"date":        date((*model.Event).PartialDate),
		"precision":   enum(func(e *model.Event) model.Precision { return e.Precision }),
		"status":      enum(func(e *model.Event) model.ObservationStatus { return e.Status }),
		"statusLabel": localized((*model.Event).StatusLabel),
		"rank":        enum(func(e *model.Event) model.Rank { return e.Rank }),
		"rankReason":  optLocalized((*model.Event).RankReasonIn),
		"claim":       optText(func(e *model.Event) *string { return e.Claim }),
	},
}).init()

func init() {
	eventType.links = map[string]link[model.Event]{
		"citation": toOne(citationType, func(e *model.Event) *int64 { return ref(e.CitationID) }, false),
		"conflictsWith": conflictsWith(eventType, func(e *model.Event) *string { return e.Claim }, eventsByClaim,
			(*model.Event).ConflictsAmong),
	}
}

// translated is Event.translated: whether the text is given in the language asked for
// by translation (model.Event.TranslatedIn).
func translated(x *exec, e *model.Event, f *graphql.CollectedField) error {
	l, err := x.langOf(f)
	if err != nil {
		return err
	}
	x.boolean(e.TranslatedIn(l))
	return nil
}

// eventsBySubject reads the events about subjects as the general path's loader does
// (model.EventsOfSubjects, grouped by model.EventsBySubject): the field events of
// territories, sites and companies (subjectRelation).
func eventsBySubject(ctx context.Context, db *gorm.DB, refs []model.SubjectRef) (map[model.SubjectRef][]*model.Event, error) {
	rows, err := model.EventsOfSubjects(ctx, db, refs)
	if err != nil {
		return nil, err
	}
	return model.EventsBySubject(rows), nil
}
