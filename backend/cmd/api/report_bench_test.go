package main

// BenchmarkReport is `make bench`: in ONE run, against real servers listening on loopback, it
// measures a bare Echo handler serving a fixed body as large as the week view, the cached week
// view (60 sessions, per_page=100; plain and gzip) and a booking rush (200 members booking one
// 10-seat session at the same moment), and prints req/s, p50 and p99 of each with the ratio to
// the bare handler. Reads are driven by wrk (-t2 -c32) when it is installed, else by an
// in-process closed-loop driver with the same concurrency. Run:
//
//	go test ./cmd/api -run '^$' -bench '^BenchmarkReport$' -benchtime 1x
//
// BENCH_DURATION (default 5s) sets how long each read scenario runs.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

const (
	reportSessions   = 60
	reportClassTypes = 6
	rushMembers      = 200
	rushSeats        = 10
	rushRounds       = 3
)

// result is one scenario's figures.
type result struct {
	name     string
	bytes    int
	reqPerS  float64
	p50, p99 time.Duration
}

func BenchmarkReport(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x: one report per run")
	}
	dur := 5 * time.Second
	if v := os.Getenv("BENCH_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("BENCH_DURATION: %v", err)
		}
		dur = d
	}
	srv, fit, _, ids := inProcessServer(b)
	ts := httptest.NewServer(srv)
	defer ts.Close()

	from := seedWeek(b, fit, ids[auth.RoleTrainer])
	week := fmt.Sprintf("%s/api/sessions?from=%s&to=%s&per_page=100", ts.URL, from.Format("2006-01-02"), from.AddDate(0, 0, 7).Format("2006-01-02"))
	plain, err := fetchBody(week, "")
	if err != nil {
		b.Fatal(err)
	}
	gz, err := fetchBody(week, "gzip")
	if err != nil {
		b.Fatal(err)
	}

	body := make([]byte, len(plain))
	copy(body, plain)
	e := echo.New()
	e.GET("/bare", func(c echo.Context) error { return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body) })
	bare := httptest.NewServer(e)
	defer bare.Close()

	results := []result{
		loadRead(b, "bare echo (same body)", bare.URL+"/bare", "", len(body), dur),
		loadRead(b, "week view plain", week, "", len(plain), dur),
		loadRead(b, "week view gzip", week, "gzip", len(gz), dur),
		rush(b, ts.URL, fit, ids[auth.RoleTrainer]),
	}
	printReport(os.Stdout, results, dur)
}

// seedWeek creates reportClassTypes class types and reportSessions sessions in one week far
// enough ahead that no other data of the package's database falls into it; it returns the
// week's Monday.
func seedWeek(b *testing.B, fit *domains, trainer uint64) time.Time {
	ctx := context.Background()
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 300)
	from := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	types := make([]uint64, reportClassTypes)
	for i := range types {
		name, level, desc, dur, cost := "Bench "+testenv.UniqueEmail("ct"), "all",
			"A full-body class with a warm-up, strength and mobility blocks, and a cool-down stretch.", 60, 1
		ct, err := fit.Schedule.CreateClassType(ctx, schedule.ClassTypeInput{Name: &name, Description: &desc, Level: &level, DurationMinutes: &dur, CreditCost: &cost})
		if err != nil {
			b.Fatal(err)
		}
		types[i] = ct.ID
	}
	cutoff := 60
	for i := 0; i < reportSessions; i++ {
		start := from.Add(time.Duration(i%7)*24*time.Hour + time.Duration(7+i/7)*time.Hour)
		_, err := fit.Schedule.CreateSession(ctx, auth.Principal{UserID: trainer, Role: auth.RoleTrainer},
			schedule.SessionInput{ClassTypeID: types[i%len(types)], Room: fmt.Sprintf("Studio %d", i%3+1), StartsAt: &start,
				Capacity: 20, CancellationCutoffMinutes: &cutoff})
		if err != nil {
			b.Fatal(err)
		}
	}
	return from
}

// fetchBody GETs url (with Accept-Encoding enc when set) and returns the body as sent.
func fetchBody(url, enc string) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if enc != "" {
		req.Header.Set("Accept-Encoding", enc) // set by hand: the transport then does not decode
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, err
}

// rush books one fresh 10-seat session for 200 members at once, rushRounds times, and reports
// the latency of every booking request (from the moment all are released).
func rush(b *testing.B, base string, fit *domains, trainer uint64) result {
	ctx := context.Background()
	pack, err := fit.Memberships.CreatePlan(ctx, membership.PlanInput{Name: new("Bench pack"), Kind: new(membership.KindCreditPack),
		Credits: new(rushRounds), ValidityDays: new(30), PriceRappen: new(int64(100))})
	if err != nil {
		b.Fatal(err)
	}
	tokens := membersWith(b, fit, rushMembers, pack.ID)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: rushMembers, MaxConnsPerHost: rushMembers}}
	var lat []time.Duration
	var wall time.Duration
	for round := 0; round < rushRounds; round++ {
		sess := seedSession(b, fit, trainer, 0, rushSeats, 72*time.Hour+time.Duration(round)*time.Hour)
		url := fmt.Sprintf("%s/api/sessions/%d/bookings", base, sess.ID)
		got := make([]time.Duration, rushMembers)
		errs := make([]error, rushMembers)
		wall += testenv.Rush(rushMembers, func(i int) func() {
			// A warm connection each, so the rush measures booking, not TCP handshakes.
			errs[i] = benchGet(client, base+"/api/health/live", "", http.StatusOK)
			req, _ := http.NewRequest(http.MethodPost, url, nil)
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			return func() {
				t0 := time.Now()
				if err := benchDo(client, req, http.StatusCreated); err != nil && errs[i] == nil {
					errs[i] = err
				}
				got[i] = time.Since(t0)
			}
		})
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		lat = append(lat, got...)
	}
	r := percentiles(lat)
	r.name = fmt.Sprintf("booking rush %dx%d seats", rushMembers, rushSeats)
	r.reqPerS = float64(rushMembers*rushRounds) / wall.Seconds()
	return r
}

// percentiles returns p50 and p99 of lat (nearest rank).
func percentiles(lat []time.Duration) result {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1)+0.5)] }
	return result{p50: at(0.50), p99: at(0.99)}
}

func printReport(w io.Writer, rs []result, dur time.Duration) {
	bare := rs[0]
	fmt.Fprintf(w, "\nbench report (%s per read scenario, driver: %s)\n", dur, readDriver())
	fmt.Fprintf(w, "%-28s %8s %10s %10s %10s %12s %10s\n", "scenario", "bytes", "req/s", "p50", "p99", "req/s÷bare", "p99÷bare")
	for _, r := range rs {
		ratio, p99 := "", ""
		if r.bytes > 0 {
			ratio = fmt.Sprintf("%.2f", r.reqPerS/bare.reqPerS)
			p99 = fmt.Sprintf("%.2f", float64(r.p99)/float64(bare.p99))
		}
		fmt.Fprintf(w, "%-28s %8d %10.0f %10s %10s %12s %10s\n", r.name, r.bytes, r.reqPerS,
			r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), ratio, p99)
	}
}
