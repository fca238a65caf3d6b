package billing

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// MaxWebhookBytes caps a webhook delivery; Stripe's events are a few KiB.
const MaxWebhookBytes = 64 << 10

type checkoutRequest struct {
	PlanID uint64 `json:"plan_id"`
}

type checkoutResponse struct {
	Order        Order  `json:"order"`
	ClientSecret string `json:"client_secret"`
}

// HandleCheckout: POST /api/orders {plan_id} → 201 (new order) or 200 (the open order again).
func HandleCheckout(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req checkoutRequest
		if err := web.Decode(c, &req); err != nil {
			return err
		}
		if req.PlanID == 0 {
			return apperr.FieldError("plan_id", "is required")
		}
		co, err := svc.Checkout(c.Request().Context(), auth.Caller(c).UserID, req.PlanID)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if co.Created {
			status = http.StatusCreated
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return c.JSON(status, checkoutResponse{Order: co.Order, ClientSecret: co.ClientSecret})
	}
}

// HandleGet: GET /api/orders/:id (owner or admin).
func HandleGet(svc *Service) echo.HandlerFunc {
	return web.RespondByID("id", http.StatusOK, func(c echo.Context, id uint64) (Order, error) {
		p := auth.Caller(c)
		o, err := svc.Order(c.Request().Context(), id, p.UserID, p.IsAdmin())
		if err == nil {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return o, err
	})
}

// HandleListMine: GET /api/me/orders.
func HandleListMine(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Order, int64, error) {
		return svc.OrdersOf(c.Request().Context(), auth.Caller(c).UserID, p)
	})
}

// HandleRefund: POST /api/orders/:id/refund (admin) → 202 with the order (refund_pending until the
// webhook confirms; refunded if it already has).
func HandleRefund(svc *Service) echo.HandlerFunc {
	return web.RespondByID("id", http.StatusAccepted, func(c echo.Context, id uint64) (Order, error) {
		return svc.Refund(c.Request().Context(), id)
	})
}

// HandleWebhook: POST /api/webhooks/stripe. The raw body (capped) is verified before anything is
// parsed; a bad or stale signature is 400 and changes nothing; duplicates and ignored event
// types answer 200 so Stripe stops retrying; a failure to apply is 500 so Stripe retries.
func HandleWebhook(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		body, err := io.ReadAll(io.LimitReader(c.Request().Body, MaxWebhookBytes+1))
		if err != nil {
			return apperr.Invalid("the body could not be read")
		}
		if len(body) > MaxWebhookBytes {
			return apperr.New(apperr.KindTooLarge, "payload_too_large", "the webhook body is too large")
		}
		ev, err := svc.VerifyEvent(body, c.Request().Header.Get("Stripe-Signature"))
		if err != nil {
			return err
		}
		outcome, err := svc.ApplyEvent(c.Request().Context(), ev)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]string{"received": ev.ID, "outcome": outcome})
	}
}
