package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/trainingclub/platform/backend/internal/platform/database"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/patch"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Errors the schedule reports.
var (
	ErrSessionNotFound     = apperr.NotFound("session")
	ErrClassTypeNotFound   = apperr.NotFound("class type")
	ErrClassTypeExists     = apperr.Conflict("class_type_exists", "a class type with this name exists")
	ErrClassTypeInUse      = apperr.Conflict("class_type_in_use", "sessions use this class type; it cannot be deleted")
	ErrSessionCancelled    = apperr.Conflict("session_cancelled", "the session is cancelled")
	ErrSessionStarted      = apperr.Conflict("session_started", "the session has already started")
	ErrCapacityBelowBooked = apperr.Conflict("capacity_below_booked", "more members are booked than the new capacity")
	ErrNotYourSession      = apperr.Forbidden("trainers manage only their own sessions")
)

// Defaults of a new session.
const (
	DefaultBookingWindow  = 14 * 24 * time.Hour
	DefaultCutoffMinutes  = 12 * 60
	MaxViewRange          = 31 * 24 * time.Hour
	maxSessionLength      = 12 * time.Hour
	maxCapacity           = 500
	maxCutoffMinutes      = 7 * 24 * 60
	maxScheduleAheadYears = 2
)

// Service applies the schedule rules.
type Service struct {
	st    store
	db    *gorm.DB
	cache *viewCache
	log   *slog.Logger
	now   func() time.Time
	// seatsAdded runs inside the update transaction when a session's capacity grows, so the
	// booking package can promote waitlisted members (schedule cannot import booking).
	seatsAdded func(ctx context.Context, tx *gorm.DB, sessionID uint64) error
	// changed run inside the update transaction after a session was changed (time, room,
	// trainer, class type, capacity), so other domains can react in the same commit (for
	// example: notify the booked members through the mail outbox).
	changed []SessionChangeHook
}

// SessionChangeHook sees a session before and after a change, inside the changing transaction;
// an error rolls the change back.
type SessionChangeHook func(ctx context.Context, tx *gorm.DB, before, after Session) error

// NewService returns the schedule service.
func NewService(db *gorm.DB, rdb *redis.Client, log *slog.Logger) *Service {
	return &Service{st: store{db: db}, db: db, cache: newViewCache(rdb, log), log: log,
		now: func() time.Time { return time.Now().UTC() }}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// OnSeatsAdded registers f to run inside the transaction that raises a session's capacity.
func (s *Service) OnSeatsAdded(f func(ctx context.Context, tx *gorm.DB, sessionID uint64) error) {
	s.seatsAdded = f
}

// OnSessionChanged registers f to run inside every transaction that changes a session.
func (s *Service) OnSessionChanged(f SessionChangeHook) { s.changed = append(s.changed, f) }

// Invalidate drops every cached week view; call it after a committed write that changes one.
func (s *Service) Invalidate(ctx context.Context) { s.cache.bump(ctx) }

// WeekView returns the page of sessions matching f in the compact week view shape, from this
// process's memory while the schedule has not changed (see viewCache).
func (s *Service) WeekView(ctx context.Context, f Filter, page web.Page) (*View, error) {
	key := strconv.AppendInt(make([]byte, 0, 96), f.From.UnixMicro(), 10)
	for _, n := range []int64{f.To.UnixMicro(), int64(f.ClassTypeID), int64(f.TrainerID), int64(page.Number), int64(page.PerPage)} {
		key = strconv.AppendInt(append(key, ':'), n, 10)
	}
	v, err := s.cache.view(ctx, string(key), func(ctx context.Context) ([]byte, error) {
		list, total, err := s.st.listSessions(ctx, f, page)
		if err != nil {
			return nil, err
		}
		return json.Marshal(newWeekPage(list, page, total))
	})
	if err != nil {
		return nil, fmt.Errorf("week view: %w", err)
	}
	return v, nil
}

// ParseFilter validates the week view query: from/to as RFC 3339 or YYYY-MM-DD (UTC), defaulting
// to the current week (Monday to Monday); at most MaxViewRange apart.
func (s *Service) ParseFilter(from, to, classType, trainer string) (Filter, error) {
	var v apperr.Validation
	var f Filter
	fromT, hasFrom := web.TimeParam(&v, "from", from)
	toT, hasTo := web.TimeParam(&v, "to", to)
	week := 7 * 24 * time.Hour
	switch {
	case hasFrom && hasTo:
	case hasFrom:
		toT = fromT.Add(week)
	case hasTo:
		fromT = toT.Add(-week)
	default:
		now := s.clock()
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		fromT = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		toT = fromT.Add(week)
	}
	if v.Err() == nil {
		// A default end or start a week away may leave the range (from=2199-12-30).
		web.CheckTime(&v, "to", toT)
		web.CheckTime(&v, "from", fromT)
		v.Check(toT.After(fromT), "to", "must be after from")
		v.Check(toT.Sub(fromT) <= MaxViewRange, "to", "must be at most 31 days after from")
	}
	f.From, f.To = fromT, toT
	f.ClassTypeID = optionalID(&v, "type", classType)
	f.TrainerID = optionalID(&v, "trainer", trainer)
	return f, v.Err()
}

func optionalID(v *apperr.Validation, field, raw string) uint64 {
	if raw == "" {
		return 0
	}
	var id uint64
	if _, err := fmt.Sscan(raw, &id); err != nil || id == 0 || fmt.Sprint(id) != raw {
		v.Add(field, "must be a positive integer")
		return 0
	}
	return id
}

// Session returns one session with its class type and trainer name.
func (s *Service) Session(ctx context.Context, id uint64) (Session, error) {
	sess, err := s.st.session(ctx, s.db, id, false)
	if err != nil {
		return Session{}, apperr.Wrap(err, "session %d", id)
	}
	return sess, nil
}

// SessionInput creates a session. Trainers may omit TrainerID (themselves) and may not name
// another trainer. EndsAt defaults to StartsAt + the class type's duration.
type SessionInput struct {
	ClassTypeID               uint64     `json:"class_type_id"`
	TrainerID                 *uint64    `json:"trainer_id"`
	Room                      string     `json:"room"`
	StartsAt                  *time.Time `json:"starts_at"`
	EndsAt                    *time.Time `json:"ends_at"`
	Capacity                  int        `json:"capacity"`
	BookingOpensAt            *time.Time `json:"booking_opens_at"`
	CancellationCutoffMinutes *int       `json:"cancellation_cutoff_minutes"`
}

// SessionPatch changes some fields of a session. Only admins may move it to another trainer.
type SessionPatch struct {
	ClassTypeID               *uint64    `json:"class_type_id"`
	TrainerID                 *uint64    `json:"trainer_id"`
	Room                      *string    `json:"room"`
	StartsAt                  *time.Time `json:"starts_at"`
	EndsAt                    *time.Time `json:"ends_at"`
	Capacity                  *int       `json:"capacity"`
	BookingOpensAt            *time.Time `json:"booking_opens_at"`
	CancellationCutoffMinutes *int       `json:"cancellation_cutoff_minutes"`
}

// CanManage reports whether caller may edit or cancel sess: admins any, trainers their own.
func CanManage(caller auth.Principal, sess Session) error {
	if caller.IsAdmin() || (caller.Role == auth.RoleTrainer && caller.UserID == sess.TrainerID) {
		return nil
	}
	return ErrNotYourSession
}

// CreateSession validates and stores a session.
func (s *Service) CreateSession(ctx context.Context, caller auth.Principal, in SessionInput) (Session, error) {
	trainerID := caller.UserID
	if in.TrainerID != nil {
		trainerID = *in.TrainerID
	}
	if !caller.IsAdmin() && trainerID != caller.UserID {
		return Session{}, ErrNotYourSession
	}
	sess := Session{ClassTypeID: in.ClassTypeID, TrainerID: trainerID, Room: strings.TrimSpace(in.Room),
		Capacity: in.Capacity, CancellationCutoffMinutes: DefaultCutoffMinutes, Status: StatusScheduled}
	patch.Set(&sess.CancellationCutoffMinutes, in.CancellationCutoffMinutes)
	if in.StartsAt != nil {
		sess.StartsAt = in.StartsAt.UTC().Truncate(time.Microsecond)
	}
	var v apperr.Validation
	v.Check(in.StartsAt != nil, "starts_at", "is required")
	v.Check(in.ClassTypeID != 0, "class_type_id", "is required")
	var out Session
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.complete(ctx, tx, &sess, in.EndsAt, in.BookingOpensAt, true, &v); err != nil {
			return err
		}
		if err := s.st.insertSession(ctx, tx, &sess); err != nil {
			return err
		}
		var err error
		out, err = s.st.session(ctx, tx, sess.ID, false)
		return err
	})
	if err != nil {
		return Session{}, apperr.Wrap(err, "create session")
	}
	s.Invalidate(ctx)
	return out, nil
}

// CheckSessionRules records the problems of the fields a session shares with the weekly series
// that generate sessions (timetable): the trainer's role, the room, the seats and the
// cancellation cutoff.
func CheckSessionRules(v *apperr.Validation, trainerRole, room string, capacity, cutoffMinutes int) {
	v.Check(trainerRole == string(auth.RoleTrainer), "trainer_id", "must be a user with the trainer role")
	v.CheckLength("room", room, 1, 80)
	v.Check(capacity >= 1 && capacity <= maxCapacity, "capacity", fmt.Sprintf("must be from 1 to %d", maxCapacity))
	v.Check(cutoffMinutes >= 0 && cutoffMinutes <= maxCutoffMinutes, "cancellation_cutoff_minutes", fmt.Sprintf("must be from 0 to %d", maxCutoffMinutes))
}

// complete fills the derived fields of sess (end, booking window) and validates it, adding
// every problem to v; it returns v's error or a database error.
func (s *Service) complete(ctx context.Context, tx *gorm.DB, sess *Session, endsAt, opensAt *time.Time, startChanged bool, v *apperr.Validation) error {
	now := s.clock()
	if sess.ClassTypeID != 0 {
		ct, err := s.st.classType(ctx, tx, sess.ClassTypeID)
		switch {
		case errors.Is(err, ErrClassTypeNotFound):
			v.Add("class_type_id", "no such class type")
		case err != nil:
			return err
		default:
			sess.ClassType = &ct
		}
	}
	role, _, err := s.st.trainer(ctx, tx, sess.TrainerID)
	if err != nil {
		return err
	}
	CheckSessionRules(v, role, sess.Room, sess.Capacity, sess.CancellationCutoffMinutes)
	if !sess.StartsAt.IsZero() {
		web.CheckTime(v, "starts_at", sess.StartsAt)
		if startChanged {
			v.Check(sess.StartsAt.After(now), "starts_at", "must be in the future")
		}
		v.Check(sess.StartsAt.Before(now.AddDate(maxScheduleAheadYears, 0, 0)), "starts_at", "must be within two years")
		switch {
		case endsAt != nil:
			sess.EndsAt = endsAt.UTC().Truncate(time.Microsecond)
		case sess.ClassType != nil && (startChanged || sess.EndsAt.IsZero()):
			sess.EndsAt = sess.StartsAt.Add(time.Duration(sess.ClassType.DurationMinutes) * time.Minute)
		}
		v.Check(sess.EndsAt.After(sess.StartsAt) && sess.EndsAt.Sub(sess.StartsAt) <= maxSessionLength, "ends_at", "must be after starts_at and at most 12 hours later")
		web.CheckTime(v, "ends_at", sess.EndsAt)
		switch {
		case opensAt != nil:
			sess.BookingOpensAt = opensAt.UTC().Truncate(time.Microsecond)
		case startChanged || sess.BookingOpensAt.IsZero():
			sess.BookingOpensAt = sess.StartsAt.Add(-DefaultBookingWindow)
		}
		v.Check(!sess.BookingOpensAt.After(sess.StartsAt), "booking_opens_at", "must not be after starts_at")
		web.CheckTime(v, "booking_opens_at", sess.BookingOpensAt)
	}
	return v.Err()
}

// TrainerHasSessionAt tells whether the trainer already has a session starting at at.
func (s *Service) TrainerHasSessionAt(ctx context.Context, trainerID uint64, at time.Time) (bool, error) {
	return s.st.trainerHasSessionAt(ctx, trainerID, at)
}

// UpdateSession applies patch to session id under its row lock.
func (s *Service) UpdateSession(ctx context.Context, caller auth.Principal, id uint64, p SessionPatch) (Session, error) {
	var out Session
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sess, err := s.st.session(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := CanManage(caller, sess); err != nil {
			return err
		}
		if sess.Status == StatusCancelled {
			return ErrSessionCancelled
		}
		if p.TrainerID != nil && *p.TrainerID != sess.TrainerID && !caller.IsAdmin() {
			return ErrNotYourSession
		}
		before := sess
		oldCap := sess.Capacity
		patch.Set(&sess.ClassTypeID, p.ClassTypeID)
		patch.Set(&sess.TrainerID, p.TrainerID)
		patch.SetTrimmed(&sess.Room, p.Room)
		patch.Set(&sess.Capacity, p.Capacity)
		patch.Set(&sess.CancellationCutoffMinutes, p.CancellationCutoffMinutes)
		startChanged := p.StartsAt != nil && !p.StartsAt.Equal(sess.StartsAt)
		if p.StartsAt != nil {
			sess.StartsAt = p.StartsAt.UTC().Truncate(time.Microsecond)
		}
		if p.ClassTypeID != nil && p.EndsAt == nil {
			sess.EndsAt = time.Time{} // re-derive from the new class type's duration
		}
		var v apperr.Validation
		if err := s.complete(ctx, tx, &sess, p.EndsAt, p.BookingOpensAt, startChanged, &v); err != nil {
			return err
		}
		if sess.Capacity < sess.BookedCount {
			return ErrCapacityBelowBooked
		}
		err = s.st.updateSession(ctx, tx, sess)
		if database.IsCheckViolation(err) {
			return ErrCapacityBelowBooked
		}
		if err != nil {
			return err
		}
		if sess.Capacity > oldCap && s.seatsAdded != nil {
			if err := s.seatsAdded(ctx, tx, id); err != nil {
				return err
			}
		}
		out, err = s.st.session(ctx, tx, id, false)
		if err != nil {
			return err
		}
		for _, f := range s.changed {
			if err := f(ctx, tx, before, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Session{}, apperr.Wrap(err, "update session %d", id)
	}
	s.Invalidate(ctx)
	return out, nil
}
