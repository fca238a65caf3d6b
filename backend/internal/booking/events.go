package booking

import (
	"context"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/schedule"
)

// What happened to a booking, as event hooks are told.
const (
	EventBooked    = "booked"    // a seat was booked
	EventPromoted  = "promoted"  // a waitlist place became a seat
	EventCancelled = "cancelled" // see Event.Reason
)

// Reasons of a cancellation.
const (
	ReasonMember           = "member"            // by the member (or an admin) before the cutoff: credits back
	ReasonLate             = "late"              // by the member after the cutoff: credits forfeited
	ReasonSessionCancelled = "session_cancelled" // the club cancelled the session: credits back
	ReasonAccountDeleted   = "account_deleted"   // the account is being erased: credits back
)

// Event is a change of one booking, told to the hooks inside the changing transaction.
type Event struct {
	Kind    string
	Reason  string  // cancellations only
	Booking Booking // as it is after the change (status, credits_refunded)
	Session schedule.Session
}

// EventHook runs inside the transaction of a booking change; an error rolls the change back.
// booking cannot import the domains that react (mail notifications); they come in through this.
type EventHook func(ctx context.Context, tx *gorm.DB, e Event) error

// OnEvent registers hooks told about bookings, promotions and cancellations. Call it while
// wiring.
func (s *Service) OnEvent(hooks ...EventHook) { s.hooks = append(s.hooks, hooks...) }

func (s *Service) emit(ctx context.Context, tx *gorm.DB, kind, reason string, id uint64, sess schedule.Session) error {
	if len(s.hooks) == 0 {
		return nil
	}
	b, err := s.st.booking(ctx, tx, id, false)
	if err != nil {
		return err
	}
	return s.emitBooking(ctx, tx, kind, reason, b, sess)
}

// emitBooking tells the hooks about b, already read as it is after the change.
func (s *Service) emitBooking(ctx context.Context, tx *gorm.DB, kind, reason string, b Booking, sess schedule.Session) error {
	for _, h := range s.hooks {
		if err := h(ctx, tx, Event{Kind: kind, Reason: reason, Booking: b, Session: sess}); err != nil {
			return err
		}
	}
	return nil
}

// ActiveOfTx returns the active bookings (seats and waitlist places) of a session inside tx:
// for hooks that tell their members about a change of the session.
func (s *Service) ActiveOfTx(ctx context.Context, tx *gorm.DB, sessionID uint64) ([]Booking, error) {
	return s.st.activeOf(ctx, tx, sessionID)
}
