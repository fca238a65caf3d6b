package pipeline

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// freePort asks the kernel for a port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runHealthcheck runs a health-check command as the engine does: through sh,
// with none of the service's (secret) variables in its environment.
func runHealthcheck(t *testing.T, cmd string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	return c.Run()
}

func requireTool(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if testing.Short() {
				t.Skipf("%s not installed (-short)", n)
			}
			t.Fatalf("%s is not installed: apt-get install mariadb-client redis-server (scripts/services.sh)", n)
		}
	}
}

// The engine's Redis requires a password and health checks get no secrets:
// the check must pass on a password-protected server and fail on a dead one.
func TestRedisHealthcheckNeedsNoPassword(t *testing.T) {
	requireTool(t, "redis-server", "redis-cli")
	port := freePort(t)
	srv := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--requirepass", "s3cret-"+strconv.Itoa(port), "--save", "", "--appendonly", "no")
	var log bytes.Buffer
	srv.Stdout, srv.Stderr = &log, &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })

	cmd := RedisHealthcheck(port)
	deadline := time.Now().Add(10 * time.Second)
	for runHealthcheck(t, cmd) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("%q never passed against a password-protected redis on %d:\n%s", cmd, port, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := runHealthcheck(t, RedisHealthcheck(freePort(t))); err == nil {
		t.Fatal("the redis health check passed with no server listening")
	}
}

// The MySQL check runs without MYSQL_PWD (the root password is a secret): a
// server that denies the login is up; no server at all is not.
func TestMySQLHealthcheckNeedsNoPassword(t *testing.T) {
	requireTool(t, "mysqladmin")
	// Any MySQL-compatible server will do: the check logs in with no credentials.
	addr := "127.0.0.1:3306"
	if dsn := os.Getenv("TEST_MYSQL_DSN"); strings.Contains(dsn, "tcp(") {
		addr = dsn[strings.Index(dsn, "tcp(")+4:]
		addr = addr[:strings.Index(addr, ")")]
	}
	if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err != nil {
		if testing.Short() {
			t.Skipf("no MySQL-compatible server at %s (-short)", addr)
		}
		t.Fatalf("no MySQL-compatible server at %s (scripts/services.sh starts one; TEST_MYSQL_DSN names another): %v", addr, err)
	} else {
		c.Close()
	}
	_, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("server address %q: %v", addr, err)
	}
	port, _ := strconv.Atoi(portText)
	if err := runHealthcheck(t, MySQLHealthcheck(port)); err != nil {
		t.Fatalf("%q failed against the server of TEST_MYSQL_DSN: %v", MySQLHealthcheck(port), err)
	}
	if err := runHealthcheck(t, MySQLHealthcheck(freePort(t))); err == nil {
		t.Fatal("the mysql health check passed with no server listening")
	}
}

func TestLedgerKey(t *testing.T) {
	a, b := LedgerKey("backend", "id-1"), LedgerKey("backend", "id-2")
	if a == b || !strings.HasPrefix(a, "backend-") || a != LedgerKey("backend", "id-1") {
		t.Fatalf("keys must be stable per input and differ across inputs: %q %q", a, b)
	}
	if strings.ContainsAny(a, "/ ") {
		t.Fatalf("key %q is not a plain file name", a)
	}
}

func TestELFArch(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header := make([]byte, 20)
	if _, err := f.Read(header); err != nil {
		t.Fatal(err)
	}
	got, err := ELFArch(header)
	if err != nil {
		t.Fatal(err)
	}
	if want := runtime.GOARCH; got != want {
		t.Fatalf("ELFArch(test binary) = %s, want %s", got, want)
	}
	arm64 := append([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, make([]byte, 12)...)
	arm64[18] = 0xb7 // EM_AARCH64, little endian
	if got, err := ELFArch(arm64); err != nil || got != "arm64" {
		t.Fatalf("arm64 header: %s, %v", got, err)
	}
	for _, bad := range [][]byte{nil, []byte("#!/bin/sh\necho hi\n12345"), arm64[:10]} {
		if _, err := ELFArch(bad); err == nil {
			t.Fatalf("ELFArch(%q) accepted a non-ELF header", bad)
		}
	}
}
