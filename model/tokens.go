package model

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The editors' bearer tokens, by the hash of their secret (the secret is never stored).

// InsertToken stores a new token.
func InsertToken(ctx context.Context, db *gorm.DB, t *APIToken) error {
	return db.WithContext(ctx).Create(t).Error
}

// RevokeTokens revokes every live token of name at the given time and returns how many
// it revoked.
func RevokeTokens(ctx context.Context, db *gorm.DB, name string, at time.Time) (int64, error) {
	res := db.WithContext(ctx).Model(&APIToken{}).Where("name = ? AND revoked_at IS NULL", name).
		Update("revoked_at", at.UTC().Format(time.RFC3339))
	return res.RowsAffected, res.Error
}

// Tokens returns every token, by name.
func Tokens(ctx context.Context, db *gorm.DB) ([]APIToken, error) {
	var rows []APIToken
	err := db.WithContext(ctx).Order("name, id").Find(&rows).Error
	return rows, err
}

// LiveToken returns the live (not revoked) token with the given hash, nil when none.
func LiveToken(ctx context.Context, db *gorm.DB, hash string) (*APIToken, error) {
	var rows []APIToken
	if err := db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", hash).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}
