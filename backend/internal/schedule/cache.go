package schedule

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/trainingclub/platform/backend/internal/web"
)

// The week view is served from process memory. Every write that changes what the view shows
// INCRs a schedule version in Redis after its commit; each process learns the version by
// reading it at most once every checkEvery (one request does, the others go on with the version
// it knew), so a cached answer costs no Redis round trip. A view is reused only while it was
// built at the current version.
//
// Bound: a write committed on any replica is visible on every replica within checkEvery plus
// one Redis round trip (about 100 ms; always under 1 s while Redis answers). On the replica that
// made the write it is visible at once (its bump stores the new version locally).
//
// When Redis does not answer, the version cannot be trusted: views are then built from MySQL on
// every request (one build per query at a time) and not kept; a bump that failed clears this
// process's views, and maxAge bounds how long another replica may show a view that missed it.
const (
	versionKey   = "schedule:version"
	checkEvery   = 100 * time.Millisecond
	maxAge       = 60 * time.Second
	maxViews     = 1024 // distinct queries kept per process
	buildTimeout = 5 * time.Second
	gzipMinSize  = 512 // smaller bodies are sent plain
)

// View is one built week view page: the JSON body, its gzip encoding made once when it was
// built, and a strong ETag for each representation.
type View struct {
	web.Cached
	version int64
	built   time.Time
}

// newView encodes body and derives the validators.
func newView(body []byte, version int64) (*View, error) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	v := &View{Cached: web.Cached{Plain: body, ETag: `"` + tag + `"`}, version: version, built: time.Now()}
	if len(body) >= gzipMinSize {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		if err != nil {
			return nil, err
		}
		if _, err := zw.Write(body); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		// A strong validator names one representation: the gzip bytes get their own.
		v.Gzip, v.GzipETag = buf.Bytes(), `"`+tag+`-gz"`
	}
	return v, nil
}

type viewCache struct {
	rdb *redis.Client
	log *slog.Logger

	version  atomic.Int64 // the schedule version last learned
	checked  atomic.Int64 // when the last version check started (UnixNano)
	checking atomic.Bool  // a version check is under way
	trusted  atomic.Bool  // the last version check (or bump) succeeded

	mu     sync.RWMutex
	views  map[string]*View
	builds singleflight.Group
}

func newViewCache(rdb *redis.Client, log *slog.Logger) *viewCache {
	return &viewCache{rdb: rdb, log: log, views: map[string]*View{}}
}

// current returns the schedule version to serve and whether it can be trusted. At most one
// caller at a time, and at most once per checkEvery, asks Redis; only the very first callers
// of a process all wait for that answer.
func (c *viewCache) current(ctx context.Context) (int64, bool) {
	now := time.Now().UnixNano()
	last := c.checked.Load()
	switch {
	case last == 0:
		_, _, _ = c.builds.Do("\x00version", func() (any, error) { c.check(ctx, now); return nil, nil })
	case time.Duration(now-last) >= checkEvery && c.checking.CompareAndSwap(false, true):
		c.check(ctx, now)
		c.checking.Store(false)
	}
	return c.version.Load(), c.trusted.Load()
}

// check reads the version from Redis. It records when it started only once it is done, so the
// first callers of a process all wait for the first answer.
func (c *viewCache) check(ctx context.Context, now int64) {
	defer c.checked.Store(now)
	known := c.version.Load()
	v, err := c.rdb.Get(ctx, versionKey).Int64()
	if errors.Is(err, redis.Nil) {
		v, err = 0, nil
	}
	if err != nil {
		if c.trusted.Swap(false) {
			c.log.WarnContext(ctx, "schedule version unavailable; building week views from the database", "error", err.Error())
		}
		return
	}
	// A bump made here while we asked has already stored a newer version: keep that one.
	c.version.CompareAndSwap(known, v)
	c.trusted.Store(true)
}

// view returns the view of query key, built by build when the kept one is not current. One
// build per query and version runs at a time; concurrent callers share its result.
func (c *viewCache) view(ctx context.Context, key string, build func(ctx context.Context) ([]byte, error)) (*View, error) {
	ver, trusted := c.current(ctx)
	if trusted {
		c.mu.RLock()
		v := c.views[key]
		c.mu.RUnlock()
		if v != nil && v.version == ver && time.Since(v.built) < maxAge {
			return v, nil
		}
	}
	flight := key
	if !trusted {
		flight += "@untrusted"
	}
	out, err, _ := c.builds.Do(flight, func() (any, error) {
		// Detached from the first caller's cancellation: the others wait for the same build.
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), buildTimeout)
		defer cancel()
		body, err := build(bctx)
		if err != nil {
			return nil, err
		}
		v, err := newView(body, ver)
		if err != nil {
			return nil, err
		}
		if trusted {
			c.keep(key, v)
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*View), nil
}

// keep stores v, evicting views of older versions (or any one) when the map is full.
func (c *viewCache) keep(key string, v *View) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.views) >= maxViews {
		for k, old := range c.views {
			if old.version != v.version {
				delete(c.views, k)
			}
		}
		for k := range c.views {
			if len(c.views) < maxViews {
				break
			}
			delete(c.views, k)
		}
	}
	c.views[key] = v
}

// bump invalidates every cached view, on every replica. It runs after the write committed; a
// failure is logged (and this process's views are dropped) rather than failing a write that
// already happened.
func (c *viewCache) bump(ctx context.Context) {
	v, err := c.rdb.Incr(context.WithoutCancel(ctx), versionKey).Result()
	if err != nil {
		c.log.ErrorContext(ctx, "schedule cache invalidation failed", "error", err.Error())
		c.mu.Lock()
		c.views = map[string]*View{}
		c.mu.Unlock()
		return
	}
	// Concurrent bumps may return out of order: keep the highest (a reset of the key is
	// picked up by the next check).
	for known := c.version.Load(); v > known && !c.version.CompareAndSwap(known, v); known = c.version.Load() {
	}
}
