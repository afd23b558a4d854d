// Package model holds the storage models of the observatory and the queries that the
// loaders and resolvers call. It knows nothing of GraphQL.
package model

// Source is a document the observatory cites.
type Source struct {
	ID        int64
	Slug      string
	Title     string
	Publisher string
	// PublisherInferred is true when the document does not name its publisher: the
	// observatory inferred it (from the page's layout, for instance).
	PublisherInferred  bool
	Kind               SourceKind
	PublishedOn        *string
	PublishedPrecision Precision
	Language           string
	URL                *string `gorm:"column:url"`
	Licence            *string
	Document           *string
	Description        Text `gorm:"embedded;embeddedPrefix:description_"`
	SearchText         string
	// Version counts the edits of the record; an update must name the version it read.
	Version int64 `gorm:"default:1"`
}

// Citation is an exact passage of a source, quoted in its original language.
type Citation struct {
	ID       int64
	SourceID int64
	Quote    string
	Locator  string
	// PublishedOn and PublishedPrecision are the passage's own publication date, when it
	// has one apart from its source's (a post or an update inside a page): a figure is
	// known from this date, or else from its source's.
	PublishedOn        *string
	PublishedPrecision *Precision
}

// Territory is a place at any level, from the country to an industrial zone, or a
// programme grouping such as a "Territoire d'industrie".
type Territory struct {
	ID   int64
	Slug string
	Name string
	// NameKey is the sort key of the name (NameKey), for the French name order.
	NameKey  string
	Kind     TerritoryKind
	Code     *string
	ParentID *int64
	// Path lists the slugs from the country down to this territory, "/france/region-32/.../", so
	// that everything below a territory is a range scan on one index.
	Path string
	// AdminPath, for a commune, runs through its own département rather than its EPCI
	// (some EPCI span several départements); empty for other territories.
	AdminPath         *string
	Population        *int64
	PostalCodes       *string
	Latitude          *float64
	Longitude         *float64
	LocationPrecision *LocationPrecision
	Description       Text `gorm:"embedded;embeddedPrefix:description_"`
	SearchText        string
}

// TerritoryMembership says a territory belongs to a grouping, with dates.
type TerritoryMembership struct {
	ID             int64
	MemberID       int64
	GroupID        int64
	Role           Text `gorm:"embedded;embeddedPrefix:role_"`
	Since          *string
	SincePrecision *Precision
	Until          *string
	UntilPrecision *Precision
	CitationID     int64
}

// Company is a business or another organisation of the story.
type Company struct {
	ID   int64
	Slug string
	Name string
	// NameKey is the sort key of the name (NameKey), for the French name order.
	NameKey     string
	Kind        CompanyKind
	Siren       *string
	Activity    Text `gorm:"embedded;embeddedPrefix:activity_"`
	GroupName   *string
	Description Text `gorm:"embedded;embeddedPrefix:description_"`
	TerritoryID *int64
	Website     *string
	SearchText  string
	// Version counts the edits of the record; an update must name the version it read.
	Version int64 `gorm:"default:1"`
}

// Site is an industrial site.
type Site struct {
	ID   int64
	Slug string
	Name string
	// NameKey is the sort key of the name (NameKey), for the French name order.
	NameKey           string
	TerritoryID       int64
	Address           *string
	Latitude          *float64
	Longitude         *float64
	LocationPrecision *LocationPrecision
	AreaM2            *float64 `gorm:"column:area_m2"`
	// AreaCitationID is the passage that gives the area (required with an area).
	AreaCitationID  *int64
	OperatorID      *int64
	Status          SiteStatus
	OpenedOn        *string
	OpenedPrecision *Precision
	Description     Text `gorm:"embedded;embeddedPrefix:description_"`
	SearchText      string
	// Version counts the edits of the record; an update must name the version it read.
	Version int64 `gorm:"default:1"`
}

// SiteStatusPeriod is one period of a site's status history.
type SiteStatusPeriod struct {
	ID             int64
	SiteID         int64
	Status         SiteStatus
	Since          string
	SincePrecision Precision
	Until          *string
	UntilPrecision *Precision
	CitationID     int64
}

// Occupancy is a company on a site.
type Occupancy struct {
	ID             int64
	Slug           string
	SiteID         int64
	CompanyID      int64
	Since          *string
	SincePrecision *Precision
	Until          *string
	UntilPrecision *Precision
	FloorAreaM2    *float64 `gorm:"column:floor_area_m2"`
	Activity       Text     `gorm:"embedded;embeddedPrefix:activity_"`
	CitationID     int64
	// Status says whether the company is announced on the site, there, or gone.
	Status OccupancyStatus `gorm:"default:ACTIVE"`
}

// Programme is a funding programme or scheme.
type Programme struct {
	ID   int64
	Slug string
	Name string
	// NameKey is the sort key of the name (NameKey), for the French name order.
	NameKey     string
	ShortName   *string
	Level       ProgrammeLevel
	ParentID    *int64
	PeriodStart *string
	PeriodEnd   *string
	// PeriodStartPrecision and PeriodEndPrecision say how much of each bound is known;
	// bounds are stored as the first day of their period.
	PeriodStartPrecision *Precision
	PeriodEndPrecision   *Precision
	Description          Text `gorm:"embedded;embeddedPrefix:description_"`
	SearchText           string
	// FunderKind says who pays (the State, a région, a company...); Scope, at which
	// level its money is counted (a national envelope, a territory's allocation...).
	FunderKind FunderKind `gorm:"default:STATE"`
	Scope      MoneyScope `gorm:"default:NATIONAL_ENVELOPE"`
}

// Subsidy is money from a programme to a company, or to a territory's companies in aggregate.
type Subsidy struct {
	ID              int64
	Slug            string
	ProgrammeID     int64
	RecipientID     *int64
	TerritoryID     *int64
	AmountEur       float64
	Approximation   Approximation
	RecipientsCount *int64
	PeriodStart     *string
	PeriodEnd       *string
	Precision       Precision
	Status          ObservationStatus
	Purpose         Text `gorm:"embedded;embeddedPrefix:purpose_"`
	Note            Text `gorm:"embedded;embeddedPrefix:note_"`
	CitationID      int64
	// FunderKind says who pays (by default its programme's funder); Scope, at which
	// level the amount is counted: amounts of different scopes are never added.
	FunderKind FunderKind `gorm:"default:STATE"`
	Scope      MoneyScope `gorm:"default:TERRITORIAL_ALLOCATION"`
	// Rank, RankReason and Claim: several passages stating one amount are claims of one
	// group (Claim), of which the aggregates count the PREFERRED one.
	Rank       Rank `gorm:"default:PREFERRED"`
	RankReason Text `gorm:"embedded;embeddedPrefix:rank_reason_"`
	Claim      *string
	// EventID is the event at which the amount was made public, if recorded.
	EventID *int64
}

// TableName keeps the plural the migrations use.
func (Subsidy) TableName() string { return "subsidies" }

// Metric is an entry of the catalogue of what is measured.
type Metric struct {
	ID         int64
	Code       string
	Label      Text `gorm:"embedded;embeddedPrefix:label_"`
	Unit       string
	Definition Text `gorm:"embedded;embeddedPrefix:definition_"`
	SearchText string
}

// Observation is a cited figure about a subject.
type Observation struct {
	ID            int64
	Slug          string
	SubjectType   SubjectType
	SubjectID     int64
	MetricID      int64
	Value         float64
	ValueMax      *float64
	Approximation Approximation
	Unit          string
	Date          string
	Precision     Precision
	PeriodStart   *string
	Status        ObservationStatus
	Rank          Rank
	RankReason    Text `gorm:"embedded;embeddedPrefix:rank_reason_"`
	Claim         *string
	Dimension     *string
	Category      *string
	Note          Text `gorm:"embedded;embeddedPrefix:note_"`
	CitationID    int64
	// EventID is the event at which the figure was made public (announced,
	// presented), when the observatory records one.
	EventID *int64
	// Version counts the edits of the record; an update must name the version it read.
	Version int64 `gorm:"default:1"`
	// RetractedAt and RetractionReason mark a claim withdrawn by the observatory: it
	// is kept, flagged, never deleted.
	RetractedAt      *string
	RetractionReason *string
	// SearchText is what the figure is found by (model.RefreshSearchText).
	SearchText string
}

// Event is a dated fact with subjects.
type Event struct {
	ID          int64
	Slug        string
	Kind        EventKind
	Title       Text `gorm:"embedded;embeddedPrefix:title_"`
	Description Text `gorm:"embedded;embeddedPrefix:description_"`
	Date        string
	Precision   Precision
	// Status says whether the event happened (ACTUAL) or is announced or targeted.
	Status     ObservationStatus
	Rank       Rank
	RankReason Text `gorm:"embedded;embeddedPrefix:rank_reason_"`
	Claim      *string
	CitationID int64
	SearchText string
}

// EventSubject ties an event to one of its subjects.
type EventSubject struct {
	EventID     int64       `gorm:"primaryKey"`
	SubjectType SubjectType `gorm:"primaryKey"`
	SubjectID   int64       `gorm:"primaryKey"`
	Role        Text        `gorm:"embedded;embeddedPrefix:role_"`
}

// Relationship is a typed, dated, cited edge between two entities.
type Relationship struct {
	ID             int64
	Slug           string
	Kind           RelationshipKind
	FromType       SubjectType
	FromID         int64
	ToType         SubjectType
	ToID           int64
	Since          *string
	SincePrecision *Precision
	Until          *string
	UntilPrecision *Precision
	Description    Text `gorm:"embedded;embeddedPrefix:description_"`
	CitationID     int64
	// Version counts the edits of the record; an update must name the version it read.
	Version int64 `gorm:"default:1"`
	// RetractedAt and RetractionReason mark a claim withdrawn by the observatory: it
	// is kept, flagged, never deleted.
	RetractedAt      *string
	RetractionReason *string
}

// SubjectRef points at an entity of any subject type.
type SubjectRef struct {
	Type SubjectType
	ID   int64
}

// Breakdown names published parts and the published totals to check them against.
type Breakdown struct {
	ID                int64
	Slug              string
	Title             Text `gorm:"embedded;embeddedPrefix:title_"`
	Note              Text `gorm:"embedded;embeddedPrefix:note_"`
	SubjectType       SubjectType
	SubjectID         int64
	PartsKind         PartsKind
	MetricID          *int64
	Dimension         *string
	Date              *string
	BaseObservationID *int64
	SearchText        string
}

// BreakdownTotal links a breakdown to a published total.
type BreakdownTotal struct {
	BreakdownID   int64 `gorm:"primaryKey"`
	ObservationID int64 `gorm:"primaryKey"`
}

// APIToken is a bearer token of an editor; only its hash is stored.
type APIToken struct {
	ID        int64
	Name      string
	Role      Role
	TokenHash string
	CreatedAt string
	RevokedAt *string
}

// AuditEntry records one write: who, when, what, and the record before and after.
type AuditEntry struct {
	ID         int64
	At         string
	Actor      string
	Action     string
	EntityType string
	EntitySlug string
	Reason     *string
	BeforeJSON *string `gorm:"column:before_json"`
	AfterJSON  *string `gorm:"column:after_json"`
}

// DatasetRelease is a release of the curated dataset: its version and date.
type DatasetRelease struct {
	ID          int64
	Version     string
	ReleasedOn  string
	Description Text `gorm:"embedded;embeddedPrefix:description_"`
}

// Correction is an entry of the public corrections log: a preferred figure or a
// published total that changed between two releases of the dataset, what changed and
// why (journalists may have published the former number).
type Correction struct {
	ID int64
	// Slug identifies the entry.
	Slug string
	// Release is the version of the dataset release that made the change.
	Release string `gorm:"column:release_version"`
	// PublishedOn is the date of the entry (stored form, day precision).
	PublishedOn string
	Kind        CorrectionKind
	// Title says in a line what changed.
	Title  Text `gorm:"embedded;embeddedPrefix:title_"`
	Before Text `gorm:"embedded;embeddedPrefix:before_text_"`
	After  Text `gorm:"embedded;embeddedPrefix:after_text_"`
	Reason Text `gorm:"embedded;embeddedPrefix:reason_"`
	// Records are the records concerned ("observation:slug", "subsidy:slug"...), and
	// Keys the published figures and totals that changed (the keys of the snapshot of
	// seed/testdata/published.json), each newline-separated.
	Records string `gorm:"column:record_list"`
	Keys    string `gorm:"column:key_list"`
}

// CorrectionKind says what a correction changed.
type CorrectionKind string

// Kinds of correction.
const (
	// CorrectionTotal: a total the API computes changed (e.g. each fact now counted once).
	CorrectionTotal CorrectionKind = "TOTAL"
	// CorrectionPreferred: the claim preferred for a fact changed, or a group got one.
	CorrectionPreferred CorrectionKind = "PREFERRED_CLAIM"
	// CorrectionValue: a figure's value, unit or date was corrected.
	CorrectionValue CorrectionKind = "VALUE"
	// CorrectionRemoved: a record was removed (an amount stored twice).
	CorrectionRemoved CorrectionKind = "REMOVED"
	// CorrectionGrouping: figures were grouped as claims of one fact, or a group split.
	CorrectionGrouping CorrectionKind = "GROUPING"
)
