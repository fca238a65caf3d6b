package report_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/report"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/web"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The right answers, computed from the generated rows in memory (no SQL, no shared code with
// the service): every number of both reports is compared.

func expectedAttendance(c club, from, to, now time.Time) map[string]map[string][5]int {
	out := map[string]map[string][5]int{"type": {}, "trainer": {}, "week": {}, "total": {}}
	for _, s := range c.sessions {
		if s.cancelled || s.startsAt.Before(from) || !s.startsAt.Before(to) {
			continue
		}
		var held, in, noShow int
		for _, st := range s.statuses {
			switch st {
			case "checked_in":
				held++
				in++
			case "booked":
				held++
				if !now.Before(s.endsAt) {
					noShow++
				}
			}
		}
		local := s.startsAt.In(web.ClubZone)
		y, w := local.ISOWeek()
		keys := map[string]string{"type": strconv.FormatUint(s.classType, 10), "trainer": strconv.FormatUint(s.trainer, 10),
			"week": fmt.Sprintf("%d-W%02d", y, w), "total": "total"}
		for dim, k := range keys {
			v := out[dim][k]
			out[dim][k] = [5]int{v[0] + 1, v[1] + s.capacity, v[2] + held, v[3] + in, v[4] + noShow}
		}
	}
	return out
}

func checkRows(t *testing.T, dim string, want map[string][5]int, got []report.AttendanceRow, key func(report.AttendanceRow) string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", dim, len(got), len(want))
	}
	for _, r := range got {
		w, ok := want[key(r)]
		if !ok {
			t.Fatalf("%s: unexpected row %+v", dim, r)
		}
		g := [5]int{r.Sessions, r.Capacity, r.Bookings, r.CheckIns, r.NoShows}
		rate := math.Round(float64(w[2])/float64(w[1])*10000) / 10000
		if g != w || r.FillRate != rate {
			t.Fatalf("%s %s: got %v fill %v, want %v fill %v", dim, key(r), g, r.FillRate, w, rate)
		}
	}
}

func TestReportsMatchIndependentlyComputedAnswers(t *testing.T) {
	now := time.Date(2031, 7, 1, 12, 0, 0, 0, time.UTC)
	c := generate(t, db(t), clubSpec{year: 2031, members: 60, trainers: 4, types: 5, sessions: 400, bookingsPerSession: 12, orders: 300, now: now, seed: 7})
	svc := report.NewService(db(t))
	svc.SetClock(func() time.Time { return now })
	ctx := context.Background()
	from, to, err := svc.ParseRange("2031-02-01", "2031-11-30")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2031, 12, 1, 0, 0, 0, 0, web.ClubZone).UTC(); !to.Equal(want) {
		t.Fatalf("to %s: want the end of the local day %s", to, want)
	}

	a, err := svc.Attendance(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := expectedAttendance(c, from, to, now)
	checkRows(t, "total", want["total"], []report.AttendanceRow{a.Total}, func(report.AttendanceRow) string { return "total" })
	checkRows(t, "class type", want["type"], a.ByClassType, func(r report.AttendanceRow) string { return r.Key })
	checkRows(t, "trainer", want["trainer"], a.ByTrainer, func(r report.AttendanceRow) string { return r.Key })
	checkRows(t, "week", want["week"], a.ByWeek, func(r report.AttendanceRow) string { return r.Label })
	for _, r := range a.ByClassType {
		id, _ := strconv.ParseUint(r.Key, 10, 64)
		if r.Label != c.classTypes[id] {
			t.Fatalf("class type %s labelled %q", r.Key, r.Label)
		}
	}
	if a.Total.NoShows == 0 || a.Total.CheckIns == 0 || a.Total.Sessions < 300 {
		t.Fatalf("data set too thin to test anything: %+v", a.Total)
	}

	// Revenue over the whole year.
	from, to, _ = svc.ParseRange("2031-01-01", "2031-12-31")
	r, err := svc.Revenue(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	cells, months := map[string]*cell{}, map[string]*cell{}
	var total cell
	add := func(t time.Time, plan uint64, orders, gross, refunds int64) {
		m := t.In(web.ClubZone).Format("2006-01")
		k := fmt.Sprintf("%s/%d", m, plan)
		for _, p := range []*cell{ptr(cells, k), ptr(months, m), &total} {
			p.orders += orders
			p.gross += gross
			p.refunds += refunds
		}
	}
	inYear := func(t *time.Time) bool { return t != nil && t.In(web.ClubZone).Year() == 2031 }
	for _, o := range c.orders {
		if inYear(o.paidAt) {
			add(*o.paidAt, o.plan, 1, o.amount, 0)
		}
		if o.status == "refunded" && o.paidAt != nil && inYear(o.refundedAt) {
			add(*o.refundedAt, o.plan, 0, 0, o.amount)
		}
	}
	if len(r.Rows) != len(cells) || len(r.Months) != len(months) {
		t.Fatalf("revenue: %d rows / %d months, want %d / %d", len(r.Rows), len(r.Months), len(cells), len(months))
	}
	for _, row := range r.Rows {
		w := ptr(cells, fmt.Sprintf("%s/%d", row.Month, row.PlanID))
		if row.Orders != int(w.orders) || row.GrossRappen != w.gross || row.RefundsRappen != w.refunds || row.NetRappen != w.gross-w.refunds {
			t.Fatalf("revenue %s plan %d: got %+v want %+v", row.Month, row.PlanID, row, w)
		}
	}
	for _, row := range r.Months {
		w := ptr(months, row.Month)
		if row.GrossRappen != w.gross || row.RefundsRappen != w.refunds || row.NetRappen != w.gross-w.refunds {
			t.Fatalf("revenue month %s: got %+v want %+v", row.Month, row, w)
		}
	}
	if r.Total.GrossRappen != total.gross || r.Total.RefundsRappen != total.refunds || r.Currency != "CHF" || total.refunds == 0 {
		t.Fatalf("revenue total: got %+v want %+v", r.Total, total)
	}
	if ptr(months, "2031-03").gross == 0 {
		t.Fatal("the order paid late on 31 March local time is not in March")
	}

	for _, bad := range [][2]string{{"2031-05-01", "2031-04-01"}, {"2030-01-01", "2031-12-31"}, {"yesterday", ""}} {
		if _, _, err := svc.ParseRange(bad[0], bad[1]); err == nil {
			t.Fatalf("range %v accepted", bad)
		}
	}
}

type cell struct{ orders, gross, refunds int64 }

func ptr(m map[string]*cell, k string) *cell {
	if m[k] == nil {
		m[k] = &cell{}
	}
	return m[k]
}
