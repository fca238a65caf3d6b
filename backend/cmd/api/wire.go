package main

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/httpapi"
)

// app is the wired server plus what must be closed after it stops.
type app struct {
	server   *echo.Echo
	draining atomic.Bool // set on SIGTERM (see serve)
	closers  []func()
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}

// wire builds stores → services → handlers → server. It is the only place that knows every
// concrete type.
func wire(cfg config.Config, log *slog.Logger, db *gorm.DB, rdb *redis.Client) (*app, error) {
	a := &app{}
	tokens := auth.NewTokens(cfg.JWTSecret.Reveal())
	states := auth.NewAccountStates(auth.NewStore(db), rdb, log)
	guard := auth.NewGuard(tokens, states)
	handlers := httpapi.Handlers{
		// --- wire:begin ---
		Accounts:    accountsHandler(cfg, log, db, rdb, tokens, states),
		Schedule:    fitness(log, db, rdb).ScheduleHandler,
		Bookings:    fitness(log, db, rdb).BookingHandler,
		Memberships: fitness(log, db, rdb).MembershipHandler,
		Billing:     billingHandler(cfg, log, db, rdb),
		Uploads:     uploadsHandler(cfg, log, db, guard),
		Assistant:   assistantHandler(a, cfg, log, db, rdb),
		Audit:       studio(log, db, rdb).AuditHandler,
		Timetable:   studio(log, db, rdb).TimetableHandler,
		Reports:     studio(log, db, rdb).ReportHandler,
		// --- wire:end ---
	}
	srv, err := httpapi.NewServer(httpapi.Deps{
		Log: log, DB: db, Redis: rdb, Guard: guard, Instance: cfg.InstanceID,
		BodyLimit: cfg.BodyLimit, RequestTimeout: cfg.RequestTimeout, Draining: &a.draining, Handlers: handlers,
	})
	if err != nil {
		return nil, err
	}
	a.server = srv
	startTimetableJob(a, studio(log, db, rdb).Timetable)
	return a, nil
}

// subcommand is an extra `api <name>` command such as create-admin or seed.
type subcommand func(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error

// subcommands are registered by the domain wiring (create-admin, seed).
var subcommands = map[string]subcommand{}
