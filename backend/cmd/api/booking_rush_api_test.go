package main

import (
	"bytes"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestConcurrentBooking: 200 members with a credit pack book a 10-seat session at the same
// moment through the HTTP API, with one member sending the request twice and one member who has
// nothing to pay with. Exactly 10 get a seat, 190 a waitlist place with positions 1..190 in the
// order of their booking ids, exactly 10 credits are spent; the second request and the member
// who cannot pay are refused, only they; then cancellations promote the waitlist in order,
// skipping a member who can no longer pay.
func TestConcurrentBooking(t *testing.T) {
	const members, seats, creditsEach = 200, 10, 3
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	trainer := a.createUser(t, auth.RoleTrainer)
	ct := a.mkClassType(t, admin, 1)
	pack := a.mkPack(t, admin, creditsEach)
	session := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: seats, cutoff: 60})
	users := make([]testUser, members)
	ids := make([]any, members)
	for i := range users {
		users[i] = a.createUser(t, auth.RoleMember)
		a.grant(t, admin, users[i].ID, pack)
		ids[i] = users[i].ID
	}

	// Two more requests in the rush: a second one of member `twice`, and one of a member without
	// entitlements.
	twice, broke := members/2, members+1
	tokens := make([]string, members+2)
	for i := range users {
		tokens[i] = users[i].Token
	}
	tokens[members], tokens[broke] = users[twice].Token, a.createUser(t, auth.RoleMember).Token

	client := &http.Client{Transport: contractChecked(&http.Transport{MaxIdleConnsPerHost: members + 2, MaxConnsPerHost: members + 2})}
	results := make([]booking.Booking, len(tokens))
	statuses := make([]int, len(tokens))
	codes := make([]string, len(tokens))
	took := testenv.Rush(len(tokens), func(i int) func() {
		req, _ := http.NewRequest("POST", a.base+path("/api/sessions/%d/bookings", session), nil)
		req.Header.Set("Authorization", "Bearer "+tokens[i])
		return func() {
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			statuses[i] = resp.StatusCode
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			if resp.StatusCode == http.StatusCreated {
				response{Body: buf.Bytes()}.Decode(t, &results[i])
			} else {
				var e errorBody
				response{Body: buf.Bytes()}.Decode(t, &e)
				codes[i] = e.Error.Code
			}
		}
	})
	t.Logf("%d concurrent bookings took %s", len(tokens), took)

	if statuses[broke] != http.StatusConflict || codes[broke] != "no_entitlement" {
		t.Fatalf("member without entitlements: %d %q, want 409 no_entitlement", statuses[broke], codes[broke])
	}
	// One of member twice's two requests is refused; keep the one that was not at their index.
	if statuses[twice] != http.StatusCreated {
		statuses[twice], results[twice], codes[twice], statuses[members], codes[members] =
			statuses[members], results[members], codes[members], statuses[twice], codes[twice]
	}
	if statuses[members] != http.StatusConflict || codes[members] != "already_booked" {
		t.Fatalf("second request of member %d: %d %q, want 409 already_booked", twice, statuses[members], codes[members])
	}
	results, statuses = results[:members], statuses[:members]

	booked, positions := 0, []int{}
	byPosition := map[int]int{} // waitlist position → user index
	for i, b := range results {
		if statuses[i] != http.StatusCreated {
			t.Fatalf("member %d: status %d %+v", i, statuses[i], b)
		}
		switch b.Status {
		case "booked":
			booked++
		case "waitlisted":
			positions = append(positions, *b.WaitlistPosition)
			byPosition[*b.WaitlistPosition] = i
		default:
			t.Fatalf("member %d: %+v", i, b)
		}
	}
	if booked != seats || len(positions) != members-seats {
		t.Fatalf("booked %d, waitlisted %d; want %d and %d", booked, len(positions), seats, members-seats)
	}
	// In id order, the positions are 1..190 (promotion goes by id).
	sort.Slice(positions, func(i, j int) bool {
		return results[byPosition[positions[i]]].ID < results[byPosition[positions[j]]].ID
	})
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waitlist positions in id order are not 1..%d: %v", members-seats, positions)
		}
	}
	db := testenv.DB(t)
	ledger := func() (remaining, netSpent, bookedRows int) {
		db.Raw("SELECT COALESCE(SUM(credits_remaining),0) FROM entitlements WHERE user_id IN ?", ids).Scan(&remaining)
		db.Raw("SELECT COALESCE(SUM(credits_spent - credits_refunded),0) FROM bookings WHERE session_id = ?", session).Scan(&netSpent)
		db.Raw("SELECT COUNT(*) FROM bookings WHERE session_id = ? AND status = 'booked'", session).Scan(&bookedRows)
		return
	}
	if rem, spent, rows := ledger(); rem != members*creditsEach-seats || spent != seats || rows != seats {
		t.Fatalf("credits: remaining %d (want %d), spent %d, booked rows %d", rem, members*creditsEach-seats, spent, rows)
	}
	sess := a.call(t, "GET", path("/api/sessions/%d", session), "", nil).JSON(t)
	if sess["booked_count"].(float64) != seats || sess["waitlist_count"].(float64) != members-seats {
		t.Fatalf("session counters: %v", sess)
	}

	// The first waitlisted member can no longer pay: they are skipped, keeping their place.
	skipped := users[byPosition[1]]
	db.Exec("UPDATE entitlements SET credits_remaining = 0 WHERE user_id = ?", skipped.ID)
	var cancelled []booking.Booking
	for i, b := range results {
		if b.Status == "booked" && len(cancelled) < 3 {
			r := a.call(t, "POST", path("/api/bookings/%d/cancel", b.ID), users[i].Token, nil)
			if r.Status != 200 {
				t.Fatalf("cancel: %d %s", r.Status, r.Body)
			}
			cancelled = append(cancelled, b)
		}
	}
	for pos := 2; pos <= 4; pos++ {
		if st := a.bookingStatus(t, results[byPosition[pos]].ID); st != "booked" {
			t.Fatalf("waitlist position %d: %s, want booked", pos, st)
		}
	}
	if st := a.bookingStatus(t, results[byPosition[1]].ID); st != "waitlisted" {
		t.Fatalf("member without credits: %s, want still waitlisted", st)
	}
	if st := a.bookingStatus(t, results[byPosition[5]].ID); st != "waitlisted" {
		t.Fatalf("waitlist position 5: %s, want waitlisted", st)
	}
	rem, spent, rows := ledger()
	if rows != seats || spent != seats || rem != members*creditsEach-creditsEach-seats {
		t.Fatalf("after cancellations: remaining %d (want %d), net spent %d, booked rows %d", rem, members*creditsEach-creditsEach-seats, spent, rows)
	}
}

// FuzzBookingJSON throws arbitrary bodies at the booking and session routes: the answer is
// never a 500 and errors keep the JSON error shape.
