package booking_test

import (
	"context"
	"errors"
	"sort"
	"testing"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestWaitlistJoinsAtOnce: members joining a full session's waitlist at the same moment are
// written in batches; every one gets a distinct position 1..n in the order of their booking
// ids, the counter agrees, and a member who sends the request twice gets one place and one
// already_booked (the batch holding both is retried member by member).
func TestWaitlistJoinsAtOnce(t *testing.T) {
	const waiters = 40
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 1)
	first, _ := f.member(t, 1)
	if _, err := f.svc.Book(ctx, first, s.ID); err != nil {
		t.Fatal(err)
	}
	members := make([]auth.Principal, waiters)
	for i := range members {
		members[i], _ = f.member(t, 1)
	}
	twice := members[waiters/2]
	requests := append(members, twice)
	got := make([]booking.Booking, len(requests))
	errs := testenv.AllAtOnce(len(requests), func(i int) error {
		var err error
		got[i], err = f.svc.Book(ctx, requests[i], s.ID)
		return err
	})
	ok, dup, unexpected := testenv.CountErrors(errs, func(err error) bool { return errors.Is(err, booking.ErrAlreadyBooked) })
	if ok != waiters || dup != 1 || len(unexpected) > 0 {
		t.Fatalf("%d places, %d already_booked, unexpected %v; want %d and 1", ok, dup, unexpected, waiters)
	}
	var places []booking.Booking
	for i, b := range got {
		if errs[i] == nil {
			if b.Status != booking.StatusWaitlisted || b.WaitlistPosition == nil {
				t.Fatalf("request %d: %+v", i, b)
			}
			places = append(places, b)
		}
	}
	sort.Slice(places, func(i, j int) bool { return places[i].ID < places[j].ID })
	for i, b := range places {
		if *b.WaitlistPosition != i+1 {
			t.Fatalf("by id, place %d has position %d: positions must be 1..%d in id order", i, *b.WaitlistPosition, waiters)
		}
	}
	var counter, rows int
	f.db.Raw("SELECT waitlist_count FROM class_sessions WHERE id = ?", s.ID).Scan(&counter)
	f.db.Raw("SELECT COUNT(*) FROM bookings WHERE session_id = ? AND status = 'waitlisted'", s.ID).Scan(&rows)
	if counter != waiters || rows != waiters {
		t.Fatalf("waitlist_count %d, waitlisted rows %d; want %d", counter, rows, waiters)
	}
}
