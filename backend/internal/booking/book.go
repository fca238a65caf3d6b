package booking

import (
	"context"
	"database/sql"
	"time"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// readCommitted is the isolation of the booking batch's transaction (see the package doc).
var readCommitted = &sql.TxOptions{Isolation: sql.LevelReadCommitted}

// Book gives caller a seat in session sessionID, or a waitlist place when it is full. A seat is
// paid at once (membership or credits); a waitlist place only needs something that could pay,
// and is charged on promotion. See the package doc for how it keeps the session lock short.
func (s *Service) Book(ctx context.Context, caller auth.Principal, sessionID uint64) (Booking, error) {
	out, err := s.batches.book(ctx, sessionID, caller.UserID)
	if err != nil {
		return Booking{}, apperr.Wrap(err, "book session %d for user %d", sessionID, caller.UserID)
	}
	s.sched.Invalidate(ctx)
	return out, nil
}

// bookable judges a session for a new booking at now.
func bookable(sess schedule.Session, now time.Time) error {
	switch {
	case sess.Status == schedule.StatusCancelled:
		return schedule.ErrSessionCancelled
	case !now.Before(sess.StartsAt):
		return schedule.ErrSessionStarted
	case now.Before(sess.BookingOpensAt):
		e := *ErrBookingNotOpen
		e.Details = map[string]any{"booking_opens_at": sess.BookingOpensAt}
		return &e
	}
	return nil
}
