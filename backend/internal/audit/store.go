package audit

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

type store struct{ db *gorm.DB }

func (s store) insert(ctx context.Context, tx *gorm.DB, e *Entry) error {
	return tx.WithContext(ctx).Create(e).Error
}

func (s store) list(ctx context.Context, f Filter, p web.Page) ([]Entry, int64, error) {
	q := s.db.WithContext(ctx).Model(&Entry{})
	if f.ActorID != 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.TargetType != "" {
		q = q.Where("target_type = ?", f.TargetType)
	}
	if f.TargetID != 0 {
		q = q.Where("target_id = ?", f.TargetID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	q = query.Between(q, "created_at", f.From, f.To)
	out, total, err := query.Page[Entry](q, q, "id DESC", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit entries: %w", err)
	}
	return out, total, nil
}
