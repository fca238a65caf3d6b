package schedule

import (
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// weekCacheControl: the week view is public, and its booking counts change at any moment, so
// caches may keep it but must revalidate each time (a 304 against the ETag costs little).
var weekCacheControl = []string{"public, no-cache"}

// HandleWeekView answers GET /api/sessions?from&to&type&trainer (public, cached in memory;
// ETag, gzip).
func HandleWeekView(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		page, err := web.PageParams(c)
		if err != nil {
			return err
		}
		f, err := svc.ParseFilter(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("type"), c.QueryParam("trainer"))
		if err != nil {
			return err
		}
		v, err := svc.WeekView(c.Request().Context(), f, page)
		if err != nil {
			return err
		}
		return web.ServeCached(c, v.Cached, weekCacheControl)
	}
}

// HandleSession answers GET /api/sessions/:id (public).
func HandleSession(svc *Service) echo.HandlerFunc { return web.GetByID("id", svc.Session) }

// HandleCreateSession answers POST /api/sessions (staff; trainers for themselves).
func HandleCreateSession(svc *Service) echo.HandlerFunc { return auth.CreateAs(svc.CreateSession) }

// HandleUpdateSession answers PATCH /api/sessions/:id (staff; trainers their own sessions).
func HandleUpdateSession(svc *Service) echo.HandlerFunc {
	return auth.UpdateByIDAs("id", svc.UpdateSession)
}

// HandleClassTypes answers GET /api/class-types (public).
func HandleClassTypes(svc *Service) echo.HandlerFunc { return web.ListPage(svc.ClassTypes) }

// HandleClassType answers GET /api/class-types/:id (public).
func HandleClassType(svc *Service) echo.HandlerFunc { return web.GetByID("id", svc.ClassType) }

// HandleCreateClassType answers POST /api/class-types (admin).
func HandleCreateClassType(svc *Service) echo.HandlerFunc { return web.Create(svc.CreateClassType) }

// HandleUpdateClassType answers PATCH /api/class-types/:id (admin).
func HandleUpdateClassType(svc *Service) echo.HandlerFunc {
	return web.UpdateByID("id", svc.UpdateClassType)
}

// HandleDeleteClassType answers DELETE /api/class-types/:id (admin).
func HandleDeleteClassType(svc *Service) echo.HandlerFunc {
	return web.NoContentByID("id", func(c echo.Context, id uint64) error {
		return svc.DeleteClassType(c.Request().Context(), id)
	})
}
