package assistant

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// store holds the GORM queries of drafts.
type store struct{ db *gorm.DB }

func (s store) insert(ctx context.Context, d *Draft) error {
	if err := s.db.WithContext(ctx).Create(d).Error; err != nil {
		return fmt.Errorf("create draft: %w", err)
	}
	return nil
}

// delete removes a draft that could not be queued.
func (s store) delete(ctx context.Context, id uint64) error {
	if err := s.db.WithContext(ctx).Delete(&Draft{}, id).Error; err != nil {
		return fmt.Errorf("delete unqueued draft %d: %w", id, err)
	}
	return nil
}

func (s store) draft(ctx context.Context, id uint64) (Draft, error) {
	d, err := query.One[Draft](s.db.WithContext(ctx), ErrNotFound, id)
	return d, apperr.Wrap(err, "load draft %d", id)
}

// list pages the drafts newest first, all of them or those in status.
func (s store) list(ctx context.Context, status string, p web.Page) ([]Draft, int64, error) {
	q := s.db.WithContext(ctx).Model(&Draft{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	out, total, err := query.Page[Draft](q, q, "id DESC", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list drafts: %w", err)
	}
	return out, total, nil
}

// move applies set to the draft only while it is in status from, and reports whether it was:
// the conditional update is what lets one worker (or instance, or admin) alone take each step.
func (s store) move(ctx context.Context, id uint64, from string, set map[string]any) (bool, error) {
	res := s.db.WithContext(ctx).Model(&Draft{}).Where("id = ? AND status = ?", id, from).Updates(set)
	if res.Error != nil {
		return false, fmt.Errorf("update draft %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}
