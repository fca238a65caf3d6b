package report

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/web"
)

// MaxRange is the longest period one report covers.
const MaxRange = 400 * 24 * time.Hour

// Service computes the reports.
type Service struct {
	st  store
	now func() time.Time
}

// NewService returns the report service on db.
func NewService(db *gorm.DB) *Service {
	return &Service{st: store{db: db}, now: func() time.Time { return time.Now().UTC() }}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// ParseRange reads ?from and ?to: YYYY-MM-DD local days (to inclusive) or RFC 3339 times (to
// exclusive). The default is the last 12 weeks up to the end of today.
func (s *Service) ParseRange(rawFrom, rawTo string) (time.Time, time.Time, error) {
	var v apperr.Validation
	from, hasFrom := bound(&v, "from", rawFrom, false)
	to, hasTo := bound(&v, "to", rawTo, true)
	if !hasTo && v.Err() == nil {
		l := s.now().In(web.ClubZone)
		to = time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, web.ClubZone).UTC()
	}
	if !hasFrom && v.Err() == nil {
		l := to.In(web.ClubZone)
		from = time.Date(l.Year(), l.Month(), l.Day()-84, 0, 0, 0, 0, web.ClubZone).UTC()
	}
	if v.Err() == nil {
		v.Check(to.After(from), "to", "must be after from")
		v.Check(to.Sub(from) <= MaxRange, "to", "must be at most 400 days after from")
	}
	return from, to, v.Err()
}

func bound(v *apperr.Validation, field, raw string, inclusiveDay bool) (time.Time, bool) {
	if d, err := time.ParseInLocation(time.DateOnly, raw, web.ClubZone); err == nil {
		if inclusiveDay {
			d = d.AddDate(0, 0, 1)
		}
		web.CheckTime(v, field, d.UTC())
		return d.UTC(), true
	}
	return web.TimeParam(v, field, raw)
}

// Attendance reports the sessions of [from, to).
func (s *Service) Attendance(ctx context.Context, from, to time.Time) (Attendance, error) {
	facts, err := s.st.sessions(ctx, from, to)
	if err != nil {
		return Attendance{}, fmt.Errorf("attendance report: %w", err)
	}
	if err := s.name(ctx, facts); err != nil {
		return Attendance{}, fmt.Errorf("attendance report: %w", err)
	}
	now := s.now()
	total := &AttendanceRow{Key: "total", Label: "total"}
	byType, byTrainer := map[uint64]*AttendanceRow{}, map[uint64]*AttendanceRow{}
	byWeek := map[string]*AttendanceRow{}
	weeks := map[int64]*AttendanceRow{} // by UTC hour: the zone's offsets are whole hours
	group := func(m map[uint64]*AttendanceRow, id uint64, label string) *AttendanceRow {
		r, ok := m[id]
		if !ok {
			r = &AttendanceRow{Key: strconv.FormatUint(id, 10), Label: label}
			m[id] = r
		}
		return r
	}
	for _, f := range facts {
		noShows := 0
		if !now.Before(f.EndsAt) {
			noShows = f.StillBooked
		}
		hour := f.StartsAt.Unix() / 3600
		week, ok := weeks[hour]
		if !ok {
			monday, label := weekOf(f.StartsAt)
			if week, ok = byWeek[monday]; !ok {
				week = &AttendanceRow{Key: monday, Label: label}
				byWeek[monday] = week
			}
			weeks[hour] = week
		}
		for _, r := range []*AttendanceRow{total, group(byType, f.ClassTypeID, f.ClassTypeName), group(byTrainer, f.TrainerID, f.TrainerName), week} {
			r.Sessions++
			r.Capacity += f.Capacity
			r.Bookings += f.Bookings
			r.CheckIns += f.CheckIns
			r.NoShows += noShows
		}
	}
	out := Attendance{From: from, To: to, Total: *total, ByClassType: rows(byType, byLabel), ByTrainer: rows(byTrainer, byLabel), ByWeek: rows(byWeek, byKey)}
	out.Total.FillRate = fill(out.Total)
	return out, nil
}

// name fills the class type and trainer names of facts.
func (s *Service) name(ctx context.Context, facts []sessionFacts) error {
	types, trainers := map[uint64]bool{}, map[uint64]bool{}
	for _, f := range facts {
		types[f.ClassTypeID], trainers[f.TrainerID] = true, true
	}
	typeNames, err := s.st.names(ctx, "class_types", keys(types))
	if err != nil {
		return err
	}
	trainerNames, err := s.st.names(ctx, "users", keys(trainers))
	if err != nil {
		return err
	}
	for i := range facts {
		facts[i].ClassTypeName, facts[i].TrainerName = typeNames[facts[i].ClassTypeID], trainerNames[facts[i].TrainerID]
	}
	return nil
}

func keys(m map[uint64]bool) []uint64 {
	out := make([]uint64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// weekOf names the ISO week of t's local day: its Monday (YYYY-MM-DD) and "YYYY-Www".
func weekOf(t time.Time) (monday, label string) {
	l := t.In(web.ClubZone)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, web.ClubZone)
	mon := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	y, w := day.ISOWeek()
	return mon.Format(time.DateOnly), fmt.Sprintf("%d-W%02d", y, w)
}

func fill(r AttendanceRow) float64 {
	if r.Capacity == 0 {
		return 0
	}
	return math.Round(float64(r.Bookings)/float64(r.Capacity)*10000) / 10000
}

func byLabel(a, b AttendanceRow) bool {
	if a.Label != b.Label {
		return a.Label < b.Label
	}
	return a.Key < b.Key
}

func byKey(a, b AttendanceRow) bool { return a.Key < b.Key }

func rows[K comparable](m map[K]*AttendanceRow, less func(a, b AttendanceRow) bool) []AttendanceRow {
	out := make([]AttendanceRow, 0, len(m))
	for _, r := range m {
		r.FillRate = fill(*r)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// Revenue reports the money of [from, to) in CHF Rappen.
func (s *Service) Revenue(ctx context.Context, from, to time.Time) (Revenue, error) {
	facts, err := s.st.orders(ctx, from, to)
	if err != nil {
		return Revenue{}, fmt.Errorf("revenue report: %w", err)
	}
	type key struct {
		month string
		plan  uint64
	}
	cells := map[key]*RevenueRow{}
	months := map[string]*RevenueRow{}
	total := RevenueRow{Month: "total"}
	cell := func(month string, f orderFacts) []*RevenueRow {
		c, ok := cells[key{month, f.PlanID}]
		if !ok {
			c = &RevenueRow{Month: month, PlanID: f.PlanID}
			cells[key{month, f.PlanID}] = c
		}
		c.PlanName = f.PlanName // the snapshot of the order (a renamed plan shows its latest seen name)
		m, ok := months[month]
		if !ok {
			m = &RevenueRow{Month: month}
			months[month] = m
		}
		return []*RevenueRow{c, m, &total}
	}
	in := func(t *time.Time) bool { return t != nil && !t.Before(from) && t.Before(to) }
	for _, f := range facts {
		if f.PaidAt == nil {
			continue
		}
		if in(f.PaidAt) {
			for _, r := range cell(monthOf(*f.PaidAt), f) {
				r.Orders++
				r.GrossRappen += f.AmountRappen
			}
		}
		if f.Status == "refunded" && in(f.RefundedAt) {
			for _, r := range cell(monthOf(*f.RefundedAt), f) {
				r.RefundsRappen += f.AmountRappen
			}
		}
	}
	out := Revenue{From: from, To: to, Currency: "CHF", Months: []RevenueRow{}, Rows: []RevenueRow{}}
	for _, r := range cells {
		r.NetRappen = r.GrossRappen - r.RefundsRappen
		out.Rows = append(out.Rows, *r)
	}
	for _, r := range months {
		r.NetRappen = r.GrossRappen - r.RefundsRappen
		out.Months = append(out.Months, *r)
	}
	total.NetRappen = total.GrossRappen - total.RefundsRappen
	out.Total = total
	sort.Slice(out.Rows, func(i, j int) bool {
		if out.Rows[i].Month != out.Rows[j].Month {
			return out.Rows[i].Month < out.Rows[j].Month
		}
		return out.Rows[i].PlanID < out.Rows[j].PlanID
	})
	sort.Slice(out.Months, func(i, j int) bool { return out.Months[i].Month < out.Months[j].Month })
	return out, nil
}

func monthOf(t time.Time) string { return t.In(web.ClubZone).Format("2006-01") }
