package billing

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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
	var o Order
	err := s.db.WithContext(ctx).Where("open_key = ?", openKey).Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Order{}, false, nil
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("load open order %s: %w", openKey, err)
	}
	return o, true, nil
}

// lockOrder reads an order with a row lock held until tx ends.
func lockOrder(ctx context.Context, tx *gorm.DB, where string, arg any) (Order, bool, error) {
	var o Order
	err := tx.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Where(where, arg).Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Order{}, false, nil
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("lock order (%s): %w", where, err)
	}
	return o, true, nil
}

func (s store) listForUser(ctx context.Context, userID uint64, p web.Page) ([]Order, int64, error) {
	q := s.db.WithContext(ctx).Model(&Order{}).Where("user_id = ?", userID)
	out, total, err := query.Page[Order](q, q, "created_at DESC, id DESC", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders of user %d: %w", userID, err)
	}
	return out, total, nil
}
