package membership

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves the membership routes.
type Handler struct{ svc *Service }

// NewHandler returns the membership handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// ListPlans answers GET /api/plans: the active plans (public).
func (h *Handler) ListPlans() echo.HandlerFunc {
	return web.ListPage(func(ctx context.Context, p web.Page) ([]Plan, int64, error) {
		return h.svc.ListPlans(ctx, true, p)
	})
}

// CreatePlan answers POST /api/plans (admin).
func (h *Handler) CreatePlan() echo.HandlerFunc { return web.Create(h.svc.CreatePlan) }

// UpdatePlan answers PATCH /api/plans/:id (admin).
func (h *Handler) UpdatePlan() echo.HandlerFunc { return web.UpdateByID("id", h.svc.UpdatePlan) }

// MyEntitlements answers GET /api/me/entitlements.
func (h *Handler) MyEntitlements() echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Entitlement, int64, error) {
		return h.svc.ListEntitlements(c.Request().Context(), auth.Caller(c).UserID, p)
	})
}

type grantInput struct {
	PlanID uint64 `json:"plan_id"`
}

// Grant answers POST /api/users/:id/entitlements (admin): grant a plan for free.
func (h *Handler) Grant() echo.HandlerFunc {
	return web.DecodedByID("id", http.StatusCreated, func(c echo.Context, userID uint64, in grantInput) (Entitlement, error) {
		if in.PlanID == 0 {
			return Entitlement{}, apperr.FieldError("plan_id", "is required")
		}
		return h.svc.Grant(c.Request().Context(), userID, in.PlanID)
	})
}

// EntitlementsOf answers GET /api/users/:id/entitlements (admin): a member's entitlements.
func (h *Handler) EntitlementsOf() echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]Entitlement, int64, error) {
		return h.svc.EntitlementsOf(c.Request().Context(), id, p)
	})
}

// Ledger answers GET /api/entitlements/:id/ledger (admin).
func (h *Handler) Ledger() echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]LedgerEntry, int64, error) {
		return h.svc.Ledger(c.Request().Context(), id, p)
	})
}

// AdjustCredits answers POST /api/entitlements/:id/credits (admin): {delta, reason}.
func (h *Handler) AdjustCredits() echo.HandlerFunc {
	return auth.UpdateByIDAs("id", h.svc.AdjustCredits)
}

// Extend answers POST /api/entitlements/:id/extend (admin): {ends_at, reason}.
func (h *Handler) Extend() echo.HandlerFunc { return auth.UpdateByIDAs("id", h.svc.ExtendExpiry) }

// Revoke answers POST /api/entitlements/:id/revoke (admin): {reason}.
func (h *Handler) Revoke() echo.HandlerFunc { return auth.UpdateByIDAs("id", h.svc.RevokeWithReason) }
