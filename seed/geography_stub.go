package seed

// TEMPORARY until seed/geography.go lands: the geography helper is writing the real
// loadGeography (country, regions, départements, EPCI and communes from
// @etalab/decoupage-administratif). This stub creates only the chain the story needs,
// with the same slugs, codes and paths. Delete this file when seed/geography.go exists.

import (
	"context"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/textnorm"
)

type stubTerritory struct {
	slug, name string
	kind       model.TerritoryKind
	code       string
	parent     string
}

var stubGeography = []stubTerritory{
	{"france", "France", model.TerritoryCountry, "FR", ""},
	{"region-32", "Hauts-de-France", model.TerritoryRegion, "32", "france"},
	{"departement-59", "Nord", model.TerritoryDepartement, "59", "region-32"},
	{"departement-62", "Pas-de-Calais", model.TerritoryDepartement, "62", "region-32"},
	{"epci-200072460", "CA de Béthune-Bruay, Artois-Lys Romane", model.TerritoryEPCI, "200072460", "departement-62"},
	{"epci-245900758", "CC Flandre Lys", model.TerritoryEPCI, "245900758", "departement-59"},
	{"epci-246200364", "CA de Lens - Liévin", model.TerritoryEPCI, "246200364", "departement-62"},
	{"epci-200069029", "CA des Deux Baies en Montreuillois", model.TerritoryEPCI, "200069029", "departement-62"},
	{"commune-62119", "Béthune", model.TerritoryCommune, "62119", "epci-200072460"},
	{"commune-62486", "Lambres-lez-Aire", model.TerritoryCommune, "62486", "epci-200072460"},
	{"commune-62132", "Billy-Berclau", model.TerritoryCommune, "62132", "epci-200072460"},
	{"commune-62051", "Auchy-les-Mines", model.TerritoryCommune, "62051", "epci-200072460"},
	{"commune-62276", "Douvrin", model.TerritoryCommune, "62276", "epci-200072460"},
	{"commune-62727", "Ruitz", model.TerritoryCommune, "62727", "epci-200072460"},
	{"commune-62617", "Nœux-les-Mines", model.TerritoryCommune, "62617", "epci-200072460"},
	{"commune-62480", "Labourse", model.TerritoryCommune, "62480", "epci-200072460"},
	{"commune-62126", "Beuvry", model.TerritoryCommune, "62126", "epci-200072460"},
	{"commune-62178", "Bruay-la-Buissière", model.TerritoryCommune, "62178", "epci-200072460"},
	{"commune-62498", "Lens", model.TerritoryCommune, "62498", "epci-246200364"},
	{"commune-62318", "Étaples", model.TerritoryCommune, "62318", "epci-200069029"},
}

func loadGeography(ctx context.Context, tx *gorm.DB) error {
	tx = tx.WithContext(ctx)
	ids := map[string]int64{}
	paths := map[string]string{}
	for _, s := range stubGeography {
		code := s.code
		row := model.Territory{Slug: s.slug, Name: s.name, Kind: s.kind, Code: &code, Path: "/" + s.slug + "/",
			SearchText: textnorm.Join(s.name, code)}
		if s.parent != "" {
			pid := ids[s.parent]
			row.ParentID = &pid
			row.Path = paths[s.parent] + s.slug + "/"
		}
		if err := upsert(tx, []model.Territory{row}, "slug"); err != nil {
			return err
		}
		got, err := idsBySlug(tx, "territories", "slug", []string{s.slug})
		if err != nil {
			return err
		}
		ids[s.slug], paths[s.slug] = got[s.slug], row.Path
	}
	return nil
}
