package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestAccountsTrainers(t *testing.T) {
	a := newAPI(t)
	trainer := a.createUser(t, auth.RoleTrainer)
	member := a.createUser(t, auth.RoleMember)
	if r := a.callFrom(t, uniqueIP(), "PATCH", "/api/me", trainer.Token, map[string]string{"bio": "Yoga since 2010."}); r.Status != 200 {
		t.Fatalf("trainer bio: %d %s", r.Status, r.Body)
	}
	runAccountCases(t, a, []apiCase{
		{name: "list", method: "GET", path: "/api/trainers?per_page=100", status: 200, check: func(t *testing.T, r response) {
			var l struct {
				Items []map[string]any `json:"items"`
				Total int              `json:"total"`
			}
			r.Decode(t, &l)
			found := false
			for _, it := range l.Items {
				if _, leaked := it["email"]; leaked {
					t.Fatalf("public trainer list exposes emails: %v", it)
				}
				if uint64(it["id"].(float64)) == member.ID {
					t.Fatal("a member is listed as trainer")
				}
				if uint64(it["id"].(float64)) == trainer.ID {
					found = it["bio"] == "Yoga since 2010."
				}
			}
			if !found || l.Total < 1 {
				t.Fatalf("trainer with bio not listed: %s", r.Body)
			}
		}},
		{name: "pagination", method: "GET", path: "/api/trainers?page=1&per_page=1", status: 200, check: func(t *testing.T, r response) {
			if m := r.JSON(t); len(m["items"].([]any)) != 1 || m["per_page"] != float64(1) {
				t.Fatalf("page: %v", m)
			}
		}},
		{name: "per_page too large", method: "GET", path: "/api/trainers?per_page=101", status: 422, check: wantFields("per_page")},
		{name: "page zero", method: "GET", path: "/api/trainers?page=0", status: 422, check: wantFields("page")},
		{name: "one trainer", method: "GET", path: path("/api/trainers/%d", trainer.ID), status: 200, check: func(t *testing.T, r response) {
			if m := r.JSON(t); m["bio"] != "Yoga since 2010." || m["name"] == "" {
				t.Fatalf("trainer: %v", m)
			}
		}},
		{name: "a member is not a trainer", method: "GET", path: path("/api/trainers/%d", member.ID), status: 404},
		{name: "unknown trainer", method: "GET", path: "/api/trainers/999999999", status: 404},
		{name: "bad id", method: "GET", path: "/api/trainers/abc", status: 400},
		{name: "zero id", method: "GET", path: "/api/trainers/0", status: 400},
	})
}

func TestAccountsUserAdmin(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	admin2 := a.createUser(t, auth.RoleAdmin)
	email, target := a.registerUser(t, "managed")
	tid := uint64(target.User["id"].(float64))

	runAccountCases(t, a, []apiCase{
		{name: "list as admin", method: "GET", path: "/api/users?per_page=5", token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			if m := r.JSON(t); m["total"].(float64) < 5 || len(m["items"].([]any)) != 5 {
				t.Fatalf("list: %v", m)
			}
		}},
		{name: "search by email", method: "GET", path: "/api/users?q=" + email[:strings.Index(email, "@")], token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			m := r.JSON(t)
			if m["total"] != float64(1) || m["items"].([]any)[0].(map[string]any)["email"] != email {
				t.Fatalf("search: %s", r.Body)
			}
			if strings.Contains(string(r.Body), "password_hash") {
				t.Fatal("password_hash exposed")
			}
		}},
		{name: "filter by role", method: "GET", path: "/api/users?role=trainer&per_page=100", token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			for _, it := range r.JSON(t)["items"].([]any) {
				if it.(map[string]any)["role"] != "trainer" {
					t.Fatalf("role filter leaked %v", it)
				}
			}
		}},
		{name: "wildcards are literal", method: "GET", path: "/api/users?q=%25%25%25", token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			if r.JSON(t)["total"] != float64(0) {
				t.Fatalf("%%%% matched users: %s", r.Body)
			}
		}},
		{name: "bad role filter", method: "GET", path: "/api/users?role=root", token: admin.Token, status: 422, check: wantFields("role")},
		{name: "bad per_page", method: "GET", path: "/api/users?per_page=x", token: admin.Token, status: 422},
		{name: "list as member", method: "GET", path: "/api/users", token: member.Token, status: 403, code: "forbidden"},
		{name: "list as trainer", method: "GET", path: "/api/users", token: trainer.Token, status: 403, code: "forbidden"},
		{name: "list without token", method: "GET", path: "/api/users", status: 401},
		{name: "get", method: "GET", path: path("/api/users/%d", tid), token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			if r.JSON(t)["email"] != email {
				t.Fatalf("get: %s", r.Body)
			}
		}},
		{name: "get unknown", method: "GET", path: "/api/users/999999999", token: admin.Token, status: 404},
		{name: "get bad id", method: "GET", path: "/api/users/-1", token: admin.Token, status: 400},
		{name: "get as member", method: "GET", path: path("/api/users/%d", tid), token: member.Token, status: 403},
		{name: "get without token", method: "GET", path: path("/api/users/%d", tid), status: 401},
		{name: "promote to trainer", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: map[string]string{"role": "trainer", "bio": "HIIT coach"}, status: 200,
			check: func(t *testing.T, r response) {
				if m := r.JSON(t); m["role"] != "trainer" || m["bio"] != "HIIT coach" {
					t.Fatalf("patched: %v", m)
				}
			}},
		{name: "promoted user is a public trainer", method: "GET", path: path("/api/trainers/%d", tid), status: 200},
		{name: "rename", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: map[string]string{"name": "Renamed"}, status: 200,
			check: func(t *testing.T, r response) {
				if m := r.JSON(t); m["name"] != "Renamed" || m["role"] != "trainer" {
					t.Fatalf("patched: %v", m)
				}
			}},
		{name: "invalid role", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: map[string]string{"role": "root"}, status: 422, check: wantFields("role")},
		{name: "role wrong type", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: `{"role": 1}`, status: 400},
		{name: "unknown field", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: `{"email": "x@y.ch"}`, status: 400},
		{name: "empty name", method: "PATCH", path: path("/api/users/%d", tid), token: admin.Token, body: map[string]string{"name": ""}, status: 422, check: wantFields("name")},
		{name: "patch unknown", method: "PATCH", path: "/api/users/999999999", token: admin.Token, body: map[string]string{"name": "X"}, status: 404},
		{name: "patch bad id", method: "PATCH", path: "/api/users/x", token: admin.Token, body: map[string]string{"name": "X"}, status: 400},
		{name: "patch as trainer", method: "PATCH", path: path("/api/users/%d", tid), token: trainer.Token, body: map[string]string{"role": "admin"}, status: 403},
		{name: "patch as member", method: "PATCH", path: path("/api/users/%d", member.ID), token: member.Token, body: map[string]string{"role": "admin"}, status: 403},
		{name: "admin demotes self while another admin exists", method: "PATCH", path: path("/api/users/%d", admin2.ID), token: admin2.Token, body: map[string]string{"role": "member"}, status: 200},
	})

	// The new role reaches the user's next access token through refresh.
	r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": target.RefreshToken})
	s := decodeSession(t, r)
	if s.User["role"] != "trainer" {
		t.Fatalf("refresh after promotion: role %v", s.User["role"])
	}
	if r := a.callFrom(t, uniqueIP(), "GET", "/api/users", s.AccessToken, nil); r.Status != 403 {
		t.Fatalf("trainer on admin route: %d", r.Status)
	}
}
func TestCreateAdminSubcommand(t *testing.T) {
	a := newAPI(t)
	getenv := func(k string) string { return a.env[k] }
	email := testenv.UniqueEmail("boss")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"create-admin", "--email", " " + strings.ToUpper(email), "--password", testPassword, "--name", "Boss"}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("create-admin: %v", err)
	}
	if !strings.Contains(out.String(), "created admin") {
		t.Fatalf("output: %q", out.String())
	}
	r := a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": email, "password": testPassword})
	s := decodeSession(t, r)
	if s.User["role"] != "admin" || s.User["email_verified"] != true {
		t.Fatalf("created account: role %v, email_verified %v (the operator vouches for the address)", s.User["role"], s.User["email_verified"])
	}
	if r := a.callFrom(t, uniqueIP(), "GET", "/api/users", s.AccessToken, nil); r.Status != 200 {
		t.Fatalf("admin route: %d", r.Status)
	}

	// Again, for an existing member: promotes, keeps the password.
	memberEmail, _ := a.registerUser(t, "tobepromoted")
	out.Reset()
	if err := run(context.Background(), []string{"create-admin", "--email", memberEmail, "--password", "ignored password", "--name", "X"}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("create-admin on existing: %v", err)
	}
	if !strings.Contains(out.String(), "promoted") {
		t.Fatalf("output: %q", out.String())
	}
	s = decodeSession(t, a.callFrom(t, uniqueIP(), "POST", "/api/auth/login", "", map[string]string{"email": memberEmail, "password": testPassword}))
	if s.User["role"] != "admin" {
		t.Fatalf("promoted role %v", s.User["role"])
	}
	if err := run(context.Background(), []string{"create-admin", "--email", email, "--password", testPassword}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatalf("idempotent rerun: %v", err)
	}

	for name, args := range map[string][]string{
		"short password": {"--email", testenv.UniqueEmail("x"), "--password", "short"},
		"bad email":      {"--email", "nope", "--password", testPassword},
		"missing flags":  {},
		"unknown flag":   {"--mail", "x"},
	} {
		if err := run(context.Background(), append([]string{"create-admin"}, args...), getenv, io.Discard, io.Discard); err == nil {
			t.Fatalf("%s: want an error", name)
		}
	}
}
