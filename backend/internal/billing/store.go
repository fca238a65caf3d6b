package billing

import (
	"context"
	"fmt"
	"time"

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

func (s store) inTx(ctx context.Context, f func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(f)
}

// insertOrder returns the driver's error as it is: a duplicate open_key means a concurrent
// checkout created the order first.
func (s store) insertOrder(ctx context.Context, o *Order) error {
	return s.db.WithContext(ctx).Create(o).Error
}

func (s store) updateOrder(tx *gorm.DB, id uint64, set map[string]any) error {
	if err := tx.Model(&Order{ID: id}).Updates(set).Error; err != nil {
		return fmt.Errorf("update order %d: %w", id, err)
	}
	return nil
}

// revertRefundPending moves an order back from refund_pending to paid (nothing if a webhook
// moved it on meanwhile).
func (s store) revertRefundPending(ctx context.Context, id uint64, now time.Time) error {
	return s.db.WithContext(ctx).Model(&Order{}).Where("id = ? AND status = ?", id, StatusRefundPending).
		Updates(map[string]any{"status": StatusPaid, "updated_at": now}).Error
}

// insertEvent returns the driver's error as it is: a duplicate key means the event was
// delivered before.
func (s store) insertEvent(tx *gorm.DB, e *stripeEvent) error {
	return tx.Create(e).Error
}

func (s store) setEventOutcome(tx *gorm.DB, e *stripeEvent, outcome string) error {
	return tx.Model(e).Updates(map[string]any{"outcome": outcome, "order_id": e.OrderID}).Error
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
