package timetable_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/timetable"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// now is a Saturday a week before Europe/Zurich moves to summer time (Sunday 2027-03-28).
var now = time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)

type fixture struct {
	db       *gorm.DB
	sched    *schedule.Service
	members  *membership.Service
	bookings *booking.Service
	tt       *timetable.Service
	admin    auth.Principal
	trainer  uint64
	ct       schedule.ClassType
	changed  chan [2]schedule.Session
}

func newFixture(t *testing.T, weeks int) fixture {
	t.Helper()
	db := testenv.DB(t)
	clock := func() time.Time { return now }
	sched := schedule.NewService(db, testenv.Redis(t), testenv.Log)
	sched.SetClock(clock)
	members := membership.NewService(db)
	members.SetClock(clock)
	bookings := booking.NewService(db, sched, members, testenv.Log)
	bookings.SetClock(clock)
	tt := timetable.NewService(db, timetable.Options{Sessions: sched, Canceller: bookings, Audit: audit.NewService(db), Log: testenv.Log, WeeksAhead: weeks})
	tt.SetClock(clock)
	adminID, _ := testenv.InsertUser(t, db, "admin")
	trainer, _ := testenv.InsertUser(t, db, "trainer")
	name, dur, cost := "Yoga "+testenv.UniqueEmail("ct"), 60, 1
	ct, err := sched.CreateClassType(context.Background(), schedule.ClassTypeInput{Name: &name, DurationMinutes: &dur, CreditCost: &cost})
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{db: db, sched: sched, members: members, bookings: bookings, tt: tt,
		admin: auth.Principal{UserID: adminID, Role: auth.RoleAdmin}, trainer: trainer, ct: ct, changed: make(chan [2]schedule.Session, 100)}
	sched.OnSessionChanged(func(_ context.Context, _ *gorm.DB, before, after schedule.Session) error {
		f.changed <- [2]schedule.Session{before, after}
		return nil
	})
	return f
}

func date(t *testing.T, s string) *timetable.Date {
	t.Helper()
	d, err := timetable.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

func (f fixture) series(t *testing.T, weekday int, start string) timetable.Series {
	t.Helper()
	sr, err := f.tt.CreateSeries(context.Background(), f.admin, timetable.SeriesInput{ClassTypeID: f.ct.ID, TrainerID: f.trainer, Room: "A",
		Weekday: weekday, StartTime: start, Capacity: 10, ValidFrom: date(t, "2027-03-20")})
	if err != nil {
		t.Fatal(err)
	}
	return sr
}

type row struct {
	ID         uint64
	SeriesID   uint64
	SeriesDate string
	StartsAt   time.Time
	Room       string
	Status     string
}

func (f fixture) sessionsOf(t *testing.T, seriesIDs ...uint64) []row {
	t.Helper()
	var out []row
	if err := f.db.Raw(`SELECT id, series_id, DATE_FORMAT(series_date, '%Y-%m-%d') AS series_date, starts_at, room, status
		FROM class_sessions WHERE series_id IN ? ORDER BY starts_at`, seriesIDs).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerationIsIdempotentAcrossTheClockChange(t *testing.T) {
	f := newFixture(t, 2)
	sunday := f.series(t, 7, "18:00")
	monday := f.series(t, 1, "07:00")
	// 18:00 local is 17:00 UTC in winter time and 16:00 UTC in summer time.
	want := map[uint64][]time.Time{
		sunday.ID: {time.Date(2027, 3, 21, 17, 0, 0, 0, time.UTC), time.Date(2027, 3, 28, 16, 0, 0, 0, time.UTC)},
		monday.ID: {time.Date(2027, 3, 22, 6, 0, 0, 0, time.UTC), time.Date(2027, 3, 29, 5, 0, 0, 0, time.UTC)},
	}
	check := func(when string) {
		for id, starts := range want {
			got := f.sessionsOf(t, id)
			if len(got) != len(starts) {
				t.Fatalf("%s: series %d: want %d sessions, got %+v", when, id, len(starts), got)
			}
			for i, s := range got {
				if !s.StartsAt.Equal(starts[i]) || s.Status != "scheduled" {
					t.Fatalf("%s: series %d session %d starts %s, want %s", when, id, i, s.StartsAt, starts[i])
				}
			}
		}
	}
	check("after create")
	// Several replicas at once, repeatedly: nothing is created twice.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.tt.Generate(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	check("after repeated rounds")
	var ends time.Time
	f.db.Raw("SELECT ends_at FROM class_sessions WHERE series_id = ? ORDER BY starts_at LIMIT 1", sunday.ID).Scan(&ends)
	if !ends.Equal(want[sunday.ID][0].Add(time.Hour)) {
		t.Fatalf("ends_at %s: want start + class duration", ends)
	}
}

func (f fixture) bookMember(t *testing.T, sessionID uint64) (uint64, uint64) {
	t.Helper()
	ctx := context.Background()
	id, _ := testenv.InsertUser(t, f.db, "member")
	p, err := f.members.CreatePlan(ctx, membership.PlanInput{Name: new("P"), Kind: new(membership.KindCreditPack), Credits: new(5), ValidityDays: new(60), PriceRappen: new(int64(1))})
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.members.Grant(ctx, id, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.bookings.Book(ctx, auth.Principal{UserID: id, Role: auth.RoleMember}, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	return b.ID, e.ID
}

func (f fixture) credits(t *testing.T, entitlement uint64) int {
	t.Helper()
	var n int
	f.db.Raw("SELECT credits_remaining FROM entitlements WHERE id = ?", entitlement).Scan(&n)
	return n
}

func TestThisAndFollowingMovesBookedSessions(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	sr := f.series(t, 1, "07:00") // Mondays 03-22, 03-29, 04-05
	before := f.sessionsOf(t, sr.ID)
	if len(before) != 3 {
		t.Fatalf("generated: %+v", before)
	}
	booked := before[1] // 2027-03-29
	bookingID, ent := f.bookMember(t, booked.ID)
	f.bookMember(t, booked.ID)

	capacity := 1
	if _, err := f.tt.UpdateSeries(ctx, f.admin, sr.ID, timetable.SeriesPatch{FromDate: date(t, "2027-03-29"), Capacity: &capacity}); err == nil {
		t.Fatal("capacity below the booked seats accepted")
	}
	if got := f.sessionsOf(t, sr.ID); len(got) != 3 {
		t.Fatalf("refused edit changed sessions: %+v", got)
	}

	weekday, start, room := 2, "08:30", "B"
	res, err := f.tt.UpdateSeries(ctx, f.admin, sr.ID, timetable.SeriesPatch{FromDate: date(t, "2027-03-29"), Weekday: &weekday, StartTime: &start, Room: &room})
	if err != nil {
		t.Fatal(err)
	}
	if res.Series.ID == sr.ID || res.Series.ValidFrom.String() != "2027-03-29" || res.Moved != 1 || res.Replaced != 1 || res.Created != 1 {
		t.Fatalf("edit result: %+v", res)
	}
	old, err := f.tt.Series(ctx, sr.ID)
	if err != nil || old.ValidUntil == nil || old.ValidUntil.String() != "2027-03-28" {
		t.Fatalf("old series not ended the day before: %+v %v", old, err)
	}
	got := f.sessionsOf(t, sr.ID, res.Series.ID)
	want := []row{
		{before[0].ID, sr.ID, "2027-03-22", before[0].StartsAt, "A", "scheduled"},
		{booked.ID, res.Series.ID, "2027-03-30", time.Date(2027, 3, 30, 6, 30, 0, 0, time.UTC), "B", "scheduled"},
		{0, res.Series.ID, "2027-04-06", time.Date(2027, 4, 6, 6, 30, 0, 0, time.UTC), "B", "scheduled"},
	}
	if len(got) != len(want) {
		t.Fatalf("sessions after the edit: %+v", got)
	}
	for i := range want {
		w, g := want[i], got[i]
		if (w.ID != 0 && g.ID != w.ID) || g.SeriesID != w.SeriesID || g.SeriesDate != w.SeriesDate || !g.StartsAt.Equal(w.StartsAt) || g.Room != w.Room || g.Status != w.Status {
			t.Fatalf("session %d after the edit:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if got[2].ID == before[2].ID {
		t.Fatal("the unbooked session was kept instead of generated anew")
	}
	// The booked session moved through UpdateSession: its hooks saw the change, the bookings stayed.
	select {
	case ch := <-f.changed:
		if ch[0].ID != booked.ID || !ch[0].StartsAt.Equal(booked.StartsAt) || !ch[1].StartsAt.Equal(want[1].StartsAt) {
			t.Fatalf("hook saw %+v → %+v", ch[0], ch[1])
		}
	default:
		t.Fatal("the change hooks did not run for the moved session")
	}
	var status string
	f.db.Raw("SELECT status FROM bookings WHERE id = ?", bookingID).Scan(&status)
	if status != "booked" || f.credits(t, ent) != 4 {
		t.Fatalf("booking %s, credits %d after the move", status, f.credits(t, ent))
	}
}

func TestClosureCancelsWithRefundsAndGenerationSkipsIt(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	sr := f.series(t, 1, "07:00")
	sessions := f.sessionsOf(t, sr.ID)
	bookingID, ent := f.bookMember(t, sessions[1].ID)
	if f.credits(t, ent) != 4 {
		t.Fatal("booking did not spend a credit")
	}
	if _, err := f.tt.CreateClosure(ctx, f.admin, timetable.ClosureInput{FromDate: date(t, "2027-03-27"), UntilDate: date(t, "2027-03-20"), Reason: "Easter"}); err == nil {
		t.Fatal("until before from accepted")
	}
	res, err := f.tt.CreateClosure(ctx, f.admin, timetable.ClosureInput{FromDate: date(t, "2027-03-27"), UntilDate: date(t, "2027-03-29"), Reason: "Easter"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cancelled < 1 {
		t.Fatalf("closure: %+v", res)
	}
	after := f.sessionsOf(t, sr.ID)
	if after[1].Status != "cancelled" || after[0].Status != "scheduled" || after[2].Status != "scheduled" {
		t.Fatalf("sessions after the closure: %+v", after)
	}
	var status string
	f.db.Raw("SELECT status FROM bookings WHERE id = ?", bookingID).Scan(&status)
	if status != "session_cancelled" || f.credits(t, ent) != 5 {
		t.Fatalf("booking %s, credits %d after the closure", status, f.credits(t, ent))
	}
	// A series created afterwards skips the closed days.
	tuesday := f.series(t, 1+1, "19:00")
	for _, s := range f.sessionsOf(t, tuesday.ID) {
		if s.SeriesDate >= "2027-03-27" && s.SeriesDate <= "2027-03-29" {
			t.Fatalf("session generated on a closed day: %+v", s)
		}
	}
	if _, err := f.tt.Generate(ctx); err != nil {
		t.Fatal(err)
	}
	if again := f.sessionsOf(t, sr.ID); len(again) != len(after) || again[1].ID != after[1].ID {
		t.Fatalf("generation after the closure recreated the cancelled session: %+v", again)
	}
}
