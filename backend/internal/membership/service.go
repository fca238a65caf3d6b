package membership

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trainingclub/platform/backend/internal/platform/database"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/patch"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Errors the membership service reports.
var (
	ErrPlanNotFound        = apperr.NotFound("plan")
	ErrEntitlementNotFound = apperr.NotFound("entitlement")
	ErrUserNotFound        = apperr.NotFound("user")
	ErrPlanInactive        = apperr.Conflict("plan_inactive", "the plan is not active")
	ErrNoEntitlement       = apperr.Conflict("no_entitlement", "you have no membership or credits that cover this class")
	ErrOrderGranted        = apperr.Conflict("order_already_granted", "this order has already been granted")
)

// Service applies the membership rules.
type Service struct {
	st    store
	db    *gorm.DB
	now   func() time.Time
	audit Auditor // nil: corrections are only in the ledger
}

// NewService returns the membership service on db.
func NewService(db *gorm.DB) *Service {
	return &Service{st: store{db: db}, db: db, now: func() time.Time { return time.Now().UTC() }}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Plan returns plan id (ErrPlanNotFound when there is none), active or not.
func (s *Service) Plan(ctx context.Context, id uint64) (Plan, error) {
	p, err := s.st.plan(ctx, s.db, id)
	if err != nil {
		return Plan{}, apperr.Wrap(err, "plan %d", id)
	}
	return p, nil
}

// ListPlans lists plans; activeOnly hides retired ones.
func (s *Service) ListPlans(ctx context.Context, activeOnly bool, page web.Page) ([]Plan, int64, error) {
	plans, total, err := s.st.listPlans(ctx, activeOnly, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list plans: %w", err)
	}
	return plans, total, nil
}

// PlanInput creates a plan (name and kind required) or changes one (every field optional; the
// kind is fixed once created). Months is for memberships; Credits and ValidityDays for packs.
type PlanInput struct {
	Name         *string `json:"name"`
	Kind         *string `json:"kind"`
	Months       *int    `json:"months"`
	Credits      *int    `json:"credits"`
	ValidityDays *int    `json:"validity_days"`
	PriceRappen  *int64  `json:"price_rappen"`
	Currency     *string `json:"currency"`
	Active       *bool   `json:"active"`
}

// applyTo sets the fields of p that in gives, all but the kind.
func (in PlanInput) applyTo(p *Plan) {
	patch.SetTrimmed(&p.Name, in.Name)
	patch.Set(&p.Months, in.Months)
	patch.Set(&p.Credits, in.Credits)
	patch.Set(&p.ValidityDays, in.ValidityDays)
	patch.Set(&p.PriceRappen, in.PriceRappen)
	patch.Set(&p.Currency, in.Currency)
	patch.Set(&p.Active, in.Active)
}

func validatePlan(p Plan) error {
	var v apperr.Validation
	v.CheckLength("name", strings.TrimSpace(p.Name), 1, 120)
	v.Check(p.PriceRappen >= 0 && p.PriceRappen <= 100_000_000, "price_rappen", "must be from 0 to 100000000")
	v.Check(p.Currency == Currency, "currency", "must be CHF")
	switch p.Kind {
	case KindMembership:
		v.Check(p.Months >= 1 && p.Months <= 36, "months", "must be from 1 to 36 for a membership")
		v.Check(p.Credits == 0, "credits", "must be 0 for a membership")
		v.Check(p.ValidityDays == 0, "validity_days", "must be 0 for a membership")
	case KindCreditPack:
		v.Check(p.Months == 0, "months", "must be 0 for a credit pack")
		v.Check(p.Credits >= 1 && p.Credits <= 500, "credits", "must be from 1 to 500 for a credit pack")
		v.Check(p.ValidityDays >= 1 && p.ValidityDays <= 1095, "validity_days", "must be from 1 to 1095 for a credit pack")
	default:
		v.Add("kind", "must be membership or credit_pack")
	}
	return v.Err()
}

// CreatePlan validates and stores a new plan (active unless said otherwise).
func (s *Service) CreatePlan(ctx context.Context, in PlanInput) (Plan, error) {
	p := Plan{Currency: Currency, Active: true}
	patch.Set(&p.Kind, in.Kind)
	in.applyTo(&p)
	if err := validatePlan(p); err != nil {
		return Plan{}, err
	}
	if err := s.st.createPlan(ctx, &p); err != nil {
		return Plan{}, fmt.Errorf("create plan: %w", err)
	}
	return p, nil
}

// UpdatePlan applies in to plan id. Entitlements already granted keep their terms.
func (s *Service) UpdatePlan(ctx context.Context, id uint64, in PlanInput) (Plan, error) {
	if in.Kind != nil {
		// Not a field of PATCH /api/plans/:id: a 400 like any field the body may not carry.
		e := apperr.Invalid(`field "kind" is fixed once the plan is created`)
		e.Fields = map[string]string{"kind": "is fixed once the plan is created"}
		return Plan{}, e
	}
	p, err := s.Plan(ctx, id)
	if err != nil {
		return Plan{}, err
	}
	in.applyTo(&p)
	if err := validatePlan(p); err != nil {
		return Plan{}, err
	}
	if err := s.st.savePlan(ctx, &p); err != nil {
		return Plan{}, fmt.Errorf("update plan %d: %w", id, err)
	}
	return p, nil
}

// GrantTx gives userID an entitlement of planID inside the caller's transaction tx, starting now.
// source is SourceGrant or SourcePurchase; orderID (purchases) may be granted only once
// (ErrOrderGranted). It does not check that the plan is still active: an order paid for a plan
// retired meanwhile is still honoured.
func (s *Service) GrantTx(ctx context.Context, tx *gorm.DB, userID, planID uint64, source string, orderID *uint64) (Entitlement, error) {
	if source != SourceGrant && source != SourcePurchase {
		return Entitlement{}, fmt.Errorf("grant plan %d: unknown source %q", planID, source)
	}
	p, err := s.st.plan(ctx, tx, planID)
	if err != nil {
		return Entitlement{}, apperr.Wrap(err, "grant plan %d", planID)
	}
	now := s.clock()
	e := Entitlement{UserID: userID, PlanID: p.ID, PlanName: p.Name, Kind: p.Kind, Source: source, OrderID: orderID, StartsAt: now}
	switch p.Kind {
	case KindMembership:
		e.EndsAt = now.AddDate(0, p.Months, 0)
	default:
		e.EndsAt = now.AddDate(0, 0, p.ValidityDays)
		e.CreditsTotal, e.CreditsRemaining = p.Credits, p.Credits
	}
	if err := s.st.insertEntitlement(ctx, tx, &e); err != nil {
		switch {
		case database.IsForeignKeyViolation(err):
			return Entitlement{}, apperr.Wrap(ErrUserNotFound, "grant plan %d to user %d", planID, userID)
		case database.IsDuplicateKey(err):
			return Entitlement{}, apperr.Wrap(ErrOrderGranted, "grant plan %d to user %d", planID, userID)
		}
		return Entitlement{}, fmt.Errorf("grant plan %d to user %d: %w", planID, userID, err)
	}
	e.CreatedAt = now
	e.decorate(now)
	return e, nil
}

// Grant is the admin grant: it refuses retired plans and unknown users.
func (s *Service) Grant(ctx context.Context, userID, planID uint64) (Entitlement, error) {
	var out Entitlement
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ok, err := s.st.userExists(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrUserNotFound
		}
		p, err := s.st.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if !p.Active {
			return ErrPlanInactive
		}
		out, err = s.GrantTx(ctx, tx, userID, planID, SourceGrant, nil)
		return err
	})
	if err != nil {
		return Entitlement{}, apperr.Wrap(err, "grant plan %d to user %d", planID, userID)
	}
	return out, nil
}

// RevokeTx revokes what is unused of an entitlement inside the caller's transaction: a pack's
// remaining credits become 0, a membership ends now. Credits already spent on bookings stay spent.
// Revoking twice is a no-op; an unknown id is ErrEntitlementNotFound.
func (s *Service) RevokeTx(ctx context.Context, tx *gorm.DB, entitlementID uint64) error {
	changed, err := s.st.revoke(ctx, tx, entitlementID, s.clock())
	if err != nil {
		return fmt.Errorf("revoke entitlement %d: %w", entitlementID, err)
	}
	if !changed {
		if _, err := s.st.entitlement(ctx, tx, entitlementID); err != nil {
			return apperr.Wrap(err, "revoke entitlement %d", entitlementID)
		}
	}
	return nil
}

// Entitlement returns one entitlement.
func (s *Service) Entitlement(ctx context.Context, id uint64) (Entitlement, error) {
	e, err := s.st.entitlement(ctx, s.db, id)
	if err != nil {
		return Entitlement{}, apperr.Wrap(err, "entitlement %d", id)
	}
	e.decorate(s.clock())
	return e, nil
}

// ListEntitlements lists a member's entitlements, latest ending first.
func (s *Service) ListEntitlements(ctx context.Context, userID uint64, page web.Page) ([]Entitlement, int64, error) {
	list, total, err := s.st.listEntitlements(ctx, userID, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list entitlements of user %d: %w", userID, err)
	}
	now := s.clock()
	for i := range list {
		list[i].decorate(now)
	}
	return list, total, nil
}

// ChargeTx pays for a class starting at `at` costing cost credits, inside the booking
// transaction: an active membership covering at is used first (no credits spent); otherwise the
// pack that expires first among those valid now and at `at` with enough credits. A free class
// (cost 0) without a membership needs nothing. ErrNoEntitlement when nothing pays.
func (s *Service) ChargeTx(ctx context.Context, tx *gorm.DB, userID uint64, at time.Time, cost int) (Charge, error) {
	return s.charge(ctx, tx, userID, at, cost, false)
}

// CanChargeTx reports (without spending) whether ChargeTx would succeed now; waitlisting uses it.
func (s *Service) CanChargeTx(ctx context.Context, tx *gorm.DB, userID uint64, at time.Time, cost int) error {
	_, err := s.charge(ctx, tx, userID, at, cost, true)
	return err
}

// CanChargeEachTx is CanChargeTx for many members at once (two statements, whatever their
// number): it returns the ones for whom ChargeTx would succeed now.
func (s *Service) CanChargeEachTx(ctx context.Context, tx *gorm.DB, userIDs []uint64, at time.Time, cost int) (map[uint64]bool, error) {
	now := s.clock()
	out := make(map[uint64]bool, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	covering, err := s.st.coveringMemberships(ctx, tx, userIDs, at)
	if err != nil {
		return nil, fmt.Errorf("memberships covering %s: %w", at, err)
	}
	var rest []uint64
	for _, u := range userIDs {
		// As in charge: the membership it finds pays if it has started; cost 0 needs nothing.
		if m, ok := covering[u]; (ok && !m.StartsAt.After(now)) || cost == 0 {
			out[u] = true
		} else {
			rest = append(rest, u)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	packs, err := s.st.withUsablePack(ctx, tx, rest, now, at, cost)
	if err != nil {
		return nil, fmt.Errorf("packs usable for %s: %w", at, err)
	}
	for u := range packs {
		out[u] = true
	}
	return out, nil
}

func (s *Service) charge(ctx context.Context, tx *gorm.DB, userID uint64, at time.Time, cost int, dryRun bool) (Charge, error) {
	now := s.clock()
	m, ok, err := s.st.coveringMembership(ctx, tx, userID, at)
	if err != nil {
		return Charge{}, fmt.Errorf("charge user %d: %w", userID, err)
	}
	if ok && !m.StartsAt.After(now) {
		id := m.ID
		return Charge{EntitlementID: &id}, nil
	}
	if cost == 0 {
		return Charge{}, nil
	}
	packs, err := s.st.usablePacks(ctx, tx, userID, now, at, cost)
	if err != nil {
		return Charge{}, fmt.Errorf("charge user %d: %w", userID, err)
	}
	for _, p := range packs {
		if dryRun {
			return Charge{EntitlementID: &p.ID, Credits: cost}, nil
		}
		spent, err := s.st.spend(ctx, tx, p.ID, cost)
		if err != nil {
			return Charge{}, fmt.Errorf("charge user %d pack %d: %w", userID, p.ID, err)
		}
		if spent {
			id := p.ID
			return Charge{EntitlementID: &id, Credits: cost}, nil
		}
	}
	return Charge{}, ErrNoEntitlement
}

// RefundTx gives back the credits a charge spent (nothing for memberships or free classes).
// Callers guarantee once-only by refunding only after the UPDATE that moves the booking out of
// its charged state affected the row.
func (s *Service) RefundTx(ctx context.Context, tx *gorm.DB, c Charge) error {
	if c.EntitlementID == nil || c.Credits == 0 {
		return nil
	}
	if err := s.st.refund(ctx, tx, *c.EntitlementID, c.Credits); err != nil {
		if database.IsCheckViolation(err) {
			return fmt.Errorf("refund %d credits to entitlement %d: more than granted: %w", c.Credits, *c.EntitlementID, err)
		}
		return fmt.Errorf("refund %d credits to entitlement %d: %w", c.Credits, *c.EntitlementID, err)
	}
	return nil
}
