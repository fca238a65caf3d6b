package schedule

import (
	"context"

	"gorm.io/gorm"
)

// CountCheckInTx adds one to the checked-in seats of session id, inside the check-in's
// transaction (the attendance report reads the counter instead of every booking).
func (s *Service) CountCheckInTx(ctx context.Context, tx *gorm.DB, id uint64) error {
	return s.st.countCheckIn(ctx, tx, id)
}
