package auth

import (
	"errors"
	"strconv"
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

// Principal is the authenticated caller of a request. Behind the Guard, Role is the account's
// current role, not the one the token was issued with.
type Principal struct {
	UserID  uint64
	Role    Role
	Version uint64 // the account version the token was issued at (see Accounts)
}

// IsAdmin reports whether the caller is staff.
func (p Principal) IsAdmin() bool { return p.Role == RoleAdmin }

// AccessTokenTTL is how long an access token lives; refresh tokens renew it.
const AccessTokenTTL = 15 * time.Minute

const (
	issuer   = "training-club"
	audience = "training-club-api"
	// clockLeeway absorbs clock skew between replicas for exp, nbf and iat; a token issued
	// further in the future than this is refused.
	clockLeeway = 5 * time.Second
)

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
	Role    Role    `json:"role"`
	Version *uint64 `json:"ver"`
	jwt.RegisteredClaims
}

// Issue returns a signed access token for p and its lifetime in seconds.
func (t *Tokens) Issue(p Principal) (string, int, error) {
	now := t.now()
	ver := p.Version
	c := claims{Role: p.Role, Version: &ver, RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    issuer,
		Audience:  jwt.ClaimStrings{audience},
		Subject:   strconv.FormatUint(p.UserID, 10),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
	}}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	return signed, int(t.ttl.Seconds()), err
}

// ErrInvalidToken is returned for any token that fails verification.
var ErrInvalidToken = apperr.Unauthorized("the access token is missing, expired or invalid")

// parseID reads a user id written the one way Issue writes it: decimal digits, no sign, no
// leading zero, no spaces, not 0. "5abc", "05", "+5" and " 5" are not ids.
func parseID(s string) (uint64, bool) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 || strconv.FormatUint(id, 10) != s {
		return 0, false
	}
	return id, true
}

// Verify checks signature, algorithm, issuer, audience, iat, nbf and expiry and the shape of
// sub, role and ver, and returns the principal the token names. It does not know whether the
// account still exists or still has that role and version: the Guard checks that.
func (t *Tokens) Verify(token string) (Principal, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(clockLeeway),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil || c.IssuedAt == nil || c.NotBefore == nil || c.Version == nil {
		return Principal{}, ErrInvalidToken
	}
	id, ok := parseID(c.Subject)
	if !ok || !c.Role.Valid() {
		return Principal{}, ErrInvalidToken
	}
	return Principal{UserID: id, Role: c.Role, Version: *c.Version}, nil
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

// CallerIfAny returns the authenticated principal when a guard has admitted the request (for
// middleware that runs on every route, such as the audit log).
func CallerIfAny(c echo.Context) (Principal, bool) {
	p, ok := c.Get(principalKey).(Principal)
	return p, ok
}
