package main

import (
	"context"
	"log/slog"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/payment"
)

// paymentProvider is Stripe when STRIPE_API_KEY is set; nil turns payments off.
func paymentProvider(cfg config.Config, log *slog.Logger) payment.Provider {
	key := cfg.StripeAPIKey.Reveal()
	if key == "" {
		log.Info("payments disabled: STRIPE_API_KEY is not set")
		return nil
	}
	if cfg.StripeWebhookSecret == "" {
		log.Warn("STRIPE_API_KEY is set but STRIPE_WEBHOOK_SECRET is not: orders can be paid but never fulfilled")
	}
	return payment.NewStripe(payment.StripeConfig{
		APIKey: key, WebhookSecret: cfg.StripeWebhookSecret.Reveal(), APIBase: cfg.StripeAPIBase,
	})
}

// membershipFulfiller adapts membership.Service to billing.Fulfiller.
type membershipFulfiller struct{ m *membership.Service }

func (f membershipFulfiller) Plan(ctx context.Context, id uint64) (billing.Plan, error) {
	p, err := f.m.Plan(ctx, id)
	if err != nil {
		return billing.Plan{}, err
	}
	return billing.Plan{ID: p.ID, Name: p.Name, PriceRappen: p.PriceRappen, Currency: p.Currency, Active: p.Active}, nil
}

func (f membershipFulfiller) GrantTx(ctx context.Context, tx *gorm.DB, userID, planID, orderID uint64) (uint64, error) {
	e, err := f.m.GrantTx(ctx, tx, userID, planID, membership.SourcePurchase, &orderID)
	return e.ID, err
}

func (f membershipFulfiller) RevokeTx(ctx context.Context, tx *gorm.DB, entitlementID uint64) error {
	return f.m.RevokeTx(ctx, tx, entitlementID)
}
