// Package timetable owns the recurring timetable: weekly series that generate sessions a number
// of weeks ahead, editing a series for "this and the following" sessions, club closures, and the
// sessions of erased trainers waiting for a new one.
//
// Generation is idempotent: a generated session carries (series_id, series_date) under a unique
// key and is inserted with ON DUPLICATE KEY UPDATE, so the job can run on every replica at once
// (it also takes a MySQL named lock so only one replica does the work per round). Sessions are
// changed only through schedule.Service.UpdateSession (so its change hooks run: audit, member
// notifications) and cancelled only through booking's CancelSession (refunds), never behind
// their backs; the one thing done here directly is removing a future generated session that
// has never had a booking.
package timetable

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trainingclub/platform/backend/internal/web"
)

// Date is a calendar day in the club's zone, "YYYY-MM-DD" in JSON and a DATE in MySQL.
type Date struct{ time.Time }

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, web.ClubZone)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// DateOf is the club-local day of t.
func DateOf(t time.Time) Date {
	l := t.In(web.ClubZone)
	return Date{time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, web.ClubZone)}
}

func (d Date) String() string { return d.Format(time.DateOnly) }

// AddDays is d moved by n days (calendar days, whatever the clock change).
func (d Date) AddDays(n int) Date {
	return Date{time.Date(d.Year(), d.Month(), d.Day()+n, 0, 0, 0, 0, web.ClubZone)}
}

// At is the instant of local time hh:mm on d (a time skipped by the spring clock change is
// moved forward by the hour, as time.Date does).
func (d Date) At(hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, web.ClubZone).UTC()
}

// ISOWeekday is 1 (Monday) to 7 (Sunday).
func (d Date) ISOWeekday() int { return (int(d.Weekday())+6)%7 + 1 }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a \"YYYY-MM-DD\" string")
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores the day as "YYYY-MM-DD".
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a DATE (time.Time with parseTime, or text).
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*d = Date{time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, web.ClubZone)}
	case []byte:
		return d.Scan(string(x))
	case string:
		p, err := ParseDate(x[:min(len(x), 10)])
		if err != nil {
			return err
		}
		*d = p
	default:
		return fmt.Errorf("scan date from %T", v)
	}
	return nil
}

// Series is a weekly class: every Weekday (1 Monday … 7 Sunday) at StartTime ("HH:MM",
// Europe/Zurich) from ValidFrom to ValidUntil (nil: open-ended).
type Series struct {
	ID                        uint64    `json:"id" gorm:"primaryKey"`
	ClassTypeID               uint64    `json:"class_type_id"`
	ClassTypeName             string    `json:"class_type_name" gorm:"->"`
	TrainerID                 uint64    `json:"trainer_id"`
	TrainerName               string    `json:"trainer_name" gorm:"->"`
	Room                      string    `json:"room"`
	Weekday                   int       `json:"weekday"`
	StartTime                 string    `json:"start_time"`
	Capacity                  int       `json:"capacity"`
	BookingWindowHours        int       `json:"booking_window_hours"`
	CancellationCutoffMinutes int       `json:"cancellation_cutoff_minutes"`
	ValidFrom                 Date      `json:"valid_from"`
	ValidUntil                *Date     `json:"valid_until"`
	CreatedAt                 time.Time `json:"-"`
	UpdatedAt                 time.Time `json:"-"`
}

// TableName maps Series to its table.
func (Series) TableName() string { return "class_series" }

// clock splits StartTime (validated) into hours and minutes.
func (s Series) clock() (hh, mm int) {
	fmt.Sscanf(s.StartTime, "%d:%d", &hh, &mm)
	return hh, mm
}

// covers reports whether the series runs on d.
func (s Series) covers(d Date) bool {
	return d.ISOWeekday() == s.Weekday && !d.Before(s.ValidFrom.Time) && (s.ValidUntil == nil || !d.After(s.ValidUntil.Time))
}

// Closure is a span of local days on which the club is closed.
type Closure struct {
	ID        uint64    `json:"id" gorm:"primaryKey"`
	FromDate  Date      `json:"from_date"`
	UntilDate Date      `json:"until_date"`
	Reason    string    `json:"reason"`
	CreatedBy *uint64   `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// TableName maps Closure to its table.
func (Closure) TableName() string { return "club_closures" }

// closed reports whether d falls in one of cs.
func closed(cs []Closure, d Date) bool {
	for _, c := range cs {
		if !d.Before(c.FromDate.Time) && !d.After(c.UntilDate.Time) {
			return true
		}
	}
	return false
}

// futureSession is a generated session as the series edit sees it.
type futureSession struct {
	ID            uint64
	SeriesDate    Date
	StartsAt      time.Time
	BookedCount   int
	WaitlistCount int
	Bookings      int // every booking row, cancelled ones too (they pin the session row)
}
