package assistant

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// HandleStatus: GET /api/assistant/status → {enabled}.
func HandleStatus(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]bool{"enabled": svc.Enabled()})
	}
}

type draftRequest struct {
	Kind        string  `json:"kind"`
	ClassTypeID *uint64 `json:"class_type_id"`
}

// HandleCreate: POST /api/assistant/drafts → 202 with the pending draft.
func HandleCreate(svc *Service) echo.HandlerFunc {
	create := web.Decoded(http.StatusAccepted, func(c echo.Context, req draftRequest) (Draft, error) {
		return svc.CreateDraft(c.Request().Context(), auth.Caller(c), req.Kind, req.ClassTypeID)
	})
	return func(c echo.Context) error {
		if !svc.Enabled() {
			return ErrDisabled
		}
		return create(c)
	}
}

// HandleList: GET /api/assistant/drafts?status=.
func HandleList(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Draft, int64, error) {
		return svc.List(c.Request().Context(), c.QueryParam("status"), p)
	})
}

// HandleGet: GET /api/assistant/drafts/:id.
func HandleGet(svc *Service) echo.HandlerFunc { return web.GetByID("id", svc.Get) }

// HandleApprove: POST /api/assistant/drafts/:id/approve.
func HandleApprove(svc *Service) echo.HandlerFunc { return decide(svc, true) }

// HandleReject: POST /api/assistant/drafts/:id/reject.
func HandleReject(svc *Service) echo.HandlerFunc { return decide(svc, false) }

func decide(svc *Service, approve bool) echo.HandlerFunc {
	return web.RespondByID("id", http.StatusOK, func(c echo.Context, id uint64) (Draft, error) {
		return svc.Decide(c.Request().Context(), auth.Caller(c), id, approve)
	})
}
