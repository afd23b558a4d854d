package model

import "gorm.io/gorm"

// The selections of the filtered downloads: the same filters as the root lists of the
// API (filters.go), as the query of the ids of the records they keep.

// TerritoriesMatching selects the territories that match f.
func TerritoriesMatching(f TerritoryFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeTerritories(db, f).Select("id") }
}

// SitesMatching selects the sites that match f.
func SitesMatching(f SiteFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeSites(db, f).Select("id") }
}

// CompaniesMatching selects the companies that match f.
func CompaniesMatching(f CompanyFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeCompanies(db, f).Select("id") }
}

// SubsidiesMatching selects the subsidies that match f.
func SubsidiesMatching(f SubsidyFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeSubsidies(db, f).Select("subsidies.id") }
}

// EventsMatching selects the events that match f.
func EventsMatching(f EventFilter) Selection {
	return func(db *gorm.DB) *gorm.DB { return ScopeEvents(db, f).Select("id") }
}

// RecordsReferring selects the records of k whose reference column (site_id,
// company_id...: a column of k's table named by the code, never by a client) holds
// the id of ref, for every given column; a download's filter by a parent record.
func RecordsReferring(k *Kind, refs map[string]int64) Selection {
	return func(db *gorm.DB) *gorm.DB {
		q := db.Table(k.Table).Select("id")
		for col, id := range refs {
			q = q.Where(k.Table+"."+col+" = ?", id)
		}
		return q
	}
}
