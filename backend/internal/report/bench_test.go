package report_test

// The report benchmark: a year of a 1,000-member club (15,000 sessions, about 250,000 bookings,
// 12,000 orders) in the package's database, then each report over MariaDB/MySQL as the API runs
// it. Each reports p50 and p99 latency in ms from every call's own duration. Run:
//
//	go test ./internal/report -run '^$' -bench . -benchtime 200x
//
// Figures (MariaDB 10.11, 2 vCPU shared with other jobs, 2026-12-01; p50 / p99 in ms):
//
//	load ~4.7 (final code):  attendance year 58.6 / 149.4, 12 weeks 17.9 / 41.4, revenue year 28.8 / 48.5
//	load ~8-9 (same code):   attendance year 91 / 285, 12 weeks 20 / 181, revenue year 38 / 153
//
// The p99 tail follows the other jobs on the machine; the p50 is the query cost.

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/report"
	"github.com/trainingclub/platform/backend/internal/web"
)

var (
	benchOnce sync.Once
	benchRows int64
)

func benchClub(b *testing.B) *report.Service {
	b.Helper()
	benchOnce.Do(func() {
		now := time.Date(2029, 12, 31, 12, 0, 0, 0, time.UTC)
		c := generate(b, db(b), clubSpec{year: 2029, members: 1000, trainers: 20, types: 12, sessions: 15000, bookingsPerSession: 17, orders: 12000, now: now, seed: 2029})
		for _, s := range c.sessions {
			benchRows += int64(len(s.statuses))
		}
		db(b).Exec("ANALYZE TABLE class_sessions, bookings, orders")
	})
	b.ReportMetric(float64(benchRows), "bookings")
	return report.NewService(db(b))
}

func measure(b *testing.B, run func(ctx context.Context) error) {
	b.Helper()
	ctx := context.Background()
	if err := run(ctx); err != nil { // warm the buffer pool once
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := run(ctx); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func yearRange() (time.Time, time.Time) {
	return time.Date(2029, 1, 1, 0, 0, 0, 0, web.ClubZone).UTC(), time.Date(2030, 1, 1, 0, 0, 0, 0, web.ClubZone).UTC()
}

func BenchmarkAttendanceYear(b *testing.B) {
	svc := benchClub(b)
	from, to := yearRange()
	measure(b, func(ctx context.Context) error {
		r, err := svc.Attendance(ctx, from, to)
		if err == nil && r.Total.Sessions < 14000 {
			b.Fatalf("only %d sessions in the year", r.Total.Sessions)
		}
		return err
	})
}

func BenchmarkAttendance12Weeks(b *testing.B) {
	svc := benchClub(b)
	to := time.Date(2029, 12, 1, 0, 0, 0, 0, web.ClubZone).UTC()
	from := to.AddDate(0, 0, -84)
	measure(b, func(ctx context.Context) error {
		_, err := svc.Attendance(ctx, from, to)
		return err
	})
}

func BenchmarkRevenueYear(b *testing.B) {
	svc := benchClub(b)
	from, to := yearRange()
	measure(b, func(ctx context.Context) error {
		r, err := svc.Revenue(ctx, from, to)
		if err == nil && len(r.Months) != 12 {
			b.Fatalf("%d months", len(r.Months))
		}
		return err
	})
}
