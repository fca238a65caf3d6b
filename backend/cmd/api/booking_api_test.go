package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func (a *api) book(t *testing.T, u testUser, session uint64) booking.Booking {
	t.Helper()
	r := a.call(t, "POST", path("/api/sessions/%d/bookings", session), u.Token, nil)
	if r.Status != http.StatusCreated {
		t.Fatalf("book %d: %d %s", session, r.Status, r.Body)
	}
	var b booking.Booking
	r.Decode(t, &b)
	return b
}

// wantBooking checks that the answer is a booking that ok accepts.
func wantBooking(what string, ok func(b booking.Booking) bool) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		var b booking.Booking
		r.Decode(t, &b)
		if !ok(b) {
			t.Fatalf("%s: %s", what, r.Body)
		}
	}
}

func (a *api) credits(t *testing.T, u testUser) int {
	t.Helper()
	var l struct {
		Items []struct {
			Kind             string `json:"kind"`
			CreditsRemaining int    `json:"credits_remaining"`
		}
	}
	a.call(t, "GET", "/api/me/entitlements", u.Token, nil).Decode(t, &l)
	n := 0
	for _, e := range l.Items {
		n += e.CreditsRemaining
	}
	return n
}

func (a *api) bookingStatus(t *testing.T, id uint64) string {
	t.Helper()
	return dbValue[string](t, "SELECT status FROM bookings WHERE id = ?", id)
}

// moveSession shifts a session in time directly in the database (the API refuses the past).
func moveSession(t *testing.T, id uint64, startsIn time.Duration) {
	t.Helper()
	start := time.Now().UTC().Add(startsIn)
	if err := testenv.DB(t).Exec("UPDATE class_sessions SET starts_at = ?, ends_at = ?, booking_opens_at = ? WHERE id = ?",
		start, start.Add(time.Hour), start.Add(-24*time.Hour), id).Error; err != nil {
		t.Fatal(err)
	}
}

func wantStatus(want string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if got := r.JSON(t)["status"]; got != want {
			t.Fatalf("want status %q, got %v: %s", want, got, r.Body)
		}
	}
}

func TestBookingAPI(t *testing.T) {
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	trainer := a.createUser(t, auth.RoleTrainer)
	other := a.createUser(t, auth.RoleTrainer)
	m1 := a.createUser(t, auth.RoleMember) // 2 credits
	m2 := a.createUser(t, auth.RoleMember) // nothing
	m3 := a.createUser(t, auth.RoleMember) // membership
	m4 := a.createUser(t, auth.RoleMember) // 2 credits
	ct := a.mkClassType(t, admin, 1)
	pack := a.mkPack(t, admin, 2)
	monthly := a.mkPlan(t, admin, map[string]any{"name": "Monthly", "kind": "membership", "months": 1, "price_rappen": 12000})
	a.grant(t, admin, m1.ID, pack)
	a.grant(t, admin, m4.ID, pack)
	a.grant(t, admin, m3.ID, monthly)

	opts := sessionOpts{startsIn: 48 * time.Hour, capacity: 1, cutoff: 60}
	s1 := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	cancelled := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	a.call(t, "POST", path("/api/sessions/%d/cancel", cancelled), trainer.Token, nil)
	started := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	moveSession(t, started, -10*time.Minute)
	notOpen := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	if r := a.call(t, "PATCH", path("/api/sessions/%d", notOpen), trainer.Token, map[string]any{"booking_opens_at": time.Now().UTC().Add(time.Hour)}); r.Status != 200 {
		t.Fatalf("patch booking window: %d %s", r.Status, r.Body)
	}
	soon := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 30 * time.Minute, capacity: 5, cutoff: 60})

	var first booking.Booking
	runCases(t, a, []apiCase{
		{name: "book a seat", method: "POST", path: path("/api/sessions/%d/bookings", s1), token: m1.Token, status: 201,
			check: func(t *testing.T, r response) {
				r.Decode(t, &first)
				if first.Status != "booked" || first.CreditsSpent != 1 || first.EntitlementID == nil || first.WaitlistPosition != nil {
					t.Fatalf("booking: %s", r.Body)
				}
			}},
		{name: "book twice", method: "POST", path: path("/api/sessions/%d/bookings", s1), token: m1.Token, status: 409, code: "already_booked"},
		{name: "full session waitlists", method: "POST", path: path("/api/sessions/%d/bookings", s1), token: m3.Token, body: map[string]any{}, status: 201,
			check: wantBooking("waitlist", func(b booking.Booking) bool {
				return b.Status == "waitlisted" && b.WaitlistPosition != nil && *b.WaitlistPosition == 1 && b.CreditsSpent == 0
			})},
		{name: "waitlist needs an entitlement", method: "POST", path: path("/api/sessions/%d/bookings", s1), token: m2.Token, status: 409, code: "no_entitlement"},
		{name: "seat needs an entitlement", method: "POST", path: path("/api/sessions/%d/bookings", soon), token: m2.Token, status: 409, code: "no_entitlement"},
		{name: "cancelled session", method: "POST", path: path("/api/sessions/%d/bookings", cancelled), token: m1.Token, status: 409, code: "session_cancelled"},
		{name: "started session", method: "POST", path: path("/api/sessions/%d/bookings", started), token: m1.Token, status: 409, code: "session_started"},
		{name: "window not open", method: "POST", path: path("/api/sessions/%d/bookings", notOpen), token: m1.Token, status: 409, code: "booking_not_open"},
		{name: "missing session", method: "POST", path: "/api/sessions/999999999/bookings", token: m1.Token, status: 404},
		{name: "bad session id", method: "POST", path: "/api/sessions/x/bookings", token: m1.Token, status: 400},
		{name: "anonymous", method: "POST", path: path("/api/sessions/%d/bookings", soon), status: 401},
		{name: "unknown field", method: "POST", path: path("/api/sessions/%d/bookings", soon), token: m1.Token, body: `{"seat":3}`, status: 400},
		{name: "not an object", method: "POST", path: path("/api/sessions/%d/bookings", soon), token: m1.Token, body: `[1]`, status: 400},
	})
	if m1c := a.credits(t, m1); m1c != 1 {
		t.Fatalf("m1 credits after booking: %d", m1c)
	}

	runCases(t, a, []apiCase{
		{name: "roster by its trainer", method: "GET", path: path("/api/sessions/%d/roster", s1), token: trainer.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct {
					Total int
					Items []map[string]any
				}
				r.Decode(t, &l)
				if l.Total != 2 || l.Items[0]["status"] != "booked" || l.Items[1]["status"] != "waitlisted" || l.Items[1]["waitlist_position"].(float64) != 1 || l.Items[0]["user_name"] == "" {
					t.Fatalf("roster: %s", r.Body)
				}
			}},
		{name: "roster by admin", method: "GET", path: path("/api/sessions/%d/roster", s1), token: admin.Token, status: 200},
		{name: "roster by another trainer", method: "GET", path: path("/api/sessions/%d/roster", s1), token: other.Token, status: 403},
		{name: "roster by member", method: "GET", path: path("/api/sessions/%d/roster", s1), token: m1.Token, status: 403},
		{name: "roster missing session", method: "GET", path: "/api/sessions/999999999/roster", token: admin.Token, status: 404},
		{name: "check-in too early", method: "POST", path: path("/api/bookings/%d/check-in", first.ID), token: trainer.Token, status: 409, code: "check_in_closed"},
		{name: "cancel someone else's booking", method: "POST", path: path("/api/bookings/%d/cancel", first.ID), token: m3.Token, status: 403},
		{name: "cancel missing booking", method: "POST", path: "/api/bookings/999999999/cancel", token: m1.Token, status: 404},
		{name: "cancel before cutoff returns the credit", method: "POST", path: path("/api/bookings/%d/cancel", first.ID), token: m1.Token, status: 200,
			check: wantBooking("cancel", func(b booking.Booking) bool { return b.Status == "cancelled" && b.CreditsRefunded == 1 })},
		{name: "cancel twice", method: "POST", path: path("/api/bookings/%d/cancel", first.ID), token: m1.Token, status: 409, code: "booking_not_active"},
		{name: "waitlisted member was promoted", method: "GET", path: "/api/me/bookings?when=upcoming", token: m3.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct{ Items []booking.Booking }
				r.Decode(t, &l)
				if len(l.Items) != 1 || l.Items[0].Status != "booked" || l.Items[0].SessionID != s1 {
					t.Fatalf("m3 bookings: %s", r.Body)
				}
			}},
		{name: "my bookings include the session", method: "GET", path: "/api/me/bookings", token: m1.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct {
					Items []struct {
						Status  string
						Session struct {
							ID        uint64
							ClassType struct{ Name string } `json:"class_type"`
						}
					}
				}
				r.Decode(t, &l)
				if len(l.Items) != 1 || l.Items[0].Session.ID != s1 || l.Items[0].Session.ClassType.Name == "" || l.Items[0].Status != "cancelled" {
					t.Fatalf("my bookings: %s", r.Body)
				}
			}},
		{name: "my bookings bad filter", method: "GET", path: "/api/me/bookings?when=tomorrow", token: m1.Token, status: 422},
		{name: "my bookings anonymous", method: "GET", path: "/api/me/bookings", status: 401},
	})
	if m1c := a.credits(t, m1); m1c != 2 {
		t.Fatalf("m1 credits after cancel: %d", m1c)
	}
	// A member can book again after cancelling (the unique key only covers active bookings).
	again := a.book(t, m1, s1)
	if again.Status != "waitlisted" {
		t.Fatalf("rebook: %+v", again)
	}

	late := a.book(t, m4, soon)
	checkin := a.book(t, m1, soon)
	runCases(t, a, []apiCase{
		{name: "late cancel forfeits the credit", method: "POST", path: path("/api/bookings/%d/cancel", late.ID), token: m4.Token, status: 200,
			check: wantBooking("late cancel", func(b booking.Booking) bool { return b.Status == "late_cancelled" && b.CreditsRefunded == 0 })},
		{name: "check-in by another trainer", method: "POST", path: path("/api/bookings/%d/check-in", checkin.ID), token: other.Token, status: 403},
		{name: "check-in by member", method: "POST", path: path("/api/bookings/%d/check-in", checkin.ID), token: m1.Token, status: 403},
		{name: "check-in missing booking", method: "POST", path: "/api/bookings/999999999/check-in", token: trainer.Token, status: 404},
		{name: "check-in a cancelled booking", method: "POST", path: path("/api/bookings/%d/check-in", late.ID), token: trainer.Token, status: 409, code: "booking_not_checkable"},
		{name: "check-in", method: "POST", path: path("/api/bookings/%d/check-in", checkin.ID), token: trainer.Token, status: 200, check: wantStatus("checked_in")},
		{name: "check-in again is harmless", method: "POST", path: path("/api/bookings/%d/check-in", checkin.ID), token: admin.Token, body: map[string]any{}, status: 200, check: wantStatus("checked_in")},
		{name: "cannot cancel after check-in", method: "POST", path: path("/api/bookings/%d/cancel", checkin.ID), token: m1.Token, status: 409},
	})
	if c := a.credits(t, m4); c != 1 {
		t.Fatalf("m4 credits after late cancel: %d", c)
	}

	// No-show: booked, never checked in, the class ended.
	past := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	noShow := a.book(t, m3, past)
	moveSession(t, past, -2*time.Hour)
	r := a.call(t, "GET", "/api/me/bookings?when=past", m3.Token, nil)
	if !strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d,"session_id":%d,"user_id":%d,"status":"no_show"`, noShow.ID, past, m3.ID)) {
		t.Fatalf("no-show not reported: %s", r.Body)
	}

	// A session cancelled by the club returns every credit.
	club := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	seat := a.book(t, m4, club)
	wait := a.book(t, m1, club)
	before := a.credits(t, m4)
	r = a.call(t, "POST", path("/api/sessions/%d/cancel", club), admin.Token, nil)
	if r.Status != 200 {
		t.Fatalf("cancel session: %d %s", r.Status, r.Body)
	}
	if got := a.credits(t, m4); got != before+1 {
		t.Fatalf("credits after session cancel: %d, want %d", got, before+1)
	}
	if a.bookingStatus(t, seat.ID) != "session_cancelled" || a.bookingStatus(t, wait.ID) != "session_cancelled" {
		t.Fatal("bookings of the cancelled session stay active")
	}

	// Raising the capacity promotes the waitlist; lowering it below the booked seats is refused.
	grow := a.mkSession(t, trainer.Token, ct, trainer.ID, opts)
	a.book(t, m3, grow)
	waiting := a.book(t, m4, grow)
	runCases(t, a, []apiCase{
		{name: "capacity unchanged", method: "PATCH", path: path("/api/sessions/%d", grow), token: trainer.Token,
			body: map[string]any{"capacity": 1}, status: 200},
		{name: "capacity up promotes", method: "PATCH", path: path("/api/sessions/%d", grow), token: trainer.Token,
			body: map[string]any{"capacity": 2}, status: 200,
			check: func(t *testing.T, r response) {
				m := r.JSON(t)
				if m["booked_count"].(float64) != 2 || m["waitlist_count"].(float64) != 0 {
					t.Fatalf("counts after growing: %s", r.Body)
				}
			}},
		{name: "capacity down below booked refused", method: "PATCH", path: path("/api/sessions/%d", grow), token: trainer.Token,
			body: map[string]any{"capacity": 1}, status: 409, code: "capacity_below_booked"},
	})
	if a.bookingStatus(t, waiting.ID) != "booked" {
		t.Fatal("waitlisted member not promoted when capacity grew")
	}
}

func FuzzBookingJSON(f *testing.F) {
	srv, tokens := fuzzServer(f)
	for _, seed := range []string{``, `{}`, `null`, `[]`, `{"x":1}`, `{"class_type_id":1,"room":"A","starts_at":"2030-01-01T10:00:00Z","capacity":3}`,
		`{"capacity":-1}`, `{"starts_at":"not a time"}`, `{"capacity":1e309}`, `{"trainer_id":"1"}`, `{"plan_id":18446744073709551616}`, "\x00", `{"room":"` + strings.Repeat("a", 100) + `"}`} {
		for route := range uint8(len(fuzzRoutes)) {
			f.Add(route, []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		rt := fuzzRoutes[int(route)%len(fuzzRoutes)]
		req := httptest.NewRequest(rt.method, rt.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[rt.role])
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && (response{Body: rec.Body.Bytes()}).ErrorCode() == "" {
			t.Fatalf("%s %s %q: error without JSON shape: %s", rt.method, rt.path, body, rec.Body)
		}
	})
}
