package booking

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Get returns booking id with its session to its owner, the session's trainer or an admin; to
// anyone else it does not exist (ErrBookingNotFound), so ids cannot be probed.
func (s *Service) Get(ctx context.Context, caller auth.Principal, id uint64) (Booking, error) {
	b, sess, err := s.withSession(ctx, id)
	if err != nil {
		return Booking{}, apperr.Wrap(err, "booking %d", id)
	}
	if b.UserID != caller.UserID && schedule.CanManage(caller, sess) != nil {
		return Booking{}, apperr.Wrap(ErrBookingNotFound, "booking %d for user %d", id, caller.UserID)
	}
	if b.Status == StatusWaitlisted {
		p, err := s.st.waitlistPosition(ctx, s.db, b)
		if err != nil {
			return Booking{}, err
		}
		b.WaitlistPosition = &p
	}
	b.present(s.clock(), sess.EndsAt)
	b.Session = &sess
	return b, nil
}

// withSession reads booking id and its session.
func (s *Service) withSession(ctx context.Context, id uint64) (Booking, schedule.Session, error) {
	b, err := s.st.booking(ctx, s.db, id, false)
	if err != nil {
		return Booking{}, schedule.Session{}, err
	}
	sess, err := s.sched.Session(ctx, b.SessionID)
	return b, sess, err
}

// HandleGet answers GET /api/bookings/:id (owner, the session's trainer or an admin).
func HandleGet(svc *Service) echo.HandlerFunc {
	return web.RespondByID("id", http.StatusOK, func(c echo.Context, id uint64) (Booking, error) {
		return svc.Get(c.Request().Context(), auth.Caller(c), id)
	})
}

// HandleOfUser answers GET /api/users/:id/bookings?when= (admin): a member's bookings for the
// member page.
func HandleOfUser(svc *Service) echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]Booking, int64, error) {
		return svc.Mine(c.Request().Context(), id, c.QueryParam("when"), p)
	})
}
