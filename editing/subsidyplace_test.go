package editing_test

import (
	"context"
	"testing"

	"github.com/reindustrie/observatory/model"
)

// A company moved by an editor (updateCompany) takes its subsidies with it: the
// aggregates by territory read the subsidies' place columns (migration 00008), which the
// database resolves again when the recipient's commune changes.
func TestEditedCompanyTakesItsSubsidiesAlong(t *testing.T) {
	t.Parallel()
	srv, editor, _ := editors(t)
	resp := srv.QueryAs(t, editor, createCompany, map[string]any{"in": map[string]any{
		"slug": "atelier-mobile", "name": "Atelier mobile", "territory": "commune-62119"}})
	if len(resp.Errors) > 0 {
		t.Fatalf("createCompany: %s", resp.Raw)
	}
	db := srv.Store.DB
	var ids struct{ Company, Programme, Citation int64 }
	if err := db.Raw(`SELECT (SELECT id FROM companies WHERE slug = 'atelier-mobile') AS company,
		(SELECT MIN(id) FROM programmes) AS programme, (SELECT MIN(id) FROM citations) AS citation`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	start := "2024-01-01"
	if err := db.Create(&model.Subsidy{Slug: "aide-atelier-mobile", ProgrammeID: ids.Programme, RecipientID: &ids.Company, AmountEur: 123456,
		Approximation: model.ApproxExact, PeriodStart: &start, Precision: model.PrecisionYear, Status: model.StatusActual, CitationID: ids.Citation}).Error; err != nil {
		t.Fatal(err)
	}
	total := func(territory string) (count int, sum float64) {
		t.Helper()
		resp := srv.Query(t, `query($t: String) { subsidyAggregate(filter: {territory: $t, minAmountEur: 123456, maxAmountEur: 123456}, groupBy: []) { count sumEur } }`,
			map[string]any{"t": territory})
		var data struct {
			SubsidyAggregate struct {
				Count  int
				SumEur float64
			}
		}
		resp.Decode(t, &data)
		return data.SubsidyAggregate.Count, data.SubsidyAggregate.SumEur
	}
	if n, sum := total("departement-62"); n != 1 || sum != 123456 {
		t.Fatalf("in the Pas-de-Calais before the move: %d, %g", n, sum)
	}
	resp = srv.QueryAs(t, editor, `mutation { updateCompany(slug: "atelier-mobile", expectedVersion: 1, input: {territory: "commune-59350"}) { version territory { slug } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("updateCompany: %s", resp.Raw)
	}
	if n, _ := total("departement-62"); n != 0 {
		t.Errorf("still %d in the Pas-de-Calais after the move", n)
	}
	if n, sum := total("departement-59"); n != 1 || sum != 123456 {
		t.Errorf("in the Nord after the move: %d, %g", n, sum)
	}
	if n, err := model.StaleSubsidyPlaces(context.Background(), db); err != nil || n != 0 {
		t.Errorf("%d subsidies with stale place columns (%v)", n, err)
	}
}
