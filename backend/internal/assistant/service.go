// Package assistant is the optional admin assistant: it drafts class descriptions and weekly
// attendance summaries through an external writer (Manus, MANUS_API_KEY). Drafts are written
// asynchronously by a small worker pool with a bounded queue and wait for an admin's approval.
// Only class type names/descriptions and aggregate counts are ever sent: no member data.
// Without a key the feature reports itself disabled and nothing else is affected.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
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

// Options configure the service.
type Options struct {
	Writer    Writer // nil: disabled
	Facts     Facts
	Apply     ClassTypeWriter // nil: approved descriptions are left for the admin to copy
	Log       *slog.Logger
	Workers   int           // default 2
	QueueSize int           // default 32
	Timeout   time.Duration // per draft, default 15 min
}

// Service owns drafts and the worker pool. Close stops it.
type Service struct {
	db     *gorm.DB
	o      Options
	queue  chan uint64
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.RWMutex
	closed bool
	now    func() time.Time
}

// NewService builds the service and, when a writer is configured, starts its workers.
func NewService(db *gorm.DB, o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 32
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Minute
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{db: db, o: o, queue: make(chan uint64, o.QueueSize), ctx: ctx, cancel: cancel,
		now: func() time.Time { return time.Now().UTC() }}
	if o.Writer != nil {
		for range o.Workers {
			s.wg.Add(1)
			go s.work()
		}
	}
	return s
}

// Enabled reports whether drafts can be written.
func (s *Service) Enabled() bool { return s.o.Writer != nil }

// Close stops accepting drafts, cancels the ones being written (they end failed, "interrupted")
// and waits for the workers. Drafts still queued stay pending.
func (s *Service) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// CreateDraft builds the prompt from facts now (so bad input is a 422 now) and queues the
// draft. A full queue is 503 assistant_busy and leaves no draft behind.
func (s *Service) CreateDraft(ctx context.Context, caller auth.Principal, kind string, classTypeID *uint64) (Draft, error) {
	if !s.Enabled() {
		return Draft{}, ErrDisabled
	}
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return Draft{}, ErrBusy
	}
	var prompt string
	switch kind {
	case KindClassDescription:
		if classTypeID == nil || *classTypeID == 0 {
			return Draft{}, apperr.FieldError("class_type_id", "is required for a class description")
		}
		ct, err := s.o.Facts.ClassType(ctx, *classTypeID)
		if apperr.KindOf(err) == apperr.KindNotFound {
			return Draft{}, apperr.FieldError("class_type_id", "no such class type")
		}
		if err != nil {
			return Draft{}, fmt.Errorf("class type %d: %w", *classTypeID, err)
		}
		prompt = classDescriptionPrompt(ct)
	case KindWeeklySummary:
		if classTypeID != nil {
			return Draft{}, apperr.FieldError("class_type_id", "is not used for a weekly summary")
		}
		to := s.now()
		from := to.AddDate(0, 0, -7)
		week, err := s.o.Facts.Week(ctx, from, to)
		if err != nil {
			return Draft{}, fmt.Errorf("weekly facts: %w", err)
		}
		prompt = weeklySummaryPrompt(from, to, week)
	default:
		return Draft{}, apperr.FieldError("kind", "must be class_description or weekly_summary")
	}
	now := s.now()
	d := Draft{Kind: kind, ClassTypeID: classTypeID, Status: StatusPending, Prompt: prompt, CreatedBy: caller.UserID,
		CreatedAt: now, UpdatedAt: now}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return Draft{}, ErrBusy
	}
	if len(s.queue) >= cap(s.queue) {
		return Draft{}, ErrBusy
	}
	if err := s.db.WithContext(ctx).Create(&d).Error; err != nil {
		return Draft{}, fmt.Errorf("create draft: %w", err)
	}
	select {
	case s.queue <- d.ID:
	default:
		s.db.WithContext(ctx).Delete(&Draft{}, d.ID)
		return Draft{}, ErrBusy
	}
	return d, nil
}

func (s *Service) work() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case id := <-s.queue:
			s.write(id)
		}
	}
}

// write claims a pending draft (a conditional update, so two workers or instances never write
// the same draft) and stores the writer's text or its failure.
func (s *Service) write(id uint64) {
	db := s.db.WithContext(context.WithoutCancel(s.ctx))
	res := db.Model(&Draft{}).Where("id = ? AND status = ?", id, StatusPending).
		Updates(map[string]any{"status": StatusRunning, "updated_at": s.now()})
	if res.Error != nil || res.RowsAffected != 1 {
		return
	}
	var d Draft
	if err := db.First(&d, id).Error; err != nil {
		s.o.Log.Error("assistant: load draft", "draft_id", id, "error", err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.o.Timeout)
	text, err := s.o.Writer.Write(ctx, d.Prompt)
	cancel()
	set := map[string]any{"updated_at": s.now()}
	if err != nil {
		msg := err.Error()
		if errors.Is(s.ctx.Err(), context.Canceled) {
			msg = "interrupted by shutdown"
		}
		if len(msg) > 255 {
			msg = msg[:255]
		}
		set["status"], set["error"] = StatusFailed, msg
		s.o.Log.Warn("assistant: draft failed", "draft_id", id, "error", msg)
	} else {
		set["status"], set["result"] = StatusReady, strings.TrimSpace(text)
	}
	if err := db.Model(&Draft{}).Where("id = ? AND status = ?", id, StatusRunning).Updates(set).Error; err != nil {
		s.o.Log.Error("assistant: store draft", "draft_id", id, "error", err.Error())
	}
}

// Get returns one draft.
func (s *Service) Get(ctx context.Context, id uint64) (Draft, error) {
	d, err := query.One[Draft](s.db.WithContext(ctx), ErrNotFound, id)
	return d, apperr.Wrap(err, "load draft %d", id)
}

// List lists drafts, newest first, optionally by status.
func (s *Service) List(ctx context.Context, status string, p web.Page) ([]Draft, int64, error) {
	q := s.db.WithContext(ctx).Model(&Draft{})
	if status != "" {
		switch status {
		case StatusPending, StatusRunning, StatusReady, StatusFailed, StatusApproved, StatusRejected:
		default:
			return nil, 0, apperr.FieldError("status", "unknown status")
		}
		q = q.Where("status = ?", status)
	}
	out, total, err := query.Page[Draft](q, q, "id DESC", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list drafts: %w", err)
	}
	return out, total, nil
}

// Decide approves or rejects a ready draft. Approving a class description writes it to the
// class type when a ClassTypeWriter is configured (Applied tells); otherwise the approved text
// stays on the draft for the admin to use.
func (s *Service) Decide(ctx context.Context, caller auth.Principal, id uint64, approve bool) (Draft, error) {
	status := StatusRejected
	if approve {
		status = StatusApproved
	}
	d, err := s.Get(ctx, id)
	if err != nil {
		return Draft{}, err
	}
	if d.Status != StatusReady {
		return Draft{}, ErrNotReady
	}
	if approve && d.Kind == KindClassDescription && s.o.Apply != nil && d.ClassTypeID != nil && d.Result != nil {
		if err := s.o.Apply.SetDescription(ctx, *d.ClassTypeID, *d.Result); err != nil {
			return Draft{}, err
		}
		d.Applied = true
	}
	now := s.now()
	res := s.db.WithContext(ctx).Model(&Draft{}).Where("id = ? AND status = ?", id, StatusReady).
		Updates(map[string]any{"status": status, "decided_by": caller.UserID, "decided_at": now, "updated_at": now})
	if res.Error != nil {
		return Draft{}, fmt.Errorf("decide draft %d: %w", id, res.Error)
	}
	if res.RowsAffected != 1 {
		return Draft{}, ErrNotReady
	}
	d.Status, d.DecidedBy, d.DecidedAt, d.UpdatedAt = status, &caller.UserID, &now, now
	return d, nil
}

func classDescriptionPrompt(ct ClassTypeFacts) string {
	var b strings.Builder
	b.WriteString("You write for a Swiss fitness club's website. Write an inviting class description of 60 to 100 words, ")
	b.WriteString("in plain text without headings, for this class. Do not invent prices or times.\n\n")
	fmt.Fprintf(&b, "Class: %s\nLevel: %s\nDuration: %d minutes\n", ct.Name, ct.Level, ct.DurationMinutes)
	if strings.TrimSpace(ct.Description) != "" {
		fmt.Fprintf(&b, "Current description: %s\n", ct.Description)
	}
	return b.String()
}

func weeklySummaryPrompt(from, to time.Time, week []ClassWeek) string {
	var b strings.Builder
	b.WriteString("You help the manager of a Swiss fitness club. Summarise last week's attendance in 5 to 8 short ")
	b.WriteString("bullet points: what was full, what was under-used, no-shows, and one suggestion. Use only these aggregate figures.\n\n")
	fmt.Fprintf(&b, "Week: %s to %s (UTC)\n", from.Format("2006-01-02"), to.Format("2006-01-02"))
	if len(week) == 0 {
		b.WriteString("No classes took place.\n")
	}
	for _, w := range week {
		fmt.Fprintf(&b, "- %s: %d sessions, %d seats, %d booked, %d checked in, %d no-shows, %d cancellations\n",
			w.ClassType, w.Sessions, w.Capacity, w.Booked, w.CheckedIn, w.NoShow, w.Cancelled)
	}
	return b.String()
}
