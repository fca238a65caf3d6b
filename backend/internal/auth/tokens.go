package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/platform/query"
)

// Purposes of single-use account tokens.
const (
	PurposeReset       = "password_reset"
	PurposeVerify      = "verify_email"
	PurposeChangeEmail = "change_email"
)

// How long each kind of token is valid.
const (
	ResetTokenTTL  = 30 * time.Minute
	VerifyTokenTTL = 7 * 24 * time.Hour
	ChangeEmailTTL = 24 * time.Hour
)

// ErrTokenInvalid is the one answer for a token that is unknown, used, expired or of another
// purpose: the caller learns nothing about which.
var ErrTokenInvalid = apperr.New(apperr.KindValidation, "token_invalid", "the link is invalid or has expired; ask for a new one")

// accountToken is a row of account_tokens; only the SHA-256 of the token is stored.
type accountToken struct {
	ID        uint64 `gorm:"primaryKey"`
	UserID    uint64
	Purpose   string
	TokenHash string
	NewEmail  *string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time `gorm:"->"`
}

func (accountToken) TableName() string { return "account_tokens" }

// HashToken is the SHA-256 (hex) under which a bearer token is stored: the database never holds
// the token itself.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns 256 random bits, URL-safe: for links and feed URLs.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// InTx runs f with a store on one transaction (and the transaction itself, for other domains'
// writes such as the mail outbox).
func (s *Store) InTx(ctx context.Context, f func(st *Store, tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return f(&Store{db: tx}, tx) })
}

// IssueToken ends the unused tokens of the same purpose of userID and stores a new one valid
// for ttl; it returns the token (shown once, in the mail).
func (s *Store) IssueToken(ctx context.Context, userID uint64, purpose string, newEmail *string, now time.Time, ttl time.Duration) (string, error) {
	if err := s.db.WithContext(ctx).Model(&accountToken{}).Where("user_id = ? AND purpose = ? AND used_at IS NULL", userID, purpose).
		Update("used_at", now).Error; err != nil {
		return "", fmt.Errorf("end old %s tokens: %w", purpose, err)
	}
	token := NewToken()
	row := accountToken{UserID: userID, Purpose: purpose, TokenHash: HashToken(token), NewEmail: newEmail, ExpiresAt: now.Add(ttl)}
	if err := s.db.WithContext(ctx).Omit("CreatedAt").Create(&row).Error; err != nil {
		return "", fmt.Errorf("store %s token: %w", purpose, err)
	}
	return token, nil
}

// UseToken locks the token row, checks it is of one of purposes, unused and not expired, and
// marks it used. Call it inside InTx: a rollback makes the token usable again. Two concurrent
// uses serialise on the row lock; the second sees used_at set.
func (s *Store) UseToken(ctx context.Context, token string, now time.Time, purposes ...string) (accountToken, error) {
	row, err := query.One[accountToken](query.ForUpdate(s.db.WithContext(ctx)), ErrTokenInvalid,
		"token_hash = ? AND purpose IN ?", HashToken(token), purposes)
	if err != nil {
		return accountToken{}, fmt.Errorf("find token: %w", err)
	}
	if row.UsedAt != nil || !now.Before(row.ExpiresAt) {
		return accountToken{}, ErrTokenInvalid
	}
	if err := s.db.WithContext(ctx).Model(&accountToken{}).Where("id = ?", row.ID).Update("used_at", now).Error; err != nil {
		return accountToken{}, fmt.Errorf("use token: %w", err)
	}
	return row, nil
}

// MarkVerified records that user id confirmed its address.
func (s *Store) MarkVerified(ctx context.Context, id uint64, now time.Time) error {
	return s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Where(live).
		Updates(map[string]any{"email_verified_at": now, "updated_at": now}).Error
}

// SetEmail replaces the (confirmed) address of user id; the unique key refuses an address
// another account took meanwhile.
func (s *Store) SetEmail(ctx context.Context, id uint64, email string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Where(live).
		Updates(map[string]any{"email": email, "email_verified_at": now, "updated_at": now}).Error
	if database.IsDuplicateKey(err) {
		return ErrEmailTaken
	}
	return err
}

// SetLocale stores the language of user id's mail.
func (s *Store) SetLocale(ctx context.Context, id uint64, locale string) error {
	return s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Where(live).
		Updates(map[string]any{"locale": locale, "updated_at": time.Now().UTC()}).Error
}
