package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

type fuzzRoute struct {
	method, path string
	role         auth.Role
}

// fuzzRoutes are the JSON routes FuzzBookingJSON exercises (IDs filled by fuzzServer).
var fuzzRoutes []fuzzRoute

const inProcessSecret = "test-secret-test-secret-test-secret!"

// inProcessServer wires the real server on the package's test database without listening.
func inProcessServer(tb testing.TB) (*echo.Echo, *domains, map[auth.Role]string, map[auth.Role]uint64) {
	tb.Helper()
	o := testenv.DBOptions(tb)
	env := map[string]string{"APP_ENV": "development", "DB_USERNAME": o.User, "DB_PASSWORD": o.Password,
		"DB_HOST": o.Host, "DB_PORT": fmt.Sprint(o.Port), "DB_NAME": o.Name,
		"JWT_SECRET_KEY": inProcessSecret, "REDIS_URL": testenv.RedisURL(tb), "UPLOADS_DIR": tb.TempDir()}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	db, rdb := testenv.DB(tb), testenv.Redis(tb)
	app, err := wire(cfg, testenv.Log, db, rdb)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(app.close)
	tokens := auth.NewTokens(env["JWT_SECRET_KEY"])
	toks, ids := map[auth.Role]string{}, map[auth.Role]uint64{}
	for _, role := range auth.AnyRole {
		id, _ := testenv.InsertUser(tb, db, string(role))
		ids[role] = id
		toks[role], _, err = tokens.Issue(auth.Principal{UserID: id, Role: role})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return app.server, app.domains, toks, ids
}

// addMember inserts a member and returns its id and an access token.
func addMember(tb testing.TB) (uint64, string) {
	tb.Helper()
	id, _ := testenv.InsertUser(tb, testenv.DB(tb), string(auth.RoleMember))
	tok, _, err := auth.NewTokens(inProcessSecret).Issue(auth.Principal{UserID: id, Role: auth.RoleMember})
	if err != nil {
		tb.Fatal(err)
	}
	return id, tok
}

// seedSession creates a class type, a session of the trainer and a credit pack for userID.
func seedSession(tb testing.TB, fit *domains, trainer, member uint64, capacity int, startsIn time.Duration) schedule.Session {
	tb.Helper()
	ctx := context.Background()
	name, level, dur, cost := "Fuzz "+testenv.UniqueEmail("ct"), "all", 60, 1
	ct, err := fit.Schedule.CreateClassType(ctx, schedule.ClassTypeInput{Name: &name, Level: &level, DurationMinutes: &dur, CreditCost: &cost})
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now().UTC().Add(startsIn)
	cutoff := 60
	s, err := fit.Schedule.CreateSession(ctx, auth.Principal{UserID: trainer, Role: auth.RoleTrainer},
		schedule.SessionInput{ClassTypeID: ct.ID, Room: "Fuzz", StartsAt: &start, Capacity: capacity, CancellationCutoffMinutes: &cutoff})
	if err != nil {
		tb.Fatal(err)
	}
	if member != 0 {
		p, err := fit.Memberships.CreatePlan(ctx, membership.PlanInput{Name: new("Fuzz pack"), Kind: new(membership.KindCreditPack), Credits: new(500), ValidityDays: new(30), PriceRappen: new(int64(100))})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fit.Memberships.Grant(ctx, member, p.ID); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

func fuzzServer(f *testing.F) (*echo.Echo, map[auth.Role]string) {
	srv, fit, toks, ids := inProcessServer(f)
	s := seedSession(f, fit, ids[auth.RoleTrainer], ids[auth.RoleMember], 50, 30*time.Minute)
	b, err := fit.Bookings.Book(context.Background(), auth.Principal{UserID: ids[auth.RoleMember], Role: auth.RoleMember}, s.ID)
	if err != nil {
		f.Fatal(err)
	}
	other := seedSession(f, fit, ids[auth.RoleTrainer], 0, 5, 48*time.Hour)
	fuzzRoutes = []fuzzRoute{
		{"POST", fmt.Sprintf("/api/sessions/%d/bookings", s.ID), auth.RoleMember},
		{"POST", fmt.Sprintf("/api/bookings/%d/check-in", b.ID), auth.RoleTrainer},
		{"POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), auth.RoleMember},
		{"POST", "/api/sessions", auth.RoleTrainer},
		{"PATCH", fmt.Sprintf("/api/sessions/%d", other.ID), auth.RoleAdmin},
		{"POST", fmt.Sprintf("/api/sessions/%d/cancel", other.ID), auth.RoleAdmin},
		{"POST", fmt.Sprintf("/api/users/%d/entitlements", ids[auth.RoleMember]), auth.RoleAdmin},
		{"POST", "/api/plans", auth.RoleAdmin},
		{"PATCH", "/api/plans/1", auth.RoleAdmin},
		{"POST", "/api/class-types", auth.RoleAdmin},
	}
	return srv, toks
}
