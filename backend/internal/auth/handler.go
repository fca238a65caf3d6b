package auth

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/web"
)

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

// HandleRegister serves POST /api/auth/register.
func HandleRegister(svc *Service) echo.HandlerFunc { return signIn(http.StatusCreated, svc.Register) }

// HandleLogin serves POST /api/auth/login.
func HandleLogin(svc *Service) echo.HandlerFunc { return signIn(http.StatusOK, svc.Login) }

// HandleRefresh serves POST /api/auth/refresh.
func HandleRefresh(svc *Service) echo.HandlerFunc { return signIn(http.StatusOK, svc.Refresh) }

// HandleLogout serves POST /api/auth/logout.
func HandleLogout(svc *Service) echo.HandlerFunc {
	return web.DecodedNoContent(func(c echo.Context, in RefreshInput) error {
		return svc.Logout(c.Request().Context(), in)
	})
}

// HandleMe serves GET /api/me.
func HandleMe(svc *Service) echo.HandlerFunc {
	return web.Respond(http.StatusOK, func(c echo.Context) (UserView, error) {
		u, err := svc.Me(c.Request().Context(), Caller(c))
		return u.View(), err
	})
}

// HandleUpdateMe serves PATCH /api/me.
func HandleUpdateMe(svc *Service) echo.HandlerFunc {
	return web.Decoded(http.StatusOK, func(c echo.Context, in ProfileInput) (UserView, error) {
		u, err := svc.UpdateProfile(c.Request().Context(), Caller(c), in)
		return u.View(), err
	})
}

// HandleChangePassword serves POST /api/me/password.
func HandleChangePassword(svc *Service) echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in PasswordInput) error {
		return svc.ChangePassword(c.Request().Context(), Caller(c), in)
	}))
}

// HandleListTrainers serves GET /api/trainers.
func HandleListTrainers(svc *Service) echo.HandlerFunc {
	return listUsers(User.TrainerView, func(c echo.Context, p web.Page) ([]User, int64, error) {
		return svc.Trainers(c.Request().Context(), p)
	})
}

// HandleGetTrainer serves GET /api/trainers/:id.
func HandleGetTrainer(svc *Service) echo.HandlerFunc { return getUser(svc.Trainer, User.TrainerView) }

// HandleListUsers serves GET /api/users (admin).
func HandleListUsers(svc *Service) echo.HandlerFunc {
	return listUsers(User.View, func(c echo.Context, p web.Page) ([]User, int64, error) {
		f := UserFilter{Role: Role(c.QueryParam("role")), Query: c.QueryParam("q")}
		return svc.Users(c.Request().Context(), f, p)
	})
}

// HandleGetUser serves GET /api/users/:id (admin).
func HandleGetUser(svc *Service) echo.HandlerFunc { return getUser(svc.User, User.View) }

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

// HandleUpdateUser serves PATCH /api/users/:id (admin).
func HandleUpdateUser(svc *Service) echo.HandlerFunc {
	return web.DecodedByID("id", http.StatusOK, func(c echo.Context, id uint64, in AdminUserInput) (UserView, error) {
		u, err := svc.UpdateUser(c.Request().Context(), Caller(c), id, in)
		return u.View(), err
	})
}

// HandleDeleteMe serves DELETE /api/me: the caller erases their own account, confirmed by
// password.
func HandleDeleteMe(svc *Service) echo.HandlerFunc {
	return rateLimited(web.DecodedNoContent(func(c echo.Context, in DeleteMeInput) error {
		return svc.DeleteMe(c.Request().Context(), Caller(c), in)
	}))
}

// HandleDeleteUser serves DELETE /api/users/:id (admin): the account is erased, not removed.
func HandleDeleteUser(svc *Service) echo.HandlerFunc { return userAction(svc.DeleteUser) }

// HandleRevokeMySessions serves POST /api/me/sessions/revoke: the caller signs out everywhere,
// this session included.
func HandleRevokeMySessions(svc *Service) echo.HandlerFunc {
	return web.NoContent(func(c echo.Context) error {
		p := Caller(c)
		return svc.RevokeSessions(c.Request().Context(), p, p.UserID)
	})
}

// HandleRevokeUserSessions serves POST /api/users/:id/sessions/revoke (admin): the user is
// signed out everywhere.
func HandleRevokeUserSessions(svc *Service) echo.HandlerFunc { return userAction(svc.RevokeSessions) }

// userAction makes the handler of an admin action on the user named by the :id path parameter
// that answers 204.
func userAction(act func(ctx context.Context, caller Principal, id uint64) error) echo.HandlerFunc {
	return web.NoContentByID("id", func(c echo.Context, id uint64) error {
		return act(c.Request().Context(), Caller(c), id)
	})
}
