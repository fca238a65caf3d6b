package booking_test

import (
	"context"
	"errors"
	"sort"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestWaitlistJoinsAtOnce: members joining a full session's waitlist at the same moment are
// written in batches (TestBatch shows one batch's rules); every one gets a distinct position
// 1..n in the order of their booking ids, the counter agrees, and a member who sends the
// request twice gets one place and one already_booked.
func TestWaitlistJoinsAtOnce(t *testing.T) {
	const waiters = 40
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 1)
	first, _ := f.member(t, 1)
	f.book(t, first, s.ID)
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

// TestBatch writes batches by hand, in a known order: the first members who can pay take the
// seats, a member who cannot pay gets no_entitlement (again on a second request) and their seat
// goes to the next one, a member's second request in the batch (or a request of a member
// already booked) gets already_booked and only they do, and the rest get waitlist places in
// batch order; the counters, the credits and the rows agree.
func TestBatch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 3)
	early, _ := f.member(t, 1)
	f.book(t, early, s.ID)
	a, entA := f.member(t, 2)
	broke, entBroke := f.member(t, 1)
	f.db.Exec("UPDATE entitlements SET credits_remaining = 0 WHERE id = ?", entBroke)
	b, entB := f.member(t, 2)
	c, entC := f.member(t, 2)
	d, _ := f.member(t, 2)
	users := []uint64{a.UserID, broke.UserID, early.UserID, b.UserID, a.UserID, c.UserID, d.UserID, broke.UserID}
	got, errs := f.svc.WriteBatch(ctx, s.ID, users)

	want := []struct {
		status   string
		position int
		err      error
	}{
		{status: booking.StatusBooked},
		{err: membership.ErrNoEntitlement},
		{err: booking.ErrAlreadyBooked},
		{status: booking.StatusBooked},
		{err: booking.ErrAlreadyBooked},
		{status: booking.StatusWaitlisted, position: 1},
		{status: booking.StatusWaitlisted, position: 2},
		{err: membership.ErrNoEntitlement}, // holds nothing: not already_booked
	}
	for i, w := range want {
		if w.err != nil {
			if !errors.Is(errs[i], w.err) {
				t.Errorf("member %d: %v, want %v", i, errs[i], w.err)
			}
			continue
		}
		if errs[i] != nil || got[i].Status != w.status || got[i].ID == 0 || got[i].UserID != users[i] {
			t.Errorf("member %d: %+v %v, want %s", i, got[i], errs[i], w.status)
			continue
		}
		if w.position != 0 && (got[i].WaitlistPosition == nil || *got[i].WaitlistPosition != w.position) {
			t.Errorf("member %d: waitlist position %v, want %d", i, got[i].WaitlistPosition, w.position)
		}
		var status string
		f.db.Raw("SELECT status FROM bookings WHERE id = ? AND user_id = ?", got[i].ID, users[i]).Scan(&status)
		if status != w.status {
			t.Errorf("member %d: row %d is %q, want %s", i, got[i].ID, status, w.status)
		}
	}
	if got[5].ID >= got[6].ID {
		t.Errorf("waitlist ids %d, %d do not follow the positions", got[5].ID, got[6].ID)
	}
	sess, _ := f.sched.Session(ctx, s.ID)
	var booked, waitlisted int
	f.db.Raw("SELECT COUNT(*) FROM bookings WHERE session_id = ? AND status = 'booked'", s.ID).Scan(&booked)
	f.db.Raw("SELECT COUNT(*) FROM bookings WHERE session_id = ? AND status = 'waitlisted'", s.ID).Scan(&waitlisted)
	if sess.BookedCount != 3 || sess.WaitlistCount != 2 || booked != 3 || waitlisted != 2 {
		t.Fatalf("counters %d booked, %d waitlisted; rows %d and %d; want 3 and 2", sess.BookedCount, sess.WaitlistCount, booked, waitlisted)
	}
	for _, e := range []struct {
		id   uint64
		left int
	}{{entA, 1}, {entBroke, 0}, {entB, 1}, {entC, 2}} {
		if got, _ := f.members.Entitlement(ctx, e.id); got.CreditsRemaining != e.left {
			t.Errorf("entitlement %d: %d credits left, want %d", e.id, got.CreditsRemaining, e.left)
		}
	}

	// A later batch on the full session: places continue after the ones given.
	e, _ := f.member(t, 1)
	got, errs = f.svc.WriteBatch(ctx, s.ID, []uint64{e.UserID})
	if errs[0] != nil || got[0].Status != booking.StatusWaitlisted || *got[0].WaitlistPosition != 3 {
		t.Fatalf("next batch: %+v %v, want waitlist position 3", got[0], errs[0])
	}
}

// TestBatchSessionError: a session that is not bookable any more fails every member of the
// batch with its reason, and nothing is written.
func TestBatchSessionError(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 3)
	f.db.Exec("UPDATE class_sessions SET booking_opens_at = ? WHERE id = ?", time.Now().UTC().Add(time.Hour), s.ID)
	_, errs := f.svc.WriteBatch(ctx, s.ID, f.memberIDs(t, 2))
	for i, err := range errs {
		if !errors.Is(err, booking.ErrBookingNotOpen) {
			t.Errorf("member %d: %v, want booking_not_open", i, err)
		}
	}
	var rows int
	f.db.Raw("SELECT COUNT(*) FROM bookings WHERE session_id = ?", s.ID).Scan(&rows)
	if rows != 0 {
		t.Fatalf("%d bookings written", rows)
	}
}

// TestBatchHookFailureStaysTheMembers: when a hook refuses one member's confirmation, the batch
// is tried member by member: the others are booked, only that member gets the error.
func TestBatchHookFailureStaysTheMembers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 3)
	users := f.memberIDs(t, 3)
	refused := errors.New("no mail for the second member")
	f.svc.OnEvent(func(_ context.Context, _ *gorm.DB, e booking.Event) error {
		if e.Booking.UserID == users[1] {
			return refused
		}
		return nil
	})
	got, errs := f.svc.WriteBatch(ctx, s.ID, users)
	if errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], refused) {
		t.Fatalf("errors %v, want only member 1's", errs)
	}
	if got[0].Status != booking.StatusBooked || got[2].Status != booking.StatusBooked {
		t.Fatalf("bookings %+v", got)
	}
	if sess, _ := f.sched.Session(ctx, s.ID); sess.BookedCount != 2 {
		t.Fatalf("booked_count %d, want 2", sess.BookedCount)
	}
}

// TestBatchPanicFailsItsMembers: a panic while a batch is written (here in a hook) fails that
// batch's members with an error instead of the process, and writes nothing.
func TestBatchPanicFailsItsMembers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 3)
	f.svc.OnEvent(func(context.Context, *gorm.DB, booking.Event) error { panic("hook bug") })
	_, errs := f.svc.WriteBatch(ctx, s.ID, f.memberIDs(t, 2))
	for i, err := range errs {
		if err == nil {
			t.Errorf("member %d: no error", i)
		}
	}
	if sess, _ := f.sched.Session(ctx, s.ID); sess.BookedCount != 0 {
		t.Fatalf("booked_count %d after the panic, want 0", sess.BookedCount)
	}
}
