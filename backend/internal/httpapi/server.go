// Package httpapi is the HTTP layer: the server, every route with its role guard (routes.go),
// middleware and the one place that maps errors to HTTP answers.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/cache"
	"github.com/trainingclub/platform/backend/internal/platform/database"
)

// Deps is everything the HTTP layer needs, built by main.
type Deps struct {
	Log       *slog.Logger
	DB        *gorm.DB
	Redis     *redis.Client
	Guard     *auth.Guard // every authenticated route (see routes.go)
	Instance  string
	BodyLimit string // e.g. "1M"; routes with uploads set their own limit
	// RequestTimeout bounds every request's work on MySQL and Redis (default 5 s).
	RequestTimeout time.Duration
	// Draining is set by main on SIGTERM: readiness answers 503 and every answer closes its
	// connection, while requests are still served.
	Draining *atomic.Bool

	// Collectors are extra metrics (mail delivery) shown in /metrics.
	Collectors []prometheus.Collector
	// Features are shown on the health page, e.g. {"mail": "off"} without SMTP_URL; they never
	// make it degraded.
	Features map[string]string

	Services
}

// NewServer builds the Echo instance with middleware and every route.
func NewServer(d Deps) (*echo.Echo, error) {
	if d.Instance == "" {
		d.Instance, _ = os.Hostname()
	}
	if d.BodyLimit == "" {
		d.BodyLimit = "1M"
	}
	if d.RequestTimeout <= 0 {
		d.RequestTimeout = 5 * time.Second
	}
	if d.Draining == nil {
		d.Draining = new(atomic.Bool)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(d.Log)
	e.IPExtractor = echo.ExtractIPFromXFFHeader(echo.TrustLoopback(true), echo.TrustPrivateNet(true))

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(d.Collectors...)
	m := newMetrics(reg)

	e.Use(requestIDMiddleware, observe(d.Log, m), recoverMiddleware(d.Log), closeWhileDraining(d.Draining), deadline(d.RequestTimeout))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit:   d.BodyLimit,
		Skipper: func(c echo.Context) bool { return isUploadRoute(c) },
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ReferrerPolicy: "no-referrer",
	}))

	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	checks := map[string]Check{
		"mysql": func(ctx context.Context) error { return database.Ping(ctx, d.DB) },
		"redis": func(ctx context.Context) error { return cache.Ping(ctx, d.Redis) },
	}
	openapi, err := handleOpenAPI()
	if err != nil {
		return nil, err
	}
	e.GET("/api/health", handleHealth(checks, d.Features, d.Draining))
	e.GET("/api/health/live", handleLive(d.Instance))
	e.GET("/api/openapi.json", openapi)
	if d.Audit != nil {
		e.Use(audit.RecordChanges(d.Audit, d.Log))
	}
	addRoutes(e, d)
	e.RouteNotFound("/*", func(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound, "no such route") })
	return e, nil
}

// isUploadRoute lets upload routes enforce their own, larger limit.
func isUploadRoute(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == uploadRoute
}
