package auth

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/web"
)

// Accepted is the body of the 202 answers of the mail-sending routes; the forgot-password
// route gives it whether or not the address has an account.
type Accepted struct {
	Status string `json:"status"`
}

var accepted = Accepted{Status: "accepted"}

// ForgotPassword serves POST /api/auth/forgot-password.
func (h *Handler) ForgotPassword() echo.HandlerFunc {
	return func(c echo.Context) error {
		var in ForgotInput
		if err := web.Decode(c, &in); err != nil {
			return err
		}
		if err := h.svc.ForgotPassword(c.Request().Context(), c.RealIP(), in); err != nil {
			return withRetryAfter(c, err)
		}
		noStore(c)
		return c.JSON(http.StatusAccepted, accepted)
	}
}

// ResetPassword serves POST /api/auth/reset-password.
func (h *Handler) ResetPassword() echo.HandlerFunc {
	return func(c echo.Context) error {
		var in ResetInput
		if err := web.Decode(c, &in); err != nil {
			return err
		}
		if err := h.svc.ResetPassword(c.Request().Context(), c.RealIP(), in); err != nil {
			return withRetryAfter(c, err)
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// VerifyEmail serves POST /api/auth/verify-email.
func (h *Handler) VerifyEmail() echo.HandlerFunc {
	return func(c echo.Context) error {
		var in TokenInput
		if err := web.Decode(c, &in); err != nil {
			return err
		}
		u, err := h.svc.VerifyEmail(c.Request().Context(), c.RealIP(), in)
		if err != nil {
			return withRetryAfter(c, err)
		}
		return c.JSON(http.StatusOK, u.View())
	}
}

// ResendVerification serves POST /api/me/verify-email/resend.
func (h *Handler) ResendVerification() echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := h.svc.ResendVerification(c.Request().Context(), Caller(c)); err != nil {
			return withRetryAfter(c, err)
		}
		return c.JSON(http.StatusAccepted, accepted)
	}
}

// ChangeEmail serves POST /api/me/email.
func (h *Handler) ChangeEmail() echo.HandlerFunc {
	return func(c echo.Context) error {
		var in EmailChangeInput
		if err := web.Decode(c, &in); err != nil {
			return err
		}
		if err := h.svc.RequestEmailChange(c.Request().Context(), Caller(c), in); err != nil {
			return withRetryAfter(c, err)
		}
		return c.JSON(http.StatusAccepted, accepted)
	}
}
