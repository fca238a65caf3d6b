package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// Rule is a fixed-window limit: at most Limit hits per Window. A zero Limit disables the rule.
type Rule struct {
	Limit  int
	Window time.Duration
}

// Limits are the rate limits of the account routes.
type Limits struct {
	RegisterPerIP    Rule // registrations per client IP
	LoginPerIP       Rule // login attempts per client IP
	RefreshPerIP     Rule // refreshes per client IP
	LoginPerAccount  Rule // failed logins per email address (reset by a successful login)
	ForgotPerIP      Rule // password-reset requests and resets per client IP
	ForgotPerAccount Rule // reset mails and verification resends per address
}

// DefaultLimits are the production limits.
func DefaultLimits() Limits {
	return Limits{
		RegisterPerIP:    Rule{Limit: 20, Window: time.Minute},
		LoginPerIP:       Rule{Limit: 20, Window: time.Minute},
		RefreshPerIP:     Rule{Limit: 60, Window: time.Minute},
		LoginPerAccount:  Rule{Limit: 5, Window: 15 * time.Minute},
		ForgotPerIP:      Rule{Limit: 10, Window: time.Minute},
		ForgotPerAccount: Rule{Limit: 3, Window: time.Hour},
	}
}

// Limiter counts hits in Redis, so a limit holds across every replica of the API.
type Limiter struct {
	rdb    *redis.Client
	prefix string
}

// NewLimiter creates a limiter whose keys start with "auth:rl:".
func NewLimiter(rdb *redis.Client) *Limiter { return &Limiter{rdb: rdb, prefix: "auth:rl:"} }

// hitScript increments the window's counter, starting the window on the first hit, and returns
// the count and the milliseconds left in the window. One script, so the counter can never be
// left without an expiry.
var hitScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`)

// ErrRateLimited is returned when a limit is exceeded; the handler adds Retry-After.
var ErrRateLimited = apperr.New(apperr.KindRateLimited, "rate_limited", "too many attempts; try again later")

// RateLimitError carries how long the caller must wait.
type RateLimitError struct {
	Err        *apperr.Error
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string { return e.Err.Error() }

// Unwrap lets errors.As find the *apperr.Error for the error handler.
func (e *RateLimitError) Unwrap() error { return e.Err }

// RetryAfterSeconds rounds the wait up to whole seconds (at least 1), as Retry-After wants.
func (e *RateLimitError) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(e.RetryAfter.Seconds())))
}

// Hit counts one attempt against key under rule and returns a *RateLimitError when the limit is
// exceeded. Redis errors are returned as unavailable: without the limiter we do not let
// password guesses through.
func (l *Limiter) Hit(ctx context.Context, key string, rule Rule) error {
	if rule.Limit <= 0 {
		return nil
	}
	res, err := hitScript.Run(ctx, l.rdb, []string{l.prefix + key}, rule.Window.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		return apperr.Wrap(apperr.New(apperr.KindUnavailable, "unavailable", "the service is busy; try again shortly"),
			"rate limit %s: %v", key, err)
	}
	if res[0] > int64(rule.Limit) {
		wait := time.Duration(res[1]) * time.Millisecond
		e := &apperr.Error{Kind: ErrRateLimited.Kind, Code: ErrRateLimited.Code, Message: ErrRateLimited.Message,
			Details: map[string]any{"retry_after_seconds": max(1, int(math.Ceil(wait.Seconds())))}}
		return &RateLimitError{Err: e, RetryAfter: wait}
	}
	return nil
}

// Reset forgets the hits against key (a successful login clears its failures).
func (l *Limiter) Reset(ctx context.Context, key string) error {
	if err := l.rdb.Del(ctx, l.prefix+key).Err(); err != nil {
		return fmt.Errorf("rate limit reset: %w", err)
	}
	return nil
}
