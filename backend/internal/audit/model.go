// Package audit records every staff action: who did what, when, to which record, and the record
// before and after. Domain services record their own actions with before/after inside their
// transactions (RecordTx); the HTTP middleware (Handler.Record) records every other successful
// change a trainer or admin makes, with the answer as the after state, so no staff route goes
// unrecorded. Admins read the log through GET /api/audit.
package audit

import (
	"encoding/json"
	"time"
)

// Entry is one recorded action. ActorID is nil for the system (the timetable job).
type Entry struct {
	ID         uint64          `json:"id" gorm:"primaryKey"`
	ActorID    *uint64         `json:"actor_id"`
	ActorRole  string          `json:"actor_role"`
	Action     string          `json:"action"`
	TargetType string          `json:"target_type"`
	TargetID   *uint64         `json:"target_id"`
	Reason     *string         `json:"reason"`
	Before     json.RawMessage `json:"before" gorm:"column:before_json"`
	After      json.RawMessage `json:"after" gorm:"column:after_json"`
	CreatedAt  time.Time       `json:"created_at"`
}

// TableName maps Entry to its table.
func (Entry) TableName() string { return "audit_log" }

// Change is what a domain service records: Before and After are encoded as JSON (nil: none).
type Change struct {
	Action     string
	TargetType string
	TargetID   uint64
	Reason     string
	Before     any
	After      any
}

// Filter narrows the log.
type Filter struct {
	ActorID    uint64
	TargetType string
	TargetID   uint64
	Action     string
	From, To   time.Time
}
