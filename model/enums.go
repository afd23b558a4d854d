package model

// The enumerations below are stored in the database as their GraphQL names, so the
// API, the seed files and the tables all speak the same words.

// Precision says how much of a date is known: "2022" is a YEAR, not 1 January 2022.
type Precision string

// Precisions of a date.
const (
	PrecisionDay   Precision = "DAY"
	PrecisionMonth Precision = "MONTH"
	PrecisionYear  Precision = "YEAR"
)

// TerritoryKind is the level of a territory.
type TerritoryKind string

// Kinds of territory.
const (
	TerritoryCountry        TerritoryKind = "COUNTRY"
	TerritoryRegion         TerritoryKind = "REGION"
	TerritoryDepartement    TerritoryKind = "DEPARTEMENT"
	TerritoryEPCI           TerritoryKind = "EPCI"
	TerritoryCommune        TerritoryKind = "COMMUNE"
	TerritoryIndustrialZone TerritoryKind = "INDUSTRIAL_ZONE"
	TerritoryGrouping       TerritoryKind = "GROUPING"
)

// LocationPrecision says how exact a point is.
type LocationPrecision string

// Precisions of a location.
const (
	LocationExact       LocationPrecision = "EXACT"
	LocationStreet      LocationPrecision = "STREET"
	LocationCommune     LocationPrecision = "COMMUNE"
	LocationApproximate LocationPrecision = "APPROXIMATE"
)

// SiteStatus is the state of an industrial site over time.
type SiteStatus string

// States of a site.
const (
	SiteOperating       SiteStatus = "OPERATING"
	SiteClosing         SiteStatus = "CLOSING"
	SiteClosed          SiteStatus = "CLOSED"
	SiteUnderConversion SiteStatus = "UNDER_CONVERSION"
	SiteReoccupied      SiteStatus = "REOCCUPIED"
	SitePlanned         SiteStatus = "PLANNED"
)

// CompanyKind distinguishes businesses from the other organisations of the story.
type CompanyKind string

// Kinds of organisation.
const (
	CompanyBusiness    CompanyKind = "BUSINESS"
	CompanyPublicBody  CompanyKind = "PUBLIC_BODY"
	CompanyResearch    CompanyKind = "RESEARCH"
	CompanyEducation   CompanyKind = "EDUCATION"
	CompanyCluster     CompanyKind = "CLUSTER"
	CompanyAssociation CompanyKind = "ASSOCIATION"
	CompanyInvestor    CompanyKind = "INVESTOR"
)

// ProgrammeLevel is the level of government that runs a funding programme.
type ProgrammeLevel string

// Levels of a programme.
const (
	LevelEuropean ProgrammeLevel = "EUROPEAN"
	LevelNational ProgrammeLevel = "NATIONAL"
	LevelRegional ProgrammeLevel = "REGIONAL"
	LevelLocal    ProgrammeLevel = "LOCAL"
	LevelPrivate  ProgrammeLevel = "PRIVATE"
)

// ObservationStatus says what kind of figure a value is.
type ObservationStatus string

// Statuses of a figure.
const (
	StatusActual    ObservationStatus = "ACTUAL"
	StatusTarget    ObservationStatus = "TARGET"
	StatusForecast  ObservationStatus = "FORECAST"
	StatusAnnounced ObservationStatus = "ANNOUNCED"
	StatusEstimate  ObservationStatus = "ESTIMATE"
)

// Rank says which of several claims the observatory currently prefers, as Wikidata does.
type Rank string

// Ranks of a claim.
const (
	RankPreferred  Rank = "PREFERRED"
	RankNormal     Rank = "NORMAL"
	RankDeprecated Rank = "DEPRECATED"
)

// Approximation qualifies a published value: "près de 10 millions" is ABOUT 10,000,000.
type Approximation string

// Qualifiers of a value.
const (
	ApproxExact    Approximation = "EXACT"
	ApproxAbout    Approximation = "ABOUT"
	ApproxMoreThan Approximation = "MORE_THAN"
	ApproxLessThan Approximation = "LESS_THAN"
	ApproxRange    Approximation = "RANGE"
)

// SubjectType names the kind of entity an observation, event or relationship is about.
type SubjectType string

// Kinds of subject.
const (
	SubjectTerritory SubjectType = "TERRITORY"
	SubjectSite      SubjectType = "SITE"
	SubjectCompany   SubjectType = "COMPANY"
	SubjectProgramme SubjectType = "PROGRAMME"
)

// EventKind is the kind of a dated fact.
type EventKind string

// Kinds of event.
const (
	EventAnnouncement      EventKind = "ANNOUNCEMENT"
	EventClosure           EventKind = "CLOSURE"
	EventAgreementSigned   EventKind = "AGREEMENT_SIGNED"
	EventSiteHandedOver    EventKind = "SITE_HANDED_OVER"
	EventMinisterialVisit  EventKind = "MINISTERIAL_VISIT"
	EventLabelAwarded      EventKind = "LABEL_AWARDED"
	EventProductionStarted EventKind = "PRODUCTION_STARTED"
	EventOpening           EventKind = "OPENING"
	EventMeeting           EventKind = "MEETING"
	EventDemonstration     EventKind = "DEMONSTRATION"
	EventPublication       EventKind = "PUBLICATION"
	EventProgrammeLaunched EventKind = "PROGRAMME_LAUNCHED"
	EventBuildingPermit    EventKind = "BUILDING_PERMIT"
	EventWorksStarted      EventKind = "WORKS_STARTED"
)

// RelationshipKind is the type of an edge between two entities.
type RelationshipKind string

// Kinds of relationship.
const (
	RelSupplies     RelationshipKind = "SUPPLIES"
	RelOperates     RelationshipKind = "OPERATES"
	RelOccupies     RelationshipKind = "OCCUPIES"
	RelSucceeds     RelationshipKind = "SUCCEEDS"
	RelSubsidiaryOf RelationshipKind = "SUBSIDIARY_OF"
	RelPartnerOf    RelationshipKind = "PARTNER_OF"
	RelMemberOf     RelationshipKind = "MEMBER_OF"
	RelSupports     RelationshipKind = "SUPPORTS"
	RelInvestsIn    RelationshipKind = "INVESTS_IN"
	RelLocatedIn    RelationshipKind = "LOCATED_IN"
	RelValueChain   RelationshipKind = "VALUE_CHAIN"
)

// SourceKind is the kind of a source document.
type SourceKind string

// Kinds of source.
const (
	SourcePressArticle SourceKind = "PRESS_ARTICLE"
	SourcePressRelease SourceKind = "PRESS_RELEASE"
	SourcePressKit     SourceKind = "PRESS_KIT"
	SourceNewsPost     SourceKind = "NEWS_POST"
	SourceDataset      SourceKind = "DATASET"
	SourceReport       SourceKind = "REPORT"
)

// PartsKind says what the parts of a breakdown are.
type PartsKind string

// Kinds of parts.
const (
	// PartsObservations: the observations of the breakdown's subject, metric and date
	// along its dimension (e.g. the redeployment of workers by outcome).
	PartsObservations PartsKind = "OBSERVATIONS"
	// PartsOccupancyAreas: the floor areas of the occupancies of the subject site.
	PartsOccupancyAreas PartsKind = "OCCUPANCY_AREAS"
)

// Role is what a token may do.
type Role string

// Roles of a token.
const (
	// RoleEditor may add and correct records.
	RoleEditor Role = "EDITOR"
	// RoleAdmin may also retract them.
	RoleAdmin Role = "ADMIN"
)

// FunderKind says who pays: the State, a région, the European Union, a local authority,
// a public bank, or a private company (a revitalisation convention is paid by the
// company that closes the site). All but PrivateCompany are public money.
type FunderKind string

// Kinds of funder.
const (
	FunderState          FunderKind = "STATE"
	FunderRegion         FunderKind = "REGION"
	FunderEU             FunderKind = "EU"
	FunderLocalAuthority FunderKind = "LOCAL_AUTHORITY"
	FunderPublicBank     FunderKind = "PUBLIC_BANK"
	FunderPrivateCompany FunderKind = "PRIVATE_COMPANY"
)

// PublicFunders are the funder kinds whose money is public.
var PublicFunders = []FunderKind{FunderState, FunderRegion, FunderEU, FunderLocalAuthority, FunderPublicBank}

// MoneyScope says at which level an amount is counted: a national envelope holds the
// territorial allocations, which hold the individual grants. Amounts of different
// scopes are never added together.
type MoneyScope string

// Scopes of an amount.
const (
	ScopeNationalEnvelope      MoneyScope = "NATIONAL_ENVELOPE"
	ScopeTerritorialAllocation MoneyScope = "TERRITORIAL_ALLOCATION"
	ScopeIndividualGrant       MoneyScope = "INDIVIDUAL_GRANT"
)

// OccupancyStatus says whether a company is on a site: announced (not yet there),
// active, or ended (gone).
type OccupancyStatus string

// States of an occupancy.
const (
	OccupancyAnnounced OccupancyStatus = "ANNOUNCED"
	OccupancyActive    OccupancyStatus = "ACTIVE"
	OccupancyEnded     OccupancyStatus = "ENDED"
)

// Claims says which figures an aggregate or a time series counts: the preferred claim
// of each fact (PREFERRED, the default), or every claim (ALL).
type Claims string

// Selections of claims.
const (
	ClaimsPreferred Claims = "PREFERRED"
	ClaimsAll       Claims = "ALL"
)
