package billing

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/payment"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Currency is the only currency the club sells in.
const Currency = "CHF"

// EntitlementSource is the source recorded on entitlements granted by a purchase.
const EntitlementSource = "purchase"

// Errors of the billing domain.
var (
	ErrPaymentsUnavailable = apperr.New(apperr.KindUnavailable, "payments_unavailable", "online payments are not configured on this server")
	ErrProviderFailed      = apperr.New(apperr.KindUnavailable, "payment_provider_unavailable", "the payment provider could not be reached; try again shortly")
	ErrOrderNotFound       = apperr.NotFound("order")
	ErrNotRefundable       = apperr.Conflict("order_not_refundable", "only paid orders can be refunded")
	ErrOrderBusy           = apperr.Conflict("order_busy", "the order changed while it was being prepared; try again")
	ErrInvalidSignature    = apperr.New(apperr.KindInvalid, "invalid_signature", "the webhook signature is missing, invalid or expired")
	ErrWebhookUnconfigured = apperr.New(apperr.KindUnavailable, "webhook_unconfigured", "STRIPE_WEBHOOK_SECRET is not configured")
)

// Service holds billing's rules.
type Service struct {
	store    store
	provider payment.Provider // nil: payments unavailable
	webhook  bool             // a webhook secret is configured
	plans    Fulfiller
	canBuy   func(ctx context.Context, userID uint64) error
	onPaid   func(ctx context.Context, tx *gorm.DB, o Order) error
	log      *slog.Logger
	now      func() time.Time
}

// Options configure the service. Provider nil means payments are not configured.
type Options struct {
	Provider          payment.Provider
	WebhookConfigured bool
	Plans             Fulfiller
	Log               *slog.Logger
	// CanBuy, when set, is asked before a checkout; its error (an unverified e-mail address,
	// say) is the answer.
	CanBuy func(ctx context.Context, userID uint64) error
	// OnPaid, when set, runs inside the transaction that marks an order paid (the receipt mail
	// goes into the outbox in the same commit).
	OnPaid func(ctx context.Context, tx *gorm.DB, o Order) error
}

// NewService builds the billing service.
func NewService(db *gorm.DB, o Options) *Service {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: store{db}, provider: o.Provider, webhook: o.WebhookConfigured,
		plans: o.Plans, log: log, canBuy: o.CanBuy, onPaid: o.OnPaid, now: func() time.Time { return time.Now().UTC() }}
}

// Enabled reports whether checkout works.
func (s *Service) Enabled() bool { return s.provider != nil }

func intentKey(orderID uint64) string { return "order-" + strconv.FormatUint(orderID, 10) + "-intent" }
func refundKey(orderID uint64) string { return "order-" + strconv.FormatUint(orderID, 10) + "-refund" }
func openKey(userID, planID uint64) string {
	return strconv.FormatUint(userID, 10) + ":" + strconv.FormatUint(planID, 10)
}

// Checkout is the result of Checkout: the order and the secret the browser confirms it with.
type Checkout struct {
	Order        Order
	ClientSecret string
	Created      bool
}

// Checkout returns the user's open order for the plan with its payment intent, creating both
// when needed. A user has at most one open order per plan (unique open_key), and an order gets
// at most one payment intent: it is created under the order's row lock with an idempotency key
// derived from the order id, and its id is stored on the order (unique).
func (s *Service) Checkout(ctx context.Context, userID, planID uint64) (Checkout, error) {
	if s.canBuy != nil {
		if err := s.canBuy(ctx, userID); err != nil {
			return Checkout{}, err
		}
	}
	if s.provider == nil {
		return Checkout{}, ErrPaymentsUnavailable
	}
	plan, err := s.plans.Plan(ctx, planID)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return Checkout{}, apperr.FieldError("plan_id", "no such plan")
	}
	if err != nil {
		return Checkout{}, fmt.Errorf("checkout plan %d: %w", planID, err)
	}
	if !plan.Active || plan.PriceRappen <= 0 || (plan.Currency != "" && plan.Currency != Currency) {
		return Checkout{}, apperr.FieldError("plan_id", "is not for sale")
	}
	// The open order can be closed by a webhook between finding and locking it; then start over.
	for attempt := 0; attempt < 3; attempt++ {
		o, created, err := s.findOrCreateOpen(ctx, userID, plan)
		if err != nil {
			return Checkout{}, err
		}
		co, retry, err := s.ensureIntent(ctx, o.ID)
		if err != nil {
			return Checkout{}, err
		}
		if !retry {
			co.Created = created
			return co, nil
		}
	}
	return Checkout{}, ErrOrderBusy
}

func (s *Service) findOrCreateOpen(ctx context.Context, userID uint64, plan Plan) (Order, bool, error) {
	key := openKey(userID, plan.ID)
	if o, ok, err := s.store.openOrder(ctx, key); err != nil || ok {
		return o, false, err
	}
	now := s.now()
	o := Order{UserID: userID, PlanID: plan.ID, PlanName: plan.Name, AmountRappen: plan.PriceRappen,
		Currency: Currency, Status: StatusPending, OpenKey: &key, CreatedAt: now, UpdatedAt: now}
	err := s.store.insertOrder(ctx, &o)
	if database.IsDuplicateKey(err) {
		// A concurrent checkout created it first.
		o, ok, err := s.store.openOrder(ctx, key)
		if err == nil && !ok {
			return Order{}, false, ErrOrderBusy
		}
		return o, false, err
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("create order: %w", err)
	}
	return o, true, nil
}

// ensureIntent gives the open order its payment intent. The provider call happens under the
// row lock, so concurrent checkouts of the same order wait and then reuse the stored intent.
func (s *Service) ensureIntent(ctx context.Context, orderID uint64) (co Checkout, retry bool, err error) {
	err = s.store.inTx(ctx, func(tx *gorm.DB) error {
		o, ok, err := lockOrder(ctx, tx, "id = ?", orderID)
		if err != nil {
			return err
		}
		if !ok || o.OpenKey == nil {
			retry = true
			return nil
		}
		if o.PaymentIntentID == nil {
			in, err := s.provider.CreateIntent(ctx, payment.IntentRequest{
				AmountRappen: o.AmountRappen, Currency: o.Currency, Methods: payment.Methods,
				IdempotencyKey: intentKey(o.ID), Description: "Training Club: " + o.PlanName,
				Metadata: map[string]string{
					"order_id": strconv.FormatUint(o.ID, 10), "user_id": strconv.FormatUint(o.UserID, 10),
					"plan_id": strconv.FormatUint(o.PlanID, 10),
				},
			})
			if err != nil {
				s.log.ErrorContext(ctx, "create payment intent", "order_id", o.ID, "error", err.Error())
				return ErrProviderFailed
			}
			o.PaymentIntentID, o.ClientSecret = &in.ID, &in.ClientSecret
		}
		if o.Status == StatusFailed {
			// The customer tries again with the same intent.
			o.Status, o.FailureReason = StatusPending, nil
		}
		o.UpdatedAt = s.now()
		if err := s.store.updateOrder(tx, o.ID, map[string]any{
			"payment_intent_id": o.PaymentIntentID, "client_secret": o.ClientSecret, "status": o.Status,
			"failure_reason": o.FailureReason, "updated_at": o.UpdatedAt,
		}); err != nil {
			return fmt.Errorf("store intent on order %d: %w", o.ID, err)
		}
		co.Order = o
		if o.ClientSecret != nil {
			co.ClientSecret = *o.ClientSecret
		}
		return nil
	})
	return co, retry, err
}

// Order returns an order visible to the caller: its owner or an admin (others get not found).
func (s *Service) Order(ctx context.Context, id, callerID uint64, admin bool) (Order, error) {
	o, err := s.store.order(ctx, id)
	if err != nil {
		return Order{}, err
	}
	if !admin && o.UserID != callerID {
		return Order{}, ErrOrderNotFound
	}
	return o, nil
}

// OrdersOf lists a user's orders, newest first.
func (s *Service) OrdersOf(ctx context.Context, userID uint64, p web.Page) ([]Order, int64, error) {
	return s.store.listForUser(ctx, userID, p)
}

// Refund starts an admin refund: the order moves to refund_pending and the provider is asked to
// refund the whole intent (idempotency key from the order id, so repeating is safe). The webhook
// (charge.refunded) completes it: refunded, and the unused part of the entitlement revoked.
// Refunding a refund_pending order repeats the provider call; a refunded order is returned as is.
func (s *Service) Refund(ctx context.Context, orderID uint64) (Order, error) {
	if s.provider == nil {
		return Order{}, ErrPaymentsUnavailable
	}
	var o Order
	err := s.store.inTx(ctx, func(tx *gorm.DB) error {
		var ok bool
		var err error
		o, ok, err = lockOrder(ctx, tx, "id = ?", orderID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrOrderNotFound
		}
		switch o.Status {
		case StatusPaid:
			o.Status, o.UpdatedAt = StatusRefundPending, s.now()
			return s.store.updateOrder(tx, o.ID, map[string]any{"status": o.Status, "updated_at": o.UpdatedAt})
		case StatusRefundPending, StatusRefunded:
			return nil
		default:
			return ErrNotRefundable
		}
	})
	if err != nil || o.Status == StatusRefunded {
		return o, err
	}
	_, err = s.provider.Refund(ctx, payment.RefundRequest{
		PaymentIntentID: deref(o.PaymentIntentID), IdempotencyKey: refundKey(o.ID),
		Metadata: map[string]string{"order_id": strconv.FormatUint(o.ID, 10)},
	})
	if err != nil {
		s.log.ErrorContext(ctx, "refund payment intent", "order_id", o.ID, "error", err.Error())
		// Back to paid so the admin can retry; a refund that did go through still arrives as
		// charge.refunded, which moves paid to refunded.
		if rerr := s.store.revertRefundPending(ctx, o.ID, s.now()); rerr != nil {
			s.log.ErrorContext(ctx, "revert refund_pending", "order_id", o.ID, "error", rerr.Error())
		}
		return Order{}, ErrProviderFailed
	}
	return o, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
