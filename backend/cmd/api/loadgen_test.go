package main

// The read load of BenchmarkReport: wrk when it is on PATH (an outside process, as the issue's
// measurements were taken), otherwise a closed-loop Go driver with the same concurrency.

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	loadConns   = 32
	loadThreads = 2
)

func readDriver() string {
	if _, err := exec.LookPath("wrk"); err == nil {
		return fmt.Sprintf("wrk -t%d -c%d", loadThreads, loadConns)
	}
	return fmt.Sprintf("in-process Go driver, %d connections", loadConns)
}

// loadRead drives GET url (with Accept-Encoding enc when set) for dur and reports its figures.
func loadRead(b *testing.B, name, url, enc string, size int, dur time.Duration) result {
	b.Helper()
	var r result
	var err error
	if _, lookErr := exec.LookPath("wrk"); lookErr == nil {
		r, err = wrk(url, enc, dur)
	} else {
		r, err = goLoad(url, enc, dur)
	}
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	r.name, r.bytes = name, size
	return r
}

// wrk runs wrk against url and parses its Requests/sec and latency distribution.
func wrk(url, enc string, dur time.Duration) (result, error) {
	args := []string{fmt.Sprintf("-t%d", loadThreads), fmt.Sprintf("-c%d", loadConns), fmt.Sprintf("-d%ds", int(dur.Seconds())), "--latency"}
	if enc != "" {
		args = append(args, "-H", "Accept-Encoding: "+enc)
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	var r result
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.reqPerS, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50, err = parseWrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99, err = parseWrkDuration(f[1])
		case len(f) > 2 && f[0] == "Non-2xx":
			return result{}, fmt.Errorf("wrk saw errors: %s", out)
		}
		if err != nil {
			return result{}, err
		}
	}
	if r.reqPerS == 0 || r.p99 == 0 {
		return result{}, fmt.Errorf("cannot parse wrk output: %s", out)
	}
	return r, nil
}

// parseWrkDuration reads wrk's "1.23ms", "456.00us", "1.20s".
func parseWrkDuration(s string) (time.Duration, error) {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second}} {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u.suffix), 64)
			return time.Duration(v * float64(u.unit)), err
		}
	}
	return 0, fmt.Errorf("wrk duration %q", s)
}

// goLoad is the fallback driver: loadConns clients, each on its own kept-alive connection,
// sending GETs back to back for dur.
func goLoad(url, enc string, dur time.Duration) (result, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadConns, MaxConnsPerHost: loadConns, DisableCompression: true}}
	lats := make([][]time.Duration, loadConns)
	errs := make([]error, loadConns)
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range lats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				if enc != "" {
					req.Header.Set("Accept-Encoding", enc)
				}
				t0 := time.Now()
				if err := benchDo(client, req, http.StatusOK); err != nil {
					errs[i] = err
					return
				}
				lats[i] = append(lats[i], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for i := range lats {
		if errs[i] != nil {
			return result{}, errs[i]
		}
		all = append(all, lats[i]...)
	}
	r := percentiles(all)
	r.reqPerS = float64(len(all)) / elapsed.Seconds()
	return r, nil
}
