package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// Rate limits count per client IP in the package's shared Redis. The server trusts
// X-Forwarded-For from loopback, so each request of these tests claims its own address in
// 198.18.0.0/15 (benchmarking range): no test trips another's limit, and the rate-limit tests
// use one address on purpose.
var nextIP atomic.Uint32

func init() { nextIP.Store(rand.Uint32N(1 << 16)) }

func uniqueIP() string {
	n := nextIP.Add(1) % (1 << 17)
	return fmt.Sprintf("198.%d.%d.%d", 18+n>>16, (n>>8)&0xff, n&0xff)
}

// callFrom is call with X-Forwarded-For set to ip.
func (a *api) callFrom(t *testing.T, ip, method, path, token string, body any) response {
	t.Helper()
	return a.callWith(t, http.Header{"X-Forwarded-For": {ip}}, method, path, token, body)
}

// runAccountCases is runCases with a fresh client address per case.
func runAccountCases(t *testing.T, a *api, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkCase(t, tc, a.callFrom(t, uniqueIP(), tc.method, tc.path, tc.token, tc.body))
		})
	}
}

type sessionBody struct {
	User         map[string]any `json:"user"`
	AccessToken  string         `json:"access_token"`
	RefreshToken string         `json:"refresh_token"`
	TokenType    string         `json:"token_type"`
	ExpiresIn    int            `json:"expires_in"`
}

func decodeSession(t *testing.T, r response) sessionBody {
	t.Helper()
	var s sessionBody
	r.Decode(t, &s)
	if s.AccessToken == "" || s.RefreshToken == "" || s.TokenType != "Bearer" || s.ExpiresIn <= 0 || s.User["id"] == nil {
		t.Fatalf("incomplete session: %s", r.Body)
	}
	if _, leaked := s.User["password_hash"]; leaked || bytes.Contains(r.Body, []byte("argon2")) {
		t.Fatalf("password hash exposed: %s", r.Body)
	}
	return s
}

const testPassword = "correct horse battery"

// registerUser signs up a fresh member through the API.
func (a *api) registerUser(t *testing.T, prefix string) (email string, s sessionBody) {
	t.Helper()
	email = testenv.UniqueEmail(prefix)
	r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/register", "", map[string]string{"email": email, "password": testPassword, "name": "Reg " + prefix})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	return email, decodeSession(t, r)
}

func TestAccountsRegisterAndLogin(t *testing.T) {
	a := newAPI(t)
	taken, _ := a.registerUser(t, "taken")
	mixed := "  Mixed.Case-" + strings.ToUpper(testenv.UniqueEmail("x")) + "  "
	body := func(email, password, name string) map[string]string {
		return map[string]string{"email": email, "password": password, "name": name}
	}
	runAccountCases(t, a, []apiCase{
		{name: "register normalises the email", method: "POST", path: "/api/auth/register", body: body(mixed, testPassword, "  Mia  "), status: 201,
			check: func(t *testing.T, r response) {
				s := decodeSession(t, r)
				if s.User["email"] != strings.ToLower(strings.TrimSpace(mixed)) || s.User["name"] != "Mia" || s.User["role"] != "member" {
					t.Fatalf("user: %v", s.User)
				}
				for _, k := range []string{"id", "email", "name", "role", "bio", "avatar_upload_id", "created_at"} {
					if _, ok := s.User[k]; !ok {
						t.Fatalf("user lacks %s: %v", k, s.User)
					}
				}
				if r.Header.Get("Cache-Control") != "no-store" {
					t.Fatal("token answers must not be cached")
				}
			}},
		{name: "duplicate email", method: "POST", path: "/api/auth/register", body: body(taken, testPassword, "Dup"), status: 409, code: "email_taken"},
		{name: "duplicate email differing in case", method: "POST", path: "/api/auth/register", body: body(strings.ToUpper(taken), testPassword, "Dup"), status: 409, code: "email_taken"},
		{name: "invalid email", method: "POST", path: "/api/auth/register", body: body("not-an-email", testPassword, "X"), status: 422, code: "validation_failed", check: wantFields("email")},
		{name: "email with display name", method: "POST", path: "/api/auth/register", body: body("Bob <bob@example.test>", testPassword, "X"), status: 422, check: wantFields("email")},
		{name: "short password", method: "POST", path: "/api/auth/register", body: body(testenv.UniqueEmail("s"), "short", "X"), status: 422, check: wantFields("password")},
		{name: "long password", method: "POST", path: "/api/auth/register", body: body(testenv.UniqueEmail("l"), strings.Repeat("p", 129), "X"), status: 422, check: wantFields("password")},
		{name: "password equals email", method: "POST", path: "/api/auth/register", body: body("same-as-pw@example.test", "SAME-AS-PW@example.test", "X"), status: 422, check: wantFields("password")},
		{name: "empty name", method: "POST", path: "/api/auth/register", body: body(testenv.UniqueEmail("n"), testPassword, "   "), status: 422, check: wantFields("name")},
		{name: "long name", method: "POST", path: "/api/auth/register", body: body(testenv.UniqueEmail("n"), testPassword, strings.Repeat("n", 121)), status: 422, check: wantFields("name")},
		{name: "all fields missing", method: "POST", path: "/api/auth/register", body: "{}", status: 422, check: wantFields("email", "password", "name")},
		{name: "malformed JSON", method: "POST", path: "/api/auth/register", body: `{"email":`, status: 400, code: "bad_request"},
		{name: "unknown field", method: "POST", path: "/api/auth/register", body: `{"email":"a@b.ch","password":"long enough pw","name":"A","role":"admin"}`, status: 400, code: "bad_request"},
		{name: "wrong type", method: "POST", path: "/api/auth/register", body: `{"email":"a@b.ch","password":1234567890,"name":"A"}`, status: 400, code: "bad_request"},
		{name: "array body", method: "POST", path: "/api/auth/register", body: `[]`, status: 400},
		{name: "empty body", method: "POST", path: "/api/auth/register", body: "", status: 400},
		{name: "oversized body", method: "POST", path: "/api/auth/register", body: `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, status: 413},

		{name: "login", method: "POST", path: "/api/auth/login", body: map[string]string{"email": " " + strings.ToUpper(taken), "password": testPassword}, status: 200,
			check: func(t *testing.T, r response) {
				if s := decodeSession(t, r); s.User["email"] != taken {
					t.Fatalf("logged in as %v", s.User["email"])
				}
			}},
		{name: "login wrong password", method: "POST", path: "/api/auth/login", body: map[string]string{"email": taken, "password": testPassword + "!"}, status: 401, code: "invalid_credentials"},
		{name: "login unknown email", method: "POST", path: "/api/auth/login", body: map[string]string{"email": testenv.UniqueEmail("nobody"), "password": testPassword}, status: 401, code: "invalid_credentials"},
		{name: "login missing password", method: "POST", path: "/api/auth/login", body: map[string]string{"email": taken}, status: 422, check: wantFields("password")},
		{name: "login malformed", method: "POST", path: "/api/auth/login", body: `{"email": "x"`, status: 400},
		{name: "login unknown field", method: "POST", path: "/api/auth/login", body: `{"email":"x@y.ch","password":"p","otp":1}`, status: 400},
		{name: "login wrong type", method: "POST", path: "/api/auth/login", body: `{"email":["x"],"password":"p"}`, status: 400},
		{name: "login form encoded", method: "POST", path: "/api/auth/login", body: nil, status: 400},
	})

	// Wrong password and unknown email look the same.
	wrong := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": taken, "password": "nope nope nope"})
	unknown := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": testenv.UniqueEmail("ghost"), "password": "nope nope nope"})
	if string(wrong.Body) != string(unknown.Body) {
		t.Fatalf("answers differ:\n%s\n%s", wrong.Body, unknown.Body)
	}
}

func TestAccountsRefreshRotationReuseAndLogout(t *testing.T) {
	a := newAPI(t)
	_, s := a.registerUser(t, "refresh")
	refresh := func(token string) response {
		return a.callFrom(t, uniqueIP(), "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": token})
	}

	r := refresh(s.RefreshToken)
	if r.Status != 200 {
		t.Fatalf("refresh: %d %s", r.Status, r.Body)
	}
	next := decodeSession(t, r)
	if next.RefreshToken == s.RefreshToken {
		t.Fatal("refresh token not rotated")
	}
	if me := a.callFrom(t, uniqueIP(), "GET", "/api/me", next.AccessToken, nil); me.Status != 200 {
		t.Fatalf("new access token: %d", me.Status)
	}
	third := decodeSession(t, refresh(next.RefreshToken))

	// Replaying the first (spent) token revokes the family: the newest token dies too.
	if r := refresh(s.RefreshToken); r.Status != 401 || r.ErrorCode() != "refresh_token_reused" {
		t.Fatalf("reuse: want 401 refresh_token_reused, got %d %s", r.Status, r.Body)
	}
	if r := refresh(third.RefreshToken); r.Status != 401 || r.ErrorCode() != "invalid_refresh_token" {
		t.Fatalf("after reuse the family must be revoked: %d %s", r.Status, r.Body)
	}

	// Logout revokes its own family but not another login's.
	email, other := a.registerUser(t, "logout")
	login := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": email, "password": testPassword})
	second := decodeSession(t, login)
	runAccountCases(t, a, []apiCase{
		{name: "logout", method: "POST", path: "/api/auth/logout", body: map[string]string{"refresh_token": other.RefreshToken}, status: 204},
		{name: "refresh after logout", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": other.RefreshToken}, status: 401, code: "invalid_refresh_token"},
		{name: "logout twice is fine", method: "POST", path: "/api/auth/logout", body: map[string]string{"refresh_token": other.RefreshToken}, status: 204},
		{name: "other login still works", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": second.RefreshToken}, status: 200},
		{name: "logout unknown token", method: "POST", path: "/api/auth/logout", body: map[string]string{"refresh_token": "garbage"}, status: 204},
		{name: "logout missing token", method: "POST", path: "/api/auth/logout", body: "{}", status: 422, check: wantFields("refresh_token")},
		{name: "logout malformed", method: "POST", path: "/api/auth/logout", body: "{", status: 400},
		{name: "refresh garbage", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": "garbage"}, status: 401, code: "invalid_refresh_token"},
		{name: "refresh well-formed unknown", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": strings.Repeat("A", 43)}, status: 401, code: "invalid_refresh_token"},
		{name: "refresh with the access token", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": second.AccessToken}, status: 401},
		{name: "refresh missing token", method: "POST", path: "/api/auth/refresh", body: "{}", status: 422, check: wantFields("refresh_token")},
		{name: "refresh wrong type", method: "POST", path: "/api/auth/refresh", body: `{"refresh_token":42}`, status: 400},
		{name: "refresh unknown field", method: "POST", path: "/api/auth/refresh", body: `{"refresh_token":"x","user_id":1}`, status: 400},
	})
}

func TestAccountsPasswordChangeRevokesSessions(t *testing.T) {
	a := newAPI(t)
	email, s1 := a.registerUser(t, "pwchange")
	s2 := decodeSession(t, a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": email, "password": testPassword}))
	const newPassword = "a brand new password"
	runAccountCases(t, a, []apiCase{
		{name: "no token", method: "POST", path: "/api/me/password", body: map[string]string{"current_password": testPassword, "new_password": newPassword}, status: 401},
		{name: "wrong current password", method: "POST", path: "/api/me/password", token: s1.AccessToken, body: map[string]string{"current_password": "not my password", "new_password": newPassword}, status: 422, check: wantFields("current_password")},
		{name: "new password too short", method: "POST", path: "/api/me/password", token: s1.AccessToken, body: map[string]string{"current_password": testPassword, "new_password": "short"}, status: 422, check: wantFields("new_password")},
		{name: "new password is the email", method: "POST", path: "/api/me/password", token: s1.AccessToken, body: map[string]string{"current_password": testPassword, "new_password": email}, status: 422, check: wantFields("new_password")},
		{name: "unknown field", method: "POST", path: "/api/me/password", token: s1.AccessToken, body: `{"current_password":"x","new_password":"y","confirm":"y"}`, status: 400},
		{name: "change", method: "POST", path: "/api/me/password", token: s1.AccessToken, body: map[string]string{"current_password": testPassword, "new_password": newPassword}, status: 204},
		{name: "first session revoked", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": s1.RefreshToken}, status: 401},
		{name: "second session revoked", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": s2.RefreshToken}, status: 401},
		{name: "old password fails", method: "POST", path: "/api/auth/login", body: map[string]string{"email": email, "password": testPassword}, status: 401, code: "invalid_credentials"},
		{name: "new password works", method: "POST", path: "/api/auth/login", body: map[string]string{"email": email, "password": newPassword}, status: 200},
	})
}

// signJWT builds tokens the server must refuse.
func signJWT(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccountsMeAndTokenChecks(t *testing.T) {
	a := newAPI(t)
	email, s := a.registerUser(t, "me")
	uid := fmt.Sprint(s.User["id"])
	secret := []byte(a.env["JWT_SECRET_KEY"])
	forged, _, _ := auth.NewTokens("some-other-secret-some-other-secret").Issue(auth.Principal{UserID: 1, Role: auth.RoleAdmin})
	b64 := base64.RawURLEncoding.EncodeToString
	algNone := b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		b64(fmt.Appendf(nil, `{"iss":"training-club","sub":"%s","role":"admin","exp":%d}`, uid, time.Now().Add(time.Hour).Unix())) + "."
	expired := signJWT(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iss": "training-club", "sub": uid, "role": "member",
		"iat": time.Now().Add(-time.Hour).Unix(), "exp": time.Now().Add(-30 * time.Minute).Unix()})
	hs512 := signJWT(t, jwt.SigningMethodHS512, secret, jwt.MapClaims{"iss": "training-club", "sub": uid, "role": "member", "exp": time.Now().Add(time.Hour).Unix()})
	otherIssuer := signJWT(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iss": "someone", "sub": uid, "role": "member", "exp": time.Now().Add(time.Hour).Unix()})
	noExpiry := signJWT(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iss": "training-club", "sub": uid, "role": "member"})
	badRole := signJWT(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iss": "training-club", "sub": uid, "role": "root", "exp": time.Now().Add(time.Hour).Unix()})
	ghost := signJWT(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iss": "training-club", "sub": "999999999", "role": "member", "exp": time.Now().Add(time.Hour).Unix()})

	var cases []apiCase
	for name, tok := range map[string]string{"forged (other secret)": forged, "alg none": algNone, "expired": expired,
		"HS512": hs512, "other issuer": otherIssuer, "no expiry": noExpiry, "unknown role": badRole, "garbage": "abc.def.ghi",
		"refresh token as bearer": s.RefreshToken} {
		cases = append(cases, apiCase{name: "GET /me " + name, method: "GET", path: "/api/me", token: tok, status: 401, code: "unauthorized"})
	}
	cases = append(cases,
		apiCase{name: "GET /me without token", method: "GET", path: "/api/me", status: 401, check: func(t *testing.T, r response) {
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatal("no WWW-Authenticate challenge")
			}
		}},
		apiCase{name: "GET /me of a deleted account", method: "GET", path: "/api/me", token: ghost, status: 401},
		apiCase{name: "GET /me", method: "GET", path: "/api/me", token: s.AccessToken, status: 200, check: func(t *testing.T, r response) {
			m := r.JSON(t)
			if m["email"] != email || m["role"] != "member" || m["bio"] != nil || fmt.Sprint(m["id"]) != uid {
				t.Fatalf("me: %v", m)
			}
			if _, leaked := m["password_hash"]; leaked {
				t.Fatal("password_hash exposed")
			}
		}},
		apiCase{name: "PATCH /me name and bio", method: "PATCH", path: "/api/me", token: s.AccessToken, body: map[string]string{"name": " New Name ", "bio": "Loves spinning."}, status: 200,
			check: func(t *testing.T, r response) {
				if m := r.JSON(t); m["name"] != "New Name" || m["bio"] != "Loves spinning." {
					t.Fatalf("patched: %v", m)
				}
			}},
		apiCase{name: "PATCH /me bio only keeps name", method: "PATCH", path: "/api/me", token: s.AccessToken, body: map[string]string{"bio": ""}, status: 200,
			check: func(t *testing.T, r response) {
				if m := r.JSON(t); m["name"] != "New Name" || m["bio"] != nil {
					t.Fatalf("patched: %v", m)
				}
			}},
		apiCase{name: "PATCH /me empty name", method: "PATCH", path: "/api/me", token: s.AccessToken, body: map[string]string{"name": ""}, status: 422, check: wantFields("name")},
		apiCase{name: "PATCH /me long bio", method: "PATCH", path: "/api/me", token: s.AccessToken, body: map[string]string{"bio": strings.Repeat("b", 2001)}, status: 422, check: wantFields("bio")},
		apiCase{name: "PATCH /me cannot set role", method: "PATCH", path: "/api/me", token: s.AccessToken, body: map[string]string{"role": "admin"}, status: 400},
		apiCase{name: "PATCH /me wrong type", method: "PATCH", path: "/api/me", token: s.AccessToken, body: `{"name": 5}`, status: 400},
		apiCase{name: "PATCH /me malformed", method: "PATCH", path: "/api/me", token: s.AccessToken, body: `{"name"`, status: 400},
		apiCase{name: "PATCH /me no token", method: "PATCH", path: "/api/me", body: map[string]string{"name": "X"}, status: 401},
		apiCase{name: "PATCH /me forged token", method: "PATCH", path: "/api/me", token: forged, body: map[string]string{"name": "X"}, status: 401},
	)
	runAccountCases(t, a, cases)
}

func TestAccountsRateLimits(t *testing.T) {
	a := newAPI(t)
	limits := auth.DefaultLimits()

	t.Run("login per IP", func(t *testing.T) {
		ip := uniqueIP()
		for i := range limits.LoginPerIP.Limit {
			r := a.callFrom(t, ip, "POST", "/api/auth/login", "", map[string]string{"email": testenv.UniqueEmail("rl"), "password": "whatever password"})
			if r.Status != 401 {
				t.Fatalf("attempt %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		r := a.callFrom(t, ip, "POST", "/api/auth/login", "", map[string]string{"email": testenv.UniqueEmail("rl"), "password": "whatever password"})
		if r.Status != 429 || r.ErrorCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("over the limit: %d %s (Retry-After %q)", r.Status, r.Body, r.Header.Get("Retry-After"))
		}
		if r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": testenv.UniqueEmail("rl"), "password": "whatever password"}); r.Status != 401 {
			t.Fatalf("another IP is not limited: %d", r.Status)
		}
	})

	t.Run("login per account across IPs", func(t *testing.T) {
		email, _ := a.registerUser(t, "lockout")
		for i := range limits.LoginPerAccount.Limit {
			if r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": email, "password": "wrong password " + fmt.Sprint(i)}); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i+1, r.Status)
			}
		}
		r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": strings.ToUpper(email), "password": testPassword})
		if r.Status != 429 || r.ErrorCode() != "rate_limited" {
			t.Fatalf("account over the limit: %d %s", r.Status, r.Body)
		}
		if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Fatalf("Retry-After %q", ra)
		}
	})

	t.Run("register per IP", func(t *testing.T) {
		ip := uniqueIP()
		for i := range limits.RegisterPerIP.Limit {
			// Invalid bodies still count: the limit comes before any work.
			if r := a.callFrom(t, ip, "POST", "/api/auth/register", "", map[string]string{"email": "bad", "password": "x", "name": ""}); r.Status != 422 {
				t.Fatalf("attempt %d: %d", i+1, r.Status)
			}
		}
		if r := a.callFrom(t, ip, "POST", "/api/auth/register", "", map[string]string{"email": testenv.UniqueEmail("rl"), "password": testPassword, "name": "X"}); r.Status != 429 {
			t.Fatalf("register over the limit: %d %s", r.Status, r.Body)
		}
	})

	t.Run("refresh per IP", func(t *testing.T) {
		ip := uniqueIP()
		for i := range limits.RefreshPerIP.Limit {
			if r := a.callFrom(t, ip, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": "nope"}); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i+1, r.Status)
			}
		}
		if r := a.callFrom(t, ip, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": "nope"}); r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("refresh over the limit: %d %s", r.Status, r.Body)
		}
	})
}

// TestAccountsEmailNormalisation registers with compatibility and case variants of one address
// and with a mixed-script lookalike: variants are one account, the lookalike is refused.
func TestAccountsEmailNormalisation(t *testing.T) {
	a := newAPI(t)
	local := strings.TrimSuffix(testenv.UniqueEmail("kelvin"), "@example.test")
	kelvin := "\u212A" + local + "@example.test" // KELVIN SIGN, NFKC: K
	r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/register", "", map[string]string{"email": kelvin, "password": testPassword, "name": "K"})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	s := decodeSession(t, r)
	ascii := "k" + local + "@example.test"
	if s.User["email"] != ascii {
		t.Fatalf("stored as %v, want %s", s.User["email"], ascii)
	}
	runAccountCases(t, a, []apiCase{
		{name: "ASCII twin is the same account", method: "POST", path: "/api/auth/register", body: map[string]string{"email": strings.ToUpper(ascii), "password": testPassword, "name": "K"}, status: 409, code: "email_taken"},
		{name: "full-width twin is the same account", method: "POST", path: "/api/auth/register", body: map[string]string{"email": "\uff2b" + local + "@example.test", "password": testPassword, "name": "K"}, status: 409, code: "email_taken"},
		{name: "login with the ASCII form", method: "POST", path: "/api/auth/login", body: map[string]string{"email": ascii, "password": testPassword}, status: 200},
		{name: "login with the Kelvin form", method: "POST", path: "/api/auth/login", body: map[string]string{"email": kelvin, "password": testPassword}, status: 200},
		{name: "mixed-script lookalike refused", method: "POST", path: "/api/auth/register", body: map[string]string{"email": "\u043a" + local[1:] + "x@example.test", "password": testPassword, "name": "K"}, status: 422, check: wantFields("email")},
	})
}
