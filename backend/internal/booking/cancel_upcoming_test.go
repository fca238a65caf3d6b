package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/booking"
)

// TestCancelUpcomingForUser cancels a deleted member's seat after the cutoff with the credit
// back, promotes the waitlist, leaves a class that already started alone, and is idempotent.
func TestCancelUpcomingForUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leaving, leavingEnt := f.member(t, 3)
	waiter, _ := f.member(t, 1)
	full := f.session(t, 1)
	running := f.session(t, 5)

	seat := f.book(t, leaving, full.ID)
	wait, err := f.svc.Book(ctx, waiter, full.ID)
	if err != nil || wait.Status != booking.StatusWaitlisted {
		t.Fatalf("waitlist: %+v %v", wait, err)
	}
	started := f.book(t, leaving, running.ID)
	// 30 minutes before the full class: past its 60-minute cutoff. The other class began.
	now := full.StartsAt.Add(-30 * time.Minute)
	f.svc.SetClock(func() time.Time { return now })
	if err := f.db.Exec("UPDATE class_sessions SET starts_at = ?, ends_at = ? WHERE id = ?",
		now.Add(-10*time.Minute), now.Add(50*time.Minute), running.ID).Error; err != nil {
		t.Fatal(err)
	}

	n, err := f.svc.CancelUpcomingForUser(ctx, leaving.UserID)
	if err != nil || n != 1 {
		t.Fatalf("cancel upcoming: n=%d err=%v", n, err)
	}
	status := func(id uint64) (s string, refunded int) {
		var row struct {
			Status          string
			CreditsRefunded int
		}
		f.db.Raw("SELECT status, credits_refunded FROM bookings WHERE id = ?", id).Scan(&row)
		return row.Status, row.CreditsRefunded
	}
	if s, r := status(seat.ID); s != booking.StatusCancelled || r != 1 {
		t.Fatalf("seat: %s refunded %d", s, r)
	}
	if s, _ := status(wait.ID); s != booking.StatusBooked {
		t.Fatalf("waitlist not promoted: %s", s)
	}
	if s, _ := status(started.ID); s != booking.StatusBooked {
		t.Fatalf("started class touched: %s", s)
	}
	var remaining int
	f.db.Raw("SELECT credits_remaining FROM entitlements WHERE id = ?", leavingEnt).Scan(&remaining)
	if remaining != 2 { // 3 granted, 2 spent, 1 back
		t.Fatalf("credits remaining %d, want 2", remaining)
	}
	var counts struct{ BookedCount, WaitlistCount int }
	if err := f.db.Raw("SELECT booked_count, waitlist_count FROM class_sessions WHERE id = ?", full.ID).Scan(&counts).Error; err != nil {
		t.Fatal(err)
	}
	if counts.BookedCount != 1 || counts.WaitlistCount != 0 {
		t.Fatalf("session counters: %+v", counts)
	}

	if n, err := f.svc.CancelUpcomingForUser(ctx, leaving.UserID); err != nil || n != 0 {
		t.Fatalf("second run: n=%d err=%v", n, err)
	}
}
