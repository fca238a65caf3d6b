package booking_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type fixture struct {
	db      *gorm.DB
	sched   *schedule.Service
	members *membership.Service
	svc     *booking.Service
	trainer auth.Principal
}

func newFixture(t *testing.T) fixture {
	db := testenv.DB(t)
	sched := schedule.NewService(db, testenv.Redis(t), testenv.Log)
	members := membership.NewService(db)
	svc := booking.NewService(db, sched, members, testenv.Log)
	sched.OnSeatsAdded(svc.PromoteWaitlistTx)
	return fixture{db: db, sched: sched, members: members, svc: svc,
		trainer: auth.Principal{UserID: user(t, db, "trainer"), Role: auth.RoleTrainer}}
}

func user(t *testing.T, db *gorm.DB, role string) uint64 {
	t.Helper()
	id, _ := testenv.InsertUser(t, db, role)
	return id
}

func (f fixture) session(t *testing.T, capacity int) schedule.Session {
	t.Helper()
	ctx := context.Background()
	name, dur, cost := "T "+testenv.UniqueEmail("ct"), 60, 1
	ct, err := f.sched.CreateClassType(ctx, schedule.ClassTypeInput{Name: &name, DurationMinutes: &dur, CreditCost: &cost})
	if err != nil {
		t.Fatal(err)
	}
	start, cutoff := time.Now().UTC().Add(48*time.Hour), 60
	s, err := f.sched.CreateSession(ctx, f.trainer, schedule.SessionInput{ClassTypeID: ct.ID, Room: "R", StartsAt: &start, Capacity: capacity, CancellationCutoffMinutes: &cutoff})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f fixture) member(t *testing.T, credits int) (auth.Principal, uint64) {
	t.Helper()
	ctx := context.Background()
	id := user(t, f.db, "member")
	p, err := f.members.CreatePlan(ctx, membership.PlanInput{Name: new("P"), Kind: new(membership.KindCreditPack), Credits: new(credits), ValidityDays: new(30), PriceRappen: new(int64(1))})
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.members.Grant(ctx, id, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return auth.Principal{UserID: id, Role: auth.RoleMember}, e.ID
}

// memberIDs creates n members with one credit each and returns their user ids.
func (f fixture) memberIDs(t *testing.T, n int) []uint64 {
	t.Helper()
	ids := make([]uint64, n)
	for i := range ids {
		m, _ := f.member(t, 1)
		ids[i] = m.UserID
	}
	return ids
}

// book books m into sessionID and fails the test if that does not succeed.
func (f fixture) book(t *testing.T, m auth.Principal, sessionID uint64) booking.Booking {
	t.Helper()
	b, err := f.svc.Book(context.Background(), m, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDatabaseInvariants checks the constraints hold even for writes that bypass the service.
func TestDatabaseInvariants(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, 1)
	m, _ := f.member(t, 1)
	b := f.book(t, m, s.ID)
	// A second active booking of the same member and session violates uq_bookings_active.
	err := f.db.Exec("INSERT INTO bookings (session_id, user_id, status) VALUES (?, ?, 'waitlisted')", s.ID, m.UserID).Error
	if err == nil {
		t.Fatal("second active booking accepted by the database")
	}
	// Cancelled bookings do not count: many may exist next to the active one.
	for i := 0; i < 2; i++ {
		if err := f.db.Exec("INSERT INTO bookings (session_id, user_id, status) VALUES (?, ?, 'cancelled')", s.ID, m.UserID).Error; err != nil {
			t.Fatalf("cancelled booking refused: %v", err)
		}
	}
	// booked_count above capacity violates the CHECK.
	if err := f.db.Exec("UPDATE class_sessions SET booked_count = booked_count + 1 WHERE id = ?", s.ID).Error; err == nil {
		t.Fatal("booked_count above capacity accepted")
	}
	// Credits never go negative, nor above what was granted.
	if err := f.db.Exec("UPDATE entitlements SET credits_remaining = credits_remaining - 1 WHERE id = ?", *b.EntitlementID).Error; err == nil {
		t.Fatal("negative credits accepted")
	}
	if err := f.db.Exec("UPDATE entitlements SET credits_remaining = credits_remaining + 2 WHERE id = ?", *b.EntitlementID).Error; err == nil {
		t.Fatal("credits above credits_total accepted")
	}
	// A booking cannot refund more than it spent.
	if err := f.db.Exec("UPDATE bookings SET credits_refunded = credits_spent + 1 WHERE id = ?", b.ID).Error; err == nil {
		t.Fatal("refund above spent accepted")
	}
}

// TestConcurrentCancelRefundsOnce cancels one booking from 10 goroutines: one succeeds, the
// credit comes back exactly once.
func TestConcurrentCancelRefundsOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.session(t, 3)
	m, ent := f.member(t, 2)
	b := f.book(t, m, s.ID)
	errs := testenv.AllAtOnce(10, func(int) error {
		_, err := f.svc.Cancel(ctx, m, b.ID)
		return err
	})
	ok, notActive, unexpected := testenv.CountErrors(errs, func(err error) bool { return errors.Is(err, booking.ErrBookingNotActive) })
	for _, err := range unexpected {
		t.Error(err)
	}
	e, _ := f.members.Entitlement(ctx, ent)
	if ok != 1 || notActive != 9 || e.CreditsRemaining != 2 {
		t.Fatalf("ok=%d notActive=%d credits=%d", ok, notActive, e.CreditsRemaining)
	}
	sess, _ := f.sched.Session(ctx, s.ID)
	if sess.BookedCount != 0 {
		t.Fatalf("booked_count %d after cancel", sess.BookedCount)
	}
}

// TestLastCreditAcrossSessions: a member with one credit books two sessions at once; one gets
// the seat, the other is refused, never both.
func TestLastCreditAcrossSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, b := f.session(t, 5), f.session(t, 5)
	m, _ := f.member(t, 1)
	errs := make(chan error, 2)
	for _, s := range []uint64{a.ID, b.ID} {
		go func() { _, err := f.svc.Book(ctx, m, s); errs <- err }()
	}
	e1, e2 := <-errs, <-errs
	if (e1 == nil) == (e2 == nil) {
		t.Fatalf("want exactly one success: %v, %v", e1, e2)
	}
	if e := errors.Join(e1, e2); !errors.Is(e, membership.ErrNoEntitlement) {
		t.Fatalf("the loser should get no_entitlement: %v", e)
	}
}
