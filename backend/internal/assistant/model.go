// Package assistant is the optional admin assistant: it drafts class descriptions and weekly
// attendance summaries through an external writer (Manus, MANUS_API_KEY). Drafts are written
// asynchronously by a small worker pool with a bounded queue and wait for an admin's approval.
// Only class type names/descriptions and aggregate counts are ever sent: no member data.
// Without a key the feature reports itself disabled and nothing else is affected.
package assistant

import (
	"context"
	"time"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// Draft kinds.
const (
	KindClassDescription = "class_description"
	KindWeeklySummary    = "weekly_summary"
)

// Draft states: pending → running → ready | failed; ready → approved | rejected.
const (
	StatusPending  = "pending"
	StatusRunning  = "running"
	StatusReady    = "ready"
	StatusFailed   = "failed"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Draft is one piece of text the assistant wrote (or is writing).
type Draft struct {
	ID          uint64     `json:"id" gorm:"primaryKey"`
	Kind        string     `json:"kind"`
	ClassTypeID *uint64    `json:"class_type_id"`
	Status      string     `json:"status"`
	Prompt      string     `json:"prompt"`
	Result      *string    `json:"result"`
	Error       *string    `json:"error"`
	CreatedBy   uint64     `json:"created_by"`
	DecidedBy   *uint64    `json:"decided_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	// Applied is set on approval when the text was written to the class type.
	Applied bool `json:"applied" gorm:"-"`
}

// TableName pins the table.
func (Draft) TableName() string { return "assistant_drafts" }

// ClassTypeFacts is what the assistant may say about a class type.
type ClassTypeFacts struct {
	Name, Description, Level string
	DurationMinutes          int
}

// ClassWeek is one class type's aggregate attendance over a week.
type ClassWeek struct {
	ClassType                                     string
	Sessions, Capacity, Booked, CheckedIn, NoShow int
	Cancelled                                     int
}

// Facts provides the (non-personal) data drafts are written from.
type Facts interface {
	ClassType(ctx context.Context, id uint64) (ClassTypeFacts, error)
	Week(ctx context.Context, from, to time.Time) ([]ClassWeek, error)
}

// ClassTypeWriter applies an approved description to its class type (optional).
type ClassTypeWriter interface {
	SetDescription(ctx context.Context, classTypeID uint64, text string) error
}

// Errors of the assistant.
var (
	ErrDisabled = apperr.New(apperr.KindUnavailable, "assistant_disabled", "the assistant is not configured (MANUS_API_KEY)")
	ErrBusy     = apperr.New(apperr.KindUnavailable, "assistant_busy", "the assistant has too many drafts in progress; try again later")
	ErrNotFound = apperr.NotFound("draft")
	ErrNotReady = apperr.Conflict("draft_not_ready", "only a ready draft can be approved or rejected")
)
