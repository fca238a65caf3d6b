package httpapi

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// Check probes one dependency; it must return within the context's deadline.
type Check func(ctx context.Context) error

// healthTimeout bounds the whole readiness answer well under the 2 s that callers wait.
const healthTimeout = 1500 * time.Millisecond

type checkResult struct {
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

type healthResponse struct {
	Status string                 `json:"status"`
	Checks map[string]checkResult `json:"checks"`
	// Features says which optional parts run (mail "on" or "off").
	Features map[string]string `json:"features,omitempty"`
}

// handleHealth answers 200 when every dependency answers and 503 naming the ones that do not.
// Checks run in parallel so one dead dependency costs at most healthTimeout. While the server
// drains before shutdown it answers 503 "draining" at once, so load balancers take this replica
// out while it still serves what they send.
func handleHealth(checks map[string]Check, features map[string]string, draining *atomic.Bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if draining.Load() {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
			return c.JSON(http.StatusServiceUnavailable, healthResponse{Status: "draining", Checks: map[string]checkResult{}})
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), healthTimeout)
		defer cancel()
		var mu sync.Mutex
		var wg sync.WaitGroup
		resp := healthResponse{Status: "ok", Checks: make(map[string]checkResult, len(checks)), Features: features}
		for name, check := range checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				err := runCheck(ctx, check)
				r := checkResult{Status: "up", LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
				if err != nil {
					r.Status, r.Error = "down", err.Error()
				}
				mu.Lock()
				resp.Checks[name] = r
				if err != nil {
					resp.Status = "degraded"
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		if resp.Status != "ok" {
			return c.JSON(http.StatusServiceUnavailable, resp)
		}
		return c.JSON(http.StatusOK, resp)
	}
}

// runCheck returns when the check does or when ctx ends, whichever is first, so a driver that
// ignores its context cannot hold the answer.
func runCheck(ctx context.Context, check Check) error {
	done := make(chan error, 1)
	go func() { done <- check(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// handleLive answers without touching any dependency: the process serves requests.
func handleLive(instance string) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return c.JSON(http.StatusOK, map[string]string{"status": "ok", "instance": instance})
	}
}
