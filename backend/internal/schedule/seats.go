package schedule

// What the booking package does with a session's seats, inside its own transactions.

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/database"
)

// LockSessionTx loads session id under its row lock inside the caller's transaction. Every
// change to the session's seats happens while this lock is held.
func (s *Service) LockSessionTx(ctx context.Context, tx *gorm.DB, id uint64) (Session, error) {
	sess, err := s.st.session(ctx, tx, id, true)
	if err != nil {
		return Session{}, apperr.Wrap(err, "lock session %d", id)
	}
	return sess, nil
}

// AdjustCountsTx changes the seat counters of session id (locked by the caller). The table's
// CHECK refuses booked_count above capacity or any counter below zero.
func (s *Service) AdjustCountsTx(ctx context.Context, tx *gorm.DB, id uint64, booked, waitlisted int) error {
	err := s.st.adjustCounts(ctx, tx, id, booked, waitlisted)
	if database.IsCheckViolation(err) {
		return fmt.Errorf("session %d counters (%+d booked, %+d waitlisted): %w", id, booked, waitlisted, apperr.Conflict("session_full", "the session is full"))
	}
	return err
}

// MarkCancelledTx sets session id (locked by the caller) cancelled with empty counters.
func (s *Service) MarkCancelledTx(ctx context.Context, tx *gorm.DB, id uint64) error {
	return s.st.markCancelled(ctx, tx, id, s.clock())
}

// ReloadTx reads session id again inside tx (after counters changed).
func (s *Service) ReloadTx(ctx context.Context, tx *gorm.DB, id uint64) (Session, error) {
	return s.st.session(ctx, tx, id, false)
}
