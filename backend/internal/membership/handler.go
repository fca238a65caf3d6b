package membership

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// HandleListPlans answers GET /api/plans: the active plans (public).
func HandleListPlans(svc *Service) echo.HandlerFunc {
	return web.ListPage(func(ctx context.Context, p web.Page) ([]Plan, int64, error) {
		return svc.ListPlans(ctx, true, p)
	})
}

// HandleCreatePlan answers POST /api/plans (admin).
func HandleCreatePlan(svc *Service) echo.HandlerFunc { return web.Create(svc.CreatePlan) }

// HandleUpdatePlan answers PATCH /api/plans/:id (admin).
func HandleUpdatePlan(svc *Service) echo.HandlerFunc { return web.UpdateByID("id", svc.UpdatePlan) }

// HandleMyEntitlements answers GET /api/me/entitlements.
func HandleMyEntitlements(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Entitlement, int64, error) {
		return svc.ListEntitlements(c.Request().Context(), auth.Caller(c).UserID, p)
	})
}

type grantInput struct {
	PlanID uint64 `json:"plan_id"`
}

// HandleGrant answers POST /api/users/:id/entitlements (admin): grant a plan for free.
func HandleGrant(svc *Service) echo.HandlerFunc {
	return web.DecodedByID("id", http.StatusCreated, func(c echo.Context, userID uint64, in grantInput) (Entitlement, error) {
		if in.PlanID == 0 {
			return Entitlement{}, apperr.FieldError("plan_id", "is required")
		}
		return svc.Grant(c.Request().Context(), userID, in.PlanID)
	})
}

// HandleEntitlementsOf answers GET /api/users/:id/entitlements (admin): a member's
// entitlements.
func HandleEntitlementsOf(svc *Service) echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]Entitlement, int64, error) {
		return svc.EntitlementsOf(c.Request().Context(), id, p)
	})
}

// HandleLedger answers GET /api/entitlements/:id/ledger (admin).
func HandleLedger(svc *Service) echo.HandlerFunc {
	return web.ListPageByID("id", func(c echo.Context, id uint64, p web.Page) ([]LedgerEntry, int64, error) {
		return svc.Ledger(c.Request().Context(), id, p)
	})
}

// HandleAdjustCredits answers POST /api/entitlements/:id/credits (admin): {delta, reason}.
func HandleAdjustCredits(svc *Service) echo.HandlerFunc {
	return auth.UpdateByIDAs("id", svc.AdjustCredits)
}

// HandleExtend answers POST /api/entitlements/:id/extend (admin): {ends_at, reason}.
func HandleExtend(svc *Service) echo.HandlerFunc { return auth.UpdateByIDAs("id", svc.ExtendExpiry) }

// HandleRevoke answers POST /api/entitlements/:id/revoke (admin): {reason}.
func HandleRevoke(svc *Service) echo.HandlerFunc {
	return auth.UpdateByIDAs("id", svc.RevokeWithReason)
}
