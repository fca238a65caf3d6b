package main

import (
	"context"
	"log/slog"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/payment"
)

// billingHandler wires orders, the Stripe provider (only with STRIPE_API_KEY) and fulfilment
// through the shared membership service.
func billingHandler(cfg config.Config, log *slog.Logger, db *gorm.DB, rdb *redis.Client) *billing.Handler {
	var provider payment.Provider
	if key := cfg.StripeAPIKey.Reveal(); key != "" {
		provider = payment.NewStripe(payment.StripeConfig{
			APIKey: key, WebhookSecret: cfg.StripeWebhookSecret.Reveal(), APIBase: cfg.StripeAPIBase,
		})
		if cfg.StripeWebhookSecret == "" {
			log.Warn("STRIPE_API_KEY is set but STRIPE_WEBHOOK_SECRET is not: orders can be paid but never fulfilled")
		}
	} else {
		log.Info("payments disabled: STRIPE_API_KEY is not set")
	}
	svc := billing.NewService(db, billing.Options{
		Provider: provider, WebhookConfigured: cfg.StripeWebhookSecret != "",
		Plans: membershipFulfiller{fitness(log, db, rdb).Memberships}, Log: log,
	})
	return billing.NewHandler(svc)
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
