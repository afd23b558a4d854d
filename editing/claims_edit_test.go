package editing_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

// TestEveryClaimGroupKeepsOnePreferred: the editors cannot leave a claim group without
// its PREFERRED claim (demoting it, retracting it, moving it out, starting a group with
// a NORMAL claim), nor put a figure of another date in a group; preferObservation
// switches the preferred claim in one write, the former one set aside with a reason.
func TestEveryClaimGroupKeepsOnePreferred(t *testing.T) {
	srv, editor, admin := editors(t)
	const claim = "bridgestone-bethune/jobs-at-announcement"
	site := base64.RawURLEncoding.EncodeToString([]byte("Site:bridgestone-bethune"))
	cite := map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": "Aujourd'hui, 60 % du site est réoccupé", "locator": "test"}
	create := func(token string, in map[string]any) *apitest.Response {
		in["subject"], in["metric"], in["status"], in["citation"] = site, "jobs_affected_by_closure", "ACTUAL", cite
		return srv.QueryAs(t, token, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug rank claim } }`, map[string]any{"in": in})
	}
	refused := func(name string, r *apitest.Response, says string) {
		t.Helper()
		if len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, says) {
			t.Errorf("%s: want BAD_USER_INPUT saying %q: %s", name, says, r.Raw)
		}
	}
	refused("demoting the preferred claim", srv.QueryAs(t, editor,
		`mutation { updateObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, input: {rank: NORMAL, rankReason: {fr: "x", en: "x"}}) { slug } }`, nil),
		`claim "`+claim+`": no PREFERRED observation`)
	refused("taking the preferred claim out of its group", srv.QueryAs(t, editor,
		`mutation { updateObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, input: {claim: ""}) { slug } }`, nil),
		`claim "`+claim+`" would be left without its PREFERRED observation`)
	refused("retracting the preferred claim", srv.QueryAs(t, admin,
		`mutation { retractObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, reason: "test") { slug } }`, nil),
		"is the PREFERRED claim of")
	refused("a group started with a NORMAL claim", create(editor, map[string]any{"slug": "new-group", "value": 1, "date": "2020-09-16",
		"claim": "bridgestone-bethune/new-fact", "rank": "NORMAL", "rankReason": map[string]any{"fr": "x", "en": "x"}}), "no PREFERRED observation")
	refused("a claim of another date", create(editor, map[string]any{"slug": "other-date", "value": 800, "date": "2021", "claim": claim,
		"rankReason": map[string]any{"fr": "x", "en": "x"}}), "must be about the date of")
	refused("NORMAL without a claim", create(editor, map[string]any{"slug": "lonely", "value": 1, "date": "2021", "rank": "NORMAL"}),
		"rank NORMAL needs a claim")

	// A figure without a claim is the only claim of its fact: PREFERRED.
	var made struct{ CreateObservation struct{ Slug, Rank string } }
	create(editor, map[string]any{"slug": "alone", "value": 12, "date": "2026"}).Decode(t, &made)
	if made.CreateObservation.Rank != "PREFERRED" {
		t.Errorf("a figure without a claim: rank %s", made.CreateObservation.Rank)
	}

	// Preferring another claim switches the two, in one write.
	resp := srv.QueryAs(t, editor, `mutation { preferObservation(slug: "bridgestone-bethune-jobs-at-announcement-cabbalr", expectedVersion: 1,
	  rankReason: {fr: "Test : le décompte de la base du reclassement.", en: "Test: the count of the redeployment's base."}) { slug rank rankReason(lang: EN) version } }`, nil)
	var pref struct {
		PreferObservation struct {
			Slug, Rank, RankReason string
			Version                int
		}
	}
	resp.Decode(t, &pref)
	if pref.PreferObservation.Rank != "PREFERRED" || pref.PreferObservation.Version != 2 {
		t.Errorf("preferred: %+v", pref)
	}
	var group struct {
		Observations struct {
			Nodes []struct {
				Slug, Rank, RankReason string
				Version                int
			}
		}
	}
	srv.Query(t, `{ observations(filter: {claim: "`+claim+`"}) { nodes { slug rank rankReason(lang: EN) version } } }`, nil).Decode(t, &group)
	preferred := 0
	for _, o := range group.Observations.Nodes {
		if o.Rank == "PREFERRED" {
			preferred++
		}
		if o.Slug == "bridgestone-bethune-jobs-at-announcement-jde" &&
			(o.Rank != "NORMAL" || o.Version != 2 || !strings.HasPrefix(o.RankReason, "Set aside for bridgestone-bethune-jobs-at-announcement-cabbalr")) {
			t.Errorf("the former preferred claim: %+v", o)
		}
	}
	if preferred != 1 || len(group.Observations.Nodes) != 2 {
		t.Errorf("the group after preferObservation: %+v", group)
	}
	var audits int64
	srv.Store.DB.Table("audit_entries").Where("entity_type = ? AND action = ?", "Observation", "UPDATE").Count(&audits)
	if audits != 2 {
		t.Errorf("%d audit entries for preferObservation, want 2 (both claims)", audits)
	}
	// The former preferred claim, now NORMAL, can be retracted.
	resp = srv.QueryAs(t, admin, `mutation { retractObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 2, reason: "test") { rank } }`, nil)
	resp.Decode(t, &struct{}{})
	refused("preferring a figure without a claim", srv.QueryAs(t, editor,
		`mutation { preferObservation(slug: "alone", expectedVersion: 1, rankReason: {fr: "x", en: "x"}) { slug } }`, nil), "already the only, PREFERRED claim")
}

// TestAreaNeedsItsSource: an editor gives a site's area with the passage that gives it.
func TestAreaNeedsItsSource(t *testing.T) {
	srv, editor, _ := editors(t)
	resp := srv.QueryAs(t, editor, `mutation { updateSite(slug: "station-b-bethune", expectedVersion: 1, input: {areaSquareMetres: 3600}) { slug } }`, nil)
	if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "areaSquareMetres needs areaCitation") {
		t.Fatalf("an area without its source: %s", resp.Raw)
	}
	resp = srv.QueryAs(t, editor, `mutation { updateSite(slug: "station-b-bethune", expectedVersion: 1, input: {areaSquareMetres: 3600,
	  areaCitation: {source: "cabbalr-2025-09-dossier-de-presse", quote: "Station B (3 600 m² à Béthune)", locator: "Engagements — 1."}}) {
	  areaSquareMetres areaCitation { quote source { slug } } } }`, nil)
	var data struct {
		UpdateSite struct {
			AreaSquareMetres float64
			AreaCitation     struct {
				Quote  string
				Source struct{ Slug string }
			}
		}
	}
	resp.Decode(t, &data)
	if data.UpdateSite.AreaSquareMetres != 3600 || data.UpdateSite.AreaCitation.Source.Slug != "cabbalr-2025-09-dossier-de-presse" {
		t.Errorf("area with its source: %+v", data)
	}
}
