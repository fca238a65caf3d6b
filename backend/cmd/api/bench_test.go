package main

// Benchmarks of the hot paths over real HTTP on loopback, next to a bare Echo handler measured
// the same way in the same run. Each reports throughput (req/s) and latency percentiles computed
// from every request's own latency (p50-µs, p99-µs). Run:
//
//	go test ./cmd/api -run '^$' -bench . -benchtime 3000x

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// benchClients is the number of concurrent clients per GOMAXPROCS.
const benchClients = 4

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
}

// measure runs do(i) for i in [0, b.N) from parallel clients and reports req/s and percentiles.
func measure(b *testing.B, do func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.SetParallelism(benchClients)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			t0 := time.Now()
			if err := do(i); err != nil {
				b.Error(err)
				return
			}
			lat[i] = time.Since(t0)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	r := percentiles(lat)
	micros := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(micros(r.p50), "p50-µs")
	b.ReportMetric(micros(r.p99), "p99-µs")
}

// membersWith adds n members holding plan and returns their access tokens.
func membersWith(b *testing.B, fit *domains, n int, plan uint64) []string {
	b.Helper()
	tokens := make([]string, n)
	for i := range tokens {
		var id uint64
		id, tokens[i] = addMember(b)
		if _, err := fit.Memberships.Grant(context.Background(), id, plan); err != nil {
			b.Fatal(err)
		}
	}
	return tokens
}

func benchGet(c *http.Client, url, token string, want int) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return benchDo(c, req, want)
}

func benchDo(c *http.Client, req *http.Request, want int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return nil
}

// BenchmarkBareEcho is the floor: an Echo handler that writes a small JSON object.
func BenchmarkBareEcho(b *testing.B) {
	e := echo.New()
	e.GET("/bare", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]bool{"ok": true}) })
	srv := httptest.NewServer(e)
	defer srv.Close()
	c := benchClient()
	measure(b, func(int) error { return benchGet(c, srv.URL+"/bare", "", http.StatusOK) })
}

// BenchmarkWeekViewCached is GET /api/sessions for a week with 21 sessions, served from Redis.
func BenchmarkWeekViewCached(b *testing.B) {
	srv, fit, _, ids := inProcessServer(b)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	from := time.Now().UTC().Add(24 * time.Hour).Truncate(24 * time.Hour)
	for i := 0; i < 21; i++ {
		seedSession(b, fit, ids[auth.RoleTrainer], 0, 12, time.Until(from)+time.Duration(i)*8*time.Hour+time.Hour)
	}
	url := fmt.Sprintf("%s/api/sessions?from=%s&to=%s", ts.URL, from.Format("2006-01-02"), from.AddDate(0, 0, 7).Format("2006-01-02"))
	c := benchClient()
	if err := benchGet(c, url, "", http.StatusOK); err != nil { // warm the cache
		b.Fatal(err)
	}
	measure(b, func(int) error { return benchGet(c, url, "", http.StatusOK) })
}

// BenchmarkSignedInWeekView is the cached week view (as in BenchmarkWeekViewCached) requested
// with a bearer token behind two guards, in the same run: "signature" only verifies the token
// (what Tokens.Require did before issue 13), "account-check" is auth.Guard, which also reads
// the account's current version and role (one Redis GET). The difference is the per-request
// cost of judging every request on the account as it is now.
func BenchmarkSignedInWeekView(b *testing.B) {
	_, fit, tokens, ids := inProcessServer(b)
	from := time.Now().UTC().Add(24 * time.Hour).Truncate(24 * time.Hour)
	for i := 0; i < 21; i++ {
		seedSession(b, fit, ids[auth.RoleTrainer], 0, 12, time.Until(from)+time.Duration(i)*8*time.Hour+time.Hour)
	}
	verifier := auth.NewTokens(inProcessSecret)
	signatureOnly := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			raw := c.Request().Header.Get(echo.HeaderAuthorization)
			if _, err := verifier.Verify(raw[len("Bearer "):]); err != nil {
				return err
			}
			return next(c)
		}
	}
	store := auth.NewStore(testenv.DB(b))
	guard := auth.NewGuard(verifier, auth.NewAccountStates(store, testenv.Redis(b), testenv.Log)).Require(auth.AnyRole...)
	for _, g := range []struct {
		name  string
		guard echo.MiddlewareFunc
	}{{"signature", signatureOnly}, {"account-check", guard}} {
		b.Run(g.name, func(b *testing.B) {
			e := echo.New()
			e.GET("/api/sessions", schedule.HandleWeekView(fit.Schedule), g.guard)
			ts := httptest.NewServer(e)
			defer ts.Close()
			url := fmt.Sprintf("%s/api/sessions?from=%s&to=%s", ts.URL, from.Format("2006-01-02"), from.AddDate(0, 0, 7).Format("2006-01-02"))
			c := benchClient()
			if err := benchGet(c, url, tokens[auth.RoleMember], http.StatusOK); err != nil { // warm the caches
				b.Fatal(err)
			}
			measure(b, func(int) error { return benchGet(c, url, tokens[auth.RoleMember], http.StatusOK) })
		})
	}
}

// BenchmarkBook is POST /api/sessions/:id/bookings: each request books a fresh (member,
// session) pair, so every one is a full booking transaction (session row lock, membership
// check, insert, counters) plus the cache version bump.
func BenchmarkBook(b *testing.B) {
	const members = 64
	srv, fit, _, ids := inProcessServer(b)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := context.Background()
	plan, err := fit.Memberships.CreatePlan(ctx, membership.PlanInput{Name: new("Bench monthly"), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(1))})
	if err != nil {
		b.Fatal(err)
	}
	tokens := membersWith(b, fit, members, plan.ID)
	sessions := make([]schedule.Session, (b.N+members-1)/members)
	for i := range sessions {
		sessions[i] = seedSession(b, fit, ids[auth.RoleTrainer], 0, members, 48*time.Hour+time.Duration(i)*time.Minute)
	}
	c := benchClient()
	measure(b, func(i int) error {
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/sessions/%d/bookings", ts.URL, sessions[i/members].ID), nil)
		req.Header.Set("Authorization", "Bearer "+tokens[i%members])
		return benchDo(c, req, http.StatusCreated)
	})
}
