// Package schedule owns class types and their sessions: the week view (kept in each process's
// memory and invalidated by a Redis version counter that every write bumps, see cache.go), and
// creating, editing and cancelling sessions. Seat counters live on the session row and are
// changed only by the booking package, inside transactions that hold the session's row lock.
package schedule

import "time"

// Levels a class type can have.
var levels = map[string]bool{"beginner": true, "intermediate": true, "advanced": true, "all": true}

// Session statuses.
const (
	StatusScheduled = "scheduled"
	StatusCancelled = "cancelled"
)

// ClassType is a kind of class: its name, level, length and what one booking costs in credits.
type ClassType struct {
	ID              uint64 `json:"id" gorm:"primaryKey"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	Level           string `json:"level"`
	DurationMinutes int    `json:"duration_minutes"`
	CreditCost      int    `json:"credit_cost"`
}

// TableName maps ClassType to its table.
func (ClassType) TableName() string { return "class_types" }

// Session is one scheduled class. BookedCount counts booked and checked-in seats; WaitlistCount
// the members waiting for one.
type Session struct {
	ID                        uint64     `json:"id" gorm:"primaryKey"`
	ClassTypeID               uint64     `json:"class_type_id"`
	ClassType                 *ClassType `json:"class_type" gorm:"-"`
	TrainerID                 uint64     `json:"trainer_id"`
	TrainerName               string     `json:"trainer_name" gorm:"->"`
	Room                      string     `json:"room"`
	StartsAt                  time.Time  `json:"starts_at"`
	EndsAt                    time.Time  `json:"ends_at"`
	Capacity                  int        `json:"capacity"`
	BookedCount               int        `json:"booked_count"`
	WaitlistCount             int        `json:"waitlist_count"`
	BookingOpensAt            time.Time  `json:"booking_opens_at"`
	CancellationCutoffMinutes int        `json:"cancellation_cutoff_minutes"`
	Status                    string     `json:"status"`
	CancelledAt               *time.Time `json:"cancelled_at"`
	// SeriesID names the weekly series that generated the session (timetable); absent for
	// sessions made by hand.
	SeriesID *uint64 `json:"series_id,omitempty" gorm:"->"`
}

// TableName maps Session to its table.
func (Session) TableName() string { return "class_sessions" }

// CancellationCutoff is the last moment a booking can be cancelled with the credit returned.
func (s Session) CancellationCutoff() time.Time {
	return s.StartsAt.Add(-time.Duration(s.CancellationCutoffMinutes) * time.Minute)
}

// CreditCost is what one booking of the session costs.
func (s Session) CreditCost() int {
	if s.ClassType == nil {
		return 0
	}
	return s.ClassType.CreditCost
}

// sessionRow is a session joined with its class type and trainer name.
type sessionRow struct {
	Session
	CTName        string
	CTDescription string
	CTLevel       string
	CTDuration    int
	CTCreditCost  int
}

func (r sessionRow) session() Session {
	s := r.Session
	s.ClassType = &ClassType{ID: s.ClassTypeID, Name: r.CTName, Description: r.CTDescription,
		Level: r.CTLevel, DurationMinutes: r.CTDuration, CreditCost: r.CTCreditCost}
	return s
}
