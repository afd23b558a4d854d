package editing_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
	"github.com/reindustrie/observatory/internal/auth"
	"github.com/reindustrie/observatory/model"
)

// editors serves the seeded API with an editor's and an admin's tokens.
func editors(t *testing.T) (srv *apitest.Server, editor, admin string) {
	t.Helper()
	srv = apitest.Seeded(t)
	ctx := context.Background()
	var err error
	if editor, err = auth.CreateToken(ctx, srv.Store.DB, "alice", model.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if admin, err = auth.CreateToken(ctx, srv.Store.DB, "bob", model.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	return srv, editor, admin
}

func rowCount(t *testing.T, srv *apitest.Server, table string) int64 {
	t.Helper()
	var n int64
	if err := srv.Store.DB.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

const createCompany = `mutation($in: CompanyInput!) { createCompany(input: $in) { slug name version territory { name } } }`

func TestAnonymousMutationsAreRefused(t *testing.T) {
	t.Parallel()
	srv, _, _ := editors(t)
	before := rowCount(t, srv, "companies")
	resp := srv.Query(t, createCompany, map[string]any{"in": map[string]any{"slug": "intruder", "name": "Intruder"}})
	if len(resp.Errors) == 0 || resp.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous mutation: %s", resp.Raw)
	}
	if rowCount(t, srv, "companies") != before || rowCount(t, srv, "audit_entries") != 0 {
		t.Fatal("an anonymous mutation wrote something")
	}
	resp = srv.QueryAs(t, "obs_not-a-real-token", createCompany, map[string]any{"in": map[string]any{"slug": "intruder", "name": "Intruder"}})
	if resp.Status != http.StatusUnauthorized || len(resp.Errors) == 0 || resp.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Fatalf("forged token: %d %s", resp.Status, resp.Raw)
	}
}

func TestEditorCreatesAndCorrectsWithAnAuditTrail(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	resp := srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{
		"slug": "atelier-test", "name": "Atelier Test", "activity": map[string]any{"fr": "Tôlerie", "en": "Sheet metal work"}, "territory": "commune-62119", "siren": "123456789"}})
	var created struct {
		CreateCompany struct {
			Slug, Name string
			Version    int
			Territory  struct{ Name string }
		}
	}
	resp.Decode(t, &created)
	if created.CreateCompany.Version != 1 || created.CreateCompany.Territory.Name != "Béthune" {
		t.Fatalf("created %+v", created)
	}
	resp = srv.QueryAs(t, editor, `mutation { updateCompany(slug: "atelier-test", expectedVersion: 1, input: {activity: {fr: "Chaudronnerie", en: "Boilermaking"}}) { activity version } }`, nil)
	var updated struct {
		UpdateCompany struct {
			Activity string
			Version  int
		}
	}
	resp.Decode(t, &updated)
	if updated.UpdateCompany.Activity != "Chaudronnerie" || updated.UpdateCompany.Version != 2 {
		t.Fatalf("updated %+v", updated)
	}
	// The company is found by its new activity: its search text followed the edit.
	resp = srv.Query(t, `{ companies(filter: {name: "atelier test"}) { nodes { slug } } }`, nil)
	var found struct {
		Companies struct{ Nodes []struct{ Slug string } }
	}
	resp.Decode(t, &found)
	if len(found.Companies.Nodes) != 1 {
		t.Errorf("edited company not found by name: %s", resp.Raw)
	}
	id := base64.RawURLEncoding.EncodeToString([]byte("Company:atelier-test"))
	resp = srv.Query(t, `query($id: ID) { auditTrail(entity: $id) { actor action entityType entitySlug before after } }`, map[string]any{"id": id})
	var trail struct {
		AuditTrail []struct {
			Actor, Action, EntityType, EntitySlug string
			Before, After                         *string
		}
	}
	resp.Decode(t, &trail)
	if len(trail.AuditTrail) != 2 || trail.AuditTrail[0].Action != "UPDATE" || trail.AuditTrail[1].Action != "CREATE" {
		t.Fatalf("audit trail %+v", trail)
	}
	upd := trail.AuditTrail[0]
	if upd.Actor != "alice" || upd.Before == nil || upd.After == nil || !contains(*upd.Before, "Tôlerie") || !contains(*upd.After, "Chaudronnerie") {
		t.Errorf("update entry %+v", upd)
	}
}

func TestConcurrentEditsAreDetected(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	resp := srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "contested", "name": "Contested"}})
	resp.Decode(t, &struct{}{})

	const writers = 2
	results := make([]*apitest.Response, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = srv.QueryAs(t, editor, `mutation($a: TextInput) { updateCompany(slug: "contested", expectedVersion: 1, input: {activity: $a}) { activity version } }`,
				map[string]any{"a": map[string]any{"fr": []string{"texte du premier", "texte du second"}[i], "en": []string{"first editor's text", "second editor's text"}[i]}})
		}()
	}
	wg.Wait()
	var ok, conflicts int
	winner := ""
	for _, r := range results {
		switch {
		case len(r.Errors) == 0:
			ok++
			var d struct{ UpdateCompany struct{ Activity string } }
			r.Decode(t, &d)
			winner = d.UpdateCompany.Activity
		case r.Errors[0].Code() == "VERSION_CONFLICT":
			conflicts++
			if r.Errors[0].Extensions["currentVersion"] != float64(2) {
				t.Errorf("conflict without the current version: %+v", r.Errors[0])
			}
		default:
			t.Errorf("unexpected error %+v", r.Errors)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Fatalf("%d successes and %d conflicts, want 1 and 1", ok, conflicts)
	}
	var stored model.Company
	srv.Store.DB.Where("slug = ?", "contested").First(&stored)
	if stored.Activity.FR != winner || stored.Version != 2 {
		t.Errorf("stored %v (version %d), want the winner's %q at version 2", stored.Activity, stored.Version, winner)
	}
	var updates int64
	srv.Store.DB.Table("audit_entries").Where("entity_slug = ? AND action = ?", "contested", "UPDATE").Count(&updates)
	if updates != 1 {
		t.Errorf("%d audit entries for the update, want 1", updates)
	}
}

func TestInvalidWritesChangeNothing(t *testing.T) {
	t.Parallel()
	srv, editor, admin := editors(t)
	site := base64.RawURLEncoding.EncodeToString([]byte("Site:bridgestone-bethune"))
	goodCitation := map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": "Aujourd'hui, 60 % du site est réoccupé", "locator": "test"}
	tests := []struct {
		name, token, query string
		vars               map[string]any
		code               string
		says               string // in the message, when given
	}{
		{"observation without citation", editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`,
			map[string]any{"in": map[string]any{"slug": "no-source", "subject": site, "metric": "jobs", "value": 12, "date": "2024", "status": "ACTUAL"}}, "BAD_USER_INPUT",
			"invalid input: citation is required: no figure without its source"},
		{"unknown metric and source", editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`,
			map[string]any{"in": map[string]any{"slug": "bad-metric", "subject": site, "metric": "nope", "value": 1, "date": "2024", "status": "ACTUAL",
				"citation": map[string]any{"source": "nowhere", "quote": "x", "locator": "y"}}}, "BAD_USER_INPUT",
			`invalid input: metric: no metric has code "nope" (see the metrics query); citation.source: no source has the global ID or slug "nowhere"`},
		{"duplicate slug", editor, createCompany, map[string]any{"in": map[string]any{"slug": "black-star", "name": "Again"}}, "ALREADY_EXISTS",
			"a record with this slug (or SIREN) already exists: choose another, or update the existing one"},
		{"bad siren", editor, createCompany, map[string]any{"in": map[string]any{"slug": "bad-siren", "name": "X", "siren": "12"}}, "BAD_USER_INPUT",
			`invalid input: siren "12": a SIREN has 9 digits`},
		{"unknown record", editor, `mutation { updateSite(slug: "nowhere", expectedVersion: 1, input: {name: "X"}) { slug } }`, nil, "NOT_FOUND", `slug: no site has the global ID or slug "nowhere"`},
		{"stale version", editor, `mutation { updateSite(slug: "bridgestone-bethune", expectedVersion: 7, input: {name: "X"}) { slug } }`, nil, "VERSION_CONFLICT",
			`site "bridgestone-bethune" was changed by someone else: you edited version 7, it is now at version 1; read it again and redo your change`},
		{"editor retracting", editor, `mutation { retractObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, reason: "test") { slug } }`, nil, "FORBIDDEN", "this token's role does not allow this change"},
		{"retraction without reason", admin, `mutation { retractObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, reason: " ") { slug } }`, nil, "BAD_USER_INPUT", "invalid input: a retraction needs a reason"},
		// The record rules of the data files (model/rules) apply to editors too.
		{"RANGE below its value", editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`,
			map[string]any{"in": map[string]any{"slug": "bad-range", "subject": site, "metric": "jobs", "value": 20, "valueMax": 10,
				"approximation": "RANGE", "date": "2024", "status": "TARGET", "citation": goodCitation}}, "BAD_USER_INPUT",
			"in a RANGE, valueMax must not be less than value"},
		{"second PREFERRED of a claim", editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`,
			map[string]any{"in": map[string]any{"slug": "another-preferred", "subject": site, "metric": "jobs_affected_by_closure", "value": 863,
				"date": "2020-09-16", "status": "ACTUAL", "claim": "bridgestone-bethune/jobs-at-announcement", "rank": "PREFERRED",
				"rankReason": map[string]any{"fr": "test", "en": "test"}, "citation": goodCitation}}, "BAD_USER_INPUT",
			`claim "bridgestone-bethune/jobs-at-announcement": more than one PREFERRED observation`},
		{"blank rank reason", editor, `mutation { updateObservation(slug: "bridgestone-bethune-jobs-at-announcement-jde", expectedVersion: 1, input: {rankReason: {fr: "  ", en: "  "}}) { slug } }`,
			nil, "BAD_USER_INPUT", "rank PREFERRED needs a rankReason"},
	}
	tables := []string{"companies", "sites", "observations", "citations", "audit_entries"}
	before := map[string]int64{}
	for _, tb := range tables {
		before[tb] = rowCount(t, srv, tb)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.QueryAs(t, tc.token, tc.query, tc.vars)
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != tc.code {
				t.Fatalf("want %s: %s", tc.code, resp.Raw)
			}
			if !strings.Contains(resp.Errors[0].Message, tc.says) {
				t.Errorf("want a message that says %q: %s", tc.says, resp.Raw)
			}
		})
	}
	for _, tb := range tables {
		if n := rowCount(t, srv, tb); n != before[tb] {
			t.Errorf("%s: %d rows, was %d: an invalid write left data", tb, n, before[tb])
		}
	}
}

func TestAdminRetractsAFigureThatStaysVisible(t *testing.T) {
	t.Parallel()
	srv, editor, admin := editors(t)
	site := base64.RawURLEncoding.EncodeToString([]byte("Site:bridgestone-bethune"))
	resp := srv.QueryAs(t, editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug version rank citation { quote source { slug } } } }`,
		map[string]any{"in": map[string]any{"slug": "test-jobs-2026", "subject": site, "metric": "jobs", "value": 12, "date": "2026-01", "status": "ESTIMATE",
			"citation": map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": "Aujourd'hui, 60 % du site est réoccupé", "locator": "test"}}})
	resp.Decode(t, &struct{}{})
	// The new figure documents the site (the count search ranks by, migration 00017).
	if n, err := model.StaleDocumented(context.Background(), srv.Store.DB); err != nil || n != 0 {
		t.Errorf("after createObservation: %d records with a stale documented count (%v)", n, err)
	}
	resp = srv.QueryAs(t, admin, `mutation { retractObservation(slug: "test-jobs-2026", expectedVersion: 1, reason: "Entered by mistake") { retracted retractionReason rank rankReason version } }`, nil)
	var r struct {
		RetractObservation struct {
			Retracted              bool
			RetractionReason, Rank string
			RankReason             string
			Version                int
		}
	}
	resp.Decode(t, &r)
	if !r.RetractObservation.Retracted || r.RetractObservation.Rank != "DEPRECATED" || r.RetractObservation.Version != 2 {
		t.Fatalf("retracted %+v", r)
	}
	resp = srv.Query(t, `{ observation(slug: "test-jobs-2026") { value retracted retractionReason } }`, nil)
	var o struct{ Observation *struct{ Retracted bool } }
	resp.Decode(t, &o)
	if o.Observation == nil || !o.Observation.Retracted {
		t.Fatalf("the retracted figure is gone or unflagged: %s", resp.Raw)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestInvalidInputListsEveryProblem: a refused mutation says every problem of its input,
// in the message and in extensions.problems, worded by the record rules.
func TestInvalidInputListsEveryProblem(t *testing.T) {
	srv, editor, _ := editors(t)
	site := base64.RawURLEncoding.EncodeToString([]byte("Site:bridgestone-bethune"))
	resp := srv.QueryAs(t, editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`,
		map[string]any{"in": map[string]any{"slug": "-bad-", "subject": site, "metric": "jobs", "valueMax": 3,
			"date": "2024", "periodStart": "2025-01", "rank": "NORMAL", "dimension": "outcome",
			"citation": map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": "x", "locator": " "}}})
	if len(resp.Errors) != 1 || resp.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("want one BAD_USER_INPUT: %s", resp.Raw)
	}
	want := []string{
		`slug "-bad-": dashes go between words (no leading, trailing or double dash)`,
		`periodStart "2025-01" and date "2024" must have the same precision`,
		"citation.locator is required: where the passage sits in the document",
		"value is required",
		"valueMax goes with approximation RANGE, and RANGE needs valueMax",
		"status is required (ACTUAL, TARGET, FORECAST, ANNOUNCED or ESTIMATE)",
		"rank NORMAL needs a claim: a record without a claim is the only claim of its fact, so its PREFERRED one",
		"dimension and category go together",
	}
	problems, _ := resp.Errors[0].Extensions["problems"].([]any)
	got := make([]string, len(problems))
	for i, p := range problems {
		got[i], _ = p.(string)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if msg := resp.Errors[0].Message; msg != "invalid input: "+strings.Join(want, "; ") {
		t.Errorf("message %q", msg)
	}
	apitest.AssertNoLeak(t, resp.Raw)
}

// TestClaimGroupsUnderEdits: an edit cannot make a claim group wrong (a second
// PREFERRED, a disagreement without reasons), but a group that was wrong before (here
// a reason lost outside the API) does not block the edits that do not add to it, and
// can be repaired one observation at a time.
func TestClaimGroupsUnderEdits(t *testing.T) {
	srv, editor, _ := editors(t)
	const claim = "bridgestone-bethune/jobs-at-announcement"
	if err := srv.Store.DB.Exec(`UPDATE observations SET rank_reason_fr = '', rank_reason_en = '' WHERE slug = ?`, "bridgestone-bethune-jobs-at-announcement-cabbalr").Error; err != nil {
		t.Fatal(err)
	}
	site := base64.RawURLEncoding.EncodeToString([]byte("Site:bridgestone-bethune"))
	create := func(value float64, rank, reason string) *apitest.Response {
		in := map[string]any{"slug": "claim-test", "subject": site, "metric": "jobs_affected_by_closure", "value": value,
			"date": "2020-09-16", "status": "ACTUAL", "claim": claim, "rank": rank,
			"citation": map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": "Aujourd'hui, 60 % du site est réoccupé", "locator": "test"}}
		if reason != "" {
			in["rankReason"] = map[string]any{"fr": reason, "en": reason}
		}
		return srv.QueryAs(t, editor, `mutation($in: ObservationInput!) { createObservation(input: $in) { slug } }`, map[string]any{"in": in})
	}
	update := func(slug, input string) *apitest.Response {
		return srv.QueryAs(t, editor, `mutation { updateObservation(slug: "`+slug+`", expectedVersion: 1, input: `+input+`) { slug } }`, nil)
	}
	steps := []struct {
		name string
		resp func() *apitest.Response
		says string // "" when the write is accepted
	}{
		{"a member with its reason is edited", func() *apitest.Response {
			return update("bridgestone-bethune-jobs-at-announcement-jde", `{note: {fr: "Vérifié de nouveau.", en: "Checked again."}}`)
		}, ""},
		{"the member without a reason must give one", func() *apitest.Response {
			return update("bridgestone-bethune-jobs-at-announcement-cabbalr", `{note: {fr: "Vérifié de nouveau.", en: "Checked again."}}`)
		}, `claim "` + claim + `": the observations of the claim disagree: each needs a rankReason`},
		{"a second PREFERRED", func() *apitest.Response { return create(863, "PREFERRED", "Same figure") },
			`claim "` + claim + `": more than one PREFERRED observation`},
		{"a newcomer without a reason", func() *apitest.Response { return create(863, "NORMAL", "") },
			`claim "` + claim + `": the observations of the claim disagree: each needs a rankReason`},
		{"the group is repaired", func() *apitest.Response {
			return update("bridgestone-bethune-jobs-at-announcement-cabbalr", `{rankReason: {fr: "Compte des salariés, pas des emplois.", en: "Counts employees, not jobs."}}`)
		}, ""},
		{"a newcomer with a reason", func() *apitest.Response { return create(850, "NORMAL", "A third count") }, ""},
	}
	for _, st := range steps {
		r := st.resp()
		switch {
		case st.says == "" && len(r.Errors) > 0:
			t.Errorf("%s: refused: %s", st.name, r.Raw)
		case st.says != "" && (len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, st.says)):
			t.Errorf("%s: want %q: %s", st.name, st.says, r.Raw)
		}
	}
}

// The data version (dataset.dataVersion, in the ETags) counts the writes; the dataset
// version (dataset.release) is the curated dataset's and does not move with them.
func TestDataVersionCountsTheWrites(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	const q = `{ dataset { dataVersion release { version releasedOn } } }`
	read := func() (string, string) {
		var got struct {
			Dataset struct {
				DataVersion string
				Release     struct{ Version, ReleasedOn string }
			}
		}
		srv.Query(t, q, nil).Decode(t, &got)
		if got.Dataset.Release.Version == "" || got.Dataset.Release.ReleasedOn == "" || got.Dataset.DataVersion == "" {
			t.Fatalf("dataset: %+v", got)
		}
		return got.Dataset.DataVersion, got.Dataset.Release.Version
	}
	v0, release0 := read()
	if v, _ := read(); v != v0 {
		t.Fatalf("a read moved the data version: %s then %s", v0, v)
	}
	resp := srv.QueryAs(t, editor, `mutation { updateSite(slug: "bridgestone-bethune", expectedVersion: 1, input: {address: "Rue de l'usine"}) { version } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Raw)
	}
	v1, release1 := read()
	if v1 == v0 || release1 != release0 {
		t.Fatalf("after a write: data version %s → %s, release %s → %s", v0, v1, release0, release1)
	}
}
