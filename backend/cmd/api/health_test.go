package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// switchProxy forwards TCP to a real server and can cut it off, so a test can take a dependency
// away from a running API and bring it back.
type switchProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]struct{}
}

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &switchProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	return p
}

func (p *switchProxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

func (p *switchProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		up, err := net.DialTimeout("tcp", p.target, time.Second)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close(); c.Close() }()
		go func() { io.Copy(c, up); up.Close(); c.Close() }()
	}
}

// setDown cuts every open connection and refuses new ones (down) or lets them through again.
func (p *switchProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]struct{}{}
	}
}

func healthOf(t *testing.T, base string) (int, map[string]any, time.Duration) {
	t.Helper()
	start := time.Now()
	resp, err := apiClient.Get(base + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, time.Since(start)
}

// TestHealthFollowsDependencies takes Redis, then MySQL, away from a running server and back:
// /api/health answers 503 within 2 s while one is gone and 200 again without a restart.
func TestHealthFollowsDependencies(t *testing.T) {
	env := testEnv(t)
	rdbAddr := testenv.Redis(t).Options().Addr
	redisProxy := newSwitchProxy(t, rdbAddr)
	env["REDIS_URL"] = testenv.RedisURLVia(t, net.JoinHostPort("127.0.0.1", strconv.Itoa(redisProxy.port())))
	o := testenv.DBOptions(t)
	mysqlProxy := newSwitchProxy(t, net.JoinHostPort(o.Host, strconv.Itoa(o.Port)))
	env["DB_HOST"], env["DB_PORT"] = "127.0.0.1", strconv.Itoa(mysqlProxy.port())
	base, _, _ := startServer(t, env)

	for _, dep := range []struct {
		name  string
		proxy *switchProxy
	}{{"redis", redisProxy}, {"mysql", mysqlProxy}} {
		t.Run(dep.name, func(t *testing.T) {
			if code, body, _ := healthOf(t, base); code != http.StatusOK {
				t.Fatalf("before: want 200, got %d %v", code, body)
			}
			dep.proxy.setDown(true)
			code, body, took := healthOf(t, base)
			if code != http.StatusServiceUnavailable {
				t.Fatalf("%s down: want 503, got %d %v", dep.name, code, body)
			}
			if took > 2*time.Second {
				t.Fatalf("%s down: answer took %s, want < 2s", dep.name, took)
			}
			checks := body["checks"].(map[string]any)
			if checks[dep.name].(map[string]any)["status"] != "down" {
				t.Fatalf("%s not reported down: %v", dep.name, body)
			}
			dep.proxy.setDown(false)
			deadline := time.Now().Add(10 * time.Second)
			for {
				code, body, _ = healthOf(t, base)
				if code == http.StatusOK {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s back: still %d %v", dep.name, code, body)
				}
				time.Sleep(200 * time.Millisecond)
			}
		})
	}
}

// blackhole accepts TCP connections and never answers: a dependency that hangs.
func blackhole(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// TestShutdownFinishesInFlightRequests stops the server while a slow request is being served:
// the request completes with its answer and run returns nil afterwards.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	env := testEnv(t)
	// Redis that hangs makes /api/health wait for its 1.5 s deadline: a slow request.
	env["REDIS_URL"] = "redis://127.0.0.1:" + strconv.Itoa(blackhole(t)) + "/0"
	base, stop, _ := startServer(t, env)

	type result struct {
		code int
		took time.Duration
		err  error
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		resp, err := apiClient.Get(base + "/api/health")
		if err != nil {
			done <- result{err: err}
			return
		}
		resp.Body.Close()
		done <- result{code: resp.StatusCode, took: time.Since(start)}
	}()
	time.Sleep(200 * time.Millisecond) // the request is now waiting on Redis
	stopped := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	r := <-done
	if r.err != nil || r.code != http.StatusServiceUnavailable {
		t.Fatalf("in-flight request did not complete with its answer: %+v", r)
	}
	if r.took < time.Second {
		t.Fatalf("request took %s: it was not in flight during shutdown", r.took)
	}
	if since := time.Since(stopped); since < time.Second {
		t.Fatalf("run returned after %s, before the in-flight request could finish", since)
	}
}
