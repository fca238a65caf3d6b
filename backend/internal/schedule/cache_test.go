package schedule

import (
	"bytes"
	"context"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestViewCacheSingleFlight: 32 callers asking for a view that is not built yet (or no longer
// current) cause one build, and all get its result; the next call is served from memory.
func TestViewCacheSingleFlight(t *testing.T) {
	c := newViewCache(testenv.Redis(t), testenv.Log)
	ctx := context.Background()
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(context.Context) ([]byte, error) {
		builds.Add(1)
		<-release
		return bytes.Repeat([]byte(`{"a":1}`), 200), nil
	}
	for round := 1; round <= 2; round++ {
		var wg sync.WaitGroup
		views := make([]*View, 32)
		for i := range views {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := c.view(ctx, "q", build)
				if err != nil {
					t.Error(err)
				}
				views[i] = v
			}()
		}
		time.Sleep(50 * time.Millisecond) // let them all queue behind the one build
		close(release)
		wg.Wait()
		if n := builds.Load(); n != int32(round) {
			t.Fatalf("round %d: %d builds, want %d", round, n, round)
		}
		for _, v := range views {
			if v != views[0] {
				t.Fatal("callers got different views")
			}
		}
		if v, _ := c.view(ctx, "q", build); v != views[0] || builds.Load() != int32(round) {
			t.Fatal("a current view was built again")
		}
		release = make(chan struct{})
		c.bump(ctx) // the next round must rebuild
	}
}

// TestViewGzipMatchesPlain: the kept gzip bytes decode to the plain body, and the two
// representations have different strong ETags.
func TestViewGzipMatchesPlain(t *testing.T) {
	body := bytes.Repeat([]byte(`{"id":1,"room":"Studio"},`), 100)
	v, err := newView(body, 1)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(v.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("gzip body differs from plain: %v", err)
	}
	if v.ETag == v.GzipETag || v.ETag[0] != '"' || len(v.Gzip) >= len(body) {
		t.Fatalf("validators %s %s, %d gzip bytes", v.ETag, v.GzipETag, len(v.Gzip))
	}
	if small, _ := newView([]byte(`{}`), 1); small.Gzip != nil {
		t.Fatal("a tiny body was compressed")
	}
}
