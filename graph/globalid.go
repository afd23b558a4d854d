package graph

import (
	"encoding/base64"
	"strings"
)

// Type names used in global IDs: the GraphQL type of the entity.
const (
	typeTerritory    = "Territory"
	typeSite         = "Site"
	typeCompany      = "Company"
	typeProgramme    = "FundingProgramme"
	typeOccupancy    = "Occupancy"
	typeSubsidy      = "Subsidy"
	typeObservation  = "Observation"
	typeSource       = "Source"
	typeEvent        = "Event"
	typeRelationship = "Relationship"
)

// GlobalID returns the opaque global ID of an entity: base64url of "Type:slug". It is
// derived from the slug, so it survives reloads of the data.
func GlobalID(typ, slug string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + slug))
}

// ParseGlobalID reads an ID made by GlobalID. ok is false for anything else.
func ParseGlobalID(id string) (typ, slug string, ok bool) {
	if len(id) > 400 {
		return "", "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if err != nil {
		return "", "", false
	}
	typ, slug, ok = strings.Cut(string(raw), ":")
	if !ok || typ == "" || slug == "" {
		return "", "", false
	}
	return typ, slug, true
}
