package booking

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Roster lists a session's bookings (seats first, then the waitlist) for its trainer or an admin.
func (s *Service) Roster(ctx context.Context, caller auth.Principal, sessionID uint64, page web.Page) ([]Booking, int64, error) {
	sess, err := s.sched.Session(ctx, sessionID)
	if err != nil {
		return nil, 0, err
	}
	if err := schedule.CanManage(caller, sess); err != nil {
		return nil, 0, err
	}
	list, total, err := s.st.roster(ctx, sessionID, page)
	if err != nil {
		return nil, 0, fmt.Errorf("roster of session %d: %w", sessionID, err)
	}
	return list, total, s.present(ctx, list, func(Booking) time.Time { return sess.EndsAt })
}

// present fills each booking's derived fields: its waitlist position and what its member may
// still do, given the end of its session.
func (s *Service) present(ctx context.Context, list []Booking, endsAt func(Booking) time.Time) error {
	now := s.clock()
	for i := range list {
		if list[i].Status == StatusWaitlisted {
			p, err := s.st.waitlistPosition(ctx, s.db, list[i])
			if err != nil {
				return err
			}
			list[i].WaitlistPosition = &p
		}
		list[i].present(now, endsAt(list[i]))
	}
	return nil
}

// CheckIn marks a booked seat as attended (trainer of the session or admin), from CheckInOpens
// before the start until the end. Checking in twice is harmless.
func (s *Service) CheckIn(ctx context.Context, caller auth.Principal, id uint64) (Booking, error) {
	b, sess, err := s.withSession(ctx, id)
	if err != nil {
		return Booking{}, apperr.Wrap(err, "check in booking %d", id)
	}
	if err := schedule.CanManage(caller, sess); err != nil {
		return Booking{}, err
	}
	now := s.clock()
	if now.Before(sess.StartsAt.Add(-CheckInOpens)) || !now.Before(sess.EndsAt) || sess.Status != schedule.StatusScheduled {
		return Booking{}, ErrCheckInClosed
	}
	var ok bool
	err = s.inTx(ctx, func(tx *gorm.DB) error {
		var err error
		if ok, err = s.st.transition(ctx, tx, id, []string{StatusBooked}, StatusCheckedIn, map[string]any{"checked_in_at": now}); err != nil || !ok {
			return err
		}
		// The session's check-in counter (for the attendance report) moves with the booking.
		return s.sched.CountCheckInTx(ctx, tx, b.SessionID)
	})
	if err != nil {
		return Booking{}, fmt.Errorf("check in booking %d: %w", id, err)
	}
	b, err = s.st.booking(ctx, s.db, id, false)
	if err != nil {
		return Booking{}, err
	}
	if !ok && b.Status != StatusCheckedIn {
		return Booking{}, ErrNotCheckable
	}
	return b, nil
}

// Mine lists the caller's bookings with their sessions; when is upcoming, past or "" (all).
func (s *Service) Mine(ctx context.Context, userID uint64, when string, page web.Page) ([]Booking, int64, error) {
	if when != "" && when != "upcoming" && when != "past" {
		return nil, 0, apperr.FieldError("when", "must be upcoming or past")
	}
	now := s.clock()
	list, total, err := s.st.mine(ctx, userID, when, now, page)
	if err != nil {
		return nil, 0, fmt.Errorf("bookings of user %d: %w", userID, err)
	}
	ids := make([]uint64, 0, len(list))
	for _, b := range list {
		ids = append(ids, b.SessionID)
	}
	sessions, err := s.sched.SessionsByID(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range list {
		sess := sessions[list[i].SessionID]
		list[i].Session = &sess
	}
	return list, total, s.present(ctx, list, func(b Booking) time.Time { return b.Session.EndsAt })
}

// ClassTypeAttendance is one class type's aggregate attendance over a period.
type ClassTypeAttendance struct {
	ClassType                                     string
	Sessions, Capacity, Booked, CheckedIn, NoShow int
	Cancelled                                     int
}

// AttendanceByClassType sums the scheduled sessions that started in [from, to) per class type.
func (s *Service) AttendanceByClassType(ctx context.Context, from, to time.Time) ([]ClassTypeAttendance, error) {
	return s.st.attendanceByClassType(ctx, from, to)
}
