package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// ErrSeedProduction keeps sample data and a known admin out of production databases.
var ErrSeedProduction = errors.New("seed: refusing to load sample data with APP_ENV=production")

// seed is `api seed [--password P] [--members N]`: development sample data (an admin, trainers,
// members with credits, class types, plans and a week of sessions from today). Running it again
// adds only what is missing; existing accounts keep their passwords. Refuses APP_ENV=production.
func seed(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if cfg.Production() {
		return ErrSeedProduction
	}
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	password := fs.String("password", "", "password for new sample accounts (default: random, printed)")
	members := fs.Int("members", 5, "number of sample members")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("seed: %w (usage: api seed [--password P] [--members N])", err)
	}
	if *password == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		*password = base64.RawURLEncoding.EncodeToString(b)
	}
	if len(*password) < 10 {
		return errors.New("seed: --password must have at least 10 characters")
	}
	db, rdb, err := openStores(cfg, log)
	if err != nil {
		return err
	}
	defer rdb.Close()
	tokens := auth.NewTokens(cfg.JWTSecret.Reveal())
	d := newDomains(cfg, log, db, rdb, tokens, auth.NewAccountStates(auth.NewStore(db), rdb, log))
	defer d.Assistant.Close()
	s := seeder{d: d, password: *password, out: stdout}
	return s.run(ctx, *members)
}

type seeder struct {
	d        *domains
	password string
	out      io.Writer
	created  int
}

func (s *seeder) run(ctx context.Context, members int) error {
	adminID, err := s.user(ctx, "admin@example.test", "Club Admin", auth.RoleAdmin)
	if err != nil {
		return err
	}
	var trainers []uint64
	for _, t := range []struct{ email, name string }{
		{"anna.trainer@example.test", "Anna Keller"}, {"marco.trainer@example.test", "Marco Rossi"}, {"lea.trainer@example.test", "Lea Meier"},
	} {
		id, err := s.user(ctx, t.email, t.name, auth.RoleTrainer)
		if err != nil {
			return err
		}
		trainers = append(trainers, id)
	}
	types, err := s.classTypes(ctx)
	if err != nil {
		return err
	}
	_, pack, err := s.plans(ctx)
	if err != nil {
		return err
	}
	for i := 1; i <= members; i++ {
		id, err := s.user(ctx, fmt.Sprintf("member%d@example.test", i), fmt.Sprintf("Member %d", i), auth.RoleMember)
		if err != nil {
			return err
		}
		if err := s.grantOnce(ctx, id, pack); err != nil {
			return err
		}
	}
	sessions, err := s.week(ctx, adminID, trainers, types)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "seed: %d new accounts, %d new sessions (admin: admin@example.test)\n", s.created, sessions)
	if s.created > 0 {
		fmt.Fprintf(s.out, "seed: password of the new accounts: %s\n", s.password)
	}
	return nil
}

// user creates the account unless the email exists (whose password then stays as it is).
func (s *seeder) user(ctx context.Context, email, name string, role auth.Role) (uint64, error) {
	u, created, err := s.d.Accounts.EnsureUser(ctx, auth.RegisterInput{Email: email, Password: s.password, Name: name}, role)
	if err != nil {
		return 0, fmt.Errorf("seed user %s: %w", email, err)
	}
	if created {
		s.created++
	}
	return u.ID, nil
}

func (s *seeder) classTypes(ctx context.Context) ([]schedule.ClassType, error) {
	existing, _, err := s.d.Schedule.ClassTypes(ctx, web.Page{Number: 1, PerPage: web.MaxPerPage})
	if err != nil {
		return nil, err
	}
	byName := map[string]schedule.ClassType{}
	for _, ct := range existing {
		byName[ct.Name] = ct
	}
	var out []schedule.ClassType
	for _, d := range []struct {
		name, desc, level string
		minutes, cost     int
	}{
		{"Yoga Flow", "Flowing vinyasa sequences for mobility and calm.", "all", 60, 1},
		{"HIIT", "High-intensity intervals: short, hard, done.", "intermediate", 45, 1},
		{"Pilates", "Core strength and control on the mat.", "beginner", 50, 1},
		{"Spinning", "Indoor cycling to music.", "all", 45, 1},
		{"Strength Lab", "Barbell technique in small groups.", "advanced", 75, 2},
	} {
		if ct, ok := byName[d.name]; ok {
			out = append(out, ct)
			continue
		}
		ct, err := s.d.Schedule.CreateClassType(ctx, schedule.ClassTypeInput{Name: &d.name, Description: &d.desc, Level: &d.level, DurationMinutes: &d.minutes, CreditCost: &d.cost})
		if err != nil {
			return nil, fmt.Errorf("seed class type %s: %w", d.name, err)
		}
		out = append(out, ct)
	}
	return out, nil
}

func (s *seeder) plans(ctx context.Context) (monthly, pack uint64, err error) {
	existing, _, err := s.d.Memberships.ListPlans(ctx, false, web.Page{Number: 1, PerPage: web.MaxPerPage})
	if err != nil {
		return 0, 0, err
	}
	ensure := func(in membership.PlanInput) (uint64, error) {
		for _, p := range existing {
			if in.Name != nil && p.Name == *in.Name {
				return p.ID, nil
			}
		}
		p, err := s.d.Memberships.CreatePlan(ctx, in)
		return p.ID, err
	}
	if monthly, err = ensure(membership.PlanInput{Name: new("Monthly membership"), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(12000))}); err != nil {
		return 0, 0, fmt.Errorf("seed plans: %w", err)
	}
	if pack, err = ensure(membership.PlanInput{Name: new("10-credit pack"), Kind: new(membership.KindCreditPack), Credits: new(10), ValidityDays: new(180), PriceRappen: new(int64(20000))}); err != nil {
		return 0, 0, fmt.Errorf("seed plans: %w", err)
	}
	return monthly, pack, nil
}

func (s *seeder) grantOnce(ctx context.Context, userID, planID uint64) error {
	if _, n, err := s.d.Memberships.ListEntitlements(ctx, userID, web.Page{Number: 1, PerPage: 1}); err != nil || n > 0 {
		return err
	}
	_, err := s.d.Memberships.Grant(ctx, userID, planID)
	return err
}

// week schedules three classes a day for seven days from today (UTC), skipping slots that
// already hold a session of the same trainer, and returns how many it created.
func (s *seeder) week(ctx context.Context, adminID uint64, trainers []uint64, types []schedule.ClassType) (int, error) {
	admin := auth.Principal{UserID: adminID, Role: auth.RoleAdmin}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	slots := []time.Duration{7 * time.Hour, 12*time.Hour + 15*time.Minute, 18*time.Hour + 30*time.Minute}
	rooms := []string{"Studio 1", "Studio 2", "Cycle Room"}
	created := 0
	for day := 0; day < 7; day++ {
		for i, slot := range slots {
			start := today.AddDate(0, 0, day).Add(slot)
			if !start.After(time.Now().Add(5 * time.Minute)) {
				continue
			}
			trainer := trainers[(day+i)%len(trainers)]
			taken, err := s.d.Schedule.TrainerHasSessionAt(ctx, trainer, start)
			if err != nil {
				return created, err
			}
			if taken {
				continue
			}
			ct := types[(day*len(slots)+i)%len(types)]
			trainerID := trainer
			_, err = s.d.Schedule.CreateSession(ctx, admin, schedule.SessionInput{
				ClassTypeID: ct.ID, TrainerID: &trainerID, Room: rooms[i], StartsAt: &start, Capacity: 12 + 2*i})
			if err != nil {
				return created, fmt.Errorf("seed session %s: %w", start.Format(time.RFC3339), err)
			}
			created++
		}
	}
	return created, nil
}
