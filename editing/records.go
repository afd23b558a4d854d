package editing

import (
	"context"
	"math"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// CompanyInput is a company to add, or the fields to change (nil: unchanged).
type CompanyInput struct {
	Slug, Name                                       *string
	Kind                                             *model.CompanyKind
	Siren, Activity, GroupName, Description, Website *string
	Territory                                        *string // slug of its commune
}

func (in *CompanyInput) apply(tx *gorm.DB, p *problems, c *model.Company) {
	set(&c.Name, in.Name)
	set(&c.Kind, in.Kind)
	setOpt(&c.Siren, in.Siren)
	setOpt(&c.Activity, in.Activity)
	setOpt(&c.GroupName, in.GroupName)
	setOpt(&c.Description, in.Description)
	setOpt(&c.Website, in.Website)
	if in.Territory != nil {
		c.TerritoryID = idBySlug(tx, p, "territories", "territory", *in.Territory)
	}
	if strings.TrimSpace(c.Name) == "" {
		p.addf("name is required")
	}
	if c.Kind == "" {
		c.Kind = model.CompanyBusiness
	}
	if c.Siren != nil && !digits(*c.Siren, 9) {
		p.addf("siren %q: a SIREN has 9 digits", *c.Siren)
	}
	place := ""
	if c.TerritoryID != nil {
		var names []string
		tx.Table("territories").Where("id = ?", *c.TerritoryID).Pluck("name", &names)
		if len(names) > 0 {
			place = names[0]
		}
	}
	c.SearchText = model.CompanySearchText(c, place)
}

// CreateCompany adds a company.
func (e *Editor) CreateCompany(ctx context.Context, in CompanyInput) (*model.Company, error) {
	return createRecord(ctx, e, "Company", in.Slug, func(slug string) *model.Company { return &model.Company{Slug: slug, Version: 1} },
		func(tx *gorm.DB, p *problems, c *model.Company) { in.apply(tx, p, c) })
}

// UpdateCompany changes the fields given of the company slug at version expected.
func (e *Editor) UpdateCompany(ctx context.Context, slug string, expected int64, in CompanyInput) (*model.Company, error) {
	return updateRecord(ctx, e, "Company", slug, expected, in.Slug, companyVersion,
		func(tx *gorm.DB, p *problems, c *model.Company) { in.apply(tx, p, c) })
}

var companyVersion = versioned[model.Company]{func(c *model.Company) int64 { return c.ID }, func(c *model.Company) *int64 { return &c.Version }}

// SiteInput is a site to add, or the fields to change (nil: unchanged).
type SiteInput struct {
	Slug, Name, Territory, Address, Operator, Description *string
	Latitude, Longitude, AreaM2                           *float64
	LocationPrecision                                     *model.LocationPrecision
	Status                                                *model.SiteStatus
}

func (in *SiteInput) apply(tx *gorm.DB, p *problems, s *model.Site) {
	set(&s.Name, in.Name)
	setOpt(&s.Address, in.Address)
	setOpt(&s.Description, in.Description)
	setOpt(&s.Latitude, in.Latitude)
	setOpt(&s.Longitude, in.Longitude)
	setOpt(&s.AreaM2, in.AreaM2)
	setOpt(&s.LocationPrecision, in.LocationPrecision)
	set(&s.Status, in.Status)
	if in.Territory != nil {
		if id := idBySlug(tx, p, "territories", "territory", *in.Territory); id != nil {
			s.TerritoryID = *id
		}
	}
	if in.Operator != nil {
		s.OperatorID = idBySlug(tx, p, "companies", "operator", *in.Operator)
	}
	if strings.TrimSpace(s.Name) == "" {
		p.addf("name is required")
	}
	if s.TerritoryID == 0 {
		p.addf("territory is required (the slug of the site's commune)")
	}
	if s.Status == "" {
		p.addf("status is required")
	}
	if (s.Latitude == nil) != (s.Longitude == nil) {
		p.addf("give latitude and longitude together")
	}
	if s.Latitude != nil && (*s.Latitude < -90 || *s.Latitude > 90 || *s.Longitude < -180 || *s.Longitude > 180) {
		p.addf("latitude must be within ±90 and longitude within ±180")
	}
	if s.Latitude != nil && s.LocationPrecision == nil {
		p.addf("locationPrecision is required with a location")
	}
	if s.AreaM2 != nil && (*s.AreaM2 < 0 || math.IsNaN(*s.AreaM2)) {
		p.addf("areaSquareMetres cannot be negative")
	}
	var place, operator []string
	tx.Table("territories").Where("id = ?", s.TerritoryID).Pluck("name", &place)
	if s.OperatorID != nil {
		tx.Table("companies").Where("id = ?", *s.OperatorID).Pluck("name", &operator)
	}
	s.SearchText = model.SiteSearchText(s, first(place), first(operator))
}

// CreateSite adds a site.
func (e *Editor) CreateSite(ctx context.Context, in SiteInput) (*model.Site, error) {
	return createRecord(ctx, e, "Site", in.Slug, func(slug string) *model.Site { return &model.Site{Slug: slug, Version: 1} },
		func(tx *gorm.DB, p *problems, s *model.Site) { in.apply(tx, p, s) })
}

// UpdateSite changes the fields given of the site slug at version expected.
func (e *Editor) UpdateSite(ctx context.Context, slug string, expected int64, in SiteInput) (*model.Site, error) {
	return updateRecord(ctx, e, "Site", slug, expected, in.Slug, siteVersion,
		func(tx *gorm.DB, p *problems, s *model.Site) { in.apply(tx, p, s) })
}

var siteVersion = versioned[model.Site]{func(s *model.Site) int64 { return s.ID }, func(s *model.Site) *int64 { return &s.Version }}

// SourceInput is a source to add, or the fields to change (nil: unchanged).
type SourceInput struct {
	Slug, Title, Publisher, PublishedOn, Language, URL, Licence, Description *string
	Kind                                                                     *model.SourceKind
}

func (in *SourceInput) apply(p *problems, s *model.Source) {
	set(&s.Title, in.Title)
	set(&s.Publisher, in.Publisher)
	set(&s.Kind, in.Kind)
	set(&s.Language, in.Language)
	setOpt(&s.URL, in.URL)
	setOpt(&s.Licence, in.Licence)
	setOpt(&s.Description, in.Description)
	if in.PublishedOn != nil {
		stored, prec, err := model.ParsePartialDate(*in.PublishedOn)
		if err != nil {
			p.addf("publishedOn: %v", err)
		} else {
			s.PublishedOn, s.PublishedPrecision = &stored, prec
		}
	}
	if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Publisher) == "" {
		p.addf("title and publisher are required")
	}
	if s.Kind == "" {
		p.addf("kind is required")
	}
	if s.Language == "" {
		s.Language = "fr"
	}
	if s.PublishedPrecision == "" {
		s.PublishedPrecision = model.PrecisionDay
	}
	if s.URL != nil && !(strings.HasPrefix(*s.URL, "https://") || strings.HasPrefix(*s.URL, "http://")) {
		p.addf("url must start with https:// or http://")
	}
	s.SearchText = model.SourceSearchText(s)
}

// CreateSource adds a source document.
func (e *Editor) CreateSource(ctx context.Context, in SourceInput) (*model.Source, error) {
	return createRecord(ctx, e, "Source", in.Slug, func(slug string) *model.Source { return &model.Source{Slug: slug, Version: 1} },
		func(_ *gorm.DB, p *problems, s *model.Source) { in.apply(p, s) })
}

// UpdateSource changes the fields given of the source slug at version expected.
func (e *Editor) UpdateSource(ctx context.Context, slug string, expected int64, in SourceInput) (*model.Source, error) {
	return updateRecord(ctx, e, "Source", slug, expected, in.Slug, sourceVersion,
		func(_ *gorm.DB, p *problems, s *model.Source) { in.apply(p, s) })
}

var sourceVersion = versioned[model.Source]{func(s *model.Source) int64 { return s.ID }, func(s *model.Source) *int64 { return &s.Version }}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
