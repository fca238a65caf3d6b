// Package report answers the club's two management questions: attendance (bookings, check-ins,
// no-shows and fill rate per class type, trainer and week) and revenue (per month and plan, net
// of refunds, CHF). Both read indexed ranges (class_sessions by status and start, bookings by
// session and status, orders by paid_at and refunded_at) and group in Go, where the club's time
// zone decides weeks and months.
//
// Definitions:
//   - Attendance counts the sessions not cancelled that start in [from, to). bookings are the
//     seats held (booked or checked in); check_ins the checked-in ones; no_shows the seats still
//     "booked" of sessions that have ended; fill_rate = bookings / capacity.
//   - A week is the ISO week of the session's local start (Europe/Zurich), named by its Monday.
//   - Revenue counts an order's amount as gross in the local month it was paid, and as a refund
//     in the local month it was refunded (only orders that were paid); net = gross − refunds.
package report

import "time"

// AttendanceRow is one group of sessions.
type AttendanceRow struct {
	Key      string  `json:"key"`   // class type or trainer id, or the week's Monday (YYYY-MM-DD)
	Label    string  `json:"label"` // class type or trainer name, or the ISO week ("2027-W13")
	Sessions int     `json:"sessions"`
	Capacity int     `json:"capacity"`
	Bookings int     `json:"bookings"`
	CheckIns int     `json:"check_ins"`
	NoShows  int     `json:"no_shows"`
	FillRate float64 `json:"fill_rate"` // bookings / capacity, 0 to 1 (4 decimals)
}

// Attendance is the attendance report of [From, To).
type Attendance struct {
	From        time.Time       `json:"from"`
	To          time.Time       `json:"to"`
	Total       AttendanceRow   `json:"total"`
	ByClassType []AttendanceRow `json:"by_class_type"`
	ByTrainer   []AttendanceRow `json:"by_trainer"`
	ByWeek      []AttendanceRow `json:"by_week"`
}

// RevenueRow is one month and plan (or one month, Plan empty, in Months).
type RevenueRow struct {
	Month         string `json:"month"` // YYYY-MM, Europe/Zurich
	PlanID        uint64 `json:"plan_id"`
	PlanName      string `json:"plan_name"`
	Orders        int    `json:"orders"` // paid in the month
	GrossRappen   int64  `json:"gross_rappen"`
	RefundsRappen int64  `json:"refunds_rappen"`
	NetRappen     int64  `json:"net_rappen"`
}

// Revenue is the revenue report of [From, To).
type Revenue struct {
	From     time.Time    `json:"from"`
	To       time.Time    `json:"to"`
	Currency string       `json:"currency"`
	Total    RevenueRow   `json:"total"`
	Months   []RevenueRow `json:"months"`
	Rows     []RevenueRow `json:"rows"`
}

// sessionFacts is one session with its counts, as the attendance query returns it.
type sessionFacts struct {
	ID            uint64
	ClassTypeID   uint64
	ClassTypeName string
	TrainerID     uint64
	TrainerName   string
	StartsAt      time.Time
	EndsAt        time.Time
	Capacity      int
	Bookings      int
	CheckIns      int
	StillBooked   int
}

// orderFacts is one order that was paid or refunded in the range.
type orderFacts struct {
	PlanID       uint64
	PlanName     string
	AmountRappen int64
	Status       string
	PaidAt       *time.Time
	RefundedAt   *time.Time
}
