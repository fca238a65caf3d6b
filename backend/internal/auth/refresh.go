package auth

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// RefreshTokenTTL is how long an unused refresh token (and its family) lives.
const RefreshTokenTTL = 30 * 24 * time.Hour

// Errors of refresh-token checks.
var (
	ErrRefreshInvalid = apperr.New(apperr.KindUnauthorized, "invalid_refresh_token", "the refresh token is unknown, expired or revoked")
	ErrRefreshReused  = apperr.New(apperr.KindUnauthorized, "refresh_token_reused", "this refresh token was already used; every session of its login was signed out")
)

// RefreshTokens keeps refresh tokens in Redis. A token is 32 random bytes (base64url); only its
// SHA-256 is stored. Each login starts a family; every refresh marks the presented token used
// and issues the next one of the family. Presenting a used token means it was stolen or
// replayed: the whole family is revoked.
//
// Keys (prefix auth:):
//
//	rt:<sha256 hex>  hash {u: user id, f: family id, used: 0|1}, expires after the TTL
//	rf:<family>      user id; the family is alive while this key exists
//	ru:<user id>     set of the user's families (to revoke them all on a password change)
type RefreshTokens struct {
	rdb *redis.Client
	ttl time.Duration
}

// NewRefreshTokens creates the store with RefreshTokenTTL.
func NewRefreshTokens(rdb *redis.Client) *RefreshTokens {
	return &RefreshTokens{rdb: rdb, ttl: RefreshTokenTTL}
}

const (
	tokenKeyPrefix  = "auth:rt:"
	familyKeyPrefix = "auth:rf:"
	userKeyPrefix   = "auth:ru:"
)

func tokenKey(token string) string { return tokenKeyPrefix + HashToken(token) }

// wellFormed rejects anything that cannot be one of our tokens before it reaches Redis.
func wellFormed(token string) bool {
	if len(token) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && len(b) == 32
}

// Start begins a new family for userID and returns its first token.
func (r *RefreshTokens) Start(ctx context.Context, userID uint64) (string, error) {
	token, family := NewToken(), NewToken()
	uid := strconv.FormatUint(userID, 10)
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, familyKeyPrefix+family, uid, r.ttl)
		p.HSet(ctx, tokenKey(token), "u", uid, "f", family, "used", "0")
		p.Expire(ctx, tokenKey(token), r.ttl)
		p.SAdd(ctx, userKeyPrefix+uid, family)
		p.Expire(ctx, userKeyPrefix+uid, r.ttl)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store refresh token: %w", err)
	}
	return token, nil
}

// rotateScript checks and rotates in one atomic step, so two concurrent refreshes of the same
// token cannot both succeed: the second one sees it used and revokes the family.
// Returns {1, user, family} on success, {0} for an unknown token, {-1} on reuse, {-2} when the
// family was revoked.
var rotateScript = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'u', 'f', 'used')
if not v[1] or not v[2] then return {0} end
local fk = ARGV[2] .. v[2]
if redis.call('EXISTS', fk) == 0 then return {-2} end
if v[3] == '1' then
  redis.call('DEL', fk)
  return {-1}
end
redis.call('HSET', KEYS[1], 'used', '1')
redis.call('HSET', KEYS[2], 'u', v[1], 'f', v[2], 'used', '0')
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('PEXPIRE', fk, ARGV[1])
redis.call('PEXPIRE', ARGV[3] .. v[1], ARGV[1])
return {1, v[1], v[2]}
`)

// Rotate spends token and returns its user and the family's next token.
func (r *RefreshTokens) Rotate(ctx context.Context, token string) (uint64, string, error) {
	if !wellFormed(token) {
		return 0, "", ErrRefreshInvalid
	}
	next := NewToken()
	res, err := rotateScript.Run(ctx, r.rdb, []string{tokenKey(token), tokenKey(next)},
		r.ttl.Milliseconds(), familyKeyPrefix, userKeyPrefix).Slice()
	if err != nil || len(res) == 0 {
		return 0, "", fmt.Errorf("rotate refresh token: %w", err)
	}
	switch res[0] {
	case int64(1):
		uid, perr := strconv.ParseUint(fmt.Sprint(res[1]), 10, 64)
		if perr != nil {
			return 0, "", fmt.Errorf("rotate refresh token: bad user id %v", res[1])
		}
		return uid, next, nil
	case int64(-1):
		return 0, "", ErrRefreshReused
	default:
		return 0, "", ErrRefreshInvalid
	}
}

// RevokeFamily ends the family token belongs to (logout). Unknown tokens are ignored.
func (r *RefreshTokens) RevokeFamily(ctx context.Context, token string) error {
	if !wellFormed(token) {
		return nil
	}
	family, err := r.rdb.HGet(ctx, tokenKey(token), "f").Result()
	if err == redis.Nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("revoke refresh family: %w", err)
	}
	if err := r.rdb.Del(ctx, familyKeyPrefix+family).Err(); err != nil {
		return fmt.Errorf("revoke refresh family: %w", err)
	}
	return nil
}

var revokeUserScript = redis.NewScript(`
local fams = redis.call('SMEMBERS', KEYS[1])
for _, f in ipairs(fams) do redis.call('DEL', ARGV[1] .. f) end
redis.call('DEL', KEYS[1])
return #fams
`)

// RevokeUser ends every family of userID (password change).
func (r *RefreshTokens) RevokeUser(ctx context.Context, userID uint64) error {
	key := userKeyPrefix + strconv.FormatUint(userID, 10)
	if err := revokeUserScript.Run(ctx, r.rdb, []string{key}, familyKeyPrefix).Err(); err != nil {
		return fmt.Errorf("revoke refresh tokens of user %d: %w", userID, err)
	}
	return nil
}
