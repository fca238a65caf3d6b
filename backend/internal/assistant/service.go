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
	"github.com/trainingclub/platform/backend/internal/web"
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
	store  store
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
	s := &Service{store: store{db: db}, o: o, queue: make(chan uint64, o.QueueSize), ctx: ctx, cancel: cancel,
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
	if err := s.store.insert(ctx, &d); err != nil {
		return Draft{}, err
	}
	select {
	case s.queue <- d.ID:
	default:
		if err := s.store.delete(ctx, d.ID); err != nil {
			// Nothing requeues a pending draft: this one stays pending in the list.
			s.o.Log.Error("assistant: remove draft", "draft_id", d.ID, "error", err.Error())
		}
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
	bg := context.WithoutCancel(s.ctx)
	claimed, err := s.store.move(bg, id, StatusPending, map[string]any{"status": StatusRunning, "updated_at": s.now()})
	if err != nil {
		s.o.Log.Error("assistant: claim draft", "draft_id", id, "error", err.Error())
	}
	if !claimed {
		return
	}
	d, err := s.store.draft(bg, id)
	if err != nil {
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
	if _, err := s.store.move(bg, id, StatusRunning, set); err != nil {
		s.o.Log.Error("assistant: store draft", "draft_id", id, "error", err.Error())
	}
}

// Get returns one draft.
func (s *Service) Get(ctx context.Context, id uint64) (Draft, error) {
	return s.store.draft(ctx, id)
}

// List lists drafts, newest first, optionally by status.
func (s *Service) List(ctx context.Context, status string, p web.Page) ([]Draft, int64, error) {
	switch status {
	case "", StatusPending, StatusRunning, StatusReady, StatusFailed, StatusApproved, StatusRejected:
	default:
		return nil, 0, apperr.FieldError("status", "unknown status")
	}
	return s.store.list(ctx, status, p)
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
	decided, err := s.store.move(ctx, id, StatusReady,
		map[string]any{"status": status, "decided_by": caller.UserID, "decided_at": now, "updated_at": now})
	if err != nil {
		return Draft{}, err
	}
	if !decided {
		return Draft{}, ErrNotReady
	}
	d.Status, d.DecidedBy, d.DecidedAt, d.UpdatedAt = status, &caller.UserID, &now, now
	return d, nil
}
