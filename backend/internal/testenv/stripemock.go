package testenv

import (
	"os"
	"testing"
)

// StripeMockURL returns STRIPE_MOCK_URL, the stripe-mock that payment tests send their Stripe
// calls to. Without it the test fails (skips only with -short):
// `export STRIPE_MOCK_URL=$(bash scripts/stripe-mock.sh start)` starts one.
func StripeMockURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("STRIPE_MOCK_URL")
	if u == "" {
		if testing.Short() {
			t.Skip("STRIPE_MOCK_URL not set (-short)")
		}
		t.Fatal("STRIPE_MOCK_URL is not set: start stripe-mock with `export STRIPE_MOCK_URL=$(bash scripts/stripe-mock.sh start)`")
	}
	return u
}
