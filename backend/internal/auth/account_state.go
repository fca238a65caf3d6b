package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// AccountState is what the Guard judges a token against: the account as it is now.
type AccountState struct {
	Version uint64
	Role    Role
	Live    bool // false once the account was erased
}

// AccountStates answers "what is account N now?" for every authenticated request.
//
// MySQL (users.token_version, role, deleted_at) is the source of truth. Redis holds a copy per
// account (key auth:acct:<id>, value "<version>:<role>", role empty when erased) for at most
// stateTTL, so a signed-in request normally costs one Redis GET and no MySQL query. There is no
// in-process cache: a change is seen by every replica as soon as it is in Redis (or, when Redis
// cannot be read, at once, because MySQL is asked).
//
// Versions only grow, and the Redis copy is only ever replaced by an equal or newer version
// (setStateScript), so a slow reader that loaded an old row cannot overwrite the state written
// after a change. A token whose version is newer than the copy means the copy is stale (a
// change made by a process without Redis, such as `api create-admin`): MySQL decides then.
//
// Redis down: the check never fails open. When Redis does not answer within redisBudget (or
// answered with an error less than redisBackoff ago) every request reads the state from MySQL,
// on staff and admin routes as on every other; when MySQL cannot answer either, the request is
// refused with 503 unavailable. A change made while Redis cannot be written is retried in the
// background for stateTTL, after which the old copy has expired anyway.
type AccountStates struct {
	store *Store
	rdb   *redis.Client
	log   *slog.Logger

	redisDownUntil atomic.Int64 // unix nanoseconds; Redis is skipped until then
}

const (
	stateKeyPrefix = "auth:acct:"
	// stateTTL bounds how long a copy lives without a refresh from MySQL.
	stateTTL = 30 * time.Second
	// redisBudget is how long a request waits for the Redis copy before asking MySQL.
	// It includes the wait for a pooled connection, so it leaves room for bursts.
	redisBudget = time.Second
	// mysqlBudget bounds the MySQL read of the check on a request without a deadline of its own
	// (uploads start theirs after the body); everywhere else the request deadline decides.
	mysqlBudget = 5 * time.Second
	// redisBackoff is how long after a Redis error requests go straight to MySQL, so an outage
	// does not cost every request redisBudget.
	redisBackoff = time.Second
)

// NewAccountStates creates the account-state reader; rdb may be nil (MySQL only).
func NewAccountStates(store *Store, rdb *redis.Client, log *slog.Logger) *AccountStates {
	return &AccountStates{store: store, rdb: rdb, log: log}
}

func stateKey(id uint64) string { return stateKeyPrefix + strconv.FormatUint(id, 10) }

func encodeState(s AccountState) string {
	role := ""
	if s.Live {
		role = string(s.Role)
	}
	return strconv.FormatUint(s.Version, 10) + ":" + role
}

func decodeState(v string) (AccountState, bool) {
	ver, role, ok := strings.Cut(v, ":")
	n, err := strconv.ParseUint(ver, 10, 64)
	if !ok || err != nil {
		return AccountState{}, false
	}
	if role == "" {
		return AccountState{Version: n}, true
	}
	r := Role(role)
	return AccountState{Version: n, Role: r, Live: true}, r.Valid()
}

// setStateScript writes the copy unless Redis already holds a newer version.
var setStateScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+):'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`)

func (a *AccountStates) redisUsable() bool {
	return a.rdb != nil && time.Now().UnixNano() >= a.redisDownUntil.Load()
}

func (a *AccountStates) redisFailed(ctx context.Context, op string, err error) {
	a.redisDownUntil.Store(time.Now().Add(redisBackoff).UnixNano())
	a.log.WarnContext(ctx, "account state: redis unavailable, using mysql", "op", op, "error", err.Error())
}

// cached returns the Redis copy; ok is false when there is none or Redis cannot be read.
func (a *AccountStates) cached(ctx context.Context, id uint64) (AccountState, bool) {
	if !a.redisUsable() {
		return AccountState{}, false
	}
	rctx, cancel := context.WithTimeout(ctx, redisBudget)
	defer cancel()
	v, err := a.rdb.Get(rctx, stateKey(id)).Result()
	if errors.Is(err, redis.Nil) {
		return AccountState{}, false
	}
	if err != nil {
		if ctx.Err() == nil { // not the request's own deadline or cancellation
			a.redisFailed(ctx, "get", err)
		}
		return AccountState{}, false
	}
	s, ok := decodeState(v)
	return s, ok
}

func (a *AccountStates) put(ctx context.Context, id uint64, s AccountState) error {
	rctx, cancel := context.WithTimeout(ctx, redisBudget)
	defer cancel()
	return setStateScript.Run(rctx, a.rdb, []string{stateKey(id)},
		s.Version, encodeState(s), stateTTL.Milliseconds()).Err()
}

// Current returns the state of account id: the Redis copy when it is at least as new as
// minVersion (the version the caller's token carries), MySQL otherwise. An unknown id gives
// ErrUserNotFound; a MySQL failure is returned wrapped (the error handler makes it a 503).
func (a *AccountStates) Current(ctx context.Context, id, minVersion uint64) (AccountState, error) {
	if s, ok := a.cached(ctx, id); ok && s.Version >= minVersion {
		return s, nil
	}
	mctx := ctx
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		mctx, cancel = context.WithTimeout(ctx, mysqlBudget)
		defer cancel()
	}
	s, err := a.store.State(mctx, id)
	if err != nil {
		return AccountState{}, err
	}
	if a.redisUsable() {
		if err := a.put(ctx, id, s); err != nil && ctx.Err() == nil {
			a.redisFailed(ctx, "fill", err)
		}
	}
	return s, nil
}

// Changed publishes the state of account id after a change that bumped its version (already
// committed in MySQL). When Redis cannot take it now, it is retried in the background until it
// succeeds or the old copy has expired; until then this replica and every other one that cannot
// read Redis ask MySQL, and one that can still read Redis may see the old copy: that window is
// what the retries close.
func (a *AccountStates) Changed(ctx context.Context, id uint64) {
	if a == nil || a.rdb == nil { // commands without Redis (create-admin): MySQL already decides
		return
	}
	s, err := a.store.State(ctx, id)
	if err == nil {
		err = a.put(ctx, id, s)
	}
	if err == nil {
		return
	}
	a.log.ErrorContext(ctx, "account state not published; retrying", "user_id", id, "error", err.Error())
	go a.retryChanged(context.WithoutCancel(ctx), id)
}

func (a *AccountStates) retryChanged(ctx context.Context, id uint64) {
	deadline := time.Now().Add(stateTTL)
	for time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		s, err := a.store.State(ctx, id)
		if err == nil {
			err = a.put(ctx, id, s)
		}
		if err == nil {
			a.log.InfoContext(ctx, "account state published after retry", "user_id", id)
			return
		}
	}
	// The copy written before the change has expired by now (stateTTL).
	a.log.ErrorContext(ctx, "account state never published; the old copy has expired", "user_id", id)
}

// judge decides a token's principal p against the account state s.
func judge(p Principal, s AccountState) (Principal, error) {
	if !s.Live || s.Version != p.Version {
		return Principal{}, ErrInvalidToken
	}
	p.Role = s.Role
	return p, nil
}

// Check returns p with the account's current role when its token is still good: the account
// exists, was not erased, and its version equals the token's.
func (a *AccountStates) Check(ctx context.Context, p Principal) (Principal, error) {
	s, err := a.Current(ctx, p.UserID, p.Version)
	if errors.Is(err, ErrUserNotFound) {
		return Principal{}, ErrInvalidToken
	}
	if err != nil {
		return Principal{}, fmt.Errorf("check account %d: %w", p.UserID, err)
	}
	return judge(p, s)
}
