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
// moment through the HTTP API. Exactly 10 get a seat, 190 a waitlist place, exactly 10 credits
// are spent; then cancellations promote the waitlist in order, skipping a member who can no
// longer pay.
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

	client := &http.Client{Transport: contractChecked(&http.Transport{MaxIdleConnsPerHost: members, MaxConnsPerHost: members})}
	results := make([]booking.Booking, members)
	statuses := make([]int, members)
	took := testenv.Rush(members, func(i int) func() {
		req, _ := http.NewRequest("POST", a.base+path("/api/sessions/%d/bookings", session), nil)
		req.Header.Set("Authorization", "Bearer "+users[i].Token)
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
			response{Body: buf.Bytes()}.Decode(t, &results[i])
		}
	})
	t.Logf("%d concurrent bookings took %s", members, took)

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
	sort.Ints(positions)
	if booked != seats || len(positions) != members-seats {
		t.Fatalf("booked %d, waitlisted %d; want %d and %d", booked, len(positions), seats, members-seats)
	}
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waitlist positions are not 1..%d: %v", members-seats, positions)
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
