package main

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/assistant"
	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/httpapi"
	"github.com/trainingclub/platform/backend/internal/mail"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/notify"
	"github.com/trainingclub/platform/backend/internal/platform/debug"
	"github.com/trainingclub/platform/backend/internal/report"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/timetable"
	"github.com/trainingclub/platform/backend/internal/upload"
)

// app is the wired server plus what must be closed after it stops.
type app struct {
	server   *echo.Echo
	domains  *domains
	draining atomic.Bool // set on SIGTERM (see serve)
	closers  []func()
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}

// domains are the domain services, each built once.
type domains struct {
	Accounts    *auth.Service
	Uploads     *upload.Service
	Schedule    *schedule.Service
	Memberships *membership.Service
	Bookings    *booking.Service
	Billing     *billing.Service
	Assistant   *assistant.Service
	Notify      *notify.Service
	Outbox      *mail.Outbox // every domain's mail, delivered by the worker (see newMailing)
	Audit       *audit.Service
	Timetable   *timetable.Service
	Reports     *report.Service
}

// newDomains builds every service once, in dependency order (each takes only what is built
// above it), then connects the domains through their hooks in one block: a domain lower down
// (auth, schedule) cannot import the ones that react to its changes.
func newDomains(cfg config.Config, log *slog.Logger, db *gorm.DB, rdb *redis.Client, tokens *auth.Tokens, states *auth.AccountStates) *domains {
	d := &domains{}
	d.Outbox = mail.NewOutbox(db, senderDomain(cfg.MailFrom))
	d.Accounts = auth.NewService(auth.NewStore(db), auth.NewHasher(auth.DefaultArgon2Params), tokens,
		auth.NewRefreshTokens(rdb), states, auth.NewLimiter(rdb), authLimits(cfg.AuthLimits), log)
	d.Accounts.UseMail(d.Outbox, cfg.PublicURL)
	d.Uploads = upload.NewService(db, cfg.UploadsDir, cfg.UploadLimit, upload.DefaultQuota, log)
	d.Schedule = schedule.NewService(db, rdb, log)
	d.Memberships = membership.NewService(db)
	d.Bookings = booking.NewService(db, d.Schedule, d.Memberships, log)
	d.Notify = notify.NewService(db, d.Outbox, d.Bookings, d.Schedule, notify.Options{PublicURL: cfg.PublicURL,
		Club: notify.Club{Name: cfg.Club.Name, Address: cfg.Club.Address, VATLine: cfg.Club.VATLine}, Log: log})
	d.Billing = billing.NewService(db, billing.Options{
		Provider: paymentProvider(cfg, log), WebhookConfigured: cfg.StripeWebhookSecret != "",
		Plans: membershipFulfiller{d.Memberships}, Log: log,
		CanBuy: d.Accounts.RequireVerified, // unverified accounts cannot buy (403 email_unverified)
		OnPaid: d.Notify.OrderPaid,         // the receipt is enqueued with the paid order
	})
	d.Assistant = assistant.NewService(db, assistantOptions(cfg, log, d))
	d.Audit = audit.NewService(db)
	d.Timetable = timetable.NewService(db, timetable.Options{Sessions: d.Schedule, Canceller: d.Bookings, Audit: d.Audit, Log: log})
	d.Reports = report.NewService(db)

	// --- hooks between domains ---
	// A session whose capacity grows fills its new seats from the waitlist.
	d.Schedule.OnSeatsAdded(d.Bookings.PromoteWaitlistTx)
	// Erasing an account first cancels its upcoming bookings (credits back, seats to the
	// waitlist), then removes its files.
	d.Accounts.OnUserDeletion(
		func(ctx context.Context, userID uint64) error {
			_, err := d.Bookings.CancelUpcomingForUser(ctx, userID)
			return err
		},
		d.Uploads.DeleteAllForUser,
	)
	// Members hear of their bookings, promotions, cancellations and session changes by mail,
	// enqueued in the transaction of the change.
	d.Bookings.OnEvent(d.Notify.Booking)
	d.Schedule.OnSessionChanged(d.Notify.SessionChanged)
	// Week views show trainer names: name, role and erase changes drop the cached views.
	d.Accounts.OnUserChange(func(ctx context.Context, _ uint64) { d.Schedule.Invalidate(ctx) })
	// Staff corrections of entitlements and every session change are audited with before/after
	// in their own transactions.
	d.Memberships.SetAuditor(d.Audit)
	d.Schedule.OnSessionChanged(func(ctx context.Context, tx *gorm.DB, before, after schedule.Session) error {
		return d.Audit.RecordTx(ctx, tx, audit.Change{Action: "session.update", TargetType: "sessions", TargetID: after.ID, Before: before, After: after})
	})
	return d
}

// wire builds stores → services → server, whose routes make the handlers from the services. It
// is the only place that knows every concrete type.
func wire(cfg config.Config, log *slog.Logger, db *gorm.DB, rdb *redis.Client) (*app, error) {
	tokens := auth.NewTokens(cfg.JWTSecret.Reveal())
	states := auth.NewAccountStates(auth.NewStore(db), rdb, log)
	guard := auth.NewGuard(tokens, states)
	d := newDomains(cfg, log, db, rdb, tokens, states)
	a := &app{domains: d, closers: []func(){d.Assistant.Close}}
	mails, err := newMailing(cfg, log, d.Outbox)
	if err != nil {
		return nil, err
	}

	srv, err := httpapi.NewServer(httpapi.Deps{
		Log: log, DB: db, Redis: rdb, Guard: guard, Instance: cfg.InstanceID,
		BodyLimit: cfg.BodyLimit, RequestTimeout: cfg.RequestTimeout, Draining: &a.draining,
		Collectors: mails.metrics.Collectors(), Features: map[string]string{"mail": mails.state()},
		Services: httpapi.Services{
			Accounts: d.Accounts, Schedule: d.Schedule, Bookings: d.Bookings, Memberships: d.Memberships,
			Billing: d.Billing, Uploads: d.Uploads, Assistant: d.Assistant, Notify: d.Notify,
			Audit: d.Audit, Timetable: d.Timetable, Reports: d.Reports,
		},
	})
	if err != nil {
		return nil, err
	}
	a.server = srv
	if cfg.DebugAddr != "" { // pprof + runtime metrics, loopback only (see internal/platform/debug)
		_, stop, err := debug.Start(cfg.DebugAddr, log)
		if err != nil {
			return nil, err
		}
		a.closers = append(a.closers, stop)
	}
	mails.start(context.Background())
	a.closers = append(a.closers, mails.stop)
	// Session generation runs in the background while the server runs (safe on every replica).
	a.closers = append(a.closers, d.Timetable.StartJob(0).Stop)
	return a, nil
}
