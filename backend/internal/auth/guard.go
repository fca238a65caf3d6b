package auth

import (
	"errors"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// Guard authenticates requests: a token must verify (Tokens.Verify) and its account must still
// be as the token says (AccountStates.Check), on every request. The role a route is judged by
// is the account's current role, so a demoted admin is refused at once.
type Guard struct {
	tokens *Tokens
	states *AccountStates
}

// NewGuard creates the guard.
func NewGuard(tokens *Tokens, states *AccountStates) *Guard {
	return &Guard{tokens: tokens, states: states}
}

const principalKey = "auth.principal"

func bearer(c echo.Context) (string, bool) {
	raw, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	raw = strings.TrimSpace(raw)
	return raw, ok && raw != ""
}

// authenticate returns the caller of a request with a bearer token.
func (g *Guard) authenticate(c echo.Context, raw string) (Principal, error) {
	p, err := g.tokens.Verify(raw)
	if err != nil {
		return Principal{}, err
	}
	return g.states.Check(c.Request().Context(), p)
}

// Require is the route guard: it accepts a request with a valid bearer token of a live account
// whose current role is one of roles, and stores the caller for handlers (see Caller).
func (g *Guard) Require(roles ...Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			raw, ok := bearer(c)
			if !ok {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="training-club"`)
				return ErrInvalidToken
			}
			p, err := g.authenticate(c, raw)
			if errors.Is(err, ErrInvalidToken) {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="training-club", error="invalid_token"`)
			}
			if err != nil {
				return err
			}
			if !slices.Contains(roles, p.Role) {
				return apperr.Forbidden("your role may not use this route")
			}
			c.Set(principalKey, p)
			return next(c)
		}
	}
}

// Optional returns the caller of a public route that shows more to a signed-in caller (nil
// without a good token). It fails only when the account cannot be checked.
func (g *Guard) Optional(c echo.Context) (*Principal, error) {
	raw, ok := bearer(c)
	if !ok {
		return nil, nil
	}
	p, err := g.authenticate(c, raw)
	if errors.Is(err, ErrInvalidToken) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}
