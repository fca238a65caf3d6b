// Package membership owns plans (time-based memberships and credit packs), the entitlements
// members hold and the credit arithmetic bookings rely on. Buying a plan is billing's job; it
// calls GrantTx inside its own transaction.
package membership

import "time"

// Plan kinds.
const (
	KindMembership = "membership"
	KindCreditPack = "credit_pack"
)

// Entitlement sources.
const (
	SourceGrant    = "grant"
	SourcePurchase = "purchase"
)

// Currency is the only currency the club sells in.
const Currency = "CHF"

// Plan is something a member can be granted or buy: a membership of Months months, or a pack of
// Credits credits valid for ValidityDays days.
type Plan struct {
	ID           uint64 `json:"id" gorm:"primaryKey"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Months       int    `json:"months"`
	Credits      int    `json:"credits"`
	ValidityDays int    `json:"validity_days"`
	PriceRappen  int64  `json:"price_rappen"`
	Currency     string `json:"currency"`
	Active       bool   `json:"active"`
}

// TableName maps Plan to its table.
func (Plan) TableName() string { return "plans" }

// Entitlement is what a member holds: a membership valid from StartsAt to EndsAt, or a credit pack
// with CreditsRemaining credits that expires at EndsAt.
type Entitlement struct {
	ID               uint64     `json:"id" gorm:"primaryKey"`
	UserID           uint64     `json:"user_id"`
	PlanID           uint64     `json:"plan_id"`
	PlanName         string     `json:"plan_name" gorm:"->"`
	Kind             string     `json:"kind"`
	Source           string     `json:"source"`
	OrderID          *uint64    `json:"order_id"`
	StartsAt         time.Time  `json:"starts_at"`
	EndsAt           time.Time  `json:"ends_at"`
	CreditsTotal     int        `json:"credits_total"`
	CreditsRemaining int        `json:"credits_remaining"`
	RevokedAt        *time.Time `json:"revoked_at"`
	CreatedAt        time.Time  `json:"created_at" gorm:"->"`

	// ExpiresAt repeats EndsAt for credit packs (the name the UI shows); nil for memberships.
	ExpiresAt *time.Time `json:"expires_at" gorm:"-"`
	// Status is computed at read time: active, upcoming, expired, used_up or revoked.
	Status string `json:"status" gorm:"-"`
}

// TableName maps Entitlement to its table.
func (Entitlement) TableName() string { return "entitlements" }

// decorate fills the computed fields as seen at now.
func (e *Entitlement) decorate(now time.Time) {
	if e.Kind == KindCreditPack {
		t := e.EndsAt
		e.ExpiresAt = &t
	}
	switch {
	case e.RevokedAt != nil:
		e.Status = "revoked"
	case !now.Before(e.EndsAt):
		e.Status = "expired"
	case now.Before(e.StartsAt):
		e.Status = "upcoming"
	case e.Kind == KindCreditPack && e.CreditsRemaining == 0:
		e.Status = "used_up"
	default:
		e.Status = "active"
	}
}

// Charge is what a booking took from a member: the entitlement used (nil when the class is free
// and no membership covers it) and the credits it spent (0 for memberships).
type Charge struct {
	EntitlementID *uint64
	Credits       int
}
