package model

import "github.com/reindustrie/observatory/internal/textnorm"

// The folded text search and name filters match against (column search_text): one
// recipe per kind of record, shared by the seed loader and the editing path.

// SourceSearchText is what a source is found by.
func SourceSearchText(s *Source) string { return textnorm.Join(s.Title, s.Publisher) }

// CompanySearchText is what a company is found by: its name, place, group and activity.
func CompanySearchText(c *Company, place string) string {
	return textnorm.Join(c.Name, place, deref(c.GroupName), deref(c.Activity))
}

// SiteSearchText is what a site is found by: its name, place and operator.
func SiteSearchText(s *Site, place, operator string) string {
	return textnorm.Join(s.Name, place, operator)
}
