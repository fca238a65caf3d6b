package schedule

// What the booking package does with a session's seats, inside its own transactions.

import (
	"context"
	"fmt"
	"time"

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
	err := tx.WithContext(ctx).Exec("UPDATE class_sessions SET booked_count = booked_count + ?, waitlist_count = waitlist_count + ? WHERE id = ?",
		booked, waitlisted, id).Error
	if database.IsCheckViolation(err) {
		return fmt.Errorf("session %d counters (%+d booked, %+d waitlisted): %w", id, booked, waitlisted, apperr.Conflict("session_full", "the session is full"))
	}
	return err
}

// MarkCancelledTx sets session id (locked by the caller) cancelled with empty counters.
func (s *Service) MarkCancelledTx(ctx context.Context, tx *gorm.DB, id uint64) error {
	return tx.WithContext(ctx).Exec("UPDATE class_sessions SET status = ?, cancelled_at = ?, booked_count = 0, waitlist_count = 0 WHERE id = ? AND status = ?",
		StatusCancelled, s.clock(), id, StatusScheduled).Error
}

// ReloadTx reads session id again inside tx (after counters changed).
func (s *Service) ReloadTx(ctx context.Context, tx *gorm.DB, id uint64) (Session, error) {
	return s.st.session(ctx, tx, id, false)
}

// SessionTx reads session id inside tx without locking it (the booking path validates before
// it takes the lock, and its locking statements check again).
func (s *Service) SessionTx(ctx context.Context, tx *gorm.DB, id uint64) (Session, error) {
	sess, err := s.st.session(ctx, tx, id, false)
	if err != nil {
		return Session{}, apperr.Wrap(err, "session %d", id)
	}
	return sess, nil
}

// TakeSeatTx counts one booked seat of session id if it is bookable at now and not full; it
// takes the session's row lock (held until tx ends) and reports whether it counted the seat.
func (s *Service) TakeSeatTx(ctx context.Context, tx *gorm.DB, id uint64, now time.Time) (bool, error) {
	return s.st.takeSeat(ctx, tx, id, now)
}

// JoinWaitlistTx counts `places` waitlist places of session id if it is bookable at now and
// full; it takes the session's row lock and returns the position of the first new place (the
// others follow it).
func (s *Service) JoinWaitlistTx(ctx context.Context, tx *gorm.DB, id uint64, now time.Time, places int) (first int, ok bool, err error) {
	return s.st.joinWaitlist(ctx, tx, id, now, places)
}
