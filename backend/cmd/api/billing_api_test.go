package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

const testWebhookSecret = "whsec_api_test_secret"

// newBillingAPI starts the server with Stripe configured against stripeBase (stripe-mock, or a
// dead address when the test only needs the webhook).
func newBillingAPI(t *testing.T, stripeBase string) *api {
	t.Helper()
	env := testEnv(t)
	env["STRIPE_API_KEY"] = "sk_test_123fakekey"
	env["STRIPE_WEBHOOK_SECRET"] = testWebhookSecret
	env["STRIPE_API_BASE"] = stripeBase
	return newAPIWith(t, env)
}

// deadStripe is an address where nothing listens: provider calls fail fast.
const deadStripe = "http://127.0.0.1:1"

var piSeq atomic.Uint64

// seedOrder inserts a pending order with a payment intent id, as checkout leaves it.
func seedOrder(t *testing.T, userID, planID uint64, amount int64) (uint64, string) {
	t.Helper()
	pi := fmt.Sprintf("pi_test_%d_%d", time.Now().UnixNano(), piSeq.Add(1))
	now := time.Now().UTC()
	db := testenv.DB(t)
	key := fmt.Sprintf("%d:%d", userID, planID)
	if err := db.Exec(`INSERT INTO orders (user_id, plan_id, plan_name, amount_rappen, currency, status, open_key, payment_intent_id, client_secret, created_at, updated_at)
		VALUES (?, ?, 'Test plan', ?, 'CHF', 'pending', ?, ?, 'secret', ?, ?)`, userID, planID, amount, key, pi, now, now).Error; err != nil {
		t.Fatal(err)
	}
	var id uint64
	if err := db.Raw("SELECT id FROM orders WHERE payment_intent_id = ?", pi).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id, pi
}

var eventSeq atomic.Uint64

// stripeEvent renders an event about payment intent pi; typ charge.* wraps a charge object.
func stripeEvent(typ string, orderID uint64, pi string, amount int64) []byte {
	obj := map[string]any{"id": pi, "object": "payment_intent", "amount": amount, "currency": "chf",
		"metadata": map[string]string{"order_id": fmt.Sprint(orderID)}}
	if strings.HasPrefix(typ, "charge.") {
		obj = map[string]any{"id": "ch_" + pi, "object": "charge", "amount": amount, "currency": "chf",
			"refunded": true, "payment_intent": pi, "metadata": map[string]string{}}
	}
	raw, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("evt_%d_%d", time.Now().UnixNano(), eventSeq.Add(1)),
		"object": "event", "type": typ, "created": time.Now().Unix(), "api_version": "2025-08-27.basil",
		"livemode": false, "data": map[string]any{"object": obj}})
	return raw
}

// postWebhook delivers payload signed with secret at the given time.
func (a *api) postWebhook(t *testing.T, payload []byte, secret string, at time.Time) response {
	t.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at})
	req, _ := http.NewRequest(http.MethodPost, a.base+"/api/webhooks/stripe", bytes.NewReader(sp.Payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", sp.Header)
	resp, err := apiClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: buf.Bytes()}
}

func orderStatus(t *testing.T, id uint64) string {
	t.Helper()
	return dbValue[string](t, "SELECT status FROM orders WHERE id = ?", id)
}

// orderEntitlements counts the entitlements granted for an order and how many are revoked.
func orderEntitlements(t *testing.T, orderID uint64) (granted, revoked int) {
	t.Helper()
	var r struct{ N, R int }
	if err := testenv.DB(t).Raw("SELECT COUNT(*) AS n, COUNT(revoked_at) AS r FROM entitlements WHERE order_id = ?", orderID).Scan(&r).Error; err != nil {
		t.Fatal(err)
	}
	return r.N, r.R
}

func TestStripeWebhookAPI(t *testing.T) {
	a := newBillingAPI(t, deadStripe)
	admin := a.createUser(t, auth.RoleAdmin)
	member := a.createUser(t, auth.RoleMember)
	plan := a.mkPack(t, admin, 10) // 20000 Rappen
	now := time.Now()

	t.Run("valid payment grants the plan", func(t *testing.T) {
		id, pi := seedOrder(t, member.ID, plan, 20000)
		r := a.postWebhook(t, stripeEvent("payment_intent.succeeded", id, pi, 20000), testWebhookSecret, now)
		if r.Status != http.StatusOK || r.JSON(t)["outcome"] != "applied" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if orderStatus(t, id) != "paid" {
			t.Fatalf("order %s", orderStatus(t, id))
		}
		if g, _ := orderEntitlements(t, id); g != 1 {
			t.Fatalf("%d entitlements", g)
		}
		got := a.call(t, "GET", path("/api/orders/%d", id), member.Token, nil)
		if got.Status != 200 || got.JSON(t)["status"] != "paid" || got.JSON(t)["entitlement_id"] == nil {
			t.Fatalf("GET order: %d %s", got.Status, got.Body)
		}
	})

	t.Run("bad and expired signatures change nothing", func(t *testing.T) {
		id, pi := seedOrder(t, a.createUser(t, auth.RoleMember).ID, plan, 20000)
		payload := stripeEvent("payment_intent.succeeded", id, pi, 20000)
		for name, r := range map[string]response{
			"forged":    a.postWebhook(t, payload, "whsec_attacker", now),
			"expired":   a.postWebhook(t, payload, testWebhookSecret, now.Add(-301*time.Second)),
			"no header": a.call(t, "POST", "/api/webhooks/stripe", "", string(payload)),
		} {
			if r.Status != http.StatusBadRequest || r.ErrorCode() != "invalid_signature" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if orderStatus(t, id) != "pending" {
			t.Fatalf("order changed to %s", orderStatus(t, id))
		}
		if g, _ := orderEntitlements(t, id); g != 0 {
			t.Fatal("a forged event granted an entitlement")
		}
	})

	t.Run("replayed 10 times concurrently has one effect", func(t *testing.T) {
		id, pi := seedOrder(t, a.createUser(t, auth.RoleMember).ID, plan, 20000)
		payload := stripeEvent("payment_intent.succeeded", id, pi, 20000)
		outcomes := make([]string, 10)
		raceAll(t, 10, func(i int) error {
			r := a.postWebhook(t, payload, testWebhookSecret, now)
			if r.Status != http.StatusOK {
				return fmt.Errorf("delivery %d: %d %s", i, r.Status, r.Body)
			}
			outcomes[i], _ = r.JSON(t)["outcome"].(string)
			return nil
		})
		applied := 0
		for _, o := range outcomes {
			if o == "applied" {
				applied++
			}
		}
		if applied != 1 {
			t.Fatalf("outcomes %v: want exactly one applied", outcomes)
		}
		if g, _ := orderEntitlements(t, id); g != 1 {
			t.Fatalf("%d entitlements, want 1", g)
		}
	})

	t.Run("events out of order", func(t *testing.T) {
		for _, tc := range []struct {
			name             string
			events           []string
			status           string
			granted, revoked int
		}{
			{"failed after succeeded", []string{"payment_intent.succeeded", "payment_intent.payment_failed"}, "paid", 1, 0},
			{"refunded before succeeded", []string{"charge.refunded", "payment_intent.succeeded"}, "refunded", 0, 0},
			{"succeeded then refunded", []string{"payment_intent.succeeded", "charge.refunded"}, "refunded", 1, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				u := a.createUser(t, auth.RoleMember)
				id, pi := seedOrder(t, u.ID, plan, 20000)
				for _, typ := range tc.events {
					if r := a.postWebhook(t, stripeEvent(typ, id, pi, 20000), testWebhookSecret, now); r.Status != 200 {
						t.Fatalf("%s: %d %s", typ, r.Status, r.Body)
					}
				}
				g, rv := orderEntitlements(t, id)
				if s := orderStatus(t, id); s != tc.status || g != tc.granted || rv != tc.revoked {
					t.Fatalf("status %s granted %d revoked %d, want %s %d %d", s, g, rv, tc.status, tc.granted, tc.revoked)
				}
			})
		}
	})

	t.Run("unknown event types are ignored with 200", func(t *testing.T) {
		raw := []byte(`{"id":"evt_unknown_1","object":"event","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_1","object":"customer"}}}`)
		r := a.postWebhook(t, raw, testWebhookSecret, now)
		if r.Status != http.StatusOK || r.JSON(t)["outcome"] != "ignored" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("oversized body", func(t *testing.T) {
		raw := []byte(`{"id":"evt_big","type":"x","pad":"` + strings.Repeat("a", 70<<10) + `"}`)
		if r := a.postWebhook(t, raw, testWebhookSecret, now); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("admin refund with Stripe down keeps the order paid", func(t *testing.T) {
		u := a.createUser(t, auth.RoleMember)
		id, pi := seedOrder(t, u.ID, plan, 20000)
		a.postWebhook(t, stripeEvent("payment_intent.succeeded", id, pi, 20000), testWebhookSecret, now)
		r := a.call(t, "POST", path("/api/orders/%d/refund", id), admin.Token, nil)
		if r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "payment_provider_unavailable" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if orderStatus(t, id) != "paid" {
			t.Fatalf("order %s", orderStatus(t, id))
		}
	})

	runCases(t, a, []apiCase{
		{name: "checkout needs a token", method: "POST", path: "/api/orders", body: map[string]any{"plan_id": plan}, status: 401},
		{name: "checkout bad json", method: "POST", path: "/api/orders", token: member.Token, body: `{"plan_id":`, status: 400, code: "bad_request"},
		{name: "checkout unknown field", method: "POST", path: "/api/orders", token: member.Token, body: `{"plan_id":1,"amount":1}`, status: 400},
		{name: "checkout without plan", method: "POST", path: "/api/orders", token: member.Token, body: `{}`, status: 422, code: "validation_failed"},
		{name: "checkout unknown plan", method: "POST", path: "/api/orders", token: member.Token, body: map[string]any{"plan_id": 987654321}, status: 422},
		{name: "checkout with Stripe down", method: "POST", path: "/api/orders", token: member.Token, body: map[string]any{"plan_id": plan}, status: 503, code: "payment_provider_unavailable"},
		{name: "my orders", method: "GET", path: "/api/me/orders", token: member.Token, status: 200, check: func(t *testing.T, r response) {
			if total := r.JSON(t)["total"].(float64); total < 2 {
				t.Fatalf("total %v", total)
			}
		}},
		{name: "bad page", method: "GET", path: "/api/me/orders?per_page=1000", token: member.Token, status: 422},
		{name: "order of someone else", method: "GET", path: "/api/orders/1", token: a.createUser(t, auth.RoleMember).Token, status: 404},
		{name: "order bad id", method: "GET", path: "/api/orders/abc", token: member.Token, status: 400},
		{name: "admin sees any order", method: "GET", path: "/api/orders/1", token: admin.Token, status: 200},
		{name: "member may not refund", method: "POST", path: "/api/orders/1/refund", token: member.Token, status: 403},
		{name: "refund unknown order", method: "POST", path: "/api/orders/987654321/refund", token: admin.Token, status: 404},
	})
}

// TestCheckoutAgainstStripeMock runs checkout through the real Stripe client against
// stripe-mock: one order and one PaymentIntent per user and plan, even when 10 checkouts race.
func TestCheckoutAgainstStripeMock(t *testing.T) {
	a := newBillingAPI(t, testenv.StripeMockURL(t))
	admin := a.createUser(t, auth.RoleAdmin)
	plan := a.mkPlan(t, admin, map[string]any{"name": "Monthly", "kind": "membership", "months": 1, "price_rappen": 12900})
	member := a.createUser(t, auth.RoleMember)

	r := a.call(t, "POST", "/api/orders", member.Token, map[string]any{"plan_id": plan})
	if r.Status != http.StatusCreated {
		t.Fatalf("checkout: %d %s", r.Status, r.Body)
	}
	var co struct {
		Order        billing.Order `json:"order"`
		ClientSecret string        `json:"client_secret"`
	}
	r.Decode(t, &co)
	if co.ClientSecret == "" || co.Order.Status != "pending" || co.Order.AmountRappen != 12900 || co.Order.Currency != "CHF" || co.Order.PaymentIntentID == nil || *co.Order.PaymentIntentID == "" {
		t.Fatalf("checkout answer: %s", r.Body)
	}
	intent := *co.Order.PaymentIntentID
	again := a.call(t, "POST", "/api/orders", member.Token, map[string]any{"plan_id": plan})
	if again.Status != http.StatusOK || !strings.Contains(string(again.Body), intent) {
		t.Fatalf("second checkout must reuse the order and intent: %d %s", again.Status, again.Body)
	}

	racer := a.createUser(t, auth.RoleMember)
	intents := make([]string, 10)
	raceAll(t, 10, func(i int) error {
		r := a.call(t, "POST", "/api/orders", racer.Token, map[string]any{"plan_id": plan})
		if r.Status != http.StatusOK && r.Status != http.StatusCreated {
			return fmt.Errorf("racing checkout: %d %s", r.Status, r.Body)
		}
		intents[i], _ = r.JSON(t)["order"].(map[string]any)["payment_intent_id"].(string)
		return nil
	})
	for _, pi := range intents {
		if pi == "" || pi != intents[0] {
			t.Fatalf("racing checkouts got different intents: %v", intents)
		}
	}
	if orders := countRows(t, "SELECT COUNT(*) FROM orders WHERE user_id = ?", racer.ID); orders != 1 {
		t.Fatalf("%d orders for one user and plan", orders)
	}

	// Pay through the webhook, then refund through stripe-mock.
	if w := a.postWebhook(t, stripeEvent("payment_intent.succeeded", co.Order.ID, intent, 12900), testWebhookSecret, time.Now()); w.Status != 200 {
		t.Fatalf("webhook: %d %s", w.Status, w.Body)
	}
	ref := a.call(t, "POST", path("/api/orders/%d/refund", co.Order.ID), admin.Token, nil)
	if ref.Status != http.StatusAccepted || ref.JSON(t)["status"] != "refund_pending" {
		t.Fatalf("refund: %d %s", ref.Status, ref.Body)
	}
	if g, rv := orderEntitlements(t, co.Order.ID); g != 1 || rv != 0 {
		t.Fatalf("before charge.refunded: granted %d revoked %d", g, rv)
	}
	a.postWebhook(t, stripeEvent("charge.refunded", co.Order.ID, intent, 12900), testWebhookSecret, time.Now())
	if s := orderStatus(t, co.Order.ID); s != "refunded" {
		t.Fatalf("after charge.refunded: %s", s)
	}
	if _, rv := orderEntitlements(t, co.Order.ID); rv != 1 {
		t.Fatal("entitlement not revoked")
	}
}

func TestPaymentsUnavailableWithoutKey(t *testing.T) {
	a := newAPI(t)
	member := a.createUser(t, auth.RoleMember)
	runCases(t, a, []apiCase{
		{name: "checkout", method: "POST", path: "/api/orders", token: member.Token, body: map[string]any{"plan_id": 1}, status: 503, code: "payments_unavailable"},
		{name: "webhook", method: "POST", path: "/api/webhooks/stripe", body: `{}`, status: 503, code: "payments_unavailable"},
		{name: "my orders still work", method: "GET", path: "/api/me/orders", token: member.Token, status: 200},
		{name: "health unaffected", method: "GET", path: "/api/health", status: 200},
	})
}

// FuzzBillingJSON throws arbitrary bodies at checkout and the webhook: never a 500, errors keep
// the JSON shape. (503 is the honest answer when Stripe is unreachable.)
func FuzzBillingJSON(f *testing.F) {
	o := testenv.DBOptions(f)
	env := map[string]string{"APP_ENV": "development", "DB_USERNAME": o.User, "DB_PASSWORD": o.Password, "DB_HOST": o.Host,
		"DB_PORT": fmt.Sprint(o.Port), "DB_NAME": o.Name, "JWT_SECRET_KEY": "test-secret-test-secret-test-secret!",
		"REDIS_URL": testenv.RedisURL(f), "STRIPE_API_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": testWebhookSecret,
		"STRIPE_API_BASE": deadStripe, "UPLOADS_DIR": f.TempDir()}
	a := &api{tokens: auth.NewTokens(env["JWT_SECRET_KEY"])}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		f.Fatal(err)
	}
	cfgApp, err := wire(cfg, testenv.Log, testenv.DB(f), testenv.Redis(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(cfgApp.close)
	token, _, _ := a.tokens.Issue(auth.Principal{UserID: 1, Role: auth.RoleMember})
	for _, seed := range []string{``, `{}`, `null`, `[]`, `{"plan_id":1}`, `{"plan_id":-1}`, `{"plan_id":"1"}`, `{"plan_id":1e400}`,
		`{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_x"}}}`, "\x00"} {
		f.Add(false, []byte(seed))
		f.Add(true, []byte(seed))
	}
	f.Fuzz(func(t *testing.T, hook bool, body []byte) {
		target := "/api/orders"
		if hook {
			target = "/api/webhooks/stripe"
		}
		req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if hook {
			req.Header.Set("Stripe-Signature", webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: testWebhookSecret}).Header)
		} else {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		cfgApp.server.ServeHTTP(rec, req)
		if rec.Code == http.StatusInternalServerError {
			t.Fatalf("%s %q: %d %s", target, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && (response{Body: rec.Body.Bytes()}).ErrorCode() == "" {
			t.Fatalf("%s %q: error without JSON shape: %s", target, body, rec.Body)
		}
	})
}
