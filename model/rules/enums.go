package rules

import "github.com/reindustrie/observatory/model"

// Units is the closed list of units a metric (and so an observation) may use.
var Units = map[string]string{
	"EUR":                    "euros",
	"EUR_PER_SENIORITY_YEAR": "euros per year of seniority",
	"JOBS":                   "jobs (positions created, planned or threatened)",
	"PEOPLE":                 "people (employees, workers, former workers)",
	"INHABITANTS":            "inhabitants",
	"COMPANIES":              "companies",
	"PROJECTS":               "projects",
	"AID_FILES":              "aid files (applications granted)",
	"SITES":                  "industrial sites",
	"M2":                     "square metres",
	"HA":                     "hectares",
	"DAYS":                   "days (of work)",
	"HOURS":                  "hours (of travel)",
	"GWH":                    "gigawatt-hours (of yearly production capacity)",
	"PERCENT":                "per cent",
	"RATIO":                  "ratio (2 = doubled)",
	"YEARS":                  "years",
	"COUNT":                  "a number of things, named by the metric",
	"RANK":                   "a rank (1 = first)",
	"TERRITORIES":            "territories",
	"COMMUNES":               "communes",
	"ZONES":                  "business zones",
	"COURSES":                "training courses",
	"POLICY_STRANDS":         "strands of a policy",
}

// The values of each enumeration, in the order the schema gives them.
var (
	// SourceKinds are the kinds of source document.
	SourceKinds = []model.SourceKind{model.SourcePressArticle, model.SourcePressRelease, model.SourcePressKit,
		model.SourceNewsPost, model.SourceDataset, model.SourceReport}
	// LocationPrecisions are the precisions of a location.
	LocationPrecisions = []model.LocationPrecision{model.LocationExact, model.LocationStreet, model.LocationCommune,
		model.LocationApproximate}
	// SiteStatuses are the states of a site.
	SiteStatuses = []model.SiteStatus{model.SiteOperating, model.SiteClosing, model.SiteClosed, model.SiteUnderConversion,
		model.SiteReoccupied, model.SitePlanned}
	// CompanyKinds are the kinds of organisation.
	CompanyKinds = []model.CompanyKind{model.CompanyBusiness, model.CompanyPublicBody, model.CompanyResearch,
		model.CompanyEducation, model.CompanyCluster, model.CompanyAssociation, model.CompanyInvestor}
	// ProgrammeLevels are the levels of a funding programme.
	ProgrammeLevels = []model.ProgrammeLevel{model.LevelEuropean, model.LevelNational, model.LevelRegional,
		model.LevelLocal, model.LevelPrivate}
	// Statuses are the statuses of a figure or an event.
	Statuses = []model.ObservationStatus{model.StatusActual, model.StatusTarget, model.StatusForecast,
		model.StatusAnnounced, model.StatusEstimate}
	// Ranks are the ranks of a claim.
	Ranks = []model.Rank{model.RankPreferred, model.RankNormal, model.RankDeprecated}
	// Approximations are the qualifiers of a value.
	Approximations = []model.Approximation{model.ApproxExact, model.ApproxAbout, model.ApproxMoreThan,
		model.ApproxLessThan, model.ApproxRange}
	// EventKinds are the kinds of event.
	EventKinds = []model.EventKind{model.EventAnnouncement, model.EventClosure, model.EventAgreementSigned,
		model.EventSiteHandedOver, model.EventMinisterialVisit, model.EventLabelAwarded, model.EventProductionStarted,
		model.EventOpening, model.EventMeeting, model.EventDemonstration, model.EventPublication,
		model.EventProgrammeLaunched, model.EventBuildingPermit, model.EventWorksStarted}
	// RelationshipKinds are the types of edge.
	RelationshipKinds = []model.RelationshipKind{model.RelSupplies, model.RelOperates, model.RelOccupies,
		model.RelSucceeds, model.RelSubsidiaryOf, model.RelPartnerOf, model.RelMemberOf, model.RelSupports,
		model.RelInvestsIn, model.RelLocatedIn, model.RelValueChain}
	// FunderKinds are the kinds of funder (who pays).
	FunderKinds = []model.FunderKind{model.FunderState, model.FunderRegion, model.FunderEU, model.FunderLocalAuthority,
		model.FunderPublicBank, model.FunderPrivateCompany}
	// MoneyScopes are the levels an amount is counted at.
	MoneyScopes = []model.MoneyScope{model.ScopeNationalEnvelope, model.ScopeTerritorialAllocation, model.ScopeIndividualGrant}
	// OccupancyStatuses are the states of an occupancy.
	OccupancyStatuses = []model.OccupancyStatus{model.OccupancyAnnounced, model.OccupancyActive, model.OccupancyEnded}
	// PartsKinds are the kinds of the parts of a breakdown.
	PartsKinds = []model.PartsKind{model.PartsObservations, model.PartsOccupancyAreas}
)
