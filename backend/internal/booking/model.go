package booking

import (
	"time"

	"github.com/trainingclub/platform/backend/internal/schedule"
)

// Booking statuses stored in the table; StatusNoShow is only ever computed.
const (
	StatusBooked           = "booked"
	StatusWaitlisted       = "waitlisted"
	StatusCheckedIn        = "checked_in"
	StatusCancelled        = "cancelled"
	StatusLateCancelled    = "late_cancelled"
	StatusSessionCancelled = "session_cancelled"
	StatusNoShow           = "no_show"
)

// Booking is a member's seat (or waitlist place) in a session.
type Booking struct {
	ID               uint64     `json:"id" gorm:"primaryKey"`
	SessionID        uint64     `json:"session_id"`
	UserID           uint64     `json:"user_id"`
	Status           string     `json:"status"`
	WaitlistPosition *int       `json:"waitlist_position" gorm:"-"`
	EntitlementID    *uint64    `json:"entitlement_id"`
	CreditsSpent     int        `json:"credits_spent"`
	CreditsRefunded  int        `json:"credits_refunded"`
	BookedAt         *time.Time `json:"booked_at"`
	CheckedInAt      *time.Time `json:"checked_in_at"`
	CancelledAt      *time.Time `json:"cancelled_at"`
	CreatedAt        time.Time  `json:"created_at" gorm:"->"`

	// UserName and Email are filled on the roster.
	UserName string `json:"user_name,omitempty" gorm:"->"`
	Email    string `json:"email,omitempty" gorm:"->"`
	// Session is filled in "my bookings".
	Session *schedule.Session `json:"session,omitempty" gorm:"-"`
}

// TableName maps Booking to its table.
func (Booking) TableName() string { return "bookings" }

// present computes the read-time status (no_show) given the session's end.
func (b *Booking) present(now, sessionEnds time.Time) {
	if b.Status == StatusBooked && !now.Before(sessionEnds) {
		b.Status = StatusNoShow
	}
}
