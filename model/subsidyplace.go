package model

import (
	"context"

	"gorm.io/gorm"
)

// StaleSubsidyPlaces counts the subsidies whose place columns (place_path,
// place_admin_path, recipient_path, recipient_admin_path: migration 00008, read by
// SubsidiesWithin) differ from what their territory, their recipient's commune and the
// paths of those territories give now. It is 0 when every write kept them: the triggers
// of 00008 on subsidies, companies and territories, and the synthetic generator, which
// writes them itself (its COPY runs without triggers). The tests check it after every
// kind of write; an operator can run it after a manual repair.
func StaleSubsidyPlaces(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM subsidies s
		LEFT JOIN companies c ON c.id = s.recipient_id
		LEFT JOIN territories p ON p.id = COALESCE(s.territory_id, c.territory_id)
		LEFT JOIN territories r ON r.id = c.territory_id AND s.territory_id IS NOT NULL AND c.territory_id <> s.territory_id
		WHERE s.place_path IS DISTINCT FROM p.path
		OR s.place_admin_path IS DISTINCT FROM COALESCE(p.admin_path, p.path)
		OR s.recipient_path IS DISTINCT FROM r.path
		OR s.recipient_admin_path IS DISTINCT FROM COALESCE(r.admin_path, r.path)`).Scan(&n).Error
	return n, err
}
