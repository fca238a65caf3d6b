package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestDebugListener: with DEBUG_ADDR the profiles answer on that loopback address only; the API
// port never serves them.
func TestDebugListener(t *testing.T) {
	env := testEnv(t)
	env["DEBUG_ADDR"] = testenv.FreeAddr(t)
	base, _, _ := startServer(t, env)
	resp, err := http.Get("http://" + env["DEBUG_ADDR"] + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("debug listener: %d %.200s", resp.StatusCode, body)
	}
	resp, err = http.Get(base + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("API port serves /debug/pprof/: %d", resp.StatusCode)
	}
}
