package editing

import (
	"context"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/model/rules"
)

// CompanyInput is a company to add, or the fields to change (nil: unchanged).
type CompanyInput struct {
	Slug, Name                *string
	Kind                      *model.CompanyKind
	Siren, GroupName, Website *string
	Activity, Description     *model.Text
	Territory                 *string // slug of its commune
}

func (in *CompanyInput) apply(tx *gorm.DB, p *rules.Problems, c *model.Company) error {
	set(&c.Name, in.Name)
	set(&c.Kind, in.Kind)
	setOpt(&c.Siren, in.Siren)
	setText(p, "activity", &c.Activity, in.Activity)
	setOpt(&c.GroupName, in.GroupName)
	setText(p, "description", &c.Description, in.Description)
	setOpt(&c.Website, in.Website)
	if in.Territory != nil {
		id, err := ref[model.Territory](tx, p, "territory", "territory", *in.Territory)
		if err != nil {
			return err
		}
		c.TerritoryID = nil
		if id != 0 {
			c.TerritoryID = &id
		}
	}
	rules.Company(p, rules.API, c)
	place := ""
	if c.TerritoryID != nil {
		var err error
		if place, err = model.NameByID[model.Territory](tx, *c.TerritoryID); err != nil {
			return err
		}
	}
	c.SearchText = model.CompanySearchText(c, place)
	return nil
}

// CreateCompany adds a company.
func (e *Editor) CreateCompany(ctx context.Context, in CompanyInput) (*model.Company, error) {
	return createRecord(ctx, e, "Company", in.Slug, func(slug string) *model.Company { return &model.Company{Slug: slug, Version: 1} }, in.apply)
}

// UpdateCompany changes the fields given of the company slug at version expected.
func (e *Editor) UpdateCompany(ctx context.Context, slug string, expected int64, in CompanyInput) (*model.Company, error) {
	return updateRecord(ctx, e, "Company", slug, expected, in.Slug, companyVersion, in.apply)
}

var companyVersion = versioned[model.Company]{func(c *model.Company) int64 { return c.ID }, func(c *model.Company) *int64 { return &c.Version }}

// SiteInput is a site to add, or the fields to change (nil: unchanged).
type SiteInput struct {
	Slug, Name, Territory, Address, Operator *string
	Description                              *model.Text
	Latitude, Longitude, AreaM2              *float64
	// AreaCitation is the passage that gives the area: required with AreaM2.
	AreaCitation      *CitationInput
	LocationPrecision *model.LocationPrecision
	Status            *model.SiteStatus
}

func (in *SiteInput) apply(tx *gorm.DB, p *rules.Problems, s *model.Site) error {
	set(&s.Name, in.Name)
	setOpt(&s.Address, in.Address)
	setText(p, "description", &s.Description, in.Description)
	setOpt(&s.Latitude, in.Latitude)
	setOpt(&s.Longitude, in.Longitude)
	setOpt(&s.AreaM2, in.AreaM2)
	setOpt(&s.LocationPrecision, in.LocationPrecision)
	set(&s.Status, in.Status)
	if in.Territory != nil {
		id, err := ref[model.Territory](tx, p, "territory", "territory", *in.Territory)
		if err != nil {
			return err
		}
		if id != 0 {
			s.TerritoryID = id
		}
	}
	if in.Operator != nil {
		id, err := ref[model.Company](tx, p, "operator", "company", *in.Operator)
		if err != nil {
			return err
		}
		s.OperatorID = nil
		if id != 0 {
			s.OperatorID = &id
		}
	}
	if s.TerritoryID == 0 && !p.Has("territory") {
		p.Addf("territory", "territory is required (the slug of the site's commune)")
	}
	// No domain number without its source: an area comes with the passage that gives it.
	switch {
	case in.AreaM2 != nil && in.AreaCitation == nil:
		p.Addf("areaCitation", "areaSquareMetres needs areaCitation: the passage that gives the area")
	case in.AreaCitation != nil && s.AreaM2 == nil:
		p.Addf("areaCitation", "areaCitation goes with areaSquareMetres")
	case in.AreaCitation != nil:
		id, err := citationID(tx, p, "areaCitation", in.AreaCitation)
		if err != nil {
			return err
		}
		if id != 0 {
			s.AreaCitationID = &id
		}
	}
	rules.Site(p, rules.API, s)
	place, err := model.NameByID[model.Territory](tx, s.TerritoryID)
	if err != nil {
		return err
	}
	operator := ""
	if s.OperatorID != nil {
		if operator, err = model.NameByID[model.Company](tx, *s.OperatorID); err != nil {
			return err
		}
	}
	s.SearchText = model.SiteSearchText(s, place, operator)
	return nil
}

// CreateSite adds a site.
func (e *Editor) CreateSite(ctx context.Context, in SiteInput) (*model.Site, error) {
	return createRecord(ctx, e, "Site", in.Slug, func(slug string) *model.Site { return &model.Site{Slug: slug, Version: 1} }, in.apply)
}

// UpdateSite changes the fields given of the site slug at version expected.
func (e *Editor) UpdateSite(ctx context.Context, slug string, expected int64, in SiteInput) (*model.Site, error) {
	return updateRecord(ctx, e, "Site", slug, expected, in.Slug, siteVersion, in.apply)
}

var siteVersion = versioned[model.Site]{func(s *model.Site) int64 { return s.ID }, func(s *model.Site) *int64 { return &s.Version }}

// SourceInput is a source to add, or the fields to change (nil: unchanged).
type SourceInput struct {
	Slug, Title, Publisher, PublishedOn, Language, URL, Licence *string
	Description                                                 *model.Text
	Kind                                                        *model.SourceKind
	// PublisherInferred: the document does not name its publisher.
	PublisherInferred *bool
}

func (in *SourceInput) apply(_ *gorm.DB, p *rules.Problems, s *model.Source) error {
	set(&s.Title, in.Title)
	set(&s.Publisher, in.Publisher)
	set(&s.PublisherInferred, in.PublisherInferred)
	set(&s.Kind, in.Kind)
	set(&s.Language, in.Language)
	setOpt(&s.URL, in.URL)
	setOpt(&s.Licence, in.Licence)
	setText(p, "description", &s.Description, in.Description)
	if in.PublishedOn != nil {
		if stored, prec, err := rules.Date("publishedOn", *in.PublishedOn); err != nil {
			p.Add("publishedOn", err)
		} else {
			s.PublishedOn, s.PublishedPrecision = &stored, prec
		}
	}
	rules.Source(p, rules.API, s)
	s.SearchText = model.SourceSearchText(s)
	return nil
}

// CreateSource adds a source document.
func (e *Editor) CreateSource(ctx context.Context, in SourceInput) (*model.Source, error) {
	return createRecord(ctx, e, "Source", in.Slug, func(slug string) *model.Source { return &model.Source{Slug: slug, Version: 1} }, in.apply)
}

// UpdateSource changes the fields given of the source slug at version expected.
func (e *Editor) UpdateSource(ctx context.Context, slug string, expected int64, in SourceInput) (*model.Source, error) {
	return updateRecord(ctx, e, "Source", slug, expected, in.Slug, sourceVersion, in.apply)
}

var sourceVersion = versioned[model.Source]{func(s *model.Source) int64 { return s.ID }, func(s *model.Source) *int64 { return &s.Version }}
