package schedule

import (
	"time"

	"github.com/trainingclub/platform/backend/internal/web"
)

// WeekSession is a session as the week view sends it: its class type by id only, the class
// types themselves once per page (WeekPage.ClassTypes). GET /api/sessions/:id has the full
// Session.
type WeekSession struct {
	ID                        uint64     `json:"id"`
	ClassTypeID               uint64     `json:"class_type_id"`
	TrainerID                 uint64     `json:"trainer_id"`
	TrainerName               string     `json:"trainer_name"`
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
	SeriesID                  *uint64    `json:"series_id,omitempty"`
}

// WeekPage is one page of the week view: the sessions and every class type they reference,
// each once, in order of first use.
type WeekPage struct {
	web.List[WeekSession]
	ClassTypes []ClassType `json:"class_types"`
}

func newWeekPage(list []Session, page web.Page, total int64) WeekPage {
	items := make([]WeekSession, len(list))
	types := []ClassType{}
	seen := map[uint64]bool{}
	for i, s := range list {
		items[i] = WeekSession{ID: s.ID, ClassTypeID: s.ClassTypeID, TrainerID: s.TrainerID, TrainerName: s.TrainerName,
			Room: s.Room, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Capacity: s.Capacity, BookedCount: s.BookedCount,
			WaitlistCount: s.WaitlistCount, BookingOpensAt: s.BookingOpensAt,
			CancellationCutoffMinutes: s.CancellationCutoffMinutes, Status: s.Status, CancelledAt: s.CancelledAt,
			SeriesID: s.SeriesID}
		if s.ClassType != nil && !seen[s.ClassTypeID] {
			seen[s.ClassTypeID] = true
			types = append(types, *s.ClassType)
		}
	}
	return WeekPage{List: web.NewList(items, page, total), ClassTypes: types}
}
