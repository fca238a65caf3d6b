package assistant

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler makes the assistant routes' handlers (all admin-only).
type Handler struct{ svc *Service }

// NewHandler wraps the service.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Close stops the service's workers (called on shutdown).
func (h *Handler) Close() { h.svc.Close() }

// Status: GET /api/assistant/status → {enabled}.
func (h *Handler) Status() echo.HandlerFunc {
	return func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]bool{"enabled": h.svc.Enabled()})
	}
}

type draftRequest struct {
	Kind        string  `json:"kind"`
	ClassTypeID *uint64 `json:"class_type_id"`
}

// Create: POST /api/assistant/drafts → 202 with the pending draft.
func (h *Handler) Create() echo.HandlerFunc {
	create := web.Decoded(http.StatusAccepted, func(c echo.Context, req draftRequest) (Draft, error) {
		return h.svc.CreateDraft(c.Request().Context(), auth.Caller(c), req.Kind, req.ClassTypeID)
	})
	return func(c echo.Context) error {
		if !h.svc.Enabled() {
			return ErrDisabled
		}
		return create(c)
	}
}

// List: GET /api/assistant/drafts?status=.
func (h *Handler) List() echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Draft, int64, error) {
		return h.svc.List(c.Request().Context(), c.QueryParam("status"), p)
	})
}

// Get: GET /api/assistant/drafts/:id.
func (h *Handler) Get() echo.HandlerFunc { return web.GetByID("id", h.svc.Get) }

// Approve: POST /api/assistant/drafts/:id/approve.
func (h *Handler) Approve() echo.HandlerFunc { return h.decide(true) }

// Reject: POST /api/assistant/drafts/:id/reject.
func (h *Handler) Reject() echo.HandlerFunc { return h.decide(false) }

func (h *Handler) decide(approve bool) echo.HandlerFunc {
	return web.RespondByID("id", http.StatusOK, func(c echo.Context, id uint64) (Draft, error) {
		return h.svc.Decide(c.Request().Context(), auth.Caller(c), id, approve)
	})
}
