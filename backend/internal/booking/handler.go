package booking

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// emptyBody is the body of the action routes: nothing, or an empty JSON object.
type emptyBody struct{}

// decodeEmpty accepts no body at all or `{}`; anything else is a 400 like every other route.
func decodeEmpty(c echo.Context) error {
	if c.Request().ContentLength == 0 {
		return nil
	}
	var b emptyBody
	return web.Decode(c, &b)
}

// action makes the handler of a POST on the booking or session named by :id: no body (or {}),
// the caller and the id passed to act, its result answered with status.
func action[T any](status int, act func(ctx context.Context, caller auth.Principal, id uint64) (T, error)) echo.HandlerFunc {
	return web.RespondByID("id", status, func(c echo.Context, id uint64) (T, error) {
		if err := decodeEmpty(c); err != nil {
			var zero T
			return zero, err
		}
		return act(c.Request().Context(), auth.Caller(c), id)
	})
}

// HandleBook answers POST /api/sessions/:id/bookings: 201 booked or waitlisted.
func HandleBook(svc *Service) echo.HandlerFunc { return action(http.StatusCreated, svc.Book) }

// HandleCancel answers POST /api/bookings/:id/cancel (owner or admin).
func HandleCancel(svc *Service) echo.HandlerFunc { return action(http.StatusOK, svc.Cancel) }

// HandleCheckIn answers POST /api/bookings/:id/check-in (trainer of the session or admin).
func HandleCheckIn(svc *Service) echo.HandlerFunc { return action(http.StatusOK, svc.CheckIn) }

// HandleCancelSession answers POST /api/sessions/:id/cancel (trainer of the session or admin).
func HandleCancelSession(svc *Service) echo.HandlerFunc {
	return action(http.StatusOK, svc.CancelSession)
}

// HandleRoster answers GET /api/sessions/:id/roster (trainer of the session or admin).
func HandleRoster(svc *Service) echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]Booking, int64, error) {
		return svc.Roster(c.Request().Context(), auth.Caller(c), id, p)
	})
}

// HandleMine answers GET /api/me/bookings?when=upcoming|past.
func HandleMine(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Booking, int64, error) {
		return svc.Mine(c.Request().Context(), auth.Caller(c).UserID, c.QueryParam("when"), p)
	})
}
