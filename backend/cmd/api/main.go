// Command api is the Training Club API server.
//
//	api                 serve on $PORT (default 5000)
//	api migrate         apply pending database migrations and exit (also: migrate up)
//	api migrate status  show the recorded version and each migration, applied or pending
//	api migrate force N record version N as applied and clean, running nothing (after a failed
//	                    migration was finished or undone by hand; -1 = nothing applied)
//	api create-admin    create the first admin or promote an account (see createAdmin)
//	api seed            load development sample data (see seed)
//	api healthcheck     probe the local server's liveness route; exit 0 or 1 (for images without curl)
//	api openapi         print the OpenAPI document
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/httpapi"
	"github.com/trainingclub/platform/backend/internal/platform/cache"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/migrations"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(1)
	}
}

// run is the whole program; tests call it to start the real server.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "healthcheck":
		return healthcheck(ctx, getenv)
	case "openapi":
		doc, err := httpapi.OpenAPIDocument()
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	case "version":
		_, err := fmt.Fprintln(stdout, version)
		return err
	}

	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log, args, stdout)
	case "create-admin":
		return createAdmin(ctx, cfg, log, args, stdout)
	case "seed":
		return seed(ctx, cfg, log, args, stdout)
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, create-admin, seed, healthcheck, openapi, version)", cmd)
	}
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(httpapi.ContextHandler{Handler: h}).With("service", "api", "version", version)
}

func migrate(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	m, err := database.NewMigrator(dbOptions(cfg), migrations.FS, log)
	if err != nil {
		return err
	}
	defer m.Close()
	sub := "up"
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch {
	case sub == "up" && len(args) == 0:
		applied, err := m.Up(ctx)
		if err != nil {
			return err
		}
		log.Info("migrations done", "applied", len(applied))
		return nil
	case sub == "status" && len(args) == 0:
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		return printMigrationStatus(stdout, st)
	case sub == "force" && len(args) == 1:
		v, err := strconv.Atoi(args[0])
		if err != nil {
			return fmt.Errorf("migrate force: version %q is not a number", args[0])
		}
		return m.Force(ctx, v)
	default:
		return fmt.Errorf("usage: api migrate [up | status | force VERSION]")
	}
}

func printMigrationStatus(w io.Writer, st database.Status) error {
	state := "clean"
	if st.Dirty {
		state = "DIRTY: the last migration failed part way; see `api migrate` for what to do"
	}
	if _, err := fmt.Fprintf(w, "version %d (%s), %d pending\n", st.Version, state, st.Pending()); err != nil {
		return err
	}
	for _, m := range st.Migrations {
		mark := "pending"
		switch {
		case m.Applied:
			mark = "applied"
		case st.Dirty && m.Version == st.Version:
			mark = "DIRTY"
		}
		if _, err := fmt.Fprintf(w, "%-8s %04d_%s\n", mark, m.Version, m.Name); err != nil {
			return err
		}
	}
	return nil
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	db, rdb, err := openStores(cfg, log)
	if err != nil {
		return err
	}
	defer rdb.Close()
	if cfg.MigrateOnStart {
		if _, err := database.Migrate(ctx, dbOptions(cfg), migrations.FS, log); err != nil {
			return fmt.Errorf("migrate on start: %w", err)
		}
	}
	app, err := wire(cfg, log, db, rdb)
	if err != nil {
		return err
	}
	defer app.close()

	srv := &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(cfg.Port)),
		Handler:           app.server,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", srv.Addr, "env", cfg.Env)
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("listen: %w", err)
	case <-ctx.Done():
	}
	// Drain: readiness turns 503 and answers close their connections, but the listener stays
	// open and every request is still served for ShutdownDrain, the time load balancers (the
	// proxy's health checks, Kubernetes endpoints) need to stop sending here. Then Shutdown
	// stops accepting, closes idle keep-alive connections and waits for what is in flight.
	app.draining.Store(true)
	log.Info("draining: readiness is 503, still serving", "drain", cfg.ShutdownDrain.String())
	time.Sleep(cfg.ShutdownDrain)
	log.Info("shutting down: finishing in-flight requests", "grace", cfg.ShutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// openStores opens the database and Redis for commands that run the domains (serve, seed); the
// caller closes the Redis client.
func openStores(cfg config.Config, log *slog.Logger) (*gorm.DB, *redis.Client, error) {
	db, err := openDatabase(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	rdb, err := cache.Open(cfg.RedisURL.Reveal())
	if err != nil {
		return nil, nil, err
	}
	return db, rdb, nil
}

func openDatabase(cfg config.Config, log *slog.Logger) (*gorm.DB, error) {
	return database.Open(dbOptions(cfg), log)
}

func dbOptions(cfg config.Config) database.Options {
	return database.Options{
		User: cfg.DB.User, Password: cfg.DB.Password.Reveal(), Host: cfg.DB.Host, Port: cfg.DB.Port,
		Name: cfg.DB.Name, MaxOpen: cfg.DB.MaxOpen, MaxIdle: cfg.DB.MaxIdle, MaxLifetime: cfg.DB.MaxLife,
	}
}

// healthcheck probes the liveness route of the server on $PORT: images without curl use it.
func healthcheck(ctx context.Context, getenv func(string) string) error {
	port := getenv("PORT")
	if port == "" {
		port = "5000"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/api/health/live", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}
