package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/report"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/timetable"
)

// studioDomain is the staff side of the club (issue 17): audit log, timetable and reports, built once per database
// and Redis pair like fitness, because it registers hooks on the shared schedule service and
// must do so exactly once.
type studioDomain struct {
	Audit     *audit.Service
	Timetable *timetable.Service

	AuditHandler     *audit.Handler
	TimetableHandler *timetable.Handler
	ReportHandler    *report.Handler
}

var studioDomains sync.Map // fitnessKey → *studioDomain

// studio returns the staff services for db and rdb, building them (and registering their
// hooks) on first use.
func studio(log *slog.Logger, db *gorm.DB, rdb *redis.Client) *studioDomain {
	key := fitnessKey{db, rdb}
	if d, ok := studioDomains.Load(key); ok {
		return d.(*studioDomain)
	}
	f := fitness(log, db, rdb)
	audits := audit.NewService(db)
	tt := timetable.NewService(db, timetable.Options{Sessions: f.Schedule, Canceller: f.Bookings, Audit: audits, Log: log})
	d := &studioDomain{Audit: audits, Timetable: tt,
		AuditHandler: audit.NewHandler(audits, log), TimetableHandler: timetable.NewHandler(tt),
		ReportHandler: report.NewHandler(report.NewService(db))}
	actual, loaded := studioDomains.LoadOrStore(key, d)
	if !loaded {
		f.Memberships.SetAuditor(audits)
		// --- hooks: every session change is audited with before/after in its transaction ---
		f.Schedule.OnSessionChanged(func(ctx context.Context, tx *gorm.DB, before, after schedule.Session) error {
			return audits.RecordTx(ctx, tx, audit.Change{Action: "session.update", TargetType: "sessions", TargetID: after.ID, Before: before, After: after})
		})
	}
	return actual.(*studioDomain)
}

// startTimetableJob runs session generation in the background until the app closes.
func startTimetableJob(a *app, tt *timetable.Service) {
	job := tt.StartJob(0)
	a.closers = append(a.closers, job.Stop)
}
