package billing

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// store holds the GORM queries on orders and stripe_events.
type store struct{ db *gorm.DB }

func (s store) order(ctx context.Context, id uint64) (Order, error) {
	o, err := query.One[Order](s.db.WithContext(ctx), ErrOrderNotFound, id)
	return o, apperr.Wrap(err, "load order %d", id)
}

// openOrder returns the user's open (pending or failed) order for a plan, if any.
func (s store) openOrder(ctx context.Context, openKey string) (Order, bool, error) {
	o, found, err := query.Maybe[Order](s.db.WithContext(ctx), "open_key = ?", openKey)
	return o, found, apperr.Wrap(err, "load open order %s", openKey)
}

// lockOrder reads an order with a row lock held until tx ends.
func lockOrder(ctx context.Context, tx *gorm.DB, where string, arg any) (Order, bool, error) {
	o, found, err := query.Maybe[Order](query.ForUpdate(tx.WithContext(ctx)), where, arg)
	return o, found, apperr.Wrap(err, "lock order (%s)", where)
}

func (s store) listForUser(ctx context.Context, userID uint64, p web.Page) ([]Order, int64, error) {
	q := s.db.WithContext(ctx).Model(&Order{}).Where("user_id = ?", userID)
	out, total, err := query.Page[Order](q, q, "created_at DESC, id DESC", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders of user %d: %w", userID, err)
	}
	return out, total, nil
}
