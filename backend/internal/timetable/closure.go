package timetable

import (
	"context"
	"fmt"
	"strings"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// ClosureInput closes the club from FromDate to UntilDate (local days, inclusive).
type ClosureInput struct {
	FromDate  *Date  `json:"from_date"`
	UntilDate *Date  `json:"until_date"`
	Reason    string `json:"reason"`
}

// ClosureResult is the closure and how many sessions it cancelled.
type ClosureResult struct {
	Closure   Closure `json:"closure"`
	Cancelled int     `json:"cancelled_sessions"`
}

// maxClosureDays bounds one closure (a mistyped year must not cancel a year of classes).
const maxClosureDays = 62

// CreateClosure records a closure and cancels every session in it as a cancelled session is
// (booking's CancelSession: bookings session_cancelled, credits returned). Series skip the
// closed days from then on.
func (s *Service) CreateClosure(ctx context.Context, caller auth.Principal, in ClosureInput) (ClosureResult, error) {
	var v apperr.Validation
	reason := strings.TrimSpace(in.Reason)
	v.CheckLength("reason", reason, 3, 200)
	v.Check(in.FromDate != nil, "from_date", "is required")
	v.Check(in.UntilDate != nil, "until_date", "is required")
	today := DateOf(s.clock())
	if in.FromDate != nil && in.UntilDate != nil {
		web.CheckTime(&v, "from_date", in.FromDate.Time)
		web.CheckTime(&v, "until_date", in.UntilDate.Time)
		v.Check(!in.UntilDate.Before(in.FromDate.Time), "until_date", "must not be before from_date")
		v.Check(!in.UntilDate.Before(today.Time), "until_date", "must not be in the past")
		v.Check(!in.UntilDate.After(in.FromDate.AddDays(maxClosureDays-1).Time), "until_date", fmt.Sprintf("a closure is at most %d days", maxClosureDays))
	}
	if err := v.Err(); err != nil {
		return ClosureResult{}, err
	}
	c := Closure{FromDate: *in.FromDate, UntilDate: *in.UntilDate, Reason: reason, CreatedAt: s.clock()}
	if caller.UserID != 0 {
		id := caller.UserID
		c.CreatedBy = &id
	}
	if err := s.st.insertClosure(ctx, &c); err != nil {
		return ClosureResult{}, fmt.Errorf("create closure: %w", err)
	}
	if err := s.record(ctx, s.db, "closure.create", c.ID, nil, c); err != nil {
		return ClosureResult{}, err
	}
	ids, err := s.st.sessionsBetween(ctx, c.FromDate.At(0, 0), c.UntilDate.AddDays(1).At(0, 0), s.clock())
	if err != nil {
		return ClosureResult{}, fmt.Errorf("closure %d: sessions: %w", c.ID, err)
	}
	res := ClosureResult{Closure: c}
	for _, id := range ids {
		_, err := s.o.Canceller.CancelSession(ctx, caller, id)
		switch {
		case err == nil:
			res.Cancelled++
		case apperr.KindOf(err) == apperr.KindConflict:
			// Cancelled or ended meanwhile: nothing left to do for this one.
		default:
			return res, fmt.Errorf("closure %d: cancel session %d: %w", c.ID, id, err)
		}
	}
	return res, nil
}

// Closures lists the closures that end today or later.
func (s *Service) Closures(ctx context.Context, page web.Page) ([]Closure, int64, error) {
	return s.st.listClosures(ctx, DateOf(s.clock()), page)
}

// Unassigned is the work an erased (or demoted) trainer left: future sessions and series that
// need a new trainer (PATCH /api/sessions/:id or /api/series/:id with trainer_id; the session
// change hooks tell the booked members).
type Unassigned struct {
	Sessions []schedule.Session `json:"sessions"`
	Series   []Series           `json:"series"`
}

// UnassignedWork lists what needs a new trainer (at most 500 sessions, soonest first).
func (s *Service) UnassignedWork(ctx context.Context) (Unassigned, error) {
	ids, series, err := s.st.unassigned(ctx, s.clock())
	if err != nil {
		return Unassigned{}, fmt.Errorf("unassigned work: %w", err)
	}
	byID, err := s.o.Sessions.SessionsByID(ctx, ids)
	if err != nil {
		return Unassigned{}, err
	}
	out := Unassigned{Sessions: make([]schedule.Session, 0, len(ids)), Series: series}
	for _, id := range ids {
		if sess, ok := byID[id]; ok {
			out.Sessions = append(out.Sessions, sess)
		}
	}
	if out.Series == nil {
		out.Series = []Series{}
	}
	return out, nil
}
