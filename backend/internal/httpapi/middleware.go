package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey struct{}

const requestIDHeader = "X-Request-ID"

// requestIDMiddleware takes a sane incoming X-Request-ID (from the proxy) or makes one, echoes it
// and puts it in the request context so every log line carries it.
func requestIDMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(requestIDHeader)
		if id == "" || len(id) > 128 {
			id = uuid.NewString()
		}
		c.Response().Header().Set(requestIDHeader, id)
		ctx := context.WithValue(c.Request().Context(), ctxKey{}, id)
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

func requestID(c echo.Context) string {
	id, _ := c.Request().Context().Value(ctxKey{}).(string)
	return id
}

// ContextHandler adds the request ID found in the context to every slog record.
type ContextHandler struct{ slog.Handler }

// Handle implements slog.Handler.
func (h ContextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := ctx.Value(ctxKey{}).(string); ok {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h ContextHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return ContextHandler{h.Handler.WithAttrs(a)}
}

// WithGroup implements slog.Handler.
func (h ContextHandler) WithGroup(name string) slog.Handler {
	return ContextHandler{h.Handler.WithGroup(name)}
}

// deadline bounds each request's work on MySQL and Redis: both clients honour the request
// context, so a dependency that does not answer costs at most timeout, and the error handler
// turns the expired context into 503 unavailable. Uploads are skipped: their deadline must not
// count the time a slow client takes to send the file, so the upload handler starts its own
// once the body is read (upload.HandleCreate); the guard bounds its own account check.
func deadline(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isUploadRoute(c) {
				return next(c)
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), timeout)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// closeWhileDraining asks clients to close their keep-alive connection after each answer once
// the server drains (see Deps.Draining): they reconnect, through the load balancer, to a
// replica that stays, instead of finding this connection closed under them later.
func closeWhileDraining(draining *atomic.Bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if draining.Load() {
				c.Response().Header().Set(echo.HeaderConnection, "close")
			}
			return next(c)
		}
	}
}

// recoverMiddleware turns a panic into a logged 500 without a stack trace in the response.
func recoverMiddleware(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					log.ErrorContext(c.Request().Context(), "panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}

// metrics are the Prometheus series the API exposes at /metrics.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inflight prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight", Help: "HTTP requests being served.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.inflight)
	return m
}

// slowRequest is the duration from which a successful request is logged at warn level.
const slowRequest = time.Second

// observe records each request's metrics and logs it as one structured line: at debug level when
// it succeeded quickly (the proxy's access log already has every request, with its request ID;
// LOG_LEVEL=debug shows them here too), info for a 4xx, warn when slow, error for a 5xx. The
// route label is the route template, never the raw path, so IDs cannot blow up the series count.
func observe(log *slog.Logger, m *metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			m.inflight.Inc()
			err := next(c)
			m.inflight.Dec()
			if err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			elapsed := time.Since(start)
			m.requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(status)).Inc()
			m.duration.WithLabelValues(route, c.Request().Method).Observe(elapsed.Seconds())
			level := requestLogLevel(status, elapsed)
			if !log.Enabled(c.Request().Context(), level) {
				return nil
			}
			log.Log(c.Request().Context(), level, "request",
				"method", c.Request().Method, "route", route, "path", c.Request().URL.Path,
				"status", status, "duration_ms", float64(elapsed.Microseconds())/1000,
				"bytes", c.Response().Size, "remote_ip", c.RealIP())
			return nil
		}
	}
}

// requestLogLevel is the level of a request's log line (see observe).
func requestLogLevel(status int, elapsed time.Duration) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case elapsed >= slowRequest:
		return slog.LevelWarn
	case status >= 400:
		return slog.LevelInfo
	default:
		return slog.LevelDebug
	}
}
