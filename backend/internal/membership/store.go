package membership

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// store holds the GORM queries. Methods that take tx run inside the caller's transaction.
type store struct{ db *gorm.DB }

func (s store) plan(ctx context.Context, tx *gorm.DB, id uint64) (Plan, error) {
	return query.One[Plan](tx.WithContext(ctx), ErrPlanNotFound, id)
}

func (s store) listPlans(ctx context.Context, activeOnly bool, page web.Page) ([]Plan, int64, error) {
	q := s.db.WithContext(ctx).Model(&Plan{})
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	return query.Page[Plan](q, q, "kind, price_rappen, id", page)
}

func (s store) createPlan(ctx context.Context, p *Plan) error {
	return s.db.WithContext(ctx).Create(p).Error
}

func (s store) savePlan(ctx context.Context, p *Plan) error {
	return s.db.WithContext(ctx).Select("*").Updates(p).Error
}

func (s store) insertEntitlement(ctx context.Context, tx *gorm.DB, e *Entitlement) error {
	return tx.WithContext(ctx).Omit("PlanName", "CreatedAt").Create(e).Error
}

func (s store) entitlement(ctx context.Context, tx *gorm.DB, id uint64) (Entitlement, error) {
	return query.One[Entitlement](tx.WithContext(ctx).Table("entitlements e").
		Select("e.*, p.name AS plan_name").Joins("JOIN plans p ON p.id = e.plan_id"),
		ErrEntitlementNotFound, "e.id = ?", id)
}

func (s store) listEntitlements(ctx context.Context, userID uint64, page web.Page) ([]Entitlement, int64, error) {
	return query.Page[Entitlement](s.db.WithContext(ctx).Model(&Entitlement{}).Where("user_id = ?", userID),
		s.db.WithContext(ctx).Table("entitlements e").
			Select("e.*, p.name AS plan_name").Joins("JOIN plans p ON p.id = e.plan_id").Where("e.user_id = ?", userID),
		"e.ends_at DESC, e.id DESC", page)
}

// The entitlements that can pay for a class at `at` (the per-member queries and their set forms
// share them, so that CanChargeEachTx agrees with ChargeTx).
const (
	// coveringWhere: an unrevoked membership covering at (args: kind, at, at), in the order
	// coveringOrder picks one.
	coveringWhere = "kind = ? AND revoked_at IS NULL AND starts_at <= ? AND ends_at > ?"
	coveringOrder = "ends_at DESC, id"
	// usableWhere: an unrevoked pack valid at both now and at holding at least cost credits
	// (args: kind, now, now, at, cost).
	usableWhere = "kind = ? AND revoked_at IS NULL AND starts_at <= ? AND ends_at > ? AND ends_at > ? AND credits_remaining >= ?"
)

// coveringMembership finds an unrevoked membership of userID that covers at.
func (s store) coveringMembership(ctx context.Context, tx *gorm.DB, userID uint64, at time.Time) (Entitlement, bool, error) {
	var e Entitlement
	err := tx.WithContext(ctx).Where("user_id = ?", userID).Where(coveringWhere, KindMembership, at, at).
		Order(coveringOrder).Limit(1).Find(&e).Error
	return e, e.ID != 0, err
}

// coveringMemberships finds, for each of userIDs that has one, the membership coveringMembership
// would find.
func (s store) coveringMemberships(ctx context.Context, tx *gorm.DB, userIDs []uint64, at time.Time) (map[uint64]Entitlement, error) {
	var all []Entitlement
	if err := tx.WithContext(ctx).Where("user_id IN ?", userIDs).Where(coveringWhere, KindMembership, at, at).
		Order("user_id, " + coveringOrder).Find(&all).Error; err != nil {
		return nil, err
	}
	out := make(map[uint64]Entitlement, len(all))
	for _, e := range all {
		if _, ok := out[e.UserID]; !ok {
			out[e.UserID] = e
		}
	}
	return out, nil
}

// usablePacks lists the unrevoked packs of userID valid at both now and at holding at least cost
// credits, the one expiring first first.
func (s store) usablePacks(ctx context.Context, tx *gorm.DB, userID uint64, now, at time.Time, cost int) ([]Entitlement, error) {
	var out []Entitlement
	err := tx.WithContext(ctx).Where("user_id = ?", userID).Where(usableWhere, KindCreditPack, now, now, at, cost).
		Order("ends_at, id").Find(&out).Error
	return out, err
}

// withUsablePack returns which of userIDs hold a pack usablePacks would list.
func (s store) withUsablePack(ctx context.Context, tx *gorm.DB, userIDs []uint64, now, at time.Time, cost int) (map[uint64]bool, error) {
	var users []uint64
	if err := tx.WithContext(ctx).Model(&Entitlement{}).Distinct("user_id").Where("user_id IN ?", userIDs).
		Where(usableWhere, KindCreditPack, now, now, at, cost).Pluck("user_id", &users).Error; err != nil {
		return nil, err
	}
	out := make(map[uint64]bool, len(users))
	for _, u := range users {
		out[u] = true
	}
	return out, nil
}

// spend takes cost credits from pack id if it still has them: the WHERE re-checks the balance
// under the row lock the UPDATE takes, so two bookings can never spend the same credit.
func (s store) spend(ctx context.Context, tx *gorm.DB, id uint64, cost int) (bool, error) {
	res := tx.WithContext(ctx).Exec("UPDATE entitlements SET credits_remaining = credits_remaining - ? WHERE id = ? AND revoked_at IS NULL AND credits_remaining >= ?", cost, id, cost)
	return res.RowsAffected == 1, res.Error
}

// refund returns credits to pack id unless it was revoked (revoked credits stay gone). The CHECK
// keeps credits_remaining <= credits_total.
func (s store) refund(ctx context.Context, tx *gorm.DB, id uint64, credits int) error {
	return tx.WithContext(ctx).Exec("UPDATE entitlements SET credits_remaining = credits_remaining + ? WHERE id = ? AND kind = ? AND revoked_at IS NULL",
		credits, id, KindCreditPack).Error
}

// revoke ends what is unused of entitlement id at now; it changes nothing when already revoked.
func (s store) revoke(ctx context.Context, tx *gorm.DB, id uint64, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Exec(`UPDATE entitlements SET revoked_at = ?, credits_remaining = 0,
		ends_at = CASE WHEN kind = ? AND ends_at > ? THEN GREATEST(?, starts_at + INTERVAL 1 MICROSECOND) ELSE ends_at END
		WHERE id = ? AND revoked_at IS NULL`, now, KindMembership, now, now, id)
	return res.RowsAffected == 1, res.Error
}

func (s store) userExists(ctx context.Context, tx *gorm.DB, id uint64) (bool, error) {
	var n int64
	err := tx.WithContext(ctx).Table("users").Where("id = ?", id).Count(&n).Error
	return n > 0, err
}
