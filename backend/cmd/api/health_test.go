package main

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// switchProxy forwards TCP to a real server and can take it away in the ways a network does, so
// a test can cut a dependency off from a running API and bring it back.
type switchProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener // nil while refusing
	mode   proxyMode
	conns  map[net.Conn]struct{}
}

// proxyMode is how the proxy treats traffic.
type proxyMode int

const (
	proxyPass   proxyMode = iota // forward both ways
	proxyReset                   // close every connection, accept and close new ones
	proxyRefuse                  // close every connection and the listener: connection refused
	proxyDrop                    // a partition: connections stay open, every byte is dropped
)

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &switchProxy{t: t, ln: ln, addr: ln.Addr().String(), target: target, conns: map[net.Conn]struct{}{}}
	go p.serve(ln)
	t.Cleanup(func() { p.setMode(proxyRefuse) })
	return p
}

func (p *switchProxy) port() int {
	_, port, _ := net.SplitHostPort(p.addr)
	n, _ := strconv.Atoi(port)
	return n
}

func (p *switchProxy) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		switch p.mode {
		case proxyReset:
			p.mu.Unlock()
			c.Close()
			continue
		case proxyDrop: // accepted, never answered
			p.conns[c] = struct{}{}
			p.mu.Unlock()
			go p.pipe(nil, c)
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
		go p.pipe(up, c)
		go p.pipe(c, up)
	}
}

// pipe copies from src to dst while the proxy passes traffic and drops it while partitioned
// (dst nil: always dropped).
func (p *switchProxy) pipe(dst, src net.Conn) {
	defer func() {
		src.Close()
		if dst != nil {
			dst.Close()
		}
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && dst != nil {
			p.mu.Lock()
			drop := p.mode == proxyDrop
			p.mu.Unlock()
			if !drop {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// setMode switches the proxy. Reset and refuse cut every open connection; drop keeps them open
// and silent; pass forwards again (on the same port, re-listening after refuse).
func (p *switchProxy) setMode(m proxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	if m == proxyReset || m == proxyRefuse {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]struct{}{}
	}
	if m == proxyRefuse && p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	if m != proxyRefuse && p.ln == nil {
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			p.t.Errorf("proxy: listen again on %s: %v", p.addr, err)
			return
		}
		p.ln = ln
		go p.serve(ln)
	}
}

// setDown cuts every open connection and refuses new ones (down) or lets them through again.
func (p *switchProxy) setDown(down bool) {
	if down {
		p.setMode(proxyReset)
	} else {
		p.setMode(proxyPass)
	}
}

// redisViaProxy points env's REDIS_URL at a proxy in front of the package's Redis.
func redisViaProxy(t *testing.T, env map[string]string) *switchProxy {
	p := newSwitchProxy(t, testenv.Redis(t).Options().Addr)
	env["REDIS_URL"] = testenv.RedisURLVia(t, net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port())))
	return p
}

// mysqlViaProxy points env's DB_HOST and DB_PORT at a proxy in front of the test database.
func mysqlViaProxy(t *testing.T, env map[string]string) *switchProxy {
	o := testenv.DBOptions(t)
	p := newSwitchProxy(t, net.JoinHostPort(o.Host, strconv.Itoa(o.Port)))
	env["DB_HOST"], env["DB_PORT"] = "127.0.0.1", strconv.Itoa(p.port())
	return p
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
	redisProxy, mysqlProxy := redisViaProxy(t, env), mysqlViaProxy(t, env)
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
