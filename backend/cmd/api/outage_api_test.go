package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// TestMySQLOutageAnswers503Fast puts MySQL behind a proxy the test controls and cuts it off
// as a partition (every packet dropped) and as a refusing server (listener closed): database
// routes, public and signed-in, answer 503 unavailable with Retry-After within the request
// deadline, and work again once MySQL is back, without a restart.
func TestMySQLOutageAnswers503Fast(t *testing.T) {
	const timeout = 2 * time.Second
	env := testEnv(t)
	env["REQUEST_TIMEOUT"] = timeout.String()
	mysqlProxy := mysqlViaProxy(t, env)
	a := newAPIWith(t, env)
	member := a.createUser(t, auth.RoleMember)
	admin := a.createUser(t, auth.RoleAdmin)

	routes := []struct{ name, path, token string }{
		{"public list", "/api/class-types", ""},
		{"signed-in list", "/api/me/bookings", member.Token},
		{"admin list", "/api/users", admin.Token},
	}
	healthy := func(t *testing.T) {
		t.Helper()
		for _, rt := range routes {
			if r := a.call(t, "GET", rt.path, rt.token, nil); r.Status != http.StatusOK {
				t.Fatalf("%s: want 200, got %d %s", rt.name, r.Status, r.Body)
			}
		}
	}
	healthy(t)
	for _, mode := range []struct {
		name string
		mode proxyMode
	}{{"packets dropped", proxyDrop}, {"connection refused", proxyRefuse}} {
		t.Run(mode.name, func(t *testing.T) {
			mysqlProxy.setMode(mode.mode)
			for _, rt := range routes {
				start := time.Now()
				r := a.call(t, "GET", rt.path, rt.token, nil)
				took := time.Since(start)
				if r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "unavailable" || r.Header.Get("Retry-After") == "" {
					t.Errorf("%s: want 503 unavailable with Retry-After, got %d %v %s", rt.name, r.Status, r.Header.Get("Retry-After"), r.Body)
				}
				if took > timeout+time.Second {
					t.Errorf("%s: answered after %s, deadline %s", rt.name, took, timeout)
				}
			}
			mysqlProxy.setMode(proxyPass)
			deadline := time.Now().Add(15 * time.Second)
			for {
				r := a.call(t, "GET", "/api/class-types", "", nil)
				if r.Status == http.StatusOK {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("mysql back: still %d %s", r.Status, r.Body)
				}
				time.Sleep(200 * time.Millisecond)
			}
			healthy(t)
		})
	}
}

// TestSIGTERMDrains sends the process a real SIGTERM while clients hold kept-alive connections:
// readiness turns 503 at once, every request sent during the drain window (first on the
// kept-alive connections, then on new ones) is answered, and run returns cleanly afterwards.
func TestSIGTERMDrains(t *testing.T) {
	const drain = 2 * time.Second
	env := testEnv(t)
	env["SHUTDOWN_DRAIN"] = drain.String()
	sigCtx, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopSignals()
	base, stop, _ := startServerIn(t, sigCtx, env)

	const clients = 4
	type client struct {
		c      *http.Client
		reused int
	}
	cs := make([]*client, clients)
	get := func(cl *client, p string) (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodGet, base+p, nil)
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) {
				if i.Reused {
					cl.reused++
				}
			}}))
		resp, err := cl.c.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return resp, err
	}
	for i := range cs {
		// No retries by the transport: a request lost on a closing connection must show.
		cs[i] = &client{c: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}}
		if resp, err := get(cs[i], "/api/class-types"); err != nil || resp.StatusCode != 200 {
			t.Fatalf("before: %v %v", resp, err)
		}
	}

	signalled := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-sigCtx.Done()
	time.Sleep(50 * time.Millisecond)
	if code, body, _ := healthOf(t, base); code != http.StatusServiceUnavailable || body["status"] != "draining" {
		t.Fatalf("readiness while draining: want 503 draining, got %d %v", code, body)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	answered := make([]int, clients)
	for i, cl := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(signalled) < drain-500*time.Millisecond {
				resp, err := get(cl, "/api/class-types")
				if err != nil {
					errs <- err
					return
				}
				if resp.StatusCode != http.StatusOK {
					errs <- &statusError{resp.StatusCode}
					return
				}
				if !resp.Close {
					errs <- errNoConnectionClose
				}
				answered[i]++
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("request during the drain window: %v", err)
	}
	for i, cl := range cs {
		if cl.reused == 0 || answered[i] < 2 {
			t.Errorf("client %d: %d answers, %d on a kept-alive connection; want the first on the kept-alive one and more after", i, answered[i], cl.reused)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	if took := time.Since(signalled); took < drain {
		t.Fatalf("server stopped %s after SIGTERM, before the %s drain window ended", took, drain)
	}
	if _, err := http.Get(base + "/api/health/live"); err == nil {
		t.Fatal("the server still accepts connections after shutdown")
	}
}

type statusError struct{ code int }

func (e *statusError) Error() string { return "status " + strconv.Itoa(e.code) }

var errNoConnectionClose = &statusError{0}

// TestSlowUploadIsNotCutByTheDeadline sends an upload more slowly than REQUEST_TIMEOUT: the
// deadline counts the database work after the body, not the client's sending, so it is stored.
func TestSlowUploadIsNotCutByTheDeadline(t *testing.T) {
	env := testEnv(t)
	env["REQUEST_TIMEOUT"] = "1s"
	a := newAPIWith(t, env)
	u := a.createUser(t, auth.RoleMember)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("kind", "avatar")
	fw, _ := mw.CreateFormFile("file", "slow.png")
	fw.Write(pngBytes(t, 64, 64))
	mw.Close()
	pr, pw := io.Pipe()
	go func() { // the body in 4 pieces over 1.5 s
		b := body.Bytes()
		for i := range 4 {
			pw.Write(b[i*len(b)/4 : (i+1)*len(b)/4])
			time.Sleep(500 * time.Millisecond)
		}
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, a.base+"/api/uploads", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+u.Token)
	start := time.Now()
	r := do(t, req)
	if r.Status != http.StatusCreated || time.Since(start) < time.Second {
		t.Fatalf("slow upload: want 201 after more than the 1s deadline, got %d after %s: %s", r.Status, time.Since(start), r.Body)
	}
}
