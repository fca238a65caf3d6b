package notify

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

func calendar(c echo.Context, body []byte, filename string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-cache")
	h.Set(echo.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// HandlePreferences serves GET /api/me/notifications.
func HandlePreferences(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (Preferences, error) {
		return svc.Preferences(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// HandleSetPreferences serves PATCH /api/me/notifications.
func HandleSetPreferences(svc *Service) echo.HandlerFunc {
	return web.Decoded(http.StatusOK, func(c echo.Context, in Preferences) (Preferences, error) {
		return svc.SetPreferences(c.Request().Context(), auth.Caller(c).UserID, in)
	})
}

// HandleFeedState serves GET /api/me/calendar-feed.
func HandleFeedState(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (FeedState, error) {
		return svc.FeedState(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// HandleCreateFeed serves POST /api/me/calendar-feed.
func HandleCreateFeed(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusCreated, func(c echo.Context) (FeedURL, error) {
		f, err := svc.CreateFeed(c.Request().Context(), auth.Caller(c).UserID)
		if err == nil {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return f, err
	})
}

// HandleRevokeFeed serves DELETE /api/me/calendar-feed.
func HandleRevokeFeed(svc *Service) echo.HandlerFunc {
	return web.NoContent(func(c echo.Context) error {
		return svc.RevokeFeed(c.Request().Context(), auth.Caller(c).UserID)
	})
}

// HandleFeed serves GET /api/calendar/:file, file being "<token>.ics".
func HandleFeed(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, ok := strings.CutSuffix(c.Param("file"), ".ics")
		if !ok || token == "" || len(token) > 100 {
			return ErrFeedNotFound
		}
		body, err := svc.Feed(c.Request().Context(), token)
		if err != nil {
			return err
		}
		return calendar(c, body, "training-club.ics")
	}
}

// HandleSessionICS serves GET /api/sessions/:id/calendar.ics.
func HandleSessionICS(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		body, err := svc.SessionICS(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return calendar(c, body, "session.ics")
	}
}
