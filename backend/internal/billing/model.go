// Package billing owns orders: checkout (an order plus a payment intent), the Stripe webhook
// that alone fulfils orders, and refunds. Fulfilment grants and revokes entitlements through
// membership (see Fulfiller); the payment provider is behind payment.Provider.
//
// Order state machine (every transition is a guarded UPDATE under a row lock, so events that
// arrive late, twice or out of order cannot undo a later state):
//
//	pending ──succeeded──▶ paid ──admin refund──▶ refund_pending ──charge.refunded──▶ refunded
//	   │  ▲                 ▲ └────────────charge.refunded──────────────────────────▶ refunded
//	 failed (payment_failed; the customer may retry the same intent, checkout reopens it)
//	   └──succeeded──▶ paid
//	pending/failed ──charge.refunded──▶ refunded   (refund seen before success: nothing granted)
//
// Ignored (recorded, no change): succeeded on paid/refund_pending/refunded; payment_failed on
// anything but pending; charge.refunded on refunded; partial refunds (charge not fully
// refunded), which the club handles by hand. refund_pending goes back to paid if the provider
// rejects the refund call.
package billing

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Status is an order's state.
type Status string

// The order states.
const (
	StatusPending       Status = "pending"
	StatusPaid          Status = "paid"
	StatusFailed        Status = "failed"
	StatusRefundPending Status = "refund_pending"
	StatusRefunded      Status = "refunded"
)

// Order is one purchase of a plan or credit pack.
type Order struct {
	ID              uint64     `gorm:"primaryKey" json:"id"`
	UserID          uint64     `json:"user_id"`
	PlanID          uint64     `json:"plan_id"`
	PlanName        string     `json:"plan_name"`
	AmountRappen    int64      `json:"amount_rappen"`
	Currency        string     `json:"currency"`
	Status          Status     `json:"status"`
	OpenKey         *string    `json:"-"`
	PaymentIntentID *string    `json:"payment_intent_id"`
	ClientSecret    *string    `json:"-"`
	EntitlementID   *uint64    `json:"entitlement_id"`
	FailureReason   *string    `json:"failure_reason"`
	PaidAt          *time.Time `json:"paid_at"`
	RefundedAt      *time.Time `json:"refunded_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// TableName pins the table.
func (Order) TableName() string { return "orders" }

// stripeEvent records an applied webhook event; its primary key makes application exactly-once.
type stripeEvent struct {
	EventID    string `gorm:"primaryKey"`
	Type       string
	OrderID    *uint64
	Outcome    string
	ReceivedAt time.Time
}

func (stripeEvent) TableName() string { return "stripe_events" }

// Plan is what billing needs to know about a plan or credit pack for sale.
type Plan struct {
	ID          uint64
	Name        string
	PriceRappen int64
	Currency    string
	Active      bool
}

// Fulfiller is membership as billing sees it. GrantTx and RevokeTx run inside billing's
// transaction, so the order change, the event record and the entitlement commit together.
type Fulfiller interface {
	// Plan returns a plan; an error matching apperr NotFound means there is none.
	Plan(ctx context.Context, id uint64) (Plan, error)
	// GrantTx grants the plan to the user for the order and returns the entitlement id.
	GrantTx(ctx context.Context, tx *gorm.DB, userID, planID, orderID uint64) (uint64, error)
	// RevokeTx revokes the unused part of an entitlement; revoking twice is a no-op.
	RevokeTx(ctx context.Context, tx *gorm.DB, entitlementID uint64) error
}
