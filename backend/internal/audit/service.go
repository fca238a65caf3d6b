package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/web"
)

// Service writes and reads the audit log.
type Service struct {
	st  store
	db  *gorm.DB
	now func() time.Time
}

// NewService returns the audit service on db.
func NewService(db *gorm.DB) *Service {
	return &Service{st: store{db: db}, db: db, now: func() time.Time { return time.Now().UTC() }}
}

// Actor is who acts; the zero Actor is the system.
type Actor struct {
	UserID uint64
	Role   string
}

type ctxKey struct{}

// request is what the middleware shares with RecordTx through the request context: who acts
// (read lazily, since the route's auth guard runs after the middleware) and whether a domain
// service has already recorded the action.
type request struct {
	actor    func() Actor
	recorded bool
}

// WithActor returns ctx carrying actor, for work started outside a request (tests, jobs acting
// for someone).
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, &request{actor: func() Actor { return a }})
}

func fromContext(ctx context.Context) *request {
	r, _ := ctx.Value(ctxKey{}).(*request)
	return r
}

// RecordTx writes c inside the caller's transaction tx, so the entry commits with the change
// (or not at all). The actor comes from ctx.
func (s *Service) RecordTx(ctx context.Context, tx *gorm.DB, c Change) error {
	e := Entry{Action: c.Action, TargetType: c.TargetType, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if r := fromContext(ctx); r != nil {
		r.recorded = true
		if a := r.actor(); a.UserID != 0 {
			id := a.UserID
			e.ActorID, e.ActorRole = &id, a.Role
		}
	}
	if e.ActorID == nil {
		e.ActorRole = "system"
	}
	if c.TargetID != 0 {
		id := c.TargetID
		e.TargetID = &id
	}
	if r := strings.TrimSpace(c.Reason); r != "" {
		e.Reason = &r
	}
	var err error
	if e.Before, err = encode(c.Before); err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	if e.After, err = encode(c.After); err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	if err := s.st.insert(ctx, tx, &e); err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	return nil
}

// Record is RecordTx in its own transaction.
func (s *Service) Record(ctx context.Context, c Change) error {
	return s.RecordTx(ctx, s.db, c)
}

func encode(v any) (json.RawMessage, error) {
	switch b := v.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		return b, nil
	}
	return json.Marshal(v)
}

// List returns one page of the log, newest first.
func (s *Service) List(ctx context.Context, f Filter, p web.Page) ([]Entry, int64, error) {
	return s.st.list(ctx, f, p)
}
