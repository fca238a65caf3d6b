package schedule

import (
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves the schedule routes.
type Handler struct{ svc *Service }

// NewHandler returns the schedule handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// weekCacheControl: the week view is public, and its booking counts change at any moment, so
// caches may keep it but must revalidate each time (a 304 against the ETag costs little).
var weekCacheControl = []string{"public, no-cache"}

// WeekView answers GET /api/sessions?from&to&type&trainer (public, cached in memory; ETag, gzip).
func (h *Handler) WeekView() echo.HandlerFunc {
	return func(c echo.Context) error {
		page, err := web.PageParams(c)
		if err != nil {
			return err
		}
		f, err := h.svc.ParseFilter(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("type"), c.QueryParam("trainer"))
		if err != nil {
			return err
		}
		v, err := h.svc.WeekView(c.Request().Context(), f, page)
		if err != nil {
			return err
		}
		return web.ServeCached(c, v.Cached, weekCacheControl)
	}
}

// Session answers GET /api/sessions/:id (public).
func (h *Handler) Session() echo.HandlerFunc { return web.GetByID("id", h.svc.Session) }

// CreateSession answers POST /api/sessions (staff; trainers for themselves).
func (h *Handler) CreateSession() echo.HandlerFunc { return auth.CreateAs(h.svc.CreateSession) }

// UpdateSession answers PATCH /api/sessions/:id (staff; trainers their own sessions).
func (h *Handler) UpdateSession() echo.HandlerFunc {
	return auth.UpdateByIDAs("id", h.svc.UpdateSession)
}

// ClassTypes answers GET /api/class-types (public).
func (h *Handler) ClassTypes() echo.HandlerFunc { return web.ListPage(h.svc.ClassTypes) }

// ClassType answers GET /api/class-types/:id (public).
func (h *Handler) ClassType() echo.HandlerFunc { return web.GetByID("id", h.svc.ClassType) }

// CreateClassType answers POST /api/class-types (admin).
func (h *Handler) CreateClassType() echo.HandlerFunc { return web.Create(h.svc.CreateClassType) }

// UpdateClassType answers PATCH /api/class-types/:id (admin).
func (h *Handler) UpdateClassType() echo.HandlerFunc {
	return web.UpdateByID("id", h.svc.UpdateClassType)
}

// DeleteClassType answers DELETE /api/class-types/:id (admin).
func (h *Handler) DeleteClassType() echo.HandlerFunc {
	return web.NoContentByID("id", func(c echo.Context, id uint64) error {
		return h.svc.DeleteClassType(c.Request().Context(), id)
	})
}
