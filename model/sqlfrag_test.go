package model_test

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/reindustrie/observatory/internal/fixture"
	"github.com/reindustrie/observatory/internal/store"
	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
)

func TestNumbered(t *testing.T) {
	cases := []struct {
		in       model.Cond
		start    int
		wantSQL  string
		wantArgs []any
	}{
		{model.Cond{SQL: "a = ? AND b IN ?", Args: []any{1, []string{"x", "y"}}}, 1, "a = $1 AND b IN ($2, $3)", []any{1, "x", "y"}},
		{model.Cond{SQL: "s LIKE ? ESCAPE '\\' AND t = '?'", Args: []any{"%a%"}}, 4, "s LIKE $4 ESCAPE '\\' AND t = '?'", []any{"%a%"}},
		{model.Cond{SQL: "k IN ?", Args: []any{[]int64{}}}, 1, "k IN (NULL)", nil},
	}
	for _, c := range cases {
		sql, args := model.Numbered(c.in, c.start)
		if sql != c.wantSQL || !reflect.DeepEqual(args, c.wantArgs) {
			t.Errorf("Numbered(%q) = %q %v, want %q %v", c.in.SQL, sql, args, c.wantSQL, c.wantArgs)
		}
	}
}

// TestFiltersRunOnPgxAsOnGorm runs the filters of the root lists through gorm and, on
// PostgreSQL, as plain numbered SQL on the pgx driver: the same rows either way.
func TestFiltersRunOnPgxAsOnGorm(t *testing.T) {
	s := testdb.New(t)
	fixture.Explore(t, s.DB)
	ctx := context.Background()
	str := func(v string) *string { return &v }
	cases := []struct {
		name  string
		table string
		rows  model.Rows
	}{
		{"sites within a territory, by activity", "sites", model.SiteRows(model.SiteFilter{Territory: str("epci-200072460"), Activity: str("batterie")})},
		{"sites near a point", "sites", model.SiteRows(model.SiteFilter{Near: &model.Near{Latitude: 50.5, Longitude: 2.6, RadiusKm: 50}})},
		{"territories within, by name", "territories", model.TerritoryRows(model.TerritoryFilter{Within: str("departement-62"), Name: str("bet")})},
		{"companies of a site", "companies", model.CompanyRows(model.CompanyFilter{Site: str("bridgestone-bethune")})},
		{"subsidies within a territory", "subsidies", model.SubsidyRows(model.SubsidyFilter{Territory: str("epci-200072460"), MinAmount: new(float64)})},
		{"observations within, known at", "observations", model.ObservationRows(model.ObservationFilter{Territory: str("epci-200072460"), KnownAt: str("2024-12-31"), Statuses: []model.ObservationStatus{model.StatusActual, model.StatusTarget}})},
		{"events of kinds", "events", model.EventRows(model.EventFilter{Kinds: []model.EventKind{model.EventClosure}})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var viaGorm []int64
			if err := c.rows.Query(s.DB.WithContext(ctx), models[c.table]).Pluck(c.table+".id", &viaGorm).Error; err != nil {
				t.Fatal(err)
			}
			sort.Slice(viaGorm, func(i, j int) bool { return viaGorm[i] < viaGorm[j] })
			if s.Dialect != store.Postgres {
				return
			}
			fromSQL, fromArgs := model.Numbered(c.rows.From, 1)
			where, whereArgs := model.Numbered(c.rows.Where.Joined(), 1+len(fromArgs))
			sqlDB, _ := s.DB.DB()
			rs, err := sqlDB.QueryContext(ctx, "SELECT "+c.table+".id FROM "+fromSQL+" WHERE "+where+" ORDER BY 1", append(fromArgs, whereArgs...)...)
			if err != nil {
				t.Fatalf("%v\n%s %s", err, fromSQL, where)
			}
			defer rs.Close()
			var viaPgx []int64
			for rs.Next() {
				var id int64
				_ = rs.Scan(&id)
				viaPgx = append(viaPgx, id)
			}
			if !reflect.DeepEqual(viaPgx, viaGorm) || len(viaGorm) == 0 {
				t.Errorf("pgx %v, gorm %v", viaPgx, viaGorm)
			}
		})
	}
}

var models = map[string]any{"sites": &model.Site{}, "territories": &model.Territory{}, "companies": &model.Company{},
	"subsidies": &model.Subsidy{}, "observations": &model.Observation{}, "events": &model.Event{}}
