package graph

import (
	"context"
	"sort"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/internal/export"
	"github.com/reindustrie/observatory/model"
	"gorm.io/gorm"
)

// What the API says of its dataset.
var (
	DatasetTitle = model.Bi("Observatoire de la réindustrialisation — Béthune-Bruay après Bridgestone",
		"Observatoire de la réindustrialisation — Béthune-Bruay after Bridgestone")
	DatasetDescription = model.Bi(
		"Chaque chiffre, chaque date et chaque affirmation de cinq documents publics sur la fermeture de l’usine Bridgestone de Béthune (2020-2021) et le redressement du territoire de Béthune-Bruay, en données citées : chaque enregistrement reprend mot pour mot le passage de sa source. Quand les sources se contredisent, chaque affirmation est gardée, classée, avec la raison ; les totaux comptent chaque fait une fois (son affirmation retenue), les chiffres sont connus à partir de la date de publication de leur passage, et l’argent dit qui paie. La géographie administrative française (régions, départements, EPCI, communes, leurs populations INSEE) vient des données ouvertes officielles, citées comme une source. Ce qui a changé d’une version à l’autre est dans le journal des corrections.",
		"Every figure, date and claim of five public documents on the closure of the Bridgestone plant in Béthune (2020-2021) and the recovery of the Béthune-Bruay territory, as cited data: each record quotes the passage of its source verbatim. Where sources disagree, every claim is kept, ranked, with the reason; totals count each fact once (its preferred claim), figures are known from the date their passage was published, and money says who pays. The French administrative geography (régions, départements, EPCI, communes, their INSEE populations) comes from the official open data, cited as a source. What changed between releases is in the corrections log.")
)

// DatasetLicenceURL is the text of the dataset's licence.
const DatasetLicenceURL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

// DatasetLicence is the licence statement of the dataset.
const DatasetLicence = "Licence Ouverte / Open Licence 2.0 (Etalab) for the curated data and the administrative geography (@etalab/decoupage-administratif); commune points from GeoNames (CC BY 4.0). Quoted passages remain their publishers' and are quoted for reference."

// NewDisagreementConnection reads one page of the disputed claims, those whose
// compatibility is compatible when it is not nil, by claim key: the resolver of
// Query.disagreements and the compiled read path both read it here.
func NewDisagreementConnection(ctx context.Context, db *gorm.DB, first *int, after *string, compatible *bool) (*gqlmodel.DisagreementConnection, error) {
	args := model.PageArgs{First: first}
	size, err := args.Size()
	if err != nil {
		return nil, err
	}
	from := ""
	if after != nil && *after != "" {
		c, err := model.DecodeCursor(*after)
		if err != nil {
			return nil, err
		}
		key, ok := c.Key.(string)
		if !ok {
			return nil, model.ErrBadCursor
		}
		from = key
	}
	var (
		claims []string
		count  gqlmodel.Counter
	)
	if compatible == nil {
		claims, err = model.DisputedClaims(ctx, db, from, size+1)
		count = func(ctx context.Context) (int64, error) { return model.CountDisputedClaims(ctx, db) }
	} else {
		claims, count, err = claimsByCompatibility(ctx, db, *compatible, from, size+1)
	}
	if err != nil {
		return nil, err
	}
	hasNext := len(claims) > size
	if hasNext {
		claims = claims[:size]
	}
	conn := &gqlmodel.DisagreementConnection{Count: count}
	cursors := make([]string, len(claims))
	for i, c := range claims {
		cursors[i] = model.Cursor{Key: c, ID: int64(i + 1)}.Encode()
		d := &gqlmodel.Disagreement{Claim: c}
		conn.Nodes = append(conn.Nodes, d)
		conn.Edges = append(conn.Edges, &gqlmodel.DisagreementEdge{Cursor: cursors[i], Node: d})
	}
	conn.PageInfo = pageInfo(cursors, hasNext, from != "")
	return conn, nil
}

// claimsByCompatibility lists the disputed claims after from whose compatibility is
// want, up to limit, and a counter of all of them.
func claimsByCompatibility(ctx context.Context, db *gorm.DB, want bool, from string, limit int) ([]string, gqlmodel.Counter, error) {
	compat, err := model.ClaimCompatibility(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	var all []string
	for c, ok := range compat {
		if ok == want {
			all = append(all, c)
		}
	}
	sort.Strings(all)
	var page []string
	for _, c := range all {
		if c > from && len(page) < limit {
			page = append(page, c)
		}
	}
	n := int64(len(all))
	return page, func(context.Context) (int64, error) { return n, nil }, nil
}

// NewDataset describes the dataset: its licence, its files and their addresses, without
// its releases (the caller reads them when asked). The resolver and the compiled read
// path both build it here.
func NewDataset() *gqlmodel.Dataset {
	d := &gqlmodel.Dataset{
		Licence:        DatasetLicence,
		LicenceURL:     DatasetLicenceURL,
		ArchiveURL:     "/download/observatory.zip",
		SchemaURL:      "/schema.graphql",
		DataPackageURL: "/download/" + export.DataPackageName,
		DescriptionURL: "/download/dataset.jsonld",
		FormatVersion:  export.FormatVersion,
	}
	for _, k := range export.Kinds() {
		d.Downloads = append(d.Downloads, &gqlmodel.Download{
			Kind: k.Name, Descriptions: k.Description(), Columns: k.Columns(),
			CSVURL: "/download/" + k.Name + ".csv", JSONURL: "/download/" + k.Name + ".json",
		})
	}
	return d
}
