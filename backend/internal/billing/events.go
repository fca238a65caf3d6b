package billing

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/payment"
	"github.com/trainingclub/platform/backend/internal/platform/database"
)

// VerifyEvent checks a webhook delivery's signature and parses it.
func (s *Service) VerifyEvent(payload []byte, header string) (payment.Event, error) {
	if s.provider == nil {
		return payment.Event{}, ErrPaymentsUnavailable
	}
	if !s.webhook {
		return payment.Event{}, ErrWebhookUnconfigured
	}
	ev, err := s.provider.VerifyEvent(payload, header)
	switch {
	case errors.Is(err, payment.ErrInvalidSignature), errors.Is(err, payment.ErrExpiredSignature):
		return payment.Event{}, ErrInvalidSignature
	case errors.Is(err, payment.ErrMalformedEvent):
		return payment.Event{}, apperr.Invalid("the webhook payload is not a readable event")
	case err != nil:
		return payment.Event{}, fmt.Errorf("verify webhook: %w", err)
	}
	return ev, nil
}

// Outcomes of applying an event (recorded on the event row and logged).
const (
	OutcomeApplied   = "applied"
	OutcomeDuplicate = "duplicate"
	OutcomeIgnored   = "ignored"
)

// ApplyEvent applies a verified event exactly once: the event id is inserted under a unique key
// in the same transaction as the order change, so a replay (even concurrent) finds the row and
// changes nothing. Event types billing does not handle are ignored and not recorded.
func (s *Service) ApplyEvent(ctx context.Context, ev payment.Event) (string, error) {
	switch ev.Type {
	case payment.EventPaymentSucceeded, payment.EventPaymentFailed, payment.EventChargeRefunded:
	default:
		return OutcomeIgnored, nil
	}
	var outcome string
	// A deadlock victim (InnoDB, when several deliveries of one event wait on its key and the
	// first rolls back) simply runs again.
	err := database.RetryOnDeadlock(ctx, func() (err error) {
		outcome, err = s.applyOnce(ctx, ev)
		return err
	})
	if err != nil {
		// Whatever failed (a lost database, a grant membership refused), the delivery must
		// answer 500 so Stripe delivers it again; the cause stays in the log.
		return "", fmt.Errorf("apply event %s (%s): %s", ev.ID, ev.Type, err.Error())
	}
	s.log.InfoContext(ctx, "stripe event", "event_id", ev.ID, "type", ev.Type, "outcome", outcome)
	return outcome, nil
}

func (s *Service) applyOnce(ctx context.Context, ev payment.Event) (string, error) {
	outcome := OutcomeApplied
	err := s.store.inTx(ctx, func(tx *gorm.DB) error {
		rec := stripeEvent{EventID: ev.ID, Type: ev.Type, Outcome: "processing", ReceivedAt: s.now()}
		if err := s.store.insertEvent(tx, &rec); err != nil {
			if database.IsDuplicateKey(err) {
				outcome = OutcomeDuplicate
				return errDuplicate
			}
			return fmt.Errorf("record event %s: %w", ev.ID, err)
		}
		o, ok, err := s.eventOrder(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !ok {
			outcome = "unknown_order"
		} else {
			outcome, err = s.transition(ctx, tx, o, ev)
			if err != nil {
				return err
			}
			rec.OrderID = &o.ID
		}
		return s.store.setEventOutcome(tx, &rec, outcome)
	})
	if errors.Is(err, errDuplicate) {
		return OutcomeDuplicate, nil
	}
	return outcome, err
}

var errDuplicate = errors.New("duplicate event")

// eventOrder finds and locks the order an event is about: by payment intent id, or by the
// order_id in the intent's metadata when the intent id is not stored (yet).
func (s *Service) eventOrder(ctx context.Context, tx *gorm.DB, ev payment.Event) (Order, bool, error) {
	if ev.PaymentIntentID != "" {
		o, ok, err := lockOrder(ctx, tx, "payment_intent_id = ?", ev.PaymentIntentID)
		if err != nil || ok {
			return o, ok, err
		}
	}
	id, err := strconv.ParseUint(ev.Metadata["order_id"], 10, 64)
	if err != nil || id == 0 {
		return Order{}, false, nil
	}
	o, ok, err := lockOrder(ctx, tx, "id = ?", id)
	if err != nil || !ok {
		return o, ok, err
	}
	if o.PaymentIntentID != nil && *o.PaymentIntentID != ev.PaymentIntentID {
		// Metadata points at an order paid through another intent: not this event's order.
		return Order{}, false, nil
	}
	return o, true, nil
}

// transition applies the state machine documented on the package.
func (s *Service) transition(ctx context.Context, tx *gorm.DB, o Order, ev payment.Event) (string, error) {
	now := s.now()
	set := map[string]any{"updated_at": now}
	switch ev.Type {
	case payment.EventPaymentSucceeded:
		if o.Status != StatusPending && o.Status != StatusFailed {
			return "ignored_" + string(o.Status), nil
		}
		if ev.AmountRappen != o.AmountRappen || (ev.Currency != "" && ev.Currency != o.Currency) {
			s.log.ErrorContext(ctx, "payment does not match the order", "order_id", o.ID, "event_id", ev.ID,
				"amount", ev.AmountRappen, "currency", ev.Currency)
			return "amount_mismatch", nil
		}
		entID, err := s.plans.GrantTx(ctx, tx, o.UserID, o.PlanID, o.ID)
		if err != nil {
			return "", fmt.Errorf("grant plan %d for order %d: %w", o.PlanID, o.ID, err)
		}
		set["status"], set["entitlement_id"], set["paid_at"], set["open_key"], set["failure_reason"] = StatusPaid, entID, now, nil, nil
		if o.PaymentIntentID == nil {
			set["payment_intent_id"] = ev.PaymentIntentID
		}
	case payment.EventPaymentFailed:
		if o.Status != StatusPending {
			return "ignored_" + string(o.Status), nil
		}
		reason := ev.FailureMessage
		if reason == "" {
			reason = "payment failed"
		}
		if len(reason) > 255 {
			reason = reason[:255]
		}
		set["status"], set["failure_reason"] = StatusFailed, reason
	case payment.EventChargeRefunded:
		if !ev.FullyRefunded {
			return "partial_refund_ignored", nil
		}
		if o.Status == StatusRefunded {
			return "ignored_refunded", nil
		}
		if o.EntitlementID != nil {
			if err := s.plans.RevokeTx(ctx, tx, *o.EntitlementID); err != nil {
				return "", fmt.Errorf("revoke entitlement %d of order %d: %w", *o.EntitlementID, o.ID, err)
			}
		}
		set["status"], set["refunded_at"], set["open_key"] = StatusRefunded, now, nil
	}
	if err := s.store.updateOrder(tx, o.ID, set); err != nil {
		return "", err
	}
	if set["status"] == StatusPaid && s.onPaid != nil {
		o.Status, o.PaidAt = StatusPaid, &now
		if err := s.onPaid(ctx, tx, o); err != nil {
			return "", fmt.Errorf("order %d paid hook: %w", o.ID, err)
		}
	}
	return OutcomeApplied, nil
}
