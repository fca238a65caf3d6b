package timetable

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves the timetable routes.
type Handler struct{ svc *Service }

// NewHandler returns the timetable handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// List answers GET /api/series?all=true (staff): series running today or later, or all.
func (h *Handler) List() echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Series, int64, error) {
		return h.svc.ListSeries(c.Request().Context(), c.QueryParam("all") == "true", p)
	})
}

// Get answers GET /api/series/:id (staff).
func (h *Handler) Get() echo.HandlerFunc { return web.GetByID("id", h.svc.Series) }

// Create answers POST /api/series (admin).
func (h *Handler) Create() echo.HandlerFunc { return auth.CreateAs(h.svc.CreateSeries) }

// Update answers PATCH /api/series/:id (admin): "this and the following" from from_date.
func (h *Handler) Update() echo.HandlerFunc { return auth.UpdateByIDAs("id", h.svc.UpdateSeries) }

type generateResult struct {
	Created int64 `json:"created"`
}

// Generate answers POST /api/series/generate (admin): run generation now.
func (h *Handler) Generate() echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (generateResult, error) {
		n, err := h.svc.Generate(c.Request().Context())
		return generateResult{Created: n}, err
	})
}

// Closures answers GET /api/closures (staff): closures ending today or later.
func (h *Handler) Closures() echo.HandlerFunc { return web.ListPage(h.svc.Closures) }

// CreateClosure answers POST /api/closures (admin).
func (h *Handler) CreateClosure() echo.HandlerFunc { return auth.CreateAs(h.svc.CreateClosure) }

// Unassigned answers GET /api/timetable/unassigned (admin): the work of erased trainers.
func (h *Handler) Unassigned() echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (Unassigned, error) {
		return h.svc.UnassignedWork(c.Request().Context())
	})
}
