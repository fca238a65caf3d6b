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

// HandleForgotPassword serves POST /api/auth/forgot-password.
func HandleForgotPassword(svc *Service) echo.HandlerFunc {
	return rateLimited(web.Decoded(http.StatusAccepted, func(c echo.Context, in ForgotInput) (Accepted, error) {
		if err := svc.ForgotPassword(c.Request().Context(), c.RealIP(), in); err != nil {
			return Accepted{}, err
		}
		noStore(c)
		return accepted, nil
	}))
}

// HandleResetPassword serves POST /api/auth/reset-password.
func HandleResetPassword(svc *Service) echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in ResetInput) error {
		return svc.ResetPassword(c.Request().Context(), c.RealIP(), in)
	}))
}

// HandleVerifyEmail serves POST /api/auth/verify-email.
func HandleVerifyEmail(svc *Service) echo.HandlerFunc {
	return rateLimited(web.Decoded(http.StatusOK, func(c echo.Context, in TokenInput) (UserView, error) {
		u, err := svc.VerifyEmail(c.Request().Context(), c.RealIP(), in)
		return u.View(), err
	}))
}

// HandleResendVerification serves POST /api/me/verify-email/resend.
func HandleResendVerification(svc *Service) echo.HandlerFunc {
	return rateLimited(web.Respond(http.StatusAccepted, func(c echo.Context) (Accepted, error) {
		return accepted, svc.ResendVerification(c.Request().Context(), Caller(c))
	}))
}

// HandleChangeEmail serves POST /api/me/email.
func HandleChangeEmail(svc *Service) echo.HandlerFunc {
	return rateLimited(web.Decoded(http.StatusAccepted, func(c echo.Context, in EmailChangeInput) (Accepted, error) {
		return accepted, svc.RequestEmailChange(c.Request().Context(), Caller(c), in)
	}))
}
