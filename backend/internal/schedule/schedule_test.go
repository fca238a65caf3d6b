package schedule_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/web"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func TestParseFilter(t *testing.T) {
	svc := schedule.NewService(testenv.DB(t), testenv.Redis(t), testenv.Log)
	svc.SetClock(func() time.Time { return time.Date(2030, 5, 16, 15, 0, 0, 0, time.UTC) }) // a Thursday
	f, err := svc.ParseFilter("", "", "", "")
	if err != nil || !f.From.Equal(time.Date(2030, 5, 13, 0, 0, 0, 0, time.UTC)) || f.To.Sub(f.From) != 7*24*time.Hour {
		t.Fatalf("default week: %+v %v", f, err)
	}
	f, err = svc.ParseFilter("2030-05-01T10:00:00+02:00", "", "3", "4")
	if err != nil || !f.From.Equal(time.Date(2030, 5, 1, 8, 0, 0, 0, time.UTC)) || f.ClassTypeID != 3 || f.TrainerID != 4 {
		t.Fatalf("explicit: %+v %v", f, err)
	}
	for _, bad := range [][4]string{{"x", "", "", ""}, {"2030-01-01", "2030-03-01", "", ""}, {"2030-01-02", "2030-01-01", "", ""}, {"", "", "0", ""}, {"", "", "", "1e3"}, {"", "", "+5", ""}} {
		if _, err := svc.ParseFilter(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestWeekViewCacheAndInvalidate(t *testing.T) {
	db, rdb := testenv.DB(t), testenv.Redis(t)
	svc := schedule.NewService(db, rdb, testenv.Log)
	ctx := context.Background()
	trainer, _ := testenv.InsertUser(t, db, "trainer")
	name, dur := "Cache test", 30
	ct, err := svc.CreateClassType(ctx, schedule.ClassTypeInput{Name: &name, DurationMinutes: &dur})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Now().UTC().Truncate(time.Hour)
	f := schedule.Filter{From: from, To: from.Add(7 * 24 * time.Hour), TrainerID: trainer}
	page := web.Page{Number: 1, PerPage: 20}
	before, err := svc.WeekView(ctx, f, page)
	if err != nil {
		t.Fatal(err)
	}
	start := from.Add(26 * time.Hour)
	if _, err := svc.CreateSession(ctx, auth.Principal{UserID: trainer, Role: auth.RoleTrainer},
		schedule.SessionInput{ClassTypeID: ct.ID, Room: "R", StartsAt: &start, Capacity: 4}); err != nil {
		t.Fatal(err)
	}
	after, err := svc.WeekView(ctx, f, page)
	if err != nil {
		t.Fatal(err)
	}
	if string(before.Plain) == string(after.Plain) {
		t.Fatalf("create did not invalidate the cached view: %s", after.Plain)
	}
	// With Redis gone the view still answers from the database.
	rdb2 := *rdb.Options()
	rdb2.Addr = "127.0.0.1:1"
	rdb2.MaxRetries = -1
	offline := schedule.NewService(db, redis.NewClient(&rdb2), testenv.Log)
	if v, err := offline.WeekView(ctx, f, page); err != nil || string(v.Plain) != string(after.Plain) {
		t.Fatalf("without Redis: %+v %v", v, err)
	}
}

// TestClassTypeConstraints: the database's unique name and the sessions' foreign key reach the
// caller as the class type errors, and a refused write changes nothing.
func TestClassTypeConstraints(t *testing.T) {
	db := testenv.DB(t)
	svc := schedule.NewService(db, testenv.Redis(t), testenv.Log)
	ctx := context.Background()
	trainer, _ := testenv.InsertUser(t, db, "trainer")
	yoga, pilates := "Yoga "+testenv.UniqueEmail("ct"), "Pilates "+testenv.UniqueEmail("ct")
	dur := 45
	a, err := svc.CreateClassType(ctx, schedule.ClassTypeInput{Name: &yoga, DurationMinutes: &dur})
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.CreateClassType(ctx, schedule.ClassTypeInput{Name: &pilates, DurationMinutes: &dur})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateClassType(ctx, schedule.ClassTypeInput{Name: &yoga, DurationMinutes: &dur}); !errors.Is(err, schedule.ErrClassTypeExists) {
		t.Fatalf("second %q: %v, want class_type_exists", yoga, err)
	}
	if _, err := svc.UpdateClassType(ctx, b.ID, schedule.ClassTypeInput{Name: &yoga}); !errors.Is(err, schedule.ErrClassTypeExists) {
		t.Fatalf("rename to %q: %v, want class_type_exists", yoga, err)
	}
	if got, _ := svc.ClassType(ctx, b.ID); got.Name != pilates {
		t.Fatalf("refused rename left the name %q", got.Name)
	}
	start := time.Now().UTC().Add(72 * time.Hour)
	if _, err := svc.CreateSession(ctx, auth.Principal{UserID: trainer, Role: auth.RoleTrainer},
		schedule.SessionInput{ClassTypeID: a.ID, Room: "R", StartsAt: &start, Capacity: 4}); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteClassType(ctx, a.ID); !errors.Is(err, schedule.ErrClassTypeInUse) {
		t.Fatalf("delete in use: %v, want class_type_in_use", err)
	}
	if err := svc.DeleteClassType(ctx, b.ID); err != nil {
		t.Fatalf("delete unused: %v", err)
	}
	// Every apperr.NotFound matches every other under errors.Is (they share the code): the text
	// names the resource.
	if err := svc.DeleteClassType(ctx, b.ID); !errors.Is(err, schedule.ErrClassTypeNotFound) || err.Error() != schedule.ErrClassTypeNotFound.Error() {
		t.Fatalf("delete again: %v, want %v", err, schedule.ErrClassTypeNotFound)
	}
}
