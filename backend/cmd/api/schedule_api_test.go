package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// fixtures for the schedule, membership and booking API tests.

func (a *api) mkClassType(t *testing.T, admin testUser, cost int) uint64 {
	t.Helper()
	r := a.call(t, "POST", "/api/class-types", admin.Token, map[string]any{
		"name": "Class " + testenv.UniqueEmail("ct"), "description": "test", "level": "all",
		"duration_minutes": 60, "credit_cost": cost})
	if r.Status != http.StatusCreated {
		t.Fatalf("create class type: %d %s", r.Status, r.Body)
	}
	return idOf(t, r)
}

type sessionOpts struct {
	startsIn time.Duration
	capacity int
	cutoff   int
}

func (a *api) mkSession(t *testing.T, token string, classType, trainer uint64, o sessionOpts) uint64 {
	t.Helper()
	body := map[string]any{"class_type_id": classType, "trainer_id": trainer, "room": "Studio 1",
		"starts_at": time.Now().UTC().Add(o.startsIn).Format(time.RFC3339Nano), "capacity": o.capacity,
		"cancellation_cutoff_minutes": o.cutoff}
	r := a.call(t, "POST", "/api/sessions", token, body)
	if r.Status != http.StatusCreated {
		t.Fatalf("create session: %d %s", r.Status, r.Body)
	}
	return idOf(t, r)
}

func sessionField(t *testing.T, r response, field string) any {
	t.Helper()
	return r.JSON(t)[field]
}

func TestScheduleAPI(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	other := a.createUser(t, auth.RoleTrainer)
	ct := a.mkClassType(t, admin, 1)
	start := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
	own := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 5, cutoff: 60})
	week := start.Add(-24 * time.Hour).Format(time.RFC3339)

	runCases(t, a, []apiCase{
		// class types
		{name: "list class types public", method: "GET", path: "/api/class-types", status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["total"].(float64) < 1 {
					t.Fatalf("no class types: %s", r.Body)
				}
			}},
		{name: "get class type", method: "GET", path: path("/api/class-types/%d", ct), status: 200},
		{name: "get class type missing", method: "GET", path: "/api/class-types/999999999", status: 404, code: "not_found"},
		{name: "get class type bad id", method: "GET", path: "/api/class-types/abc", status: 400, code: "bad_request"},
		{name: "create class type as trainer", method: "POST", path: "/api/class-types", token: trainer.Token,
			body: map[string]any{"name": "X", "duration_minutes": 30}, status: 403, code: "forbidden"},
		{name: "create class type anonymous", method: "POST", path: "/api/class-types",
			body: map[string]any{"name": "X", "duration_minutes": 30}, status: 401, code: "unauthorized"},
		{name: "create class type invalid", method: "POST", path: "/api/class-types", token: admin.Token,
			body: map[string]any{"name": "", "duration_minutes": 1, "level": "expert", "credit_cost": -1}, status: 422, code: "validation_failed",
			check: wantFields("name", "duration_minutes", "level", "credit_cost")},
		{name: "create class type unknown field", method: "POST", path: "/api/class-types", token: admin.Token,
			body: `{"name":"Y","duration_minutes":30,"colour":"red"}`, status: 400, code: "bad_request"},
		{name: "create class type wrong type", method: "POST", path: "/api/class-types", token: admin.Token,
			body: `{"name":"Y","duration_minutes":"thirty"}`, status: 400, code: "bad_request"},
		{name: "create class type malformed", method: "POST", path: "/api/class-types", token: admin.Token,
			body: `{"name":`, status: 400, code: "bad_request"},
		{name: "patch class type", method: "PATCH", path: path("/api/class-types/%d", ct), token: admin.Token,
			body: map[string]any{"description": "updated"}, status: 200,
			check: func(t *testing.T, r response) {
				if r.JSON(t)["description"] != "updated" {
					t.Fatalf("not updated: %s", r.Body)
				}
			}},
		{name: "patch class type as member", method: "PATCH", path: path("/api/class-types/%d", ct), token: member.Token,
			body: map[string]any{"description": "x"}, status: 403},
		{name: "patch class type missing", method: "PATCH", path: "/api/class-types/999999999", token: admin.Token,
			body: map[string]any{"description": "x"}, status: 404},
		{name: "delete class type in use", method: "DELETE", path: path("/api/class-types/%d", ct), token: admin.Token, status: 409, code: "class_type_in_use"},
		{name: "delete class type missing", method: "DELETE", path: "/api/class-types/999999999", token: admin.Token, status: 404},
		{name: "delete class type as trainer", method: "DELETE", path: path("/api/class-types/%d", ct), token: trainer.Token, status: 403},

		// sessions
		{name: "week view default", method: "GET", path: "/api/sessions", status: 200},
		{name: "week view filtered", method: "GET", path: path("/api/sessions?from=%s&type=%d&trainer=%d", week, ct, trainer.ID), status: 200,
			check: func(t *testing.T, r response) {
				var l struct {
					Items      []map[string]any
					ClassTypes []map[string]any `json:"class_types"`
					Total      int
				}
				r.Decode(t, &l)
				if l.Total != 1 || l.Items[0]["trainer_name"] == "" || l.Items[0]["booked_count"].(float64) != 0 {
					t.Fatalf("week view: %s", r.Body)
				}
				if _, embedded := l.Items[0]["class_type"]; embedded || len(l.ClassTypes) != 1 || uint64(l.ClassTypes[0]["id"].(float64)) != ct {
					t.Fatalf("week view does not list its class type once: %s", r.Body)
				}
			}},
		{name: "week view date range", method: "GET", path: path("/api/sessions?from=%s&to=%s", start.Format("2006-01-02"), start.AddDate(0, 0, 2).Format("2006-01-02")), status: 200},
		{name: "week view range too long", method: "GET", path: "/api/sessions?from=2030-01-01&to=2030-03-01", status: 422, code: "validation_failed"},
		{name: "week view to before from", method: "GET", path: "/api/sessions?from=2030-01-08&to=2030-01-01", status: 422},
		{name: "week view bad from", method: "GET", path: "/api/sessions?from=yesterday", status: 422},
		{name: "week view bad type", method: "GET", path: "/api/sessions?type=-1", status: 422},
		{name: "week view bad per_page", method: "GET", path: "/api/sessions?per_page=1000", status: 422},
		{name: "get session", method: "GET", path: path("/api/sessions/%d", own), status: 200},
		{name: "get session missing", method: "GET", path: "/api/sessions/999999999", status: 404},
		{name: "create session as member", method: "POST", path: "/api/sessions", token: member.Token,
			body: map[string]any{"class_type_id": ct, "room": "A", "starts_at": start, "capacity": 3}, status: 403},
		{name: "create session for another trainer as trainer", method: "POST", path: "/api/sessions", token: trainer.Token,
			body: map[string]any{"class_type_id": ct, "trainer_id": other.ID, "room": "A", "starts_at": start, "capacity": 3}, status: 403},
		{name: "create session defaults trainer to caller", method: "POST", path: "/api/sessions", token: trainer.Token,
			body: map[string]any{"class_type_id": ct, "room": "A", "starts_at": start, "capacity": 3}, status: 201,
			check: func(t *testing.T, r response) {
				m := r.JSON(t)
				if uint64(m["trainer_id"].(float64)) != trainer.ID || m["cancellation_cutoff_minutes"].(float64) != 720 {
					t.Fatalf("defaults: %s", r.Body)
				}
				ends, _ := time.Parse(time.RFC3339, m["ends_at"].(string))
				if !ends.Equal(start.Add(time.Hour)) {
					t.Fatalf("ends_at not from duration: %s", r.Body)
				}
			}},
		{name: "create session admin for trainer", method: "POST", path: "/api/sessions", token: admin.Token,
			body: map[string]any{"class_type_id": ct, "trainer_id": other.ID, "room": "B", "starts_at": start, "capacity": 3}, status: 201},
		{name: "create session trainer must be trainer", method: "POST", path: "/api/sessions", token: admin.Token,
			body: map[string]any{"class_type_id": ct, "trainer_id": member.ID, "room": "B", "starts_at": start, "capacity": 3}, status: 422},
		{name: "create session invalid", method: "POST", path: "/api/sessions", token: admin.Token,
			body: map[string]any{"class_type_id": 999999999, "trainer_id": other.ID, "room": "", "starts_at": "2001-01-01T00:00:00Z", "capacity": 0}, status: 422,
			check: wantFields("class_type_id", "room", "starts_at", "capacity")},
		{name: "create session bad time", method: "POST", path: "/api/sessions", token: admin.Token,
			body: `{"class_type_id":1,"room":"A","starts_at":"tomorrow","capacity":3}`, status: 400},
		{name: "patch own session", method: "PATCH", path: path("/api/sessions/%d", own), token: trainer.Token,
			body: map[string]any{"room": "Studio 2", "capacity": 6}, status: 200,
			check: func(t *testing.T, r response) {
				if m := r.JSON(t); m["room"] != "Studio 2" || m["capacity"].(float64) != 6 {
					t.Fatalf("patch: %s", r.Body)
				}
			}},
		{name: "patch other's session as trainer", method: "PATCH", path: path("/api/sessions/%d", own), token: other.Token,
			body: map[string]any{"room": "X"}, status: 403},
		{name: "trainer may not reassign", method: "PATCH", path: path("/api/sessions/%d", own), token: trainer.Token,
			body: map[string]any{"trainer_id": other.ID}, status: 403},
		{name: "patch invalid capacity", method: "PATCH", path: path("/api/sessions/%d", own), token: admin.Token,
			body: map[string]any{"capacity": 0}, status: 422},
		{name: "patch missing session", method: "PATCH", path: "/api/sessions/999999999", token: admin.Token,
			body: map[string]any{"room": "X"}, status: 404},
		{name: "cancel other's session as trainer", method: "POST", path: path("/api/sessions/%d/cancel", own), token: other.Token, status: 403},
		{name: "cancel session as member", method: "POST", path: path("/api/sessions/%d/cancel", own), token: member.Token, status: 403},
		{name: "cancel session bad body", method: "POST", path: path("/api/sessions/%d/cancel", own), token: trainer.Token, body: `{"reason":1}`, status: 400},
		{name: "cancel own session", method: "POST", path: path("/api/sessions/%d/cancel", own), token: trainer.Token, body: map[string]any{}, status: 200,
			check: func(t *testing.T, r response) {
				if sessionField(t, r, "status") != "cancelled" {
					t.Fatalf("not cancelled: %s", r.Body)
				}
			}},
		{name: "cancel cancelled session", method: "POST", path: path("/api/sessions/%d/cancel", own), token: admin.Token, status: 409, code: "session_cancelled"},
		{name: "patch cancelled session", method: "PATCH", path: path("/api/sessions/%d", own), token: admin.Token, body: map[string]any{"room": "X"}, status: 409},
		{name: "cancel missing session", method: "POST", path: "/api/sessions/999999999/cancel", token: admin.Token, status: 404},
	})
}

// TestScheduleCacheInvalidation checks the week view is served from the process's memory, that
// writes through this instance (a new session, a booking) are visible at once, and that a bump of
// the Redis version (what a write on another replica does) is picked up.
func TestScheduleCacheInvalidation(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 0)
	q := path("/api/sessions?trainer=%d&from=%s", trainer.ID, time.Now().UTC().Format("2006-01-02"))
	count := func() (int, float64) {
		var l struct {
			Total int
			Items []struct {
				BookedCount float64 `json:"booked_count"`
			}
		}
		a.call(t, "GET", q, "", nil).Decode(t, &l)
		if len(l.Items) == 0 {
			return l.Total, 0
		}
		return l.Total, l.Items[0].BookedCount
	}
	if n, _ := count(); n != 0 {
		t.Fatalf("fresh trainer has %d sessions", n)
	}
	rdb := testenv.Redis(t)
	version := func() int { v, _ := rdb.Get(context.Background(), "schedule:version").Int(); return v }
	v0 := version()
	sess := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 24 * time.Hour, capacity: 2, cutoff: 0})
	if n, _ := count(); n != 1 {
		t.Fatalf("after create: %d sessions (stale cache)", n)
	}
	if r := a.call(t, "POST", path("/api/sessions/%d/bookings", sess), member.Token, nil); r.Status != 201 {
		t.Fatalf("book free class: %d %s", r.Status, r.Body)
	}
	if _, booked := count(); booked != 1 {
		t.Fatalf("after booking: booked_count %v (stale cache)", booked)
	}
	if v := version(); v < v0+2 {
		t.Fatalf("schedule version %d after two writes, was %d", v, v0)
	}
	// A change the version does not announce is not seen: the view comes from memory ...
	testenv.DB(t).Exec("UPDATE class_sessions SET booked_count = 2 WHERE id = ?", sess)
	if _, booked := count(); booked != 1 {
		t.Fatalf("booked_count %v: the view was not served from memory", booked)
	}
	// ... until the version moves, as a write on another replica moves it.
	rdb.Incr(context.Background(), "schedule:version")
	deadline := time.Now().Add(visibilityBound)
	for {
		if _, booked := count(); booked == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a version bump was not picked up within %s", visibilityBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
