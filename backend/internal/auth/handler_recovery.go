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
	return rateLimited(web.Decoded(http.StatusAccepted, func(c echo.Context, in ForgotInput) (Accepted, error) {
		if err := h.svc.ForgotPassword(c.Request().Context(), c.RealIP(), in); err != nil {
			return Accepted{}, err
		}
		noStore(c)
		return accepted, nil
	}))
}

// ResetPassword serves POST /api/auth/reset-password.
func (h *Handler) ResetPassword() echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in ResetInput) error {
		return h.svc.ResetPassword(c.Request().Context(), c.RealIP(), in)
	}))
}

// VerifyEmail serves POST /api/auth/verify-email.
func (h *Handler) VerifyEmail() echo.HandlerFunc {
	return rateLimited(web.Decoded(http.StatusOK, func(c echo.Context, in TokenInput) (UserView, error) {
		u, err := h.svc.VerifyEmail(c.Request().Context(), c.RealIP(), in)
		return u.View(), err
	}))
}

// ResendVerification serves POST /api/me/verify-email/resend.
func (h *Handler) ResendVerification() echo.HandlerFunc {
	return rateLimited(web.Respond(http.StatusAccepted, func(c echo.Context) (Accepted, error) {
		return accepted, h.svc.ResendVerification(c.Request().Context(), Caller(c))
	}))
}

// ChangeEmail serves POST /api/me/email.
func (h *Handler) ChangeEmail() echo.HandlerFunc {
	return rateLimited(web.Decoded(http.StatusAccepted, func(c echo.Context, in EmailChangeInput) (Accepted, error) {
		return accepted, h.svc.RequestEmailChange(c.Request().Context(), Caller(c), in)
	}))
}
