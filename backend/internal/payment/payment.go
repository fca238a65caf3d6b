// Package payment is the adapter to the payment provider. It creates payment intents, refunds
// them and verifies webhook events; it knows nothing of orders, plans or users (billing does).
//
// Stripe is the only provider today and takes card and TWINT payments in CHF. Provider is kept
// small so that a direct TWINT integration (using TWINT_MERCHANT_ID, the merchant's UUID at
// TWINT, for its own checkout API) could be added beside it without touching billing.
package payment

import (
	"context"
	"errors"
	"time"
)

// Methods are the payment method types offered for every intent.
var Methods = []string{"card", "twint"}

// Provider is what billing needs from a payment provider.
type Provider interface {
	// CreateIntent creates (or, for a repeated idempotency key, returns) a payment intent.
	CreateIntent(ctx context.Context, req IntentRequest) (Intent, error)
	// Refund refunds a payment intent in full; a repeated idempotency key refunds only once.
	Refund(ctx context.Context, req RefundRequest) (Refund, error)
	// VerifyEvent checks a webhook payload's signature and freshness and parses it.
	VerifyEvent(payload []byte, signatureHeader string) (Event, error)
}

// IntentRequest asks for a payment of AmountRappen (integer, the smallest unit of Currency).
type IntentRequest struct {
	AmountRappen   int64
	Currency       string // ISO code, "CHF"
	Methods        []string
	IdempotencyKey string
	Description    string
	Metadata       map[string]string
}

// Intent is a created payment intent. ClientSecret lets the browser confirm it.
type Intent struct {
	ID           string
	ClientSecret string
	Status       string
	AmountRappen int64
	Currency     string
}

// RefundRequest asks to refund a payment intent in full.
type RefundRequest struct {
	PaymentIntentID string
	IdempotencyKey  string
	Metadata        map[string]string
}

// Refund is a created refund.
type Refund struct {
	ID     string
	Status string
}

// Event types billing reacts to; others are acknowledged and ignored.
const (
	EventPaymentSucceeded = "payment_intent.succeeded"
	EventPaymentFailed    = "payment_intent.payment_failed"
	EventChargeRefunded   = "charge.refunded"
)

// Event is a verified webhook event reduced to what billing needs.
type Event struct {
	ID      string
	Type    string
	Created time.Time
	// PaymentIntentID is the intent the event is about (the object itself for payment_intent.*,
	// the charge's payment_intent for charge.*).
	PaymentIntentID string
	// AmountRappen is the intent's amount (payment_intent.*) or the charge's amount (charge.*).
	AmountRappen int64
	Currency     string
	// FullyRefunded is true for a charge.refunded event whose charge is refunded in full.
	FullyRefunded bool
	// FailureMessage is the last payment error of a failed intent, if any.
	FailureMessage string
	Metadata       map[string]string
}

// Errors a provider reports.
var (
	// ErrInvalidSignature: the payload is not signed with our secret, or the header is malformed.
	ErrInvalidSignature = errors.New("payment: webhook signature invalid")
	// ErrExpiredSignature: the signature is valid but older than the tolerance (a replay).
	ErrExpiredSignature = errors.New("payment: webhook signature expired")
	// ErrMalformedEvent: the signed payload is not an event we can read.
	ErrMalformedEvent = errors.New("payment: webhook event malformed")
	// ErrProvider: the provider refused or could not be reached.
	ErrProvider = errors.New("payment: provider error")
)
