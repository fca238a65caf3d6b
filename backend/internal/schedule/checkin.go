package schedule

import (
	"context"

	"gorm.io/gorm"
)

// CountCheckInTx adds one to the checked-in seats of session id, inside the check-in's
// transaction (the attendance report reads the counter instead of every booking).
func (s *Service) CountCheckInTx(ctx context.Context, tx *gorm.DB, id uint64) error {
	return tx.WithContext(ctx).Exec("UPDATE class_sessions SET checked_in_count = checked_in_count + 1 WHERE id = ?", id).Error
}
