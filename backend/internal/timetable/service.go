package timetable

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/patch"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Errors the timetable reports.
var (
	ErrSeriesNotFound = apperr.NotFound("series")
)

// Sessions is what the timetable needs of the schedule: moving a session (with its change
// hooks) and dropping the cached week view after sessions were generated.
type Sessions interface {
	UpdateSession(ctx context.Context, caller auth.Principal, id uint64, p schedule.SessionPatch) (schedule.Session, error)
	SessionsByID(ctx context.Context, ids []uint64) (map[uint64]schedule.Session, error)
	Invalidate(ctx context.Context)
}

// Canceller cancels a session for the club with refunds (booking.Service.CancelSession).
type Canceller interface {
	CancelSession(ctx context.Context, caller auth.Principal, sessionID uint64) (schedule.Session, error)
}

// Options configure the service. WeeksAhead (default 8) is how far ahead sessions exist.
type Options struct {
	Sessions   Sessions
	Canceller  Canceller
	Audit      *audit.Service
	Log        *slog.Logger
	WeeksAhead int
}

// Service applies the timetable rules.
type Service struct {
	st    store
	db    *gorm.DB
	o     Options
	now   func() time.Time
	weeks int
}

// NewService returns the timetable service on db.
func NewService(db *gorm.DB, o Options) *Service {
	if o.WeeksAhead <= 0 {
		o.WeeksAhead = 8
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: store{db: db}, db: db, o: o, now: func() time.Time { return time.Now().UTC() }, weeks: o.WeeksAhead}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// SeriesInput creates a series; every field but ValidUntil, BookingWindowHours and
// CancellationCutoffMinutes is required.
type SeriesInput struct {
	ClassTypeID               uint64 `json:"class_type_id"`
	TrainerID                 uint64 `json:"trainer_id"`
	Room                      string `json:"room"`
	Weekday                   int    `json:"weekday"`
	StartTime                 string `json:"start_time"`
	Capacity                  int    `json:"capacity"`
	BookingWindowHours        *int   `json:"booking_window_hours"`
	CancellationCutoffMinutes *int   `json:"cancellation_cutoff_minutes"`
	ValidFrom                 *Date  `json:"valid_from"`
	ValidUntil                *Date  `json:"valid_until"`
}

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// validate checks s as it would be stored, adding every problem to v.
func (s *Service) validate(ctx context.Context, sr Series, v *apperr.Validation) error {
	minutes, err := s.st.classTypeMinutes(ctx, sr.ClassTypeID)
	if err != nil {
		return err
	}
	v.Check(minutes > 0, "class_type_id", "no such class type")
	role, err := s.st.trainerRole(ctx, sr.TrainerID)
	if err != nil {
		return err
	}
	schedule.CheckSessionRules(v, role, sr.Room, sr.Capacity, sr.CancellationCutoffMinutes)
	v.Check(sr.Weekday >= 1 && sr.Weekday <= 7, "weekday", "must be 1 (Monday) to 7 (Sunday)")
	v.Check(hhmm.MatchString(sr.StartTime), "start_time", "must be HH:MM (24 h, Europe/Zurich)")
	v.Check(sr.BookingWindowHours >= 0 && sr.BookingWindowHours <= 2160, "booking_window_hours", "must be from 0 to 2160")
	v.Check(!sr.ValidFrom.IsZero(), "valid_from", "is required")
	if !sr.ValidFrom.IsZero() {
		web.CheckTime(v, "valid_from", sr.ValidFrom.Time)
	}
	if sr.ValidUntil != nil {
		web.CheckTime(v, "valid_until", sr.ValidUntil.Time)
		v.Check(!sr.ValidUntil.Before(sr.ValidFrom.Time), "valid_until", "must not be before valid_from")
	}
	return v.Err()
}

// CreateSeries stores a series and generates its sessions for the weeks ahead.
func (s *Service) CreateSeries(ctx context.Context, caller auth.Principal, in SeriesInput) (Series, error) {
	sr := Series{ClassTypeID: in.ClassTypeID, TrainerID: in.TrainerID, Room: strings.TrimSpace(in.Room), Weekday: in.Weekday,
		StartTime: in.StartTime, Capacity: in.Capacity, BookingWindowHours: int(schedule.DefaultBookingWindow / time.Hour),
		CancellationCutoffMinutes: schedule.DefaultCutoffMinutes, ValidUntil: in.ValidUntil}
	patch.Set(&sr.BookingWindowHours, in.BookingWindowHours)
	patch.Set(&sr.CancellationCutoffMinutes, in.CancellationCutoffMinutes)
	patch.Set(&sr.ValidFrom, in.ValidFrom)
	var v apperr.Validation
	if sr.ValidFrom.Before(DateOf(s.clock()).Time) && !sr.ValidFrom.IsZero() {
		v.Add("valid_from", "must not be in the past")
	}
	if err := s.validate(ctx, sr, &v); err != nil {
		return Series{}, err
	}
	now := s.clock()
	sr.CreatedAt, sr.UpdatedAt = now, now
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.st.insertSeries(ctx, tx, &sr); err != nil {
			return err
		}
		out, err := s.st.series(ctx, tx, sr.ID, false)
		if err != nil {
			return err
		}
		sr = out
		return s.record(ctx, tx, "series.create", sr.ID, nil, sr)
	})
	if err != nil {
		return Series{}, fmt.Errorf("create series: %w", err)
	}
	if _, err := s.generate(ctx, []Series{sr}); err != nil {
		return Series{}, err
	}
	return sr, nil
}

func (s *Service) record(ctx context.Context, tx *gorm.DB, action string, id uint64, before, after any) error {
	if s.o.Audit == nil {
		return nil
	}
	return s.o.Audit.RecordTx(ctx, tx, audit.Change{Action: action, TargetType: "series", TargetID: id, Before: before, After: after})
}

// Series returns one series.
func (s *Service) Series(ctx context.Context, id uint64) (Series, error) {
	sr, err := s.st.series(ctx, s.db, id, false)
	return sr, apperr.Wrap(err, "series %d", id)
}

// ListSeries lists the series running today or later (all=true: every series).
func (s *Service) ListSeries(ctx context.Context, all bool, page web.Page) ([]Series, int64, error) {
	from := DateOf(s.clock()).Time
	if all {
		from = time.Time{}
	}
	return s.st.listSeries(ctx, from, page)
}

// Generate creates the missing sessions of every series for the weeks ahead; it returns how
// many it created. Safe to run anywhere any number of times.
func (s *Service) Generate(ctx context.Context) (int64, error) {
	today := DateOf(s.clock())
	series, err := s.st.generating(ctx, today, today.AddDays(7*s.weeks))
	if err != nil {
		return 0, fmt.Errorf("generate: list series: %w", err)
	}
	return s.generate(ctx, series)
}

func (s *Service) generate(ctx context.Context, series []Series) (int64, error) {
	now := s.clock()
	today := DateOf(now)
	horizon := today.AddDays(7 * s.weeks)
	closures, err := s.st.closures(ctx, today, horizon)
	if err != nil {
		return 0, fmt.Errorf("generate: closures: %w", err)
	}
	var rows []generated
	for _, sr := range series {
		minutes, err := s.st.classTypeMinutes(ctx, sr.ClassTypeID)
		if err != nil {
			return 0, err
		}
		hh, mm := sr.clock()
		for d := today; !d.After(horizon.Time); d = d.AddDays(1) {
			if !sr.covers(d) || closed(closures, d) {
				continue
			}
			start := d.At(hh, mm)
			if !start.After(now) {
				continue
			}
			rows = append(rows, generated{SeriesID: sr.ID, SeriesDate: d, ClassTypeID: sr.ClassTypeID, TrainerID: sr.TrainerID, Room: sr.Room,
				StartsAt: start, EndsAt: start.Add(time.Duration(minutes) * time.Minute),
				OpensAt: start.Add(-time.Duration(sr.BookingWindowHours) * time.Hour), Capacity: sr.Capacity, Cutoff: sr.CancellationCutoffMinutes})
		}
	}
	n, err := s.st.insertSessions(ctx, rows)
	if n > 0 {
		s.o.Sessions.Invalidate(ctx)
	}
	return n, err
}
