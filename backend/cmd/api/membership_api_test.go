package main

import (
	"net/http"
	"testing"
)

func (a *api) mkPlan(t *testing.T, admin testUser, body map[string]any) uint64 {
	t.Helper()
	r := a.call(t, "POST", "/api/plans", admin.Token, body)
	if r.Status != http.StatusCreated {
		t.Fatalf("create plan: %d %s", r.Status, r.Body)
	}
	return idOf(t, r)
}

func (a *api) mkPack(t *testing.T, admin testUser, credits int) uint64 {
	return a.mkPlan(t, admin, map[string]any{"name": "Pack", "kind": "credit_pack", "credits": credits, "validity_days": 90, "price_rappen": 20000})
}

func (a *api) grant(t *testing.T, admin testUser, user, plan uint64) uint64 {
	t.Helper()
	r := a.call(t, "POST", path("/api/users/%d/entitlements", user), admin.Token, map[string]any{"plan_id": plan})
	if r.Status != http.StatusCreated {
		t.Fatalf("grant: %d %s", r.Status, r.Body)
	}
	return idOf(t, r)
}

func TestMembershipAPI(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	monthly := a.mkPlan(t, admin, map[string]any{"name": "Monthly", "kind": "membership", "months": 1, "price_rappen": 12000})
	pack := a.mkPack(t, admin, 10)
	retired := a.mkPlan(t, admin, map[string]any{"name": "Old", "kind": "credit_pack", "credits": 5, "validity_days": 30, "price_rappen": 1000, "active": false})

	runCases(t, a, []apiCase{
		{name: "list plans public shows active only", method: "GET", path: "/api/plans?per_page=100", status: 200,
			check: func(t *testing.T, r response) {
				var l struct{ Items []map[string]any }
				r.Decode(t, &l)
				seen := map[uint64]bool{}
				for _, p := range l.Items {
					seen[uint64(p["id"].(float64))] = true
					if p["currency"] != "CHF" || p["active"] != true {
						t.Fatalf("plan: %v", p)
					}
				}
				if !seen[monthly] || !seen[pack] || seen[retired] {
					t.Fatalf("active plans wrong: %s", r.Body)
				}
			}},
		{name: "list plans bad page", method: "GET", path: "/api/plans?page=0", status: 422},
		{name: "create plan as member", method: "POST", path: "/api/plans", token: member.Token,
			body: map[string]any{"name": "X", "kind": "membership", "months": 1, "price_rappen": 1}, status: 403},
		{name: "create plan anonymous", method: "POST", path: "/api/plans",
			body: map[string]any{"name": "X", "kind": "membership", "months": 1, "price_rappen": 1}, status: 401},
		{name: "create plan invalid shape", method: "POST", path: "/api/plans", token: admin.Token,
			body: map[string]any{"name": "X", "kind": "membership", "months": 0, "credits": 5, "price_rappen": -5, "currency": "EUR"}, status: 422,
			check: wantFields("months", "credits", "price_rappen", "currency")},
		{name: "create plan bad kind", method: "POST", path: "/api/plans", token: admin.Token,
			body: map[string]any{"name": "X", "kind": "voucher", "price_rappen": 1}, status: 422},
		{name: "create plan unknown field", method: "POST", path: "/api/plans", token: admin.Token,
			body: `{"name":"X","kind":"membership","months":1,"price_rappen":1,"discount":5}`, status: 400},
		{name: "create plan oversized body", method: "POST", path: "/api/plans", token: admin.Token,
			body: `{"name":"` + string(make([]byte, 2<<20)) + `"}`, status: 413},
		{name: "patch plan", method: "PATCH", path: path("/api/plans/%d", pack), token: admin.Token,
			body: map[string]any{"price_rappen": 19000}, status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["price_rappen"].(float64) != 19000 {
					t.Fatalf("not updated: %s", r.Body)
				}
			}},
		{name: "patch plan kind is fixed", method: "PATCH", path: path("/api/plans/%d", pack), token: admin.Token,
			body: map[string]any{"kind": "membership"}, status: 400},
		{name: "patch plan invalid", method: "PATCH", path: path("/api/plans/%d", pack), token: admin.Token,
			body: map[string]any{"months": 3}, status: 422},
		{name: "patch plan missing", method: "PATCH", path: "/api/plans/999999999", token: admin.Token,
			body: map[string]any{"active": false}, status: 404},
		{name: "patch plan as trainer", method: "PATCH", path: path("/api/plans/%d", pack), token: trainer.Token,
			body: map[string]any{"active": false}, status: 403},
		{name: "grant pack", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: map[string]any{"plan_id": pack}, status: 201,
			check: func(t *testing.T, r response) {
				m := r.JSON(t)
				if m["kind"] != "credit_pack" || m["credits_remaining"].(float64) != 10 || m["expires_at"] == nil || m["source"] != "grant" {
					t.Fatalf("granted: %s", r.Body)
				}
			}},
		{name: "grant membership", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: map[string]any{"plan_id": monthly}, status: 201},
		{name: "grant retired plan", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: map[string]any{"plan_id": retired}, status: 409, code: "plan_inactive"},
		{name: "grant unknown plan", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: map[string]any{"plan_id": 999999999}, status: 404},
		{name: "grant to unknown user", method: "POST", path: "/api/users/999999999/entitlements", token: admin.Token,
			body: map[string]any{"plan_id": pack}, status: 404},
		{name: "grant without plan", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: map[string]any{}, status: 422},
		{name: "grant plan_id string", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token,
			body: `{"plan_id":"1"}`, status: 400},
		{name: "grant as member", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: member.Token,
			body: map[string]any{"plan_id": pack}, status: 403},
		{name: "grant bad user id", method: "POST", path: "/api/users/0/entitlements", token: admin.Token,
			body: map[string]any{"plan_id": pack}, status: 400},
		{name: "my entitlements", method: "GET", path: "/api/me/entitlements", token: member.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct {
					Total int
					Items []map[string]any
				}
				r.Decode(t, &l)
				if l.Total != 2 || l.Items[0]["status"] != "active" || l.Items[0]["plan_name"] == "" {
					t.Fatalf("entitlements: %s", r.Body)
				}
			}},
		{name: "my entitlements of another member are not mine", method: "GET", path: "/api/me/entitlements", token: trainer.Token, status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["total"].(float64) != 0 {
					t.Fatalf("trainer sees entitlements: %s", r.Body)
				}
			}},
		{name: "my entitlements anonymous", method: "GET", path: "/api/me/entitlements", status: 401},
		{name: "my entitlements forged token", method: "GET", path: "/api/me/entitlements", token: "eyJhbGciOiJub25lIn0.e30.", status: 401},
	})
}
