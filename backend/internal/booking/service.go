package booking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/trainingclub/platform/backend/internal/platform/database"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// Errors the booking service reports (schedule's session errors pass through unchanged).
var (
	ErrBookingNotFound  = apperr.NotFound("booking")
	ErrAlreadyBooked    = apperr.Conflict("already_booked", "you already hold a booking or waitlist place for this session")
	ErrBookingNotOpen   = apperr.Conflict("booking_not_open", "booking for this session has not opened yet")
	ErrNotYourBooking   = apperr.Forbidden("this booking is not yours")
	ErrBookingNotActive = apperr.Conflict("booking_not_active", "the booking is no longer active")
	ErrNotCheckable     = apperr.Conflict("booking_not_checkable", "only a booked seat can be checked in")
	ErrCheckInClosed    = apperr.Conflict("check_in_closed", "check-in opens 60 minutes before the class and closes when it ends")
)

// CheckInOpens is how long before the start a trainer may check members in.
const CheckInOpens = 60 * time.Minute

// Service applies the booking rules.
type Service struct {
	st      store
	db      *gorm.DB
	sched   *schedule.Service
	members *membership.Service
	log     *slog.Logger
	now     func() time.Time
	hooks   []EventHook // see OnEvent
	batches *bookBatches
}

// NewService returns the booking service. Main registers PromoteWaitlistTx on the schedule's
// OnSeatsAdded (a session whose capacity grows fills its new seats from the waitlist).
func NewService(db *gorm.DB, sched *schedule.Service, members *membership.Service, log *slog.Logger) *Service {
	s := &Service{st: store{db: db}, db: db, sched: sched, members: members, log: log,
		now: func() time.Time { return time.Now().UTC() }}
	s.batches = newBookBatches(s)
	return s
}

// PromoteWaitlistTx fills the free seats of session id from its waitlist, inside tx.
func (s *Service) PromoteWaitlistTx(ctx context.Context, tx *gorm.DB, sessionID uint64) error {
	sess, err := s.sched.LockSessionTx(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	_, err = s.promoteTx(ctx, tx, sess)
	return err
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// inTx runs f in a transaction, again when InnoDB picked it as a deadlock victim.
func (s *Service) inTx(ctx context.Context, f func(tx *gorm.DB) error) error {
	return database.RetryOnDeadlock(ctx, func() error { return s.db.WithContext(ctx).Transaction(f) })
}

// promoteTx fills the free seats of sess (locked by the caller) from its waitlist in arrival
// order, charging each promoted member; members who can no longer pay are skipped and keep
// their place. It returns the promoted bookings.
func (s *Service) promoteTx(ctx context.Context, tx *gorm.DB, sess schedule.Session) ([]Booking, error) {
	free := sess.Capacity - sess.BookedCount
	if free <= 0 || sess.Status != schedule.StatusScheduled || !s.clock().Before(sess.StartsAt) {
		return nil, nil
	}
	waiting, err := s.st.waitlist(ctx, tx, sess.ID)
	if err != nil {
		return nil, err
	}
	var promoted []Booking
	for _, w := range waiting {
		if free == 0 {
			break
		}
		charge, err := s.members.ChargeTx(ctx, tx, w.UserID, sess.StartsAt, sess.CreditCost())
		if errors.Is(err, membership.ErrNoEntitlement) {
			continue
		}
		if err != nil {
			return nil, err
		}
		now := s.clock()
		ok, err := s.st.transition(ctx, tx, w.ID, []string{StatusWaitlisted}, StatusBooked, map[string]any{
			"entitlement_id": charge.EntitlementID, "credits_spent": charge.Credits, "booked_at": now})
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("promote booking %d: no longer waitlisted under the session lock", w.ID)
		}
		if err := s.sched.AdjustCountsTx(ctx, tx, sess.ID, 1, -1); err != nil {
			return nil, err
		}
		free--
		if err := s.emit(ctx, tx, EventPromoted, "", w.ID, sess); err != nil {
			return nil, err
		}
		s.log.InfoContext(ctx, "waitlist promotion", "booking_id", w.ID, "session_id", sess.ID)
		promoted = append(promoted, w)
	}
	return promoted, nil
}

// Cancel cancels booking id for its owner or an admin. A booked seat cancelled before the
// session's cutoff returns its credits ("cancelled"); later it is "late_cancelled" and the credits
// are forfeited. Either way the seat goes to the waitlist. A waitlist place is simply cancelled.
func (s *Service) Cancel(ctx context.Context, caller auth.Principal, id uint64) (Booking, error) {
	b, err := s.st.booking(ctx, s.db, id, false)
	if err != nil {
		return Booking{}, apperr.Wrap(err, "cancel booking %d", id)
	}
	if b.UserID != caller.UserID && !caller.IsAdmin() {
		return Booking{}, apperr.Wrap(ErrNotYourBooking, "cancel booking %d", id)
	}
	var out Booking
	err = s.inTx(ctx, func(tx *gorm.DB) error {
		sess, err := s.sched.LockSessionTx(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		if err := s.cancelTx(ctx, tx, sess, id, false); err != nil {
			return err
		}
		out, err = s.st.booking(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Booking{}, apperr.Wrap(err, "cancel booking %d", id)
	}
	s.sched.Invalidate(ctx)
	return out, nil
}

// cancelTx cancels booking id of sess (locked by the caller): a waitlist place is dropped, a
// booked seat before the start is freed and given to the waitlist. The credits come back before
// the cancellation cutoff; after it they are forfeited ("late_cancelled") unless byClub, when the
// club cancels on the member's behalf and always refunds.
func (s *Service) cancelTx(ctx context.Context, tx *gorm.DB, sess schedule.Session, id uint64, byClub bool) error {
	b, err := s.st.booking(ctx, tx, id, true)
	if err != nil {
		return err
	}
	now := s.clock()
	switch b.Status {
	case StatusWaitlisted:
		ok, err := s.st.transition(ctx, tx, id, []string{StatusWaitlisted}, StatusCancelled, map[string]any{"cancelled_at": now})
		if err != nil {
			return err
		}
		if !ok {
			return ErrBookingNotActive
		}
		if err := s.emit(ctx, tx, EventCancelled, cancelReason(byClub, false), id, sess); err != nil {
			return err
		}
		return s.sched.AdjustCountsTx(ctx, tx, sess.ID, 0, -1)
	case StatusBooked:
		if !now.Before(sess.StartsAt) {
			return schedule.ErrSessionStarted
		}
		late := !byClub && !now.Before(sess.CancellationCutoff())
		to, refund := StatusCancelled, b.CreditsSpent
		if late {
			to, refund = StatusLateCancelled, 0
		}
		ok, err := s.st.transition(ctx, tx, id, []string{StatusBooked}, to, map[string]any{"cancelled_at": now, "credits_refunded": refund})
		if err != nil {
			return err
		}
		if !ok {
			return ErrBookingNotActive
		}
		if err := s.members.RefundTx(ctx, tx, membership.Charge{EntitlementID: b.EntitlementID, Credits: refund}); err != nil {
			return err
		}
		if err := s.emit(ctx, tx, EventCancelled, cancelReason(byClub, late), id, sess); err != nil {
			return err
		}
		if err := s.sched.AdjustCountsTx(ctx, tx, sess.ID, -1, 0); err != nil {
			return err
		}
		sess.BookedCount--
		_, err = s.promoteTx(ctx, tx, sess)
		return err
	default:
		return ErrBookingNotActive
	}
}

// CancelUpcomingForUser cancels every seat and waitlist place userID holds in sessions that have
// not started (the account is being deleted). The club cancels on the member's behalf, so the
// credits come back even after the cutoff ("cancelled"), and each freed seat goes to the
// waitlist. Each booking is its own transaction under its session's lock, like Cancel; running
// it again is harmless. It returns how many bookings it cancelled.
func (s *Service) CancelUpcomingForUser(ctx context.Context, userID uint64) (int, error) {
	list, err := s.st.upcomingActive(ctx, s.db, userID, s.clock())
	if err != nil {
		return 0, fmt.Errorf("upcoming bookings of user %d: %w", userID, err)
	}
	n := 0
	for _, b := range list {
		err := s.inTx(ctx, func(tx *gorm.DB) error {
			sess, err := s.sched.LockSessionTx(ctx, tx, b.SessionID)
			if err != nil {
				return err
			}
			return s.cancelTx(ctx, tx, sess, b.ID, true)
		})
		switch {
		case err == nil:
			n++
		case errors.Is(err, ErrBookingNotActive), errors.Is(err, schedule.ErrSessionStarted):
			// Changed since the list was read (cancelled, checked in, or the class began): keep it.
		default:
			if n > 0 {
				s.sched.Invalidate(ctx)
			}
			return n, apperr.Wrap(err, "cancel booking %d of user %d", b.ID, userID)
		}
	}
	if n > 0 {
		s.sched.Invalidate(ctx)
		s.log.InfoContext(ctx, "upcoming bookings cancelled for the club", "user_id", userID, "count", n)
	}
	return n, nil
}

// CancelSession cancels a session for the club (its trainer or an admin): every active booking
// becomes session_cancelled and every credit spent on it is returned.
func (s *Service) CancelSession(ctx context.Context, caller auth.Principal, sessionID uint64) (schedule.Session, error) {
	var out schedule.Session
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		sess, err := s.sched.LockSessionTx(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if err := schedule.CanManage(caller, sess); err != nil {
			return err
		}
		if sess.Status == schedule.StatusCancelled {
			return schedule.ErrSessionCancelled
		}
		now := s.clock()
		if !now.Before(sess.EndsAt) {
			return apperr.Conflict("session_ended", "the session has already ended")
		}
		active, err := s.st.activeOf(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		for _, b := range active {
			refund := 0
			if b.Status != StatusWaitlisted {
				refund = b.CreditsSpent
			}
			ok, err := s.st.transition(ctx, tx, b.ID, []string{b.Status}, StatusSessionCancelled, map[string]any{"cancelled_at": now, "credits_refunded": refund})
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("booking %d changed under the session lock", b.ID)
			}
			if err := s.members.RefundTx(ctx, tx, membership.Charge{EntitlementID: b.EntitlementID, Credits: refund}); err != nil {
				return err
			}
			if err := s.emit(ctx, tx, EventCancelled, ReasonSessionCancelled, b.ID, sess); err != nil {
				return err
			}
		}
		if err := s.sched.MarkCancelledTx(ctx, tx, sessionID); err != nil {
			return err
		}
		out, err = s.sched.ReloadTx(ctx, tx, sessionID)
		return err
	})
	if err != nil {
		return schedule.Session{}, apperr.Wrap(err, "cancel session %d", sessionID)
	}
	s.sched.Invalidate(ctx)
	return out, nil
}

func cancelReason(byClub, late bool) string {
	switch {
	case byClub:
		return ReasonAccountDeleted
	case late:
		return ReasonLate
	default:
		return ReasonMember
	}
}
