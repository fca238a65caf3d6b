package booking

import (
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

func (h *Handler) action(f func(c echo.Context, caller auth.Principal, id uint64) (any, int, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		if err := decodeEmpty(c); err != nil {
			return err
		}
		out, status, err := f(c, auth.Caller(c), id)
		if err != nil {
			return err
		}
		return c.JSON(status, out)
	}
}

// Book answers POST /api/sessions/:id/bookings: 201 booked or waitlisted.
func (h *Handler) Book() echo.HandlerFunc {
	return h.action(func(c echo.Context, caller auth.Principal, id uint64) (any, int, error) {
		b, err := h.svc.Book(c.Request().Context(), caller, id)
		return b, http.StatusCreated, err
	})
}

// Cancel answers POST /api/bookings/:id/cancel (owner or admin).
func (h *Handler) Cancel() echo.HandlerFunc {
	return h.action(func(c echo.Context, caller auth.Principal, id uint64) (any, int, error) {
		b, err := h.svc.Cancel(c.Request().Context(), caller, id)
		return b, http.StatusOK, err
	})
}

// CheckIn answers POST /api/bookings/:id/check-in (trainer of the session or admin).
func (h *Handler) CheckIn() echo.HandlerFunc {
	return h.action(func(c echo.Context, caller auth.Principal, id uint64) (any, int, error) {
		b, err := h.svc.CheckIn(c.Request().Context(), caller, id)
		return b, http.StatusOK, err
	})
}

// CancelSession answers POST /api/sessions/:id/cancel (trainer of the session or admin).
func (h *Handler) CancelSession() echo.HandlerFunc {
	return h.action(func(c echo.Context, caller auth.Principal, id uint64) (any, int, error) {
		s, err := h.svc.CancelSession(c.Request().Context(), caller, id)
		return s, http.StatusOK, err
	})
}

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
