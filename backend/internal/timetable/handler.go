package timetable

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// HandleList answers GET /api/series?all=true (staff): series running today or later, or all.
func HandleList(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Series, int64, error) {
		return svc.ListSeries(c.Request().Context(), c.QueryParam("all") == "true", p)
	})
}

// HandleGet answers GET /api/series/:id (staff).
func HandleGet(svc *Service) echo.HandlerFunc { return web.GetByID("id", svc.Series) }

// HandleCreate answers POST /api/series (admin).
func HandleCreate(svc *Service) echo.HandlerFunc { return auth.CreateAs(svc.CreateSeries) }

// HandleUpdate answers PATCH /api/series/:id (admin): "this and the following" from from_date.
func HandleUpdate(svc *Service) echo.HandlerFunc { return auth.UpdateByIDAs("id", svc.UpdateSeries) }

type generateResult struct {
	Created int64 `json:"created"`
}

// HandleGenerate answers POST /api/series/generate (admin): run generation now.
func HandleGenerate(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (generateResult, error) {
		n, err := svc.Generate(c.Request().Context())
		return generateResult{Created: n}, err
	})
}

// HandleClosures answers GET /api/closures (staff): closures ending today or later.
func HandleClosures(svc *Service) echo.HandlerFunc { return web.ListPage(svc.Closures) }

// HandleCreateClosure answers POST /api/closures (admin).
func HandleCreateClosure(svc *Service) echo.HandlerFunc { return auth.CreateAs(svc.CreateClosure) }

// HandleUnassigned answers GET /api/timetable/unassigned (admin): the work of erased trainers.
func HandleUnassigned(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (Unassigned, error) {
		return svc.UnassignedWork(c.Request().Context())
	})
}
