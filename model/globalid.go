package model

import (
	"encoding/base64"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Type names in global IDs: the API's name of each kind of entity.
const (
	TypeTerritory    = "Territory"
	TypeSite         = "Site"
	TypeCompany      = "Company"
	TypeProgramme    = "FundingProgramme"
	TypeOccupancy    = "Occupancy"
	TypeSubsidy      = "Subsidy"
	TypeObservation  = "Observation"
	TypeSource       = "Source"
	TypeEvent        = "Event"
	TypeRelationship = "Relationship"
)

// GlobalID returns the opaque global ID of an entity: base64url (unpadded) of
// "Type:slug". It is derived from the slug, so it survives reloads of the data.
func GlobalID(typ, slug string) string {
	// Built on the stack when "Type:slug" fits in 96 bytes: one allocation, the string.
	var rawBuf [96]byte
	var encBuf [128]byte
	raw := append(append(append(rawBuf[:0], typ...), ':'), slug...)
	return string(base64.RawURLEncoding.AppendEncode(encBuf[:0], raw))
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
	if !ok || typ == "" || slug == "" || strings.ContainsFunc(string(raw), unicode.IsControl) || !utf8.Valid(raw) {
		return "", "", false
	}
	return typ, slug, true
}
