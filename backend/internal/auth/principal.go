package auth

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// Role is what a user may do. Admins are the club's staff.
type Role string

// The roles of the club.
const (
	RoleMember  Role = "member"
	RoleTrainer Role = "trainer"
	RoleAdmin   Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleMember || r == RoleTrainer || r == RoleAdmin }

// AnyRole lists every role: a route guarded by it needs a valid token, nothing more.
var AnyRole = []Role{RoleMember, RoleTrainer, RoleAdmin}

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID uint64
	Role   Role
}

// IsAdmin reports whether the caller is staff.
func (p Principal) IsAdmin() bool { return p.Role == RoleAdmin }

// AccessTokenTTL is how long an access token lives; refresh tokens renew it.
const AccessTokenTTL = 15 * time.Minute

const issuer = "training-club"

// Tokens issues and verifies HS256 access tokens. The algorithm is pinned: a token signed with
// anything else (including "none") is rejected.
type Tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
}

// NewTokens creates a token issuer with the JWT secret.
func NewTokens(secret string) *Tokens {
	return &Tokens{secret: []byte(secret), ttl: AccessTokenTTL, now: time.Now}
}

type claims struct {
	Role Role `json:"role"`
	jwt.RegisteredClaims
}

// Issue returns a signed access token for p and its lifetime in seconds.
func (t *Tokens) Issue(p Principal) (string, int, error) {
	now := t.now()
	c := claims{Role: p.Role, RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   fmt.Sprint(p.UserID),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
	}}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	return signed, int(t.ttl.Seconds()), err
}

// ErrInvalidToken is returned for any token that fails verification.
var ErrInvalidToken = apperr.Unauthorized("the access token is missing, expired or invalid")

// Verify checks signature, algorithm, issuer and expiry and returns the principal.
func (t *Tokens) Verify(token string) (Principal, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		return Principal{}, ErrInvalidToken
	}
	var id uint64
	if _, err := fmt.Sscan(c.Subject, &id); err != nil || id == 0 || !c.Role.Valid() {
		return Principal{}, ErrInvalidToken
	}
	return Principal{UserID: id, Role: c.Role}, nil
}

const principalKey = "auth.principal"

// Require is the route guard: it accepts a request with a valid bearer token whose role is one
// of roles, and stores the caller for handlers (see Caller).
func (t *Tokens) Require(roles ...Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header.Get(echo.HeaderAuthorization)
			raw, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || raw == "" {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="training-club"`)
				return ErrInvalidToken
			}
			p, err := t.Verify(strings.TrimSpace(raw))
			if err != nil {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="training-club", error="invalid_token"`)
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

// Caller returns the authenticated principal of a request guarded by Require.
func Caller(c echo.Context) Principal {
	p, ok := c.Get(principalKey).(Principal)
	if !ok {
		// A handler reading the caller on an unguarded route is a wiring bug, not user error.
		panic(errors.New("auth.Caller used on a route without auth guard: " + c.Path()))
	}
	return p
}

// statusFor exists so the guard's errors are documented next to it.
var _ = http.StatusUnauthorized
