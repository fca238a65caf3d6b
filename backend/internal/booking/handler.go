package booking

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves the booking routes.
type Handler struct{ svc *Service }

// NewHandler returns the booking handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

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

// Book answers POST /api/sessions/:id/bookings: 201 booked or waitlisted.
func (h *Handler) Book() echo.HandlerFunc { return action(http.StatusCreated, h.svc.Book) }

// Cancel answers POST /api/bookings/:id/cancel (owner or admin).
func (h *Handler) Cancel() echo.HandlerFunc { return action(http.StatusOK, h.svc.Cancel) }

// CheckIn answers POST /api/bookings/:id/check-in (trainer of the session or admin).
func (h *Handler) CheckIn() echo.HandlerFunc { return action(http.StatusOK, h.svc.CheckIn) }

// CancelSession answers POST /api/sessions/:id/cancel (trainer of the session or admin).
func (h *Handler) CancelSession() echo.HandlerFunc { return action(http.StatusOK, h.svc.CancelSession) }

// Roster answers GET /api/sessions/:id/roster (trainer of the session or admin).
func (h *Handler) Roster() echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		page, err := web.PageParams(c)
		if err != nil {
			return err
		}
		list, total, err := h.svc.Roster(c.Request().Context(), auth.Caller(c), id, page)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, web.NewList(list, page, total))
	}
}

// Mine answers GET /api/me/bookings?when=upcoming|past.
func (h *Handler) Mine() echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Booking, int64, error) {
		return h.svc.Mine(c.Request().Context(), auth.Caller(c).UserID, c.QueryParam("when"), p)
	})
}
