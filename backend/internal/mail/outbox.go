package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Envelope is a message to enqueue: who gets it and what it says.
type Envelope struct {
	Kind        string  // e.g. "password_reset", "booking_confirmed"
	UserID      *uint64 // the account it is about, if any
	To          string
	Locale      string
	Content     Content
	Attachments []Attachment
}

// Outbox stores messages and hands them to the worker. All of its SQL is here.
type Outbox struct {
	db     *gorm.DB
	domain string // right-hand side of generated Message-IDs
}

// NewOutbox creates the outbox on db; domain names the sender in Message-IDs (the domain of
// MAIL_FROM).
func NewOutbox(db *gorm.DB, domain string) *Outbox {
	if domain == "" {
		domain = "trainingclub.invalid"
	}
	return &Outbox{db: db, domain: domain}
}

// ErrNoRecipient refuses an envelope without an address.
var ErrNoRecipient = errors.New("mail: envelope has no recipient")

// EnqueueTx renders e and inserts it into the outbox inside tx, the transaction of the change
// that causes the message: both commit or neither does.
func (o *Outbox) EnqueueTx(ctx context.Context, tx *gorm.DB, e Envelope) error {
	if strings.TrimSpace(e.To) == "" {
		return ErrNoRecipient
	}
	text, html, err := Render(e.Locale, e.Content)
	if err != nil {
		return fmt.Errorf("render %s mail: %w", e.Kind, err)
	}
	m := Message{Kind: e.Kind, UserID: e.UserID, ToAddr: e.To, Locale: e.Locale, Subject: truncate(e.Content.Subject, 255),
		TextBody: text, HTMLBody: html, MessageID: randomHex(16) + "@" + o.domain, Status: StatusPending,
		NextAttemptAt: time.Now().UTC().Truncate(time.Microsecond)}
	if len(e.Attachments) > 0 {
		b, err := json.Marshal(e.Attachments)
		if err != nil {
			return fmt.Errorf("encode attachments: %w", err)
		}
		m.Attachments = string(b)
	}
	if err := tx.WithContext(ctx).Omit("CreatedAt").Create(&m).Error; err != nil {
		return fmt.Errorf("enqueue %s mail: %w", e.Kind, err)
	}
	return nil
}

// Enqueue is EnqueueTx in a transaction of its own (for messages no other change goes with).
func (o *Outbox) Enqueue(ctx context.Context, e Envelope) error {
	return o.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return o.EnqueueTx(ctx, tx, e) })
}

// Claim takes up to n due messages for lease: it selects them FOR UPDATE SKIP LOCKED (rows
// another replica is claiming are passed over, not waited for), moves their next attempt to
// now+lease and stamps them with a fresh claim token, and commits. Until the lease ends no one
// else claims them; after it, anyone may (the claimer is presumed dead).
func (o *Outbox) Claim(ctx context.Context, now time.Time, lease time.Duration, n int) ([]Message, error) {
	var out []Message
	token := randomHex(16)
	err := o.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var due []Message
		if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked}).
			Where("status = ? AND next_attempt_at <= ?", StatusPending, now).Order("next_attempt_at, id").Limit(n).Find(&due).Error; err != nil {
			return fmt.Errorf("select due mail: %w", err)
		}
		if len(due) == 0 {
			return nil
		}
		ids := make([]uint64, len(due))
		for i, m := range due {
			ids[i] = m.ID
		}
		until := now.Add(lease)
		if err := tx.Model(&Message{}).Where("id IN ?", ids).Updates(map[string]any{
			"next_attempt_at": until, "claim_token": token, "attempts": gorm.Expr("attempts + 1"),
		}).Error; err != nil {
			return fmt.Errorf("claim mail: %w", err)
		}
		for i := range due {
			due[i].NextAttemptAt, due[i].ClaimToken, due[i].Attempts = until, &token, due[i].Attempts+1
		}
		out = due
		return nil
	})
	return out, err
}

// MarkSent records that m was delivered. It reports false when the claim was lost (the lease
// ended and another worker claimed the row): that worker will record the outcome.
func (o *Outbox) MarkSent(ctx context.Context, m Message, now time.Time) (bool, error) {
	res := o.db.WithContext(ctx).Model(&Message{}).Where("id = ? AND claim_token = ? AND status = ?", m.ID, *m.ClaimToken, StatusPending).
		Updates(map[string]any{"status": StatusSent, "sent_at": now, "claim_token": nil, "last_error": nil})
	return res.RowsAffected == 1, res.Error
}

// MarkFailed records a failed attempt: the message is due again at retryAt, or, when final,
// marked failed for good. The reason is kept either way.
func (o *Outbox) MarkFailed(ctx context.Context, m Message, reason string, retryAt time.Time, final bool) error {
	set := map[string]any{"claim_token": nil, "last_error": truncate(reason, 500), "next_attempt_at": retryAt}
	if final {
		set["status"] = StatusFailed
	}
	return o.db.WithContext(ctx).Model(&Message{}).Where("id = ? AND claim_token = ? AND status = ?", m.ID, *m.ClaimToken, StatusPending).
		Updates(set).Error
}

// Counts returns how many messages are in each status (for the metrics).
func (o *Outbox) Counts(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	if err := o.db.WithContext(ctx).Model(&Message{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count mail: %w", err)
	}
	out := map[string]int64{StatusPending: 0, StatusSent: 0, StatusFailed: 0}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// ByUser lists the messages of an account, newest first (tests and support).
func (o *Outbox) ByUser(ctx context.Context, userID uint64) ([]Message, error) {
	var out []Message
	err := o.db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error
	return out, err
}

// Get reads message id.
func (o *Outbox) Get(ctx context.Context, id uint64) (Message, error) {
	var m Message
	err := o.db.WithContext(ctx).Take(&m, id).Error
	return m, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
