package booking

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// errSessionMoved: neither conditional UPDATE matched although the session looked bookable (a
// seat freed or went, or the session changed); Book starts again.
var errSessionMoved = errors.New("session changed while booking")

// errWaitlistOnly: the session is full and the member can pay for a place; Book hands them to
// the waitlist joins (waitlist_join.go).
var errWaitlistOnly = errors.New("session full: join the waitlist")

// bookAttempts bounds the reruns after errSessionMoved (each needs a concurrent change).
const bookAttempts = 5

// readCommitted is the isolation of the booking transaction (see the package doc).
var readCommitted = &sql.TxOptions{Isolation: sql.LevelReadCommitted}

// Book gives caller a seat in session sessionID, or a waitlist place when it is full. A seat is
// paid at once (membership or credits); a waitlist place only needs something that could pay,
// and is charged on promotion. See the package doc for how it keeps the session lock short.
func (s *Service) Book(ctx context.Context, caller auth.Principal, sessionID uint64) (Booking, error) {
	var out Booking
	var err error
	for attempt := 1; attempt <= bookAttempts; attempt++ {
		err = database.RetryOnDeadlock(ctx, func() error {
			return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				var err error
				out, err = s.bookTx(ctx, tx, caller.UserID, sessionID)
				return err
			}, readCommitted)
		})
		if errors.Is(err, errWaitlistOnly) {
			out, err = s.joins.join(ctx, sessionID, caller.UserID)
		}
		if !errors.Is(err, errSessionMoved) {
			break
		}
	}
	if err != nil {
		return Booking{}, apperr.Wrap(err, "book session %d for user %d", sessionID, caller.UserID)
	}
	s.sched.Invalidate(ctx)
	return out, nil
}

// bookTx books a seat when one is left, or returns errWaitlistOnly (having written nothing) when
// the session is full and the member could pay for a place.
func (s *Service) bookTx(ctx context.Context, tx *gorm.DB, userID, sessionID uint64) (Booking, error) {
	sess, err := s.sched.SessionTx(ctx, tx, sessionID)
	if err != nil {
		return Booking{}, err
	}
	now := s.clock()
	if err := bookable(sess, now); err != nil {
		return Booking{}, err
	}
	dup, err := s.st.activeBooking(ctx, tx, sessionID, userID)
	if err != nil {
		return Booking{}, err
	}
	if dup {
		return Booking{}, ErrAlreadyBooked
	}
	if sess.BookedCount < sess.Capacity {
		b, ok, err := s.trySeat(ctx, tx, sess, userID, now)
		if err != nil || ok {
			return b, err
		}
	}
	// Also after a seat attempt that found none: it no longer charged, so it proved nothing.
	if err := s.members.CanChargeTx(ctx, tx, userID, sess.StartsAt, sess.CreditCost()); err != nil {
		return Booking{}, err
	}
	return Booking{}, errWaitlistOnly
}

// trySeat counts a seat and pays for it; ok=false when none was left (nothing was written: the
// caller then tries the waitlist). The seat is counted first so that the members who find none
// (most of a rush) pay nothing and undo nothing; the payment touches only the member's own
// entitlement rows.
func (s *Service) trySeat(ctx context.Context, tx *gorm.DB, sess schedule.Session, userID uint64, now time.Time) (Booking, bool, error) {
	ok, err := s.sched.TakeSeatTx(ctx, tx, sess.ID, now)
	if err != nil || !ok {
		return Booking{}, false, err
	}
	charge, err := s.members.ChargeTx(ctx, tx, userID, sess.StartsAt, sess.CreditCost())
	if err != nil {
		return Booking{}, false, err
	}
	b := Booking{SessionID: sess.ID, UserID: userID, Status: StatusBooked, EntitlementID: charge.EntitlementID,
		CreditsSpent: charge.Credits, BookedAt: &now}
	if err := s.insertBooking(ctx, tx, &b, now); err != nil {
		return Booking{}, false, err
	}
	return b, true, s.emitBooking(ctx, tx, EventBooked, "", b, sess)
}

func (s *Service) insertBooking(ctx context.Context, tx *gorm.DB, b *Booking, now time.Time) error {
	if err := s.st.insert(ctx, tx, b); err != nil {
		if database.IsDuplicateKey(err) {
			return ErrAlreadyBooked
		}
		return err
	}
	b.CreatedAt = now
	return nil
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

// whyNotBookable reads the session again after both conditional UPDATEs missed: the reason it
// is no longer bookable, or errSessionMoved when it still is (its seats changed meanwhile).
func (s *Service) whyNotBookable(ctx context.Context, tx *gorm.DB, sessionID uint64) error {
	sess, err := s.sched.SessionTx(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	if err := bookable(sess, s.clock()); err != nil {
		return err
	}
	return errSessionMoved
}
