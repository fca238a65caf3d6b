package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// SignatureTolerance is how old a webhook signature may be; older deliveries are replays.
const SignatureTolerance = 300 * time.Second

// StripeConfig configures the Stripe provider.
type StripeConfig struct {
	APIKey        string
	WebhookSecret string
	// APIBase overrides https://api.stripe.com (tests point it at stripe-mock).
	APIBase string
	// HTTPClient is optional; the default has a 20 s timeout.
	HTTPClient *http.Client
	// NoRetries turns off the client's network retries (tests against a dead endpoint).
	NoRetries bool
}

// Stripe is the Provider backed by stripe-go. It calls the two endpoints it needs through the
// library's backend, exactly as stripe.Client's services do, because stripe.NewClient links
// every Stripe service into the binary (+5 MB, which pushed the image over its 30 MB budget).
type Stripe struct {
	backend stripe.Backend
	key     string
	secret  string
}

// NewStripe builds the provider. Network retries are safe because every mutating call carries
// an idempotency key.
func NewStripe(cfg StripeConfig) *Stripe {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	bc := &stripe.BackendConfig{
		HTTPClient:        hc,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(2),
		EnableTelemetry:   stripe.Bool(false),
	}
	if cfg.NoRetries {
		bc.MaxNetworkRetries = stripe.Int64(0)
	}
	if cfg.APIBase != "" {
		bc.URL = stripe.String(strings.TrimRight(cfg.APIBase, "/"))
	}
	return &Stripe{
		backend: stripe.GetBackendWithConfig(stripe.APIBackend, bc),
		key:     cfg.APIKey,
		secret:  cfg.WebhookSecret,
	}
}

// CreateIntent creates a PaymentIntent for the given payment method types (no automatic
// payment methods: the club offers exactly card and TWINT).
func (s *Stripe) CreateIntent(ctx context.Context, req IntentRequest) (Intent, error) {
	if req.AmountRappen <= 0 || req.Currency == "" || req.IdempotencyKey == "" {
		return Intent{}, fmt.Errorf("%w: amount, currency and idempotency key are required", ErrProvider)
	}
	methods := req.Methods
	if len(methods) == 0 {
		methods = Methods
	}
	p := &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(req.AmountRappen),
		Currency:           stripe.String(strings.ToLower(req.Currency)),
		PaymentMethodTypes: stripe.StringSlice(methods),
	}
	if req.Description != "" {
		p.Description = stripe.String(req.Description)
	}
	pi := &stripe.PaymentIntent{}
	if err := s.create(ctx, "/v1/payment_intents", p, req.Metadata, req.IdempotencyKey, pi); err != nil {
		return Intent{}, providerError("create payment intent", err)
	}
	return Intent{ID: pi.ID, ClientSecret: pi.ClientSecret, Status: string(pi.Status),
		AmountRappen: pi.Amount, Currency: strings.ToUpper(string(pi.Currency))}, nil
}

// Refund refunds the whole payment intent.
func (s *Stripe) Refund(ctx context.Context, req RefundRequest) (Refund, error) {
	if req.PaymentIntentID == "" || req.IdempotencyKey == "" {
		return Refund{}, fmt.Errorf("%w: payment intent and idempotency key are required", ErrProvider)
	}
	p := &stripe.RefundCreateParams{PaymentIntent: stripe.String(req.PaymentIntentID)}
	p.Reason = stripe.String(string(stripe.RefundReasonRequestedByCustomer))
	r := &stripe.Refund{}
	if err := s.create(ctx, "/v1/refunds", p, req.Metadata, req.IdempotencyKey, r); err != nil {
		return Refund{}, providerError("create refund", err)
	}
	return Refund{ID: r.ID, Status: string(r.Status)}, nil
}

// createParams are the parameters of a Stripe create call (a payment intent, a refund).
type createParams interface {
	stripe.ParamsContainer
	AddMetadata(key, value string)
	SetIdempotencyKey(key string)
}

// create POSTs p with metadata and the idempotency key to path and decodes the answer into out.
func (s *Stripe) create(ctx context.Context, path string, p createParams, metadata map[string]string, idempotencyKey string, out stripe.LastResponseSetter) error {
	for k, v := range metadata {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(idempotencyKey)
	p.GetParams().Context = ctx
	return s.backend.Call(http.MethodPost, path, s.key, p, out)
}

// providerError keeps Stripe's error type and code (never the key) for the logs.
func providerError(op string, err error) error {
	var se *stripe.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%w: %s: %s %s: %s (status %d, request %s)", ErrProvider, op, se.Type, se.Code, se.Msg, se.HTTPStatusCode, se.RequestID)
	}
	return fmt.Errorf("%w: %s: %v", ErrProvider, op, err)
}

// VerifyEvent verifies the Stripe-Signature header (HMAC-SHA256 with the endpoint secret,
// timestamp within SignatureTolerance) and reads the fields billing needs. The event's API
// version is not required to match the library's: only a few stable fields are read.
func (s *Stripe) VerifyEvent(payload []byte, header string) (Event, error) {
	if s.secret == "" {
		return Event{}, fmt.Errorf("%w: no webhook secret configured", ErrInvalidSignature)
	}
	ev, err := webhook.ConstructEventWithOptions(payload, header, s.secret, webhook.ConstructEventOptions{
		Tolerance:                SignatureTolerance,
		IgnoreAPIVersionMismatch: true,
	})
	switch {
	case errors.Is(err, webhook.ErrTooOld):
		return Event{}, ErrExpiredSignature
	case errors.Is(err, webhook.ErrNotSigned), errors.Is(err, webhook.ErrInvalidHeader), errors.Is(err, webhook.ErrNoValidSignature):
		return Event{}, ErrInvalidSignature
	case err != nil:
		return Event{}, fmt.Errorf("%w: %v", ErrMalformedEvent, err)
	}
	return parseEvent(ev)
}

// eventObject holds the fields read from data.object of payment_intent.* and charge.* events.
type eventObject struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Amount           int64             `json:"amount"`
	Currency         string            `json:"currency"`
	Refunded         bool              `json:"refunded"`
	Metadata         map[string]string `json:"metadata"`
	PaymentIntent    json.RawMessage   `json:"payment_intent"`
	LastPaymentError *struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"last_payment_error"`
}

func parseEvent(ev stripe.Event) (Event, error) {
	if ev.ID == "" || ev.Type == "" {
		return Event{}, fmt.Errorf("%w: event without id or type", ErrMalformedEvent)
	}
	out := Event{ID: ev.ID, Type: string(ev.Type), Created: time.Unix(ev.Created, 0).UTC()}
	if ev.Data == nil || len(ev.Data.Raw) == 0 {
		return out, nil
	}
	var obj eventObject
	if err := json.Unmarshal(ev.Data.Raw, &obj); err != nil {
		// An object we cannot read belongs to an event type we do not handle either.
		return out, nil
	}
	out.AmountRappen, out.Currency, out.Metadata = obj.Amount, strings.ToUpper(obj.Currency), obj.Metadata
	switch obj.Object {
	case "payment_intent":
		out.PaymentIntentID = obj.ID
		if obj.LastPaymentError != nil {
			out.FailureMessage = strings.TrimSpace(obj.LastPaymentError.Code + " " + obj.LastPaymentError.Message)
		}
	case "charge":
		out.FullyRefunded = obj.Refunded
		if id, ok := stripe.ParseID(obj.PaymentIntent); ok {
			out.PaymentIntentID = id
		} else if len(obj.PaymentIntent) > 0 {
			var pi struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(obj.PaymentIntent, &pi) == nil {
				out.PaymentIntentID = pi.ID
			}
		}
	}
	return out, nil
}
