package main

import (
	"testing"
	"time"
)

// TestOutOfRangeInputIs422 sends dates, times and numbers that parse but lie outside what the
// API (or MySQL) can take, in queries and bodies of every route kind: each is 422 naming the
// field, never a 500.
func TestOutOfRangeInputIs422(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 1)
	sess := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 5, cutoff: 60})
	starts := time.Now().UTC().Add(72 * time.Hour).Format(time.RFC3339)
	session := func(k string, v any) map[string]any {
		b := map[string]any{"class_type_id": ct, "trainer_id": trainer.ID, "room": "R", "starts_at": starts, "capacity": 5}
		b[k] = v
		return b
	}
	field := func(tc apiCase, name string) apiCase {
		tc.status, tc.code, tc.check = 422, "validation_failed", wantFields(name)
		return tc
	}
	runCases(t, a, []apiCase{
		field(apiCase{name: "week view from year 0", method: "GET", path: "/api/sessions?from=0000-01-01"}, "from"),
		field(apiCase{name: "week view to year 0", method: "GET", path: "/api/sessions?to=0000-01-03"}, "to"),
		field(apiCase{name: "week view from 9999-12-30 (default to in year 10000)", method: "GET", path: "/api/sessions?from=9999-12-30"}, "from"),
		field(apiCase{name: "week view default to past the range", method: "GET", path: "/api/sessions?from=2199-12-30"}, "to"),
		field(apiCase{name: "week view RFC 3339 year 1", method: "GET", path: "/api/sessions?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z"}, "from"),
		field(apiCase{name: "week view trainer id too large", method: "GET", path: "/api/sessions?trainer=18446744073709551616"}, "trainer"),
		{name: "week view in range", method: "GET", path: "/api/sessions?from=2199-12-20", status: 200},
		field(apiCase{name: "page too large (public)", method: "GET", path: "/api/class-types?page=9223372036854775807"}, "page"),
		field(apiCase{name: "page beyond int64 (public)", method: "GET", path: "/api/trainers?page=99999999999999999999"}, "page"),
		field(apiCase{name: "page too large (signed in)", method: "GET", path: "/api/me/bookings?page=100001", token: member.Token}, "page"),
		field(apiCase{name: "page too large (admin)", method: "GET", path: "/api/users?page=100001", token: admin.Token}, "page"),
		field(apiCase{name: "per_page zero", method: "GET", path: "/api/me/orders?per_page=0", token: member.Token}, "per_page"),
		field(apiCase{name: "session starts in year 0", method: "POST", path: "/api/sessions", token: admin.Token, body: session("starts_at", "0000-01-01T10:00:00Z")}, "starts_at"),
		field(apiCase{name: "session booking opens in year 1", method: "POST", path: "/api/sessions", token: admin.Token, body: session("booking_opens_at", "0001-01-01T00:00:00Z")}, "booking_opens_at"),
		field(apiCase{name: "session patch booking opens in year 1", method: "PATCH", path: path("/api/sessions/%d", sess), token: admin.Token, body: map[string]any{"booking_opens_at": "0001-01-01T00:00:00Z"}}, "booking_opens_at"),
		field(apiCase{name: "session capacity 1e30", method: "POST", path: "/api/sessions", token: admin.Token, body: `{"class_type_id":1,"room":"R","starts_at":"` + starts + `","capacity":1e30}`}, "capacity"),
		field(apiCase{name: "session capacity too large for MySQL", method: "POST", path: "/api/sessions", token: admin.Token, body: session("capacity", 1<<40)}, "capacity"),
		field(apiCase{name: "class type duration 1e20", method: "POST", path: "/api/class-types", token: admin.Token, body: `{"name":"X","level":"all","duration_minutes":1e20,"credit_cost":1}`}, "duration_minutes"),
		field(apiCase{name: "plan price beyond int", method: "POST", path: "/api/plans", token: admin.Token, body: map[string]any{"name": "P", "kind": "credit_pack", "credits": 1, "validity_days": 1, "price_rappen": int64(1) << 40}}, "price_rappen"),
		field(apiCase{name: "order plan id beyond uint64", method: "POST", path: "/api/orders", token: member.Token, body: `{"plan_id":18446744073709551616}`}, "plan_id"),
		field(apiCase{name: "grant plan id negative", method: "POST", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token, body: `{"plan_id":-1}`}, "plan_id"),
	})
}
