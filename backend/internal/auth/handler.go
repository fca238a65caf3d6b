package auth

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/web"
)

// Handler serves the account routes.
type Handler struct{ svc *Service }

// NewHandler creates the account handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// withRetryAfter sets Retry-After on rate-limited answers and passes err on to the error handler.
func withRetryAfter(c echo.Context, err error) error {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds()))
	}
	return err
}

func noStore(c echo.Context) {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
}

// rateLimited passes the error of next through withRetryAfter.
func rateLimited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error { return withRetryAfter(c, next(c)) }
}

// signIn makes the handler of a route that starts a session from a body and the client's IP:
// the session is answered with status and must not be cached.
func signIn[In any](status int, start func(ctx context.Context, ip string, in In) (Session, error)) echo.HandlerFunc {
	return rateLimited(web.Decoded(status, func(c echo.Context, in In) (Session, error) {
		s, err := start(c.Request().Context(), c.RealIP(), in)
		if err == nil {
			noStore(c)
		}
		return s, err
	}))
}

// Register serves POST /api/auth/register.
func (h *Handler) Register() echo.HandlerFunc { return signIn(http.StatusCreated, h.svc.Register) }

// Login serves POST /api/auth/login.
func (h *Handler) Login() echo.HandlerFunc { return signIn(http.StatusOK, h.svc.Login) }

// Refresh serves POST /api/auth/refresh.
func (h *Handler) Refresh() echo.HandlerFunc { return signIn(http.StatusOK, h.svc.Refresh) }

// Logout serves POST /api/auth/logout.
func (h *Handler) Logout() echo.HandlerFunc {
	return web.DecodedNoContent(func(c echo.Context, in RefreshInput) error {
		return h.svc.Logout(c.Request().Context(), in)
	})
}

// Me serves GET /api/me.
func (h *Handler) Me() echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (UserView, error) {
		u, err := h.svc.Me(c.Request().Context(), Caller(c))
		return u.View(), err
	})
}

// UpdateMe serves PATCH /api/me.
func (h *Handler) UpdateMe() echo.HandlerFunc {
	return web.Decoded(http.StatusOK, func(c echo.Context, in ProfileInput) (UserView, error) {
		u, err := h.svc.UpdateProfile(c.Request().Context(), Caller(c), in)
		return u.View(), err
	})
}

// ChangePassword serves POST /api/me/password.
func (h *Handler) ChangePassword() echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in PasswordInput) error {
		return h.svc.ChangePassword(c.Request().Context(), Caller(c), in)
	}))
}

// ListTrainers serves GET /api/trainers.
func (h *Handler) ListTrainers() echo.HandlerFunc {
	return listUsers(User.TrainerView, func(c echo.Context, p web.Page) ([]User, int64, error) {
		return h.svc.Trainers(c.Request().Context(), p)
	})
}

// GetTrainer serves GET /api/trainers/:id.
func (h *Handler) GetTrainer() echo.HandlerFunc { return getUser(h.svc.Trainer, User.TrainerView) }

// ListUsers serves GET /api/users (admin).
func (h *Handler) ListUsers() echo.HandlerFunc {
	return listUsers(User.View, func(c echo.Context, p web.Page) ([]User, int64, error) {
		f := UserFilter{Role: Role(c.QueryParam("role")), Query: c.QueryParam("q")}
		return h.svc.Users(c.Request().Context(), f, p)
	})
}

// GetUser serves GET /api/users/:id (admin).
func (h *Handler) GetUser() echo.HandlerFunc { return getUser(h.svc.User, User.View) }

// listUsers makes the handler of a page of users, each shown as view (TrainerView or View).
func listUsers[V any](view func(User) V, list func(c echo.Context, p web.Page) ([]User, int64, error)) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]V, int64, error) {
		users, total, err := list(c, p)
		out := make([]V, 0, len(users))
		for _, u := range users {
			out = append(out, view(u))
		}
		return out, total, err
	})
}

// getUser makes the handler of the user named by the :id path parameter, shown as view.
func getUser[V any](get func(ctx context.Context, id uint64) (User, error), view func(User) V) echo.HandlerFunc {
	return web.GetByID("id", func(ctx context.Context, id uint64) (V, error) {
		u, err := get(ctx, id)
		return view(u), err
	})
}

// UpdateUser serves PATCH /api/users/:id (admin).
func (h *Handler) UpdateUser() echo.HandlerFunc {
	return web.DecodedByID("id", http.StatusOK, func(c echo.Context, id uint64, in AdminUserInput) (UserView, error) {
		u, err := h.svc.UpdateUser(c.Request().Context(), Caller(c), id, in)
		return u.View(), err
	})
}

// DeleteMe serves DELETE /api/me: the caller erases their own account, confirmed by password.
func (h *Handler) DeleteMe() echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in DeleteMeInput) error {
		return h.svc.DeleteMe(c.Request().Context(), Caller(c), in)
	}))
}

// DeleteUser serves DELETE /api/users/:id (admin): the account is erased, not removed.
func (h *Handler) DeleteUser() echo.HandlerFunc { return userAction(h.svc.DeleteUser) }

// RevokeMySessions serves POST /api/me/sessions/revoke: the caller signs out everywhere, this
// session included.
func (h *Handler) RevokeMySessions() echo.HandlerFunc {
	return web.NoContent(func(c echo.Context) error {
		p := Caller(c)
		return h.svc.RevokeSessions(c.Request().Context(), p, p.UserID)
	})
}

// RevokeUserSessions serves POST /api/users/:id/sessions/revoke (admin): the user is signed out
// everywhere.
func (h *Handler) RevokeUserSessions() echo.HandlerFunc { return userAction(h.svc.RevokeSessions) }

// userAction makes the handler of an admin action on the user named by the :id path parameter
// that answers 204.
func userAction(act func(ctx context.Context, caller Principal, id uint64) error) echo.HandlerFunc {
	return web.NoContentByID("id", func(c echo.Context, id uint64) error {
		return act(c.Request().Context(), Caller(c), id)
	})
}
