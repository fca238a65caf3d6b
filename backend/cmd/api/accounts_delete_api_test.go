package main

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// registeredUser signs up a member through the API and returns it with its password session.
func (a *api) registeredUser(t *testing.T, prefix string) (testUser, sessionBody) {
	t.Helper()
	email, s := a.registerUser(t, prefix)
	return testUser{ID: uint64(s.User["id"].(float64)), Email: email, Role: auth.RoleMember, Token: s.AccessToken}, s
}

func creditsRemaining(t *testing.T, entitlementID uint64) int {
	t.Helper()
	return dbValue[int](t, "SELECT credits_remaining FROM entitlements WHERE id = ?", entitlementID)
}

// TestAccountsDeleteErasesUser deletes a member who has an avatar, an upcoming booking with a
// waitlist behind it and an order, then checks what went and what stayed.
func TestAccountsDeleteErasesUser(t *testing.T) {
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	trainer := a.createUser(t, auth.RoleTrainer)
	victim, victimSession := a.registeredUser(t, "erased")
	waiter := a.createUser(t, auth.RoleMember)

	// Avatar.
	up := a.upload(t, victim.Token, "avatar", "me.png", pngBytes(t, 16, 16))
	if up.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", up.Status, up.Body)
	}
	avatarID := idOf(t, up)
	if r := a.call(t, "PUT", "/api/me/avatar", victim.Token, map[string]any{"upload_id": avatarID}); r.Status != 200 {
		t.Fatalf("set avatar: %d %s", r.Status, r.Body)
	}
	var storage string
	if err := testenv.DB(t).Raw("SELECT storage_name FROM uploads WHERE id = ?", avatarID).Scan(&storage).Error; err != nil || storage == "" {
		t.Fatalf("storage name: %q %v", storage, err)
	}
	file := filepath.Join(a.env["UPLOADS_DIR"], filepath.FromSlash(storage))
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("uploaded file: %v", err)
	}

	// A seat in a full class, past its cancellation cutoff (the club refunds anyway), with a
	// member waiting behind it.
	ct := a.mkClassType(t, admin, 1)
	pack := a.mkPack(t, admin, 2)
	victimPack := a.grant(t, admin, victim.ID, pack)
	a.grant(t, admin, waiter.ID, pack)
	sess := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 2 * time.Hour, capacity: 1, cutoff: 180})
	seat := a.book(t, victim, sess)
	wait := a.book(t, waiter, sess)
	if seat.Status != "booked" || wait.Status != "waitlisted" || creditsRemaining(t, victimPack) != 1 {
		t.Fatalf("setup: seat %+v wait %+v", seat, wait)
	}

	// An order, which the club keeps.
	orderID, _ := seedOrder(t, victim.ID, pack, 20000)

	runAccountCases(t, a, []apiCase{
		{name: "member cannot delete another user", method: "DELETE", path: path("/api/users/%d", victim.ID), token: waiter.Token, status: 403, code: "forbidden"},
		{name: "trainer cannot delete a user", method: "DELETE", path: path("/api/users/%d", victim.ID), token: trainer.Token, status: 403},
		{name: "no token", method: "DELETE", path: path("/api/users/%d", victim.ID), status: 401},
		{name: "unknown id", method: "DELETE", path: "/api/users/999999999", token: admin.Token, status: 404},
		{name: "bad id", method: "DELETE", path: "/api/users/abc", token: admin.Token, status: 400},
		{name: "admin deletes the member", method: "DELETE", path: path("/api/users/%d", victim.ID), token: admin.Token, status: 204},
		{name: "second delete", method: "DELETE", path: path("/api/users/%d", victim.ID), token: admin.Token, status: 404},
		{name: "erased user is shown anonymised", method: "GET", path: path("/api/users/%d", victim.ID), token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				m := r.JSON(t)
				if m["email"] != auth.ErasedEmail(victim.ID) || m["name"] != auth.ErasedName || m["role"] != "member" ||
					m["bio"] != nil || m["avatar_upload_id"] != nil || m["deleted_at"] == nil {
					t.Fatalf("erased user: %s", r.Body)
				}
			}},
		{name: "erased user cannot be patched", method: "PATCH", path: path("/api/users/%d", victim.ID), token: admin.Token, body: map[string]string{"name": "Back"}, status: 404},
		{name: "erased user is not listed", method: "GET", path: "/api/users?per_page=100&q=deleted-", token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["total"] != float64(0) {
					t.Fatalf("erased users listed: %s", r.Body)
				}
			}},
		{name: "old email no longer listed", method: "GET", path: "/api/users?q=" + victim.Email, token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["total"] != float64(0) {
					t.Fatalf("old email still listed: %s", r.Body)
				}
			}},
		{name: "login with the old email", method: "POST", path: "/api/auth/login", body: map[string]string{"email": victim.Email, "password": testPassword}, status: 401, code: "invalid_credentials"},
		{name: "login with the erased email", method: "POST", path: "/api/auth/login", body: map[string]string{"email": auth.ErasedEmail(victim.ID), "password": "!"}, status: 401},
		{name: "refresh token is revoked", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": victimSession.RefreshToken}, status: 401},
		{name: "access token no longer reads the account", method: "GET", path: "/api/me", token: victim.Token, status: 401},
		{name: "avatar is gone", method: "GET", path: path("/api/uploads/%d", avatarID), status: 404},
		{name: "the email can register again", method: "POST", path: "/api/auth/register", body: map[string]string{"email": victim.Email, "password": testPassword, "name": "New"}, status: 201},
	})

	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("avatar file still on disk: %v", err)
	}
	if got := a.bookingStatus(t, seat.ID); got != "cancelled" {
		t.Fatalf("erased member's booking: %s", got)
	}
	if got := creditsRemaining(t, victimPack); got != 2 {
		t.Fatalf("credit not refunded: %d remaining", got)
	}
	if got := a.bookingStatus(t, wait.ID); got != "booked" {
		t.Fatalf("waitlisted member not promoted: %s", got)
	}
	var order struct {
		UserID uint64
		Status string
	}
	if err := testenv.DB(t).Raw("SELECT user_id, status FROM orders WHERE id = ?", orderID).Scan(&order).Error; err != nil {
		t.Fatal(err)
	}
	if order.UserID != victim.ID || order.Status != "pending" {
		t.Fatalf("order not kept: %+v", order)
	}
}

// TestAccountsDeleteMe covers self-deletion (password confirmed), an erased trainer and the last
// admin rule.
func TestAccountsDeleteMe(t *testing.T) {
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	me, meSession := a.registeredUser(t, "selfdelete")

	// A trainer to erase: it must leave the public trainer list.
	tr, _ := a.registeredUser(t, "trainer-erased")
	if r := a.call(t, "PATCH", path("/api/users/%d", tr.ID), admin.Token, map[string]string{"role": "trainer"}); r.Status != 200 {
		t.Fatalf("promote: %d %s", r.Status, r.Body)
	}

	runAccountCases(t, a, []apiCase{
		{name: "no token", method: "DELETE", path: "/api/me", body: map[string]string{"password": testPassword}, status: 401},
		{name: "wrong password", method: "DELETE", path: "/api/me", token: me.Token, body: map[string]string{"password": "not my password"}, status: 422, check: wantFields("password")},
		{name: "missing password", method: "DELETE", path: "/api/me", token: me.Token, body: map[string]string{}, status: 422, check: wantFields("password")},
		{name: "no body", method: "DELETE", path: "/api/me", token: me.Token, status: 400},
		{name: "unknown field", method: "DELETE", path: "/api/me", token: me.Token, body: `{"password": "x", "force": true}`, status: 400},
		{name: "still there after failures", method: "GET", path: "/api/me", token: me.Token, status: 200},
		{name: "right password", method: "DELETE", path: "/api/me", token: me.Token, body: map[string]string{"password": testPassword}, status: 204},
		{name: "again", method: "DELETE", path: "/api/me", token: me.Token, body: map[string]string{"password": testPassword}, status: 401},
		{name: "login fails", method: "POST", path: "/api/auth/login", body: map[string]string{"email": me.Email, "password": testPassword}, status: 401},
		{name: "refresh fails", method: "POST", path: "/api/auth/refresh", body: map[string]string{"refresh_token": meSession.RefreshToken}, status: 401},
		{name: "trainer is public before", method: "GET", path: path("/api/trainers/%d", tr.ID), status: 200},
		{name: "admin deletes the trainer", method: "DELETE", path: path("/api/users/%d", tr.ID), token: admin.Token, status: 204},
		{name: "trainer profile is gone", method: "GET", path: path("/api/trainers/%d", tr.ID), status: 404},
		{name: "trainer list skips it", method: "GET", path: "/api/trainers?per_page=100", status: 200, check: func(t *testing.T, r response) {
			if strings.Contains(string(r.Body), auth.ErasedName) {
				t.Fatalf("erased trainer listed: %s", r.Body)
			}
		}},
	})

	// Last admin: make admin the only one (tests in this package run one at a time), then it
	// can delete neither itself nor be deleted; with a second admin it can.
	db := testenv.DB(t)
	if err := db.Exec("UPDATE users SET role = 'member' WHERE role = 'admin' AND id <> ?", admin.ID).Error; err != nil {
		t.Fatal(err)
	}
	runAccountCases(t, a, []apiCase{
		{name: "last admin deletes itself by id", method: "DELETE", path: path("/api/users/%d", admin.ID), token: admin.Token, status: 409, code: "last_admin"},
	})
	second := a.createUser(t, auth.RoleAdmin)
	runAccountCases(t, a, []apiCase{
		{name: "with a second admin", method: "DELETE", path: path("/api/users/%d", admin.ID), token: second.Token, status: 204},
		{name: "now the second is the last", method: "DELETE", path: path("/api/users/%d", second.ID), token: second.Token, status: 409, code: "last_admin"},
	})
}
