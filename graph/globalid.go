package graph

import "github.com/reindustrie/observatory/model"

// Type names used in global IDs: the GraphQL type of the entity.
const (
	typeTerritory    = model.TypeTerritory
	typeSite         = model.TypeSite
	typeCompany      = model.TypeCompany
	typeProgramme    = model.TypeProgramme
	typeOccupancy    = model.TypeOccupancy
	typeSubsidy      = model.TypeSubsidy
	typeObservation  = model.TypeObservation
	typeSource       = model.TypeSource
	typeEvent        = model.TypeEvent
	typeRelationship = model.TypeRelationship
)

// GlobalID returns the opaque global ID of an entity: base64url of "Type:slug" (see
// model.GlobalID; entities have a GlobalID method).
func GlobalID(typ, slug string) string { return model.GlobalID(typ, slug) }

// ParseGlobalID reads an ID made by GlobalID. ok is false for anything else.
func ParseGlobalID(id string) (typ, slug string, ok bool) { return model.ParseGlobalID(id) }
