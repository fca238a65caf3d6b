package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/payment"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const secret = "whsec_billing_test"

// fakeProvider counts provider calls; signatures are verified by the real Stripe verifier.
type fakeProvider struct {
	*payment.Stripe
	mu        sync.Mutex
	intents   map[string]payment.IntentRequest // by idempotency key
	creates   atomic.Int32
	refunds   atomic.Int32
	refundErr error
	lastRef   payment.RefundRequest
}

func newFakeProvider() *fakeProvider {
	return &fakeProvider{Stripe: payment.NewStripe(payment.StripeConfig{APIKey: "sk_test_x", WebhookSecret: secret}),
		intents: map[string]payment.IntentRequest{}}
}

func (f *fakeProvider) CreateIntent(_ context.Context, r payment.IntentRequest) (payment.Intent, error) {
	f.creates.Add(1)
	time.Sleep(20 * time.Millisecond) // a slow provider widens any race window
	f.mu.Lock()
	defer f.mu.Unlock()
	f.intents[r.IdempotencyKey] = r
	id := "pi_" + r.Metadata["order_id"] + "_" + testenv.UniqueEmail("x")[2:12]
	return payment.Intent{ID: id, ClientSecret: id + "_secret_abc", Status: "requires_payment_method",
		AmountRappen: r.AmountRappen, Currency: r.Currency}, nil
}

func (f *fakeProvider) Refund(_ context.Context, r payment.RefundRequest) (payment.Refund, error) {
	f.refunds.Add(1)
	f.mu.Lock()
	f.lastRef = r
	f.mu.Unlock()
	if f.refundErr != nil {
		return payment.Refund{}, f.refundErr
	}
	return payment.Refund{ID: "re_1", Status: "pending"}, nil
}

// fakePlans grants into a test table inside billing's transaction, so a grant that is not part
// of the same transaction as the event record would show up as an extra row.
type fakePlans struct{ plans map[uint64]Plan }

func (f fakePlans) Plan(_ context.Context, id uint64) (Plan, error) {
	p, ok := f.plans[id]
	if !ok {
		return Plan{}, apperr.NotFound("plan")
	}
	return p, nil
}

func (fakePlans) GrantTx(ctx context.Context, tx *gorm.DB, userID, planID, orderID uint64) (uint64, error) {
	if err := tx.Exec("INSERT INTO test_entitlements (user_id, plan_id, order_id, revoked) VALUES (?, ?, ?, 0)", userID, planID, orderID).Error; err != nil {
		return 0, err
	}
	var id uint64
	err := tx.Raw("SELECT LAST_INSERT_ID()").Scan(&id).Error
	return id, err
}

func (fakePlans) RevokeTx(ctx context.Context, tx *gorm.DB, id uint64) error {
	return tx.Exec("UPDATE test_entitlements SET revoked = 1 WHERE id = ?", id).Error
}

var userSeq atomic.Uint64

func init() { userSeq.Store(uint64(time.Now().UnixNano() % 1e9)) }

type fixture struct {
	svc  *Service
	prov *fakeProvider
	db   *gorm.DB
	user uint64
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := testenv.DB(t)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS test_entitlements (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
		user_id BIGINT UNSIGNED NOT NULL, plan_id BIGINT UNSIGNED NOT NULL, order_id BIGINT UNSIGNED NOT NULL, revoked TINYINT NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	prov := newFakeProvider()
	plans := fakePlans{plans: map[uint64]Plan{
		1: {ID: 1, Name: "10er Abo", PriceRappen: 18000, Currency: "CHF", Active: true},
		2: {ID: 2, Name: "Old plan", PriceRappen: 5000, Currency: "CHF", Active: false},
		3: {ID: 3, Name: "Free", PriceRappen: 0, Currency: "CHF", Active: true},
	}}
	svc := NewService(db, Options{Provider: prov, WebhookConfigured: true, Plans: plans, Log: testenv.Log})
	return fixture{svc: svc, prov: prov, db: db, user: userSeq.Add(1)}
}

func (f fixture) checkout(t *testing.T) Order {
	t.Helper()
	co, err := f.svc.Checkout(context.Background(), f.user, 1)
	if err != nil {
		t.Fatal(err)
	}
	return co.Order
}

var evSeq atomic.Uint64

// event builds a signed delivery of an event about order o.
func event(t *testing.T, typ string, o Order, mutate func(obj map[string]any)) ([]byte, string) {
	t.Helper()
	obj := map[string]any{"id": *o.PaymentIntentID, "object": "payment_intent", "amount": o.AmountRappen,
		"currency": "chf", "metadata": map[string]string{"order_id": fmt.Sprint(o.ID)}}
	if typ == payment.EventChargeRefunded {
		obj = map[string]any{"id": "ch_" + fmt.Sprint(o.ID), "object": "charge", "amount": o.AmountRappen,
			"currency": "chf", "refunded": true, "payment_intent": *o.PaymentIntentID, "metadata": map[string]string{}}
	}
	if mutate != nil {
		mutate(obj)
	}
	raw, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("evt_%d_%d", time.Now().UnixNano(), evSeq.Add(1)),
		"object": "event", "type": typ, "created": time.Now().Unix(), "api_version": "2025-08-27.basil",
		"data": map[string]any{"object": obj}})
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: raw, Secret: secret})
	return sp.Payload, sp.Header
}

func (f fixture) deliver(t *testing.T, body []byte, header string) string {
	t.Helper()
	ev, err := f.svc.VerifyEvent(body, header)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	out, err := f.svc.ApplyEvent(context.Background(), ev)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return out
}

func (f fixture) reload(t *testing.T, id uint64) Order {
	t.Helper()
	o, err := f.svc.store.order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// entitlements returns (granted, revoked) counts for an order.
func (f fixture) entitlements(t *testing.T, orderID uint64) (int, int) {
	t.Helper()
	var r struct{ N, R int }
	if err := f.db.Raw("SELECT COUNT(*) AS n, COALESCE(SUM(revoked),0) AS r FROM test_entitlements WHERE order_id = ?", orderID).Scan(&r).Error; err != nil {
		t.Fatal(err)
	}
	return r.N, r.R
}

func TestCheckoutConcurrentlyCreatesOneOrderAndOneIntent(t *testing.T) {
	f := newFixture(t)
	const n = 10
	var wg sync.WaitGroup
	results := make([]Checkout, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = f.svc.Checkout(context.Background(), f.user, 1)
		}()
	}
	wg.Wait()
	created := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("checkout %d: %v", i, errs[i])
		}
		if results[i].Order.ID != results[0].Order.ID || results[i].ClientSecret != results[0].ClientSecret || results[i].ClientSecret == "" {
			t.Fatalf("checkouts disagree: %+v vs %+v", results[i], results[0])
		}
		if results[i].Created {
			created++
		}
	}
	if created != 1 {
		t.Fatalf("%d checkouts report a new order, want 1", created)
	}
	if got := f.prov.creates.Load(); got != 1 {
		t.Fatalf("provider CreateIntent called %d times, want 1", got)
	}
	o := results[0].Order
	req := f.prov.intents[intentKey(o.ID)]
	if req.AmountRappen != 18000 || req.Currency != "CHF" || req.Metadata["order_id"] != fmt.Sprint(o.ID) ||
		req.Metadata["user_id"] != fmt.Sprint(f.user) || req.Metadata["plan_id"] != "1" || len(req.Methods) != 2 {
		t.Fatalf("intent request %+v", req)
	}
	var count int64
	f.db.Model(&Order{}).Where("user_id = ?", f.user).Count(&count)
	if count != 1 {
		t.Fatalf("%d orders, want 1", count)
	}
}

func TestCheckoutRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		plan uint64
		kind apperr.Kind
	}{{99, apperr.KindValidation}, {2, apperr.KindValidation}, {3, apperr.KindValidation}} {
		if _, err := f.svc.Checkout(ctx, f.user, tc.plan); apperr.KindOf(err) != tc.kind {
			t.Errorf("plan %d: want kind %v, got %v", tc.plan, tc.kind, err)
		}
	}
	off := NewService(f.db, Options{Plans: fakePlans{}, Log: testenv.Log})
	if _, err := off.Checkout(ctx, f.user, 1); !errors.Is(err, ErrPaymentsUnavailable) {
		t.Fatalf("no provider: want payments_unavailable, got %v", err)
	}
	if _, err := off.VerifyEvent([]byte("{}"), "t=1,v1=00"); !errors.Is(err, ErrPaymentsUnavailable) {
		t.Fatalf("no provider webhook: got %v", err)
	}
}

func TestCheckoutAfterFailureReopensAndAfterPaymentStartsNew(t *testing.T) {
	f := newFixture(t)
	o := f.checkout(t)
	body, h := event(t, payment.EventPaymentFailed, o, nil)
	f.deliver(t, body, h)
	co, err := f.svc.Checkout(context.Background(), f.user, 1)
	if err != nil || co.Order.ID != o.ID || co.Order.Status != StatusPending || co.Created {
		t.Fatalf("checkout after failure: %+v %v", co, err)
	}
	body, h = event(t, payment.EventPaymentSucceeded, o, nil)
	f.deliver(t, body, h)
	co, err = f.svc.Checkout(context.Background(), f.user, 1)
	if err != nil || co.Order.ID == o.ID || !co.Created {
		t.Fatalf("checkout after payment should start a new order: %+v %v", co, err)
	}
	if got := f.prov.creates.Load(); got != 2 {
		t.Fatalf("%d intents, want 2", got)
	}
}

func TestRefund(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	o := f.checkout(t)
	if _, err := f.svc.Refund(ctx, o.ID); !errors.Is(err, ErrNotRefundable) {
		t.Fatalf("refund of a pending order: %v", err)
	}
	body, h := event(t, payment.EventPaymentSucceeded, o, nil)
	f.deliver(t, body, h)

	f.prov.refundErr = errors.New("boom")
	if _, err := f.svc.Refund(ctx, o.ID); !errors.Is(err, ErrProviderFailed) {
		t.Fatalf("provider failure: %v", err)
	}
	if got := f.reload(t, o.ID); got.Status != StatusPaid {
		t.Fatalf("after failed refund call: %s, want paid", got.Status)
	}
	f.prov.refundErr = nil
	got, err := f.svc.Refund(ctx, o.ID)
	if err != nil || got.Status != StatusRefundPending {
		t.Fatalf("refund: %+v %v", got, err)
	}
	if f.prov.lastRef.IdempotencyKey != refundKey(o.ID) || f.prov.lastRef.PaymentIntentID != *o.PaymentIntentID {
		t.Fatalf("refund request %+v", f.prov.lastRef)
	}
	if _, err := f.svc.Refund(ctx, o.ID); err != nil {
		t.Fatalf("repeated refund: %v", err)
	}
	if n := f.prov.refunds.Load(); n != 3 {
		t.Fatalf("%d refund calls, want 3 (failed, first, repeat with the same key)", n)
	}
	if granted, revoked := f.entitlements(t, o.ID); granted != 1 || revoked != 0 {
		t.Fatal("the entitlement is revoked only when the refund is confirmed")
	}
	body, h = event(t, payment.EventChargeRefunded, o, nil)
	f.deliver(t, body, h)
	if got := f.reload(t, o.ID); got.Status != StatusRefunded || got.RefundedAt == nil {
		t.Fatalf("after charge.refunded: %+v", got)
	}
	if _, revoked := f.entitlements(t, o.ID); revoked != 1 {
		t.Fatal("entitlement not revoked")
	}
	calls := f.prov.refunds.Load()
	if got, err := f.svc.Refund(ctx, o.ID); err != nil || got.Status != StatusRefunded || f.prov.refunds.Load() != calls {
		t.Fatalf("refund of a refunded order must be a no-op: %+v %v", got, err)
	}
}
