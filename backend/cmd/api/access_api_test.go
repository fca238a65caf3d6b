package main

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// probe is one route an old token must no longer use.
type probe struct {
	name string
	send func(t *testing.T, token string) response
}

func (a *api) probeCall(name, method, p string, body any) probe {
	return probe{name, func(t *testing.T, token string) response { return a.call(t, method, p, token, body) }}
}

// memberProbes are the route kinds any signed-in account uses: book, order, upload, its lists.
func (a *api) memberProbes(t *testing.T, session, plan uint64) []probe {
	return []probe{
		a.probeCall("book", "POST", path("/api/sessions/%d/bookings", session), nil),
		a.probeCall("order", "POST", "/api/orders", map[string]any{"plan_id": plan}),
		{"upload", func(t *testing.T, token string) response {
			return a.upload(t, token, "avatar", "a.png", pngBytes(t, 8, 8))
		}},
		a.probeCall("me", "GET", "/api/me", nil),
		a.probeCall("my bookings", "GET", "/api/me/bookings", nil),
		a.probeCall("my orders", "GET", "/api/me/orders", nil),
		a.probeCall("my entitlements", "GET", "/api/me/entitlements", nil),
	}
}

// adminProbes are the staff route kinds: the user list (every member's e-mail), one user, a
// grant of credits, a session of the schedule.
func (a *api) adminProbes(t *testing.T, user, plan, classType, trainer uint64) []probe {
	return []probe{
		a.probeCall("admin user list", "GET", "/api/users", nil),
		a.probeCall("admin user", "GET", path("/api/users/%d", user), nil),
		a.probeCall("admin grant", "POST", path("/api/users/%d/entitlements", user), map[string]any{"plan_id": plan}),
		a.probeCall("staff session", "POST", "/api/sessions", map[string]any{"class_type_id": classType, "trainer_id": trainer,
			"room": "R", "starts_at": time.Now().UTC().Add(48 * time.Hour).Format(time.RFC3339), "capacity": 5}),
	}
}

// refused checks every probe answers 401 unauthorized to token, which changed nothing.
func refused(t *testing.T, token string, probes []probe) {
	t.Helper()
	for _, p := range probes {
		r := p.send(t, token)
		if r.Status != http.StatusUnauthorized || r.ErrorCode() != "unauthorized" {
			t.Errorf("%s with the old token: want 401 unauthorized, got %d %s", p.name, r.Status, r.Body)
		}
	}
}

func countRows(t *testing.T, query string, args ...any) int {
	t.Helper()
	return dbValue[int](t, query, args...)
}

// TestOldTokensEndWithTheAccount ends accounts (erasure, demotion, password change, sign out
// everywhere) on one replica and uses the tokens issued before on another one, at once: every
// route kind refuses them, and nothing is booked, ordered, uploaded or granted.
func TestOldTokensEndWithTheAccount(t *testing.T) {
	a := newAPI(t)
	b := a.replica(t)
	admin := a.createUser(t, auth.RoleAdmin)
	trainer := a.createUser(t, auth.RoleTrainer)
	ct := a.mkClassType(t, admin, 1)
	pack := a.mkPack(t, admin, 5)
	sess := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 10, cutoff: 60})
	target := a.createUser(t, auth.RoleMember)

	// A second admin, so the first can be erased or demoted.
	a.createUser(t, auth.RoleAdmin)

	login := func(t *testing.T, email, password string) sessionBody {
		t.Helper()
		r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": email, "password": password})
		if r.Status != http.StatusOK {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
		return decodeSession(t, r)
	}
	promote := func(t *testing.T, id uint64) {
		t.Helper()
		if r := a.call(t, "PATCH", path("/api/users/%d", id), admin.Token, map[string]any{"role": "admin"}); r.Status != 200 {
			t.Fatalf("promote: %d %s", r.Status, r.Body)
		}
	}

	cases := []struct {
		name  string
		admin bool // the account is an admin when it ends
		// end ends the account's tokens (on replica a) and returns the password to sign in with
		// afterwards ("" when the account is gone).
		end func(t *testing.T, u testUser) string
	}{
		{"member erases their account", false, func(t *testing.T, u testUser) string {
			if r := a.call(t, "DELETE", "/api/me", u.Token, map[string]string{"password": testPassword}); r.Status != 204 {
				t.Fatalf("delete me: %d %s", r.Status, r.Body)
			}
			return ""
		}},
		{"admin erased by another admin", true, func(t *testing.T, u testUser) string {
			if r := a.call(t, "DELETE", path("/api/users/%d", u.ID), admin.Token, nil); r.Status != 204 {
				t.Fatalf("delete user: %d %s", r.Status, r.Body)
			}
			return ""
		}},
		{"admin demoted", true, func(t *testing.T, u testUser) string {
			if r := a.call(t, "PATCH", path("/api/users/%d", u.ID), admin.Token, map[string]any{"role": "member"}); r.Status != 200 {
				t.Fatalf("demote: %d %s", r.Status, r.Body)
			}
			return testPassword
		}},
		{"password changed", false, func(t *testing.T, u testUser) string {
			body := map[string]string{"current_password": testPassword, "new_password": "another long password"}
			if r := a.call(t, "POST", "/api/me/password", u.Token, body); r.Status != 204 {
				t.Fatalf("change password: %d %s", r.Status, r.Body)
			}
			return "another long password"
		}},
		{"sign out everywhere", false, func(t *testing.T, u testUser) string {
			if r := a.call(t, "POST", "/api/me/sessions/revoke", u.Token, nil); r.Status != 204 {
				t.Fatalf("revoke my sessions: %d %s", r.Status, r.Body)
			}
			return testPassword
		}},
		{"admin signs a staff member out everywhere", true, func(t *testing.T, u testUser) string {
			if r := a.call(t, "POST", path("/api/users/%d/sessions/revoke", u.ID), admin.Token, nil); r.Status != 204 {
				t.Fatalf("revoke user sessions: %d %s", r.Status, r.Body)
			}
			return testPassword
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, s := a.registeredUser(t, "ends")
			if tc.admin {
				promote(t, u.ID)
				s = login(t, u.Email, testPassword) // a token with the admin role
				u.Token = s.AccessToken
			}
			probes := b.memberProbes(t, sess, pack)
			if tc.admin {
				probes = append(probes, b.adminProbes(t, target.ID, pack, ct, trainer.ID)...)
			}
			// The token works on the other replica before.
			check := "/api/me/bookings"
			if tc.admin {
				check = "/api/users"
			}
			if r := b.call(t, "GET", check, u.Token, nil); r.Status != 200 {
				t.Fatalf("before: GET %s %d %s", check, r.Status, r.Body)
			}
			grants := countRows(t, "SELECT COUNT(*) FROM entitlements WHERE user_id = ?", target.ID)

			password := tc.end(t, u)
			refused(t, u.Token, probes)

			for what, n := range map[string]int{
				"bookings": countRows(t, "SELECT COUNT(*) FROM bookings WHERE user_id = ?", u.ID),
				"orders":   countRows(t, "SELECT COUNT(*) FROM orders WHERE user_id = ?", u.ID),
				"uploads":  countRows(t, "SELECT COUNT(*) FROM uploads WHERE user_id = ?", u.ID),
			} {
				if n != 0 {
					t.Errorf("the old token made %d %s", n, what)
				}
			}
			if n := countRows(t, "SELECT COUNT(*) FROM entitlements WHERE user_id = ?", target.ID); n != grants {
				t.Errorf("the old token granted %d entitlements", n-grants)
			}
			// The refresh token of the old session is refused too.
			r := b.callFrom(t, uniqueIP(), "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": s.RefreshToken})
			if tc.name != "admin demoted" && r.Status != http.StatusUnauthorized {
				t.Errorf("refresh with the old session: want 401, got %d %s", r.Status, r.Body)
			}
			if password == "" {
				return
			}
			// Signing in again gives a token that works, with the account's current role.
			fresh := login(t, u.Email, password)
			if r := b.call(t, "GET", "/api/me/bookings", fresh.AccessToken, nil); r.Status != 200 {
				t.Fatalf("new token: %d %s", r.Status, r.Body)
			}
			if tc.name == "admin demoted" {
				if r := b.call(t, "GET", "/api/users", fresh.AccessToken, nil); r.Status != http.StatusForbidden {
					t.Fatalf("demoted admin's new token on an admin route: want 403, got %d %s", r.Status, r.Body)
				}
			}
		})
	}

	t.Run("revoke routes", func(t *testing.T) {
		runCases(t, a, []apiCase{
			{name: "no token", method: "POST", path: "/api/me/sessions/revoke", status: 401},
			{name: "member revokes another user", method: "POST", path: path("/api/users/%d/sessions/revoke", target.ID), token: target.Token, status: 403},
			{name: "unknown user", method: "POST", path: "/api/users/999999999/sessions/revoke", token: admin.Token, status: 404},
			{name: "bad id", method: "POST", path: "/api/users/abc/sessions/revoke", token: admin.Token, status: 400},
		})
	})
}

// TestAccountCheckWithoutRedis takes Redis away: the account check falls back to MySQL, so a
// revoked token stays refused and a good admin token still works; with MySQL gone as well the
// answer is 503, never a pass. A revocation made while Redis is away holds once it is back.
func TestAccountCheckWithoutRedis(t *testing.T) {
	env := testEnv(t)
	redisProxy, mysqlProxy := redisViaProxy(t, env), mysqlViaProxy(t, env)
	a := newAPIWith(t, env)

	admin := a.createUser(t, auth.RoleAdmin)
	revoked := a.createUser(t, auth.RoleAdmin)
	later := a.createUser(t, auth.RoleAdmin)
	for _, u := range []testUser{admin, revoked, later} { // each state is now in Redis
		if r := a.call(t, "GET", "/api/users", u.Token, nil); r.Status != 200 {
			t.Fatalf("before: %d %s", r.Status, r.Body)
		}
	}
	if r := a.call(t, "POST", path("/api/users/%d/sessions/revoke", revoked.ID), admin.Token, nil); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}

	redisProxy.setDown(true)
	runCases(t, a, []apiCase{
		{name: "redis down: revoked admin token refused", method: "GET", path: "/api/users", token: revoked.Token, status: 401},
		{name: "redis down: good admin token works", method: "GET", path: "/api/users", token: admin.Token, status: 200},
	})
	// Revoked while Redis is away: the access tokens end in MySQL at once, but the refresh
	// tokens (in Redis) cannot be revoked, so the answer is 503 (try again), not 204. Redis keeps
	// its old copy of the account, which must not let the token back once Redis returns.
	if r := a.call(t, "POST", path("/api/users/%d/sessions/revoke", later.ID), admin.Token, nil); r.Status != 503 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("revoke without redis: want 503 with Retry-After, got %d %s", r.Status, r.Body)
	}
	if r := a.call(t, "GET", "/api/users", later.Token, nil); r.Status != 401 {
		t.Fatalf("redis down: token revoked meanwhile: want 401, got %d %s", r.Status, r.Body)
	}
	mysqlProxy.setDown(true)
	start := time.Now()
	r := a.call(t, "GET", "/api/users", admin.Token, nil)
	if r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "unavailable" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("redis and mysql down: want 503 unavailable with Retry-After, got %d %v %s", r.Status, r.Header, r.Body)
	}
	if took := time.Since(start); took > 6*time.Second {
		t.Fatalf("redis and mysql down: answer took %s", took)
	}
	mysqlProxy.setDown(false)
	redisProxy.setDown(false)
	time.Sleep(1500 * time.Millisecond) // the Redis back-off and the background publish
	runCases(t, a, []apiCase{
		{name: "redis back: token revoked while it was away refused", method: "GET", path: "/api/users", token: later.Token, status: 401},
		{name: "redis back: good admin token works", method: "GET", path: "/api/users", token: admin.Token, status: 200},
	})
}

// TestStrictClaims signs tokens with the server's own secret that differ from a good one in one
// claim: only the good one passes.
func TestStrictClaims(t *testing.T) {
	a := newAPI(t)
	u := a.createUser(t, auth.RoleMember)
	secret := []byte(a.env["JWT_SECRET_KEY"])
	sub := strconv.FormatUint(u.ID, 10)
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "training-club", "aud": []string{"training-club-api"}, "sub": sub, "role": "member", "ver": 0,
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	}
	with := func(k string, v any) string {
		c := good()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return signJWT(t, jwt.SigningMethodHS256, secret, c)
	}
	cases := []apiCase{{name: "good claims", method: "GET", path: "/api/me", token: with("role", "member"), status: 200}}
	for name, tok := range map[string]string{
		"sub with letters": with("sub", sub+"abc"), "sub with leading zero": with("sub", "0"+sub),
		"sub with plus": with("sub", "+"+sub), "sub with space": with("sub", " "+sub), "sub zero": with("sub", "0"),
		"sub as number": with("sub", u.ID), "no sub": with("sub", nil),
		"other audience": with("aud", []string{"someone-else"}), "no audience": with("aud", nil),
		"other issuer": with("iss", "someone"), "no issuer": with("iss", nil),
		"issued in the future": with("iat", now.Add(time.Minute).Unix()), "no iat": with("iat", nil),
		"not valid yet": with("nbf", now.Add(time.Minute).Unix()), "no nbf": with("nbf", nil),
		"no version": with("ver", nil), "older version": with("ver", -1), "newer version": with("ver", 1),
	} {
		cases = append(cases, apiCase{name: name, method: "GET", path: "/api/me", token: tok, status: 401, code: "unauthorized"})
	}
	runCases(t, a, cases)
}
