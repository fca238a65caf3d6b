// Package cache opens Redis (go-redis v9) with timeouts that keep a dead server from hanging
// requests.
package cache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trainingclub/platform/backend/internal/platform/netfail"
)

// Open parses a redis:// or rediss:// URL and returns a client. It does not ping.
func Open(url string) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("parse REDIS_URL: %w", err)
	}
	opts.DialTimeout = 2 * time.Second
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	opts.PoolTimeout = 3 * time.Second
	opts.MaxRetries = 1
	// Requests carry a deadline (REQUEST_TIMEOUT); without this go-redis would wait for its own
	// read timeout instead of the request's.
	opts.ContextTimeoutEnabled = true
	return redis.NewClient(opts), nil
}

// IsUnavailable reports whether err means Redis is unreachable, refusing, partitioned, too slow
// for the request's deadline, or not ready to serve (loading, failing over): an outage to answer
// with 503, not a bug.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) {
		return false
	}
	if netfail.Is(err) || errors.Is(err, redis.ErrPoolTimeout) || errors.Is(err, redis.ErrClosed) {
		return true
	}
	var re redis.Error // a reply from the server, possibly wrapped
	if !errors.As(err, &re) {
		return false
	}
	for _, prefix := range []string{"LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN"} {
		if strings.HasPrefix(re.Error(), prefix) {
			return true
		}
	}
	return false
}

// Ping checks Redis answers within ctx.
func Ping(ctx context.Context, rdb *redis.Client) error {
	return rdb.Ping(ctx).Err()
}
