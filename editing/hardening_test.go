package editing_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/reindustrie/observatory/internal/apitest"
)

// The data side of the hostile review (issue "Hardening II"): what an editor's write
// must not be able to do, each with its positive control.

const createObs = `mutation($in: ObservationInput!) { createObservation(input: $in) { slug version } }`

func siteID(slug string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("Site:" + slug))
}

func citation(quote string) map[string]any {
	return map[string]any{"source": "cabbalr-2025-09-dossier-de-presse", "quote": quote, "locator": "test"}
}

func wantCode(t *testing.T, name string, r *apitest.Response, code, says string) {
	t.Helper()
	if len(r.Errors) == 0 || r.Errors[0].Code() != code || !strings.Contains(r.Errors[0].Message, says) {
		t.Errorf("%s: want %s saying %q: %s", name, code, says, r.Raw)
	}
	for _, leak := range []string{"SQLSTATE", "pq:", "sqlite", "goroutine", "invalid byte sequence"} {
		if strings.Contains(string(r.Raw), leak) {
			t.Errorf("%s: the answer leaks %q: %s", name, leak, r.Raw)
		}
	}
}

func wantOK(t *testing.T, name string, r *apitest.Response) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %s", name, r.Raw)
	}
}

// TestRetractedFiguresStayFrozen: once an admin retracts a figure, neither an editor
// nor an admin can change it (the review saw an editor set it back to PREFERRED with a
// new value while it stayed retracted); a second retraction is refused; only an admin
// reinstates it, with a reason, in the audit trail; then it can be edited again.
func TestRetractedFiguresStayFrozen(t *testing.T) {
	t.Parallel()
	srv, editor, admin := editors(t)
	wantOK(t, "create", srv.QueryAs(t, editor, createObs, map[string]any{"in": map[string]any{
		"slug": "frozen-jobs", "subject": siteID("bridgestone-bethune"), "metric": "jobs", "value": 12, "date": "2026-01",
		"status": "ESTIMATE", "citation": citation("Aujourd'hui, 60 % du site est réoccupé")}}))
	wantOK(t, "retract", srv.QueryAs(t, admin, `mutation { retractObservation(slug: "frozen-jobs", expectedVersion: 1, reason: "Entered by mistake") { version } }`, nil))

	update := `mutation { updateObservation(slug: "frozen-jobs", expectedVersion: 2, input: {value: 99, rank: PREFERRED, rankReason: {fr: "x", en: "x"}}) { value } }`
	wantCode(t, "an editor updating a retracted figure", srv.QueryAs(t, editor, update, nil), "FORBIDDEN", "is retracted")
	wantCode(t, "an admin updating a retracted figure", srv.QueryAs(t, admin, update, nil), "FORBIDDEN", "reinstateObservation")
	wantCode(t, "a second retraction", srv.QueryAs(t, admin, `mutation { retractObservation(slug: "frozen-jobs", expectedVersion: 2, reason: "again") { version } }`, nil),
		"BAD_USER_INPUT", "already retracted")
	wantCode(t, "an editor reinstating", srv.QueryAs(t, editor, `mutation { reinstateObservation(slug: "frozen-jobs", expectedVersion: 2, reason: "mine") { version } }`, nil),
		"FORBIDDEN", "role does not allow")
	wantCode(t, "a reinstatement without a reason", srv.QueryAs(t, admin, `mutation { reinstateObservation(slug: "frozen-jobs", expectedVersion: 2, reason: " ") { version } }`, nil),
		"BAD_USER_INPUT", "needs a reason")

	var still struct {
		Observation struct {
			Value     float64
			Retracted bool
			Rank      string
		}
	}
	srv.Query(t, `{ observation(slug: "frozen-jobs") { value retracted rank } }`, nil).Decode(t, &still)
	if still.Observation.Value != 12 || !still.Observation.Retracted || still.Observation.Rank != "DEPRECATED" {
		t.Fatalf("the refused writes changed the retracted figure: %+v", still)
	}

	// Positive control: an admin reinstates it, then an editor can correct it.
	var back struct {
		ReinstateObservation struct {
			Retracted  bool
			Rank       string
			RankReason string
			Version    int
		}
	}
	srv.QueryAs(t, admin, `mutation { reinstateObservation(slug: "frozen-jobs", expectedVersion: 2, reason: "Checked against the source") { retracted rank rankReason(lang: EN) version } }`, nil).Decode(t, &back)
	if r := back.ReinstateObservation; r.Retracted || r.Rank != "PREFERRED" || r.Version != 3 || !strings.Contains(r.RankReason, "Checked against the source") {
		t.Fatalf("reinstated: %+v", r)
	}
	wantOK(t, "editing the reinstated figure", srv.QueryAs(t, editor, `mutation { updateObservation(slug: "frozen-jobs", expectedVersion: 3, input: {value: 13}) { value } }`, nil))

	var trail struct {
		AuditTrail []struct{ Action, Actor, Reason string }
	}
	srv.QueryAs(t, admin, `{ auditTrail(entity: "`+base64.RawURLEncoding.EncodeToString([]byte("Observation:frozen-jobs"))+`") { action actor reason } }`, nil).Decode(t, &trail)
	var actions []string
	for _, e := range trail.AuditTrail {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "UPDATE REINSTATE RETRACT CREATE" {
		t.Fatalf("audit trail, newest first: %s", got)
	}
	if r := trail.AuditTrail[1]; r.Actor != "bob" || r.Reason != "Checked against the source" {
		t.Errorf("the reinstatement's entry: %+v", r)
	}
}

// TestRetractedEdgesAreReinstatedByAnAdmin: the same for a relationship of the graph.
func TestRetractedEdgesAreReinstatedByAnAdmin(t *testing.T) {
	t.Parallel()
	srv, editor, admin := editors(t)
	wantOK(t, "retract", srv.QueryAs(t, admin, `mutation { retractRelationship(slug: "sig-subsidiary-of-logs", expectedVersion: 1, reason: "test") { version } }`, nil))
	wantCode(t, "retracting twice", srv.QueryAs(t, admin, `mutation { retractRelationship(slug: "sig-subsidiary-of-logs", expectedVersion: 2, reason: "test") { version } }`, nil),
		"BAD_USER_INPUT", "already retracted")
	wantCode(t, "an editor reinstating", srv.QueryAs(t, editor, `mutation { reinstateRelationship(slug: "sig-subsidiary-of-logs", expectedVersion: 2, reason: "x") { version } }`, nil),
		"FORBIDDEN", "role does not allow")
	var back struct {
		ReinstateRelationship struct {
			Retracted bool
			Version   int
		}
	}
	srv.QueryAs(t, admin, `mutation { reinstateRelationship(slug: "sig-subsidiary-of-logs", expectedVersion: 2, reason: "restored") { retracted version } }`, nil).Decode(t, &back)
	if back.ReinstateRelationship.Retracted || back.ReinstateRelationship.Version != 3 {
		t.Fatalf("reinstated edge: %+v", back)
	}
	wantCode(t, "reinstating what is not retracted", srv.QueryAs(t, admin, `mutation { reinstateRelationship(slug: "sig-subsidiary-of-logs", expectedVersion: 3, reason: "x") { version } }`, nil),
		"BAD_USER_INPUT", "is not retracted")
}

// TestControlCharactersAreRefused: a NUL or another control character in a quote, a
// name or any text is refused as BAD_USER_INPUT on both stores (the review saw driver
// text and INTERNAL_SERVER_ERROR on PostgreSQL, and SQLite storing them), nothing is
// written; newlines stay allowed in long texts.
func TestControlCharactersAreRefused(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	tables := []string{"companies", "observations", "citations", "audit_entries"}
	before := map[string]int64{}
	for _, tb := range tables {
		before[tb] = rowCount(t, srv, tb)
	}
	obs := func(slug, quote string) map[string]any {
		return map[string]any{"in": map[string]any{"slug": slug, "subject": siteID("bridgestone-bethune"), "metric": "jobs", "value": 12,
			"date": "2026-01", "status": "ESTIMATE", "citation": citation(quote)}}
	}
	wantCode(t, "NUL in a quote", srv.QueryAs(t, editor, createObs, obs("nul-quote", "60 %\x00 du site")), "BAD_USER_INPUT", "quote")
	wantCode(t, "escape in a quote", srv.QueryAs(t, editor, createObs, obs("esc-quote", "60 %\x1b[31m du site")), "BAD_USER_INPUT", "quote")
	wantCode(t, "NUL in a company name", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "nul-name", "name": "Black\x00Star"}}),
		"BAD_USER_INPUT", "name")
	wantCode(t, "newline in a name", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "nl-name", "name": "Black\nStar"}}),
		"BAD_USER_INPUT", "name")
	wantCode(t, "NUL in a description", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "nul-desc", "name": "Fine",
		"description": map[string]any{"fr": "a\x00b", "en": "ab"}}}), "BAD_USER_INPUT", "description")
	for _, tb := range tables {
		if n := rowCount(t, srv, tb); n != before[tb] {
			t.Errorf("%s: %d rows, was %d: a refused write left data", tb, n, before[tb])
		}
	}

	// NUL in what is read, not written: a search text, an ID that decodes to a NUL.
	r := srv.Query(t, `query($q: String!) { search(text: $q) { name } }`, map[string]any{"q": "bridge\x00stone"})
	if len(r.Errors) > 0 && r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("NUL in a search: %s", r.Raw)
	}
	r = srv.Query(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": siteID("bridge\x00stone")})
	if len(r.Errors) > 0 && r.Errors[0].Code() != "BAD_USER_INPUT" && r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("an ID that decodes to a NUL: %s", r.Raw)
	}
	if strings.Contains(string(r.Raw), "INTERNAL") {
		t.Errorf("an ID that decodes to a NUL: %s", r.Raw)
	}

	// Positive control: a long text keeps its newlines.
	wantOK(t, "newline in a description", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "two-lines", "name": "Two Lines",
		"description": map[string]any{"fr": "Première ligne.\nSeconde ligne.", "en": "First line.\nSecond line."}}}))
}

// TestFiguresStayWithinTheirUnit: 1e308 employees twice (which overflowed the
// unfiltered aggregate for everyone) and −823 employees are refused; a percentage
// above 100 too; a javascript: website is refused; the aggregate still answers and a
// plausible figure is still accepted.
func TestFiguresStayWithinTheirUnit(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	fig := func(slug, metric string, value float64) map[string]any {
		return map[string]any{"in": map[string]any{"slug": slug, "subject": siteID("bridgestone-bethune"), "metric": metric, "value": value,
			"date": "2026-01", "status": "ESTIMATE", "citation": citation("Aujourd'hui, 60 % du site est réoccupé")}}
	}
	for _, slug := range []string{"huge-1", "huge-2"} {
		wantCode(t, "1e308 employees", srv.QueryAs(t, editor, createObs, fig(slug, "employees", 1e308)), "BAD_USER_INPUT", "value")
	}
	wantCode(t, "−823 employees", srv.QueryAs(t, editor, createObs, fig("negative", "employees", -823)), "BAD_USER_INPUT", "value")
	wantCode(t, "a share of 140 %", srv.QueryAs(t, editor, createObs, fig("share", "industrial_jobs_share", 140)), "BAD_USER_INPUT", "value")
	wantCode(t, "a javascript: website", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "js", "name": "JS",
		"website": "javascript:alert(1)"}}), "BAD_USER_INPUT", "website")

	wantOK(t, "a plausible figure", srv.QueryAs(t, editor, createObs, fig("plausible", "employees", 823)))
	wantOK(t, "a https website", srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{"slug": "web", "name": "Web",
		"website": "https://example.org/"}}))
	wantOK(t, "the unfiltered aggregate", srv.Query(t, `{ observationAggregate(groupBy: [METRIC]) { groups { metric { code } sum count } } }`, nil))
}

// TestAuditEntriesArePublic: the audit trail's before/after JSON uses the API's
// names (GraphQL field names, global IDs, metric codes, the citation as source, quote
// and locator, texts in both languages), never Go field names or numeric ids.
func TestAuditEntriesArePublic(t *testing.T) {
	t.Parallel()
	srv, editor, admin := editors(t)
	wantOK(t, "create", srv.QueryAs(t, editor, createObs, map[string]any{"in": map[string]any{
		"slug": "audited", "subject": siteID("bridgestone-bethune"), "metric": "jobs", "value": 12, "date": "2026-01",
		"status": "ESTIMATE", "note": map[string]any{"fr": "Note.", "en": "Note."}, "citation": citation("Aujourd'hui, 60 % du site est réoccupé")}}))
	wantOK(t, "update", srv.QueryAs(t, editor, `mutation { updateObservation(slug: "audited", expectedVersion: 1, input: {value: 13}) { value } }`, nil))
	var trail struct {
		AuditTrail []struct{ Action, EntityType, EntitySlug, Before, After string }
	}
	srv.QueryAs(t, admin, `{ auditTrail(first: 1) { action entityType entitySlug before after } }`, nil).Decode(t, &trail)
	if len(trail.AuditTrail) != 1 || trail.AuditTrail[0].EntitySlug != "audited" {
		t.Fatalf("audit trail: %+v", trail)
	}
	for name, doc := range map[string]string{"before": trail.AuditTrail[0].Before, "after": trail.AuditTrail[0].After} {
		var rec map[string]any
		if err := json.Unmarshal([]byte(doc), &rec); err != nil {
			t.Fatalf("%s: %v: %s", name, err, doc)
		}
		for _, private := range []string{"ID", "id", "SubjectID", "subjectID", "MetricID", "metricID", "CitationID", "searchText", "Slug", "Value"} {
			if _, ok := rec[private]; ok {
				t.Errorf("%s shows %q: %s", name, private, doc)
			}
		}
		if rec["subject"] != siteID("bridgestone-bethune") || rec["metric"] != "jobs" || rec["slug"] != "audited" {
			t.Errorf("%s: subject, metric or slug not in public form: %s", name, doc)
		}
		cite, _ := rec["citation"].(map[string]any)
		if cite["source"] != "cabbalr-2025-09-dossier-de-presse" || cite["quote"] == nil || cite["locator"] != "test" {
			t.Errorf("%s: citation not as source, quote and locator: %s", name, doc)
		}
		note, _ := rec["note"].(map[string]any)
		if note["fr"] != "Note." || note["en"] != "Note." {
			t.Errorf("%s: note not in both languages: %s", name, doc)
		}
	}
	if !strings.Contains(trail.AuditTrail[0].Before, `"value":12`) || !strings.Contains(trail.AuditTrail[0].After, `"value":13`) {
		t.Errorf("before/after values: %+v", trail.AuditTrail[0])
	}
}
