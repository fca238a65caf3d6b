package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// syncBuffer collects the server's log lines while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testEnv is a complete, valid environment pointing at the package's test database.
func testEnv(t *testing.T) map[string]string {
	o := testenv.DBOptions(t)
	return map[string]string{
		"PORT": fmt.Sprint(testenv.FreePort(t)), "APP_ENV": "development",
		"DB_USERNAME": o.User, "DB_PASSWORD": o.Password, "DB_HOST": o.Host,
		"DB_PORT": fmt.Sprint(o.Port), "DB_NAME": o.Name,
		"JWT_SECRET_KEY": "test-secret-test-secret-test-secret!", "REDIS_URL": testenv.RedisURL(t),
		"UPLOADS_DIR": t.TempDir(), "SHUTDOWN_GRACE": "10s", "SHUTDOWN_DRAIN": "0",
		// Generous: concurrency tests queue hundreds of transactions on one row under -race on a
		// shared machine. The outage tests set the short deadline they check.
		"REQUEST_TIMEOUT": "30s",
	}
}

// startServer runs the real program and waits until its liveness route answers.
func startServer(t *testing.T, env map[string]string) (base string, stop func() error, logs *syncBuffer) {
	t.Helper()
	return startServerIn(t, context.Background(), env)
}

// startServerIn is startServer under parent: the server stops when parent ends (a signal
// context stands for main's) or when stop is called.
func startServerIn(t *testing.T, parent context.Context, env map[string]string) (base string, stop func() error, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(parent)
	logs = &syncBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, nil, func(k string) string { return env[k] }, io.Discard, logs) }()
	base = "http://127.0.0.1:" + env["PORT"]
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := apiClient.Get(base + "/api/health/live")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-errc:
			cancel()
			t.Fatalf("server exited early: %v\n%s", err, logs)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not become live\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() { cancel(); runErr = <-errc })
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return base, stop, logs
}

func TestServeHealthAndShutdown(t *testing.T) {
	env := testEnv(t)
	base, stop, logs := startServer(t, env)

	resp, err := apiClient.Get(base + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"mysql":{"status":"up"`) || !strings.Contains(string(body), `"redis":{"status":"up"`) {
		t.Fatalf("health: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Fatal("no X-Request-ID on the response")
	}

	resp, err = apiClient.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "http_requests_total") {
		t.Fatalf("metrics missing http_requests_total: %.300s", body)
	}

	resp, err = apiClient.Get(base + "/api/does-not-exist")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"code":"not_found"`) {
		t.Fatalf("unknown route: %d %s", resp.StatusCode, body)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v after shutdown", err)
	}
	if !strings.Contains(logs.String(), `"request_id"`) {
		t.Fatalf("log lines carry no request_id:\n%s", logs)
	}
	for _, secret := range []string{env["JWT_SECRET_KEY"], env["DB_PASSWORD"]} {
		if secret != "" && strings.Contains(logs.String(), secret) {
			t.Fatal("a secret was logged")
		}
	}
}

func TestConfigErrorNamesTheVariable(t *testing.T) {
	env := map[string]string{"DB_PORT": "abc", "DB_USERNAME": "u", "DB_HOST": "h", "DB_NAME": "n", "JWT_SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:1/0"}
	err := run(context.Background(), nil, func(k string) string { return env[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "DB_PORT") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want one line naming DB_PORT, got %v", err)
	}
}

func TestHealthcheckSubcommand(t *testing.T) {
	env := testEnv(t)
	startServer(t, env)
	getenv := func(k string) string { return env[k] }
	if err := run(context.Background(), []string{"healthcheck"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatalf("healthcheck against a live server: %v", err)
	}
	dead := map[string]string{"PORT": fmt.Sprint(testenv.FreePort(t))}
	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return dead[k] }, io.Discard, io.Discard); err == nil {
		t.Fatal("healthcheck against no server should fail")
	}
}

func loadTestConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
