// Package mail is the mail outbox and its delivery worker. It knows nothing of the domains: a
// domain renders its message (Render) and inserts it with Outbox.EnqueueTx inside the
// transaction of the change that causes it, so a message exists exactly when the change
// committed.
//
// What delivery guarantees: at least once, with one Message-ID per message. The worker claims
// due rows in a short transaction (SELECT … FOR UPDATE SKIP LOCKED, then moving next_attempt_at
// forward by the lease and setting a claim token), so two replicas never claim the same row; it
// sends with a deadline well inside the lease and then records the outcome guarded by the claim
// token. A worker that dies after claiming, or after the SMTP server accepted the message but
// before recording it, leaves the row due again when the lease ends, and another worker sends
// it again. That second send is the only way a message can arrive twice; it carries the same
// Message-ID header, which mail clients and many MTAs use to fold duplicates. SMTP offers no
// idempotent submission, so "never twice" cannot honestly be promised beyond that.
//
// Failures are retried with exponential backoff (Backoff) up to MaxAttempts; then the row is
// marked failed with the last error. Without SMTP_URL no worker runs and the outbox keeps
// filling; the health page reports mail "off".
package mail

import "time"

// Statuses of an outbox row.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Locales a message can be written in.
const (
	LocaleEN = "en"
	LocaleDE = "de"
)

// Attachment is a file sent with a message (an .ics calendar entry, say).
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// Message is a row of the outbox.
type Message struct {
	ID            uint64 `gorm:"primaryKey"`
	Kind          string
	UserID        *uint64
	ToAddr        string
	Locale        string
	Subject       string
	TextBody      string
	HTMLBody      string
	Attachments   string // JSON of []Attachment; empty: none
	MessageID     string // without the angle brackets
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	ClaimToken    *string
	LastError     *string
	CreatedAt     time.Time `gorm:"->"`
	SentAt        *time.Time
}

// TableName pins the table (migration 0025).
func (Message) TableName() string { return "mail_outbox" }
