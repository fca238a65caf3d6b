package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

// The week view is cached per query under a key that contains the schedule version. Every write
// that changes what the view shows INCRs the version after its commit, so all cached answers
// become unreachable at once, on every replica, in O(1). The TTL only bounds how long an
// orphaned key (or a missed bump while Redis was away) lives.
const (
	versionKey = "schedule:version"
	cacheTTL   = 60 * time.Second
)

type viewCache struct {
	rdb *redis.Client
	log *slog.Logger
}

// key returns the cache key for query q at the current version.
func (c viewCache) key(ctx context.Context, q string) (string, error) {
	v, err := c.rdb.Get(ctx, versionKey).Int64()
	if err != nil && err != redis.Nil {
		return "", err
	}
	return fmt.Sprintf("schedule:v%d:%s", v, q), nil
}

func (c viewCache) get(ctx context.Context, key string) ([]byte, bool) {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		if err != redis.Nil {
			c.log.WarnContext(ctx, "schedule cache read failed", "error", err.Error())
		}
		return nil, false
	}
	return b, true
}

func (c viewCache) set(ctx context.Context, key string, b []byte) {
	if err := c.rdb.Set(ctx, key, b, cacheTTL).Err(); err != nil {
		c.log.WarnContext(ctx, "schedule cache write failed", "error", err.Error())
	}
}

// bump invalidates every cached view. It runs after the write committed; a failure is logged
// (the TTL then bounds staleness) rather than failing a write that already happened.
func (c viewCache) bump(ctx context.Context) {
	if err := c.rdb.Incr(context.WithoutCancel(ctx), versionKey).Err(); err != nil {
		c.log.ErrorContext(ctx, "schedule cache invalidation failed", "error", err.Error())
	}
}
