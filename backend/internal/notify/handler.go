package notify

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves notification preferences and calendars.
type Handler struct{ svc *Service }

// NewHandler creates the handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

func calendar(c echo.Context, body []byte, filename string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-cache")
	h.Set(echo.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// Preferences serves GET /api/me/notifications.
func (h *Handler) Preferences() echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (Preferences, error) {
		return h.svc.Preferences(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// SetPreferences serves PATCH /api/me/notifications.
func (h *Handler) SetPreferences() echo.HandlerFunc {
	return web.Decoded(http.StatusOK, func(c echo.Context, in Preferences) (Preferences, error) {
		return h.svc.SetPreferences(c.Request().Context(), auth.Caller(c).UserID, in)
	})
}

// FeedState serves GET /api/me/calendar-feed.
func (h *Handler) FeedState() echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (FeedState, error) {
		return h.svc.FeedState(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// CreateFeed serves POST /api/me/calendar-feed.
func (h *Handler) CreateFeed() echo.HandlerFunc {
	return web.Respond(http.StatusCreated, func(c echo.Context) (FeedURL, error) {
		f, err := h.svc.CreateFeed(c.Request().Context(), auth.Caller(c).UserID)
		if err == nil {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return f, err
	})
}

// RevokeFeed serves DELETE /api/me/calendar-feed.
func (h *Handler) RevokeFeed() echo.HandlerFunc {
	return web.NoContent(func(c echo.Context) error {
		return h.svc.RevokeFeed(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// Feed serves GET /api/calendar/:file, file being "<token>.ics".
func (h *Handler) Feed() echo.HandlerFunc {
	return func(c echo.Context) error {
		token, ok := strings.CutSuffix(c.Param("file"), ".ics")
		if !ok || token == "" || len(token) > 100 {
			return ErrFeedNotFound
		}
		body, err := h.svc.Feed(c.Request().Context(), token)
		if err != nil {
			return err
		}
		return calendar(c, body, "training-club.ics")
	}
}

// SessionICS serves GET /api/sessions/:id/calendar.ics.
func (h *Handler) SessionICS() echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		body, err := h.svc.SessionICS(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return calendar(c, body, "session.ics")
	}
}
