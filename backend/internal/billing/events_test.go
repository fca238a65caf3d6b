package billing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/trainingclub/platform/backend/internal/payment"
)

func TestWebhookSignatureFailuresChangeNothing(t *testing.T) {
	f := newFixture(t)
	o := f.checkout(t)
	body, header := event(t, payment.EventPaymentSucceeded, o, nil)
	expired := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret,
		Timestamp: time.Now().Add(-301 * time.Second)})
	forged := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: "whsec_attacker"})
	for name, h := range map[string]string{"expired": expired.Header, "forged": forged.Header, "none": "", "garbage": "v1=zz"} {
		if _, err := f.svc.VerifyEvent(body, h); !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("%s: want invalid_signature, got %v", name, err)
		}
	}
	if got := f.reload(t, o.ID); got.Status != StatusPending {
		t.Fatalf("order changed to %s", got.Status)
	}
	if out := f.deliver(t, body, header); out != OutcomeApplied {
		t.Fatalf("valid delivery: %s", out)
	}
}

func TestEventReplayedConcurrentlyHasOneEffect(t *testing.T) {
	f := newFixture(t)
	o := f.checkout(t)
	body, header := event(t, payment.EventPaymentSucceeded, o, nil)
	const n = 10
	outcomes := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := f.svc.VerifyEvent(body, header)
			if err != nil {
				errs[i] = err
				return
			}
			outcomes[i], errs[i] = f.svc.ApplyEvent(context.Background(), ev)
		}()
	}
	wg.Wait()
	applied := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("delivery %d: %v", i, errs[i])
		}
		if outcomes[i] == OutcomeApplied {
			applied++
		} else if outcomes[i] != OutcomeDuplicate {
			t.Fatalf("delivery %d: outcome %s", i, outcomes[i])
		}
	}
	if applied != 1 {
		t.Fatalf("%d deliveries applied, want 1 (%v)", applied, outcomes)
	}
	if granted, _ := f.entitlements(t, o.ID); granted != 1 {
		t.Fatalf("%d entitlements, want 1", granted)
	}
	got := f.reload(t, o.ID)
	if got.Status != StatusPaid || got.EntitlementID == nil || got.PaidAt == nil || got.OpenKey != nil {
		t.Fatalf("order after payment: %+v", got)
	}
}

func TestEventsOutOfOrder(t *testing.T) {
	S, F, R := payment.EventPaymentSucceeded, payment.EventPaymentFailed, payment.EventChargeRefunded
	cases := []struct {
		name             string
		events           []string
		status           Status
		granted, revoked int
	}{
		{"succeeded then late failure", []string{S, F}, StatusPaid, 1, 0},
		{"failure then retry succeeded", []string{F, S}, StatusPaid, 1, 0},
		{"failure twice", []string{F, F}, StatusFailed, 0, 0},
		{"refund before success", []string{R, S}, StatusRefunded, 0, 0},
		{"success then refund", []string{S, R}, StatusRefunded, 1, 1},
		{"success, refund, second success event", []string{S, R, S}, StatusRefunded, 1, 1},
		{"refund twice (two events)", []string{S, R, R}, StatusRefunded, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			o := f.checkout(t)
			for _, typ := range tc.events {
				body, h := event(t, typ, o, nil)
				f.deliver(t, body, h)
			}
			got := f.reload(t, o.ID)
			granted, revoked := f.entitlements(t, o.ID)
			if got.Status != tc.status || granted != tc.granted || revoked != tc.revoked {
				t.Fatalf("status %s granted %d revoked %d; want %s %d %d", got.Status, granted, revoked, tc.status, tc.granted, tc.revoked)
			}
		})
	}
}

func TestEventEdgeCases(t *testing.T) {
	f := newFixture(t)
	o := f.checkout(t)
	body, h := event(t, "customer.created", o, nil)
	if out := f.deliver(t, body, h); out != OutcomeIgnored {
		t.Fatalf("unknown type: %s", out)
	}
	body, h = event(t, payment.EventPaymentSucceeded, o, func(obj map[string]any) { obj["amount"] = 1 })
	if out := f.deliver(t, body, h); out != "amount_mismatch" {
		t.Fatalf("wrong amount: %s", out)
	}
	body, h = event(t, payment.EventPaymentSucceeded, o, func(obj map[string]any) {
		obj["id"] = "pi_unknown"
		obj["metadata"] = map[string]string{"order_id": "999999999"}
	})
	if out := f.deliver(t, body, h); out != "unknown_order" {
		t.Fatalf("unknown order: %s", out)
	}
	body, h = event(t, payment.EventPaymentSucceeded, o, func(obj map[string]any) { obj["id"] = "pi_other" })
	if out := f.deliver(t, body, h); out != "unknown_order" {
		t.Fatalf("metadata of an order paid through another intent: %s", out)
	}
	if got := f.reload(t, o.ID); got.Status != StatusPending {
		t.Fatalf("order changed: %s", got.Status)
	}
	body, h = event(t, payment.EventPaymentSucceeded, o, nil)
	f.deliver(t, body, h)
	body, h = event(t, payment.EventChargeRefunded, o, func(obj map[string]any) { obj["refunded"] = false })
	if out := f.deliver(t, body, h); out != "partial_refund_ignored" {
		t.Fatalf("partial refund: %s", out)
	}
	if got := f.reload(t, o.ID); got.Status != StatusPaid {
		t.Fatalf("after partial refund: %s", got.Status)
	}
}
