package payment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// recorder keeps a copy of every request the Stripe client sends before passing it on.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path string
	header       http.Header
	form         url.Values
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(strings.NewReader(string(body)))
	}
	form, _ := url.ParseQuery(string(body))
	r.mu.Lock()
	r.reqs = append(r.reqs, recorded{req.Method, req.URL.Path, req.Header.Clone(), form})
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (r *recorder) last(t *testing.T) recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("no request was sent")
	}
	return r.reqs[len(r.reqs)-1]
}

func mockProvider(t *testing.T) (*Stripe, *recorder) {
	rec := &recorder{}
	return NewStripe(StripeConfig{
		APIKey: "sk_test_123fakekey", WebhookSecret: "whsec_test",
		APIBase: testenv.StripeMockURL(t), HTTPClient: &http.Client{Transport: rec, Timeout: 10 * time.Second},
	}), rec
}

// TestCreateIntentRequestShape sends a PaymentIntent creation to stripe-mock, which validates it
// against Stripe's OpenAPI spec, and checks what went over the wire.
func TestCreateIntentRequestShape(t *testing.T) {
	p, rec := mockProvider(t)
	in, err := p.CreateIntent(context.Background(), IntentRequest{
		AmountRappen: 12900, Currency: "CHF", IdempotencyKey: "order-42-intent",
		Description: "Training Club order 42",
		Metadata:    map[string]string{"order_id": "42", "user_id": "7", "plan_id": "3"},
	})
	if err != nil {
		t.Fatalf("create intent: %v", err)
	}
	if in.ID == "" || in.ClientSecret == "" {
		t.Fatalf("intent without id or client secret: %+v", in)
	}
	r := rec.last(t)
	if r.method != http.MethodPost || r.path != "/v1/payment_intents" {
		t.Fatalf("sent %s %s", r.method, r.path)
	}
	if got := r.header.Get("Idempotency-Key"); got != "order-42-intent" {
		t.Fatalf("Idempotency-Key = %q", got)
	}
	want := map[string]string{
		"amount": "12900", "currency": "chf",
		"payment_method_types[0]": "card", "payment_method_types[1]": "twint",
		"metadata[order_id]": "42", "metadata[user_id]": "7", "metadata[plan_id]": "3",
		"description": "Training Club order 42",
	}
	for k, v := range want {
		if got := r.form.Get(k); got != v {
			t.Errorf("form %s = %q, want %q (form %v)", k, got, v, r.form)
		}
	}
	if r.form.Has("automatic_payment_methods[enabled]") {
		t.Error("automatic payment methods must not be enabled: the club offers card and TWINT only")
	}
}

func TestRefundRequestShape(t *testing.T) {
	p, rec := mockProvider(t)
	ref, err := p.Refund(context.Background(), RefundRequest{PaymentIntentID: "pi_123", IdempotencyKey: "order-42-refund",
		Metadata: map[string]string{"order_id": "42"}})
	if err != nil {
		t.Fatalf("refund: %v", err)
	}
	if ref.ID == "" {
		t.Fatalf("refund without id: %+v", ref)
	}
	r := rec.last(t)
	if r.path != "/v1/refunds" || r.header.Get("Idempotency-Key") != "order-42-refund" ||
		r.form.Get("payment_intent") != "pi_123" || r.form.Get("metadata[order_id]") != "42" {
		t.Fatalf("refund request: %s %v %v", r.path, r.header.Get("Idempotency-Key"), r.form)
	}
	if r.form.Has("amount") {
		t.Fatal("a full refund must not send an amount")
	}
}

func TestProviderErrorsAreWrapped(t *testing.T) {
	p, _ := mockProvider(t)
	// stripe-mock rejects a parameter the API does not know: the shape check works both ways.
	_, err := p.CreateIntent(context.Background(), IntentRequest{AmountRappen: 100, Currency: "CHF", IdempotencyKey: "k",
		Methods: []string{"card"}, Metadata: map[string]string{"order_id": "1"}})
	if err != nil {
		t.Fatalf("valid request failed: %v", err)
	}
	_, err = p.CreateIntent(context.Background(), IntentRequest{AmountRappen: 0, Currency: "CHF", IdempotencyKey: "k"})
	if !errors.Is(err, ErrProvider) {
		t.Fatalf("zero amount: want ErrProvider, got %v", err)
	}
	dead := NewStripe(StripeConfig{APIKey: "sk_test_x", APIBase: "http://127.0.0.1:1", HTTPClient: &http.Client{Timeout: time.Second}, NoRetries: true})
	if _, err := dead.Refund(context.Background(), RefundRequest{PaymentIntentID: "pi_1", IdempotencyKey: "k"}); !errors.Is(err, ErrProvider) {
		t.Fatalf("unreachable provider: want ErrProvider, got %v", err)
	}
}

const testSecret = "whsec_test_secret"

func signed(t *testing.T, payload string, at time.Time, secret string) ([]byte, string) {
	t.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(payload), Secret: secret, Timestamp: at})
	return sp.Payload, sp.Header
}

func TestVerifyEvent(t *testing.T) {
	p := NewStripe(StripeConfig{APIKey: "sk_test_x", WebhookSecret: testSecret})
	piEvent := `{"id":"evt_1","object":"event","type":"payment_intent.payment_failed","created":1700000000,"api_version":"2020-08-27",
		"data":{"object":{"id":"pi_9","object":"payment_intent","amount":2500,"currency":"chf","metadata":{"order_id":"5"},
		"last_payment_error":{"code":"card_declined","message":"Your card was declined."}}}}`
	chargeEvent := `{"id":"evt_2","object":"event","type":"charge.refunded","created":1700000000,"api_version":"2025-08-27.basil",
		"data":{"object":{"id":"ch_1","object":"charge","amount":2500,"currency":"chf","refunded":true,"payment_intent":"pi_9","metadata":{}}}}`
	now := time.Now()

	t.Run("valid payment intent event", func(t *testing.T) {
		body, h := signed(t, piEvent, now, testSecret)
		ev, err := p.VerifyEvent(body, h)
		if err != nil {
			t.Fatal(err)
		}
		if ev.ID != "evt_1" || ev.Type != EventPaymentFailed || ev.PaymentIntentID != "pi_9" || ev.AmountRappen != 2500 ||
			ev.Currency != "CHF" || ev.Metadata["order_id"] != "5" || !strings.Contains(ev.FailureMessage, "card_declined") {
			t.Fatalf("parsed %+v", ev)
		}
	})
	t.Run("valid charge event", func(t *testing.T) {
		body, h := signed(t, chargeEvent, now, testSecret)
		ev, err := p.VerifyEvent(body, h)
		if err != nil {
			t.Fatal(err)
		}
		if ev.PaymentIntentID != "pi_9" || !ev.FullyRefunded {
			t.Fatalf("parsed %+v", ev)
		}
	})
	cases := []struct {
		name   string
		body   func() ([]byte, string)
		target error
	}{
		{"wrong secret", func() ([]byte, string) { return signed(t, piEvent, now, "whsec_other") }, ErrInvalidSignature},
		{"tampered body", func() ([]byte, string) {
			b, h := signed(t, piEvent, now, testSecret)
			return []byte(strings.Replace(string(b), "2500", "1", 1)), h
		}, ErrInvalidSignature},
		{"no header", func() ([]byte, string) { b, _ := signed(t, piEvent, now, testSecret); return b, "" }, ErrInvalidSignature},
		{"garbage header", func() ([]byte, string) { b, _ := signed(t, piEvent, now, testSecret); return b, "t=abc,v1" }, ErrInvalidSignature},
		{"expired timestamp", func() ([]byte, string) {
			return signed(t, piEvent, now.Add(-SignatureTolerance-time.Minute), testSecret)
		}, ErrExpiredSignature},
		{"signed garbage", func() ([]byte, string) { return signed(t, `not json`, now, testSecret) }, ErrMalformedEvent},
		{"signed event without id", func() ([]byte, string) { return signed(t, `{"type":"x"}`, now, testSecret) }, ErrMalformedEvent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, h := tc.body()
			if _, err := p.VerifyEvent(body, h); !errors.Is(err, tc.target) {
				t.Fatalf("want %v, got %v", tc.target, err)
			}
		})
	}
	t.Run("no secret configured", func(t *testing.T) {
		body, h := signed(t, piEvent, now, "")
		noSecret := NewStripe(StripeConfig{APIKey: "sk_test_x"})
		if _, err := noSecret.VerifyEvent(body, h); !errors.Is(err, ErrInvalidSignature) {
			t.Fatalf("want ErrInvalidSignature, got %v", err)
		}
	})
}

// FuzzVerifyEvent: arbitrary signed payloads never panic.
func FuzzVerifyEvent(f *testing.F) {
	f.Add(`{"id":"evt_1","type":"charge.refunded","data":{"object":{"object":"charge","payment_intent":{"id":"pi_1"}}}}`)
	f.Add(`{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":[]}}`)
	p := NewStripe(StripeConfig{APIKey: "sk_test_x", WebhookSecret: testSecret})
	f.Fuzz(func(t *testing.T, payload string) {
		sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(payload), Secret: testSecret})
		ev, err := p.VerifyEvent(sp.Payload, sp.Header)
		if err == nil && (ev.ID == "" || ev.Type == "") {
			t.Fatalf("accepted event without id/type: %q", payload)
		}
		_ = fmt.Sprint(ev)
	})
}
