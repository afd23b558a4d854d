package model

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestGlobalID(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, c := range []struct{ typ, slug string }{
		{TypeSite, "bridgestone-bethune"},
		{TypeProgramme, "france-2030"},
		{TypeObservation, "bridgestone-bethune-redeployment-permanent-contract-2022"},
		{TypeCompany, "société-générale"},
		{TypeEvent, long},
	} {
		id := GlobalID(c.typ, c.slug)
		if want := base64.RawURLEncoding.EncodeToString([]byte(c.typ + ":" + c.slug)); id != want {
			t.Errorf("GlobalID(%q, %q) = %q, want %q", c.typ, c.slug, id, want)
		}
		typ, slug, ok := ParseGlobalID(id)
		if len(id) <= 400 && (!ok || typ != c.typ || slug != c.slug) {
			t.Errorf("ParseGlobalID(%q) = %q, %q, %v", id, typ, slug, ok)
		}
	}
	if id := (&Site{Slug: "bridgestone-bethune"}).GlobalID(); id != "U2l0ZTpicmlkZ2VzdG9uZS1iZXRodW5l" {
		t.Errorf("Site.GlobalID() = %q", id)
	}
	if n := testing.AllocsPerRun(100, func() { _ = GlobalID(TypeCompany, "synthetic-company-000001") }); n > 1 {
		t.Errorf("GlobalID: %v allocations, want 1", n)
	}
	for _, bad := range []string{"", "!!", GlobalID("", "x"), GlobalID("Site", ""), "U2l0ZQ"} {
		if _, _, ok := ParseGlobalID(bad); ok {
			t.Errorf("ParseGlobalID(%q) accepted", bad)
		}
	}
}

func TestDates(t *testing.T) {
	s := func(v string) *string { return &v }
	p := func(v Precision) *Precision { return &v }
	for _, c := range []struct {
		stored *string
		prec   *Precision
		want   string // "" for nil
	}{
		{nil, nil, ""},
		{s(""), p(PrecisionDay), ""},
		{s("2021-04-30"), nil, "2021-04-30"},
		{s("2021-04-01"), p(PrecisionMonth), "2021-04"},
		{s("2022-01-01"), p(PrecisionYear), "2022"},
	} {
		got := DateOf(c.stored, c.prec)
		if (got == nil) != (c.want == "") || (got != nil && string(*got) != c.want) {
			t.Errorf("DateOf(%v, %v) = %v, want %q", c.stored, c.prec, got, c.want)
		}
	}
	o := &Observation{Date: "2021-05-01", Precision: PrecisionMonth, PeriodStart: s("2020-01-01")}
	if o.PartialDate() != "2021-05" || *o.PeriodStartDate() != "2020-01" {
		t.Errorf("observation dates %q %q", o.PartialDate(), *o.PeriodStartDate())
	}
	if (&SiteStatusPeriod{Since: "2021-01-01", SincePrecision: PrecisionYear}).SinceDate() != "2021" {
		t.Error("SiteStatusPeriod.SinceDate")
	}
}

func TestComputedFields(t *testing.T) {
	codes := " 62400, 62131 ,,62000"
	tr := &Territory{PostalCodes: &codes}
	if got := strings.Join(tr.PostalCodeList(), "|"); got != "62400|62131|62000" {
		t.Errorf("PostalCodeList = %q", got)
	}
	if got := (&Territory{}).PostalCodeList(); got == nil || len(got) != 0 {
		t.Errorf("no postal codes: %#v, want an empty list", got)
	}
	lat, lon := 50.53, 2.64
	if (&Site{Latitude: &lat}).Location() != nil {
		t.Error("a site without longitude has a location")
	}
	if g := (&Site{Latitude: &lat, Longitude: &lon}).Location(); g == nil || g.Precision != LocationApproximate || g.Latitude != lat {
		t.Errorf("Location = %+v", g)
	}
	at := "2024-01-01T00:00:00Z"
	if (&Observation{}).Retracted() || !(&Relationship{RetractedAt: &at}).Retracted() {
		t.Error("Retracted")
	}
}
