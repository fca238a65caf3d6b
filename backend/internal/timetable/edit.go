package timetable

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/patch"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// SeriesPatch edits a series from FromDate on ("this and the following"; default: today).
// Editing one session alone is PATCH /api/sessions/:id.
type SeriesPatch struct {
	FromDate                  *Date   `json:"from_date"`
	ClassTypeID               *uint64 `json:"class_type_id"`
	TrainerID                 *uint64 `json:"trainer_id"`
	Room                      *string `json:"room"`
	Weekday                   *int    `json:"weekday"`
	StartTime                 *string `json:"start_time"`
	Capacity                  *int    `json:"capacity"`
	BookingWindowHours        *int    `json:"booking_window_hours"`
	CancellationCutoffMinutes *int    `json:"cancellation_cutoff_minutes"`
	// ValidUntil ends the series (sessions after it are removed, or cancelled with refunds when
	// booked); ClearValidUntil makes it open-ended again.
	ValidUntil      *Date `json:"valid_until"`
	ClearValidUntil bool  `json:"clear_valid_until"`
}

// EditResult tells what an edit did to the sessions already generated.
type EditResult struct {
	Series    Series `json:"series"`
	Moved     int    `json:"moved"`     // booked sessions changed in place (members notified by the change hooks)
	Replaced  int    `json:"replaced"`  // sessions without bookings removed and generated anew
	Cancelled int    `json:"cancelled"` // booked sessions no longer in the series, cancelled with refunds
	Created   int64  `json:"created"`   // sessions generated
}

// UpdateSeries applies p to the series from p.FromDate on. When the series already ran before
// that day it is split: the old one ends the day before and a new one (returned) carries the
// change. Generated sessions from that day on follow: those with bookings are moved (through
// schedule's UpdateSession, so their members are told), the others are replaced.
func (s *Service) UpdateSeries(ctx context.Context, caller auth.Principal, id uint64, p SeriesPatch) (EditResult, error) {
	now := s.clock()
	today := DateOf(now)
	from := today
	if p.FromDate != nil && p.FromDate.After(today.Time) {
		from = *p.FromDate
	}
	var old, target Series
	var sessions []futureSession
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if old, err = s.st.series(ctx, tx, id, true); err != nil {
			return err
		}
		if old.ValidUntil != nil && from.After(old.ValidUntil.Time) {
			return apperr.FieldError("from_date", "is after the series ends")
		}
		target = apply(old, p)
		var v apperr.Validation
		if err := s.validate(ctx, target, &v); err != nil {
			return err
		}
		if sessions, err = s.st.futureSessions(ctx, id, from, now); err != nil {
			return err
		}
		for _, fs := range sessions {
			if fs.BookedCount > target.Capacity {
				return apperr.Wrap(schedule.ErrCapacityBelowBooked, "session %d has %d booked", fs.ID, fs.BookedCount)
			}
		}
		target.UpdatedAt = now
		if from.After(old.ValidFrom.Time) {
			// Split: the old series keeps what ran, the new one starts at from.
			ended := old
			last := from.AddDays(-1)
			ended.ValidUntil, ended.UpdatedAt = &last, now
			if err := s.st.saveSeries(ctx, tx, &ended); err != nil {
				return err
			}
			target.ID, target.ValidFrom, target.CreatedAt = 0, from, now
			if target.ValidUntil != nil && target.ValidUntil.Before(from.Time) {
				return apperr.FieldError("valid_until", "must not be before from_date")
			}
			if err := s.st.insertSeries(ctx, tx, &target); err != nil {
				return err
			}
		} else if err := s.st.saveSeries(ctx, tx, &target); err != nil {
			return err
		}
		if target, err = s.st.series(ctx, tx, target.ID, false); err != nil {
			return err
		}
		return s.record(ctx, tx, "series.update", target.ID, old, target)
	})
	if err != nil {
		return EditResult{}, apperr.Wrap(err, "update series %d", id)
	}
	res := EditResult{Series: target}
	if err := s.follow(ctx, caller, old, target, sessions, &res); err != nil {
		return res, apperr.Wrap(err, "update series %d: sessions", id)
	}
	n, err := s.generate(ctx, []Series{target})
	res.Created = n
	return res, err
}

// apply is old with the patch's fields set.
func apply(old Series, p SeriesPatch) Series {
	t := old
	patch.Set(&t.ClassTypeID, p.ClassTypeID)
	patch.Set(&t.TrainerID, p.TrainerID)
	patch.SetTrimmed(&t.Room, p.Room)
	patch.Set(&t.Weekday, p.Weekday)
	patch.Set(&t.StartTime, p.StartTime)
	patch.Set(&t.Capacity, p.Capacity)
	patch.Set(&t.BookingWindowHours, p.BookingWindowHours)
	patch.Set(&t.CancellationCutoffMinutes, p.CancellationCutoffMinutes)
	if p.ValidUntil != nil {
		t.ValidUntil = p.ValidUntil
	}
	if p.ClearValidUntil {
		t.ValidUntil = nil
	}
	return t
}

// follow brings the already generated sessions in line with target: each moves to the same ISO
// week's new weekday and time.
func (s *Service) follow(ctx context.Context, caller auth.Principal, old, target Series, sessions []futureSession, res *EditResult) error {
	hh, mm := target.clock()
	for _, fs := range sessions {
		day := fs.SeriesDate.AddDays(target.Weekday - old.Weekday)
		start := day.At(hh, mm)
		keep := target.covers(day) && start.After(s.clock())
		if fs.Bookings == 0 {
			// Never booked: remove it; generation makes the new one.
			if _, err := s.st.deleteUnbooked(ctx, fs.ID); err != nil {
				return err
			}
			res.Replaced++
			continue
		}
		if !keep {
			if _, err := s.o.Canceller.CancelSession(ctx, caller, fs.ID); err != nil {
				return err
			}
			res.Cancelled++
			continue
		}
		if !sameShape(old, target) || !start.Equal(fs.StartsAt) {
			if err := s.move(ctx, caller, fs, target, start); err != nil {
				return err
			}
		}
		if err := s.st.relink(ctx, fs.ID, target.ID, day); err != nil {
			return err
		}
		res.Moved++
	}
	if res.Replaced > 0 {
		s.o.Sessions.Invalidate(ctx)
	}
	return nil
}

// sameShape reports whether a and b give their sessions the same class, trainer, room, seats
// and rules (a session then needs no change beyond its start).
func sameShape(a, b Series) bool {
	return a.ClassTypeID == b.ClassTypeID && a.TrainerID == b.TrainerID && a.Room == b.Room && a.Capacity == b.Capacity &&
		a.CancellationCutoffMinutes == b.CancellationCutoffMinutes && a.BookingWindowHours == b.BookingWindowHours
}

// move changes booked session fs to target's shape starting at start, through schedule's
// UpdateSession so the change hooks (audit, member notifications) run.
func (s *Service) move(ctx context.Context, caller auth.Principal, fs futureSession, target Series, start time.Time) error {
	opens := start.Add(-time.Duration(target.BookingWindowHours) * time.Hour)
	change := schedule.SessionPatch{ClassTypeID: &target.ClassTypeID, TrainerID: &target.TrainerID, Room: &target.Room,
		Capacity: &target.Capacity, CancellationCutoffMinutes: &target.CancellationCutoffMinutes, BookingOpensAt: &opens}
	if !start.Equal(fs.StartsAt) {
		change.StartsAt = &start
	}
	if _, err := s.o.Sessions.UpdateSession(ctx, caller, fs.ID, change); err != nil {
		return fmt.Errorf("move session %d: %w", fs.ID, err)
	}
	return nil
}
