package membership_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/web"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// setup returns the package's database, a service on it and a new member's id.
func setup(t *testing.T) (*gorm.DB, *membership.Service, uint64) {
	t.Helper()
	db := testenv.DB(t)
	user, _ := testenv.InsertUser(t, db, "member")
	return db, membership.NewService(db), user
}

func mustPlan(t *testing.T, svc *membership.Service, in membership.PlanInput) membership.Plan {
	t.Helper()
	p, err := svc.CreatePlan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanValidation(t *testing.T) {
	svc := membership.NewService(testenv.DB(t))
	ctx := context.Background()
	bad := []membership.PlanInput{
		{Name: new(""), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(100))},
		{Name: new("x"), Kind: new("gift"), Months: new(1)},
		{Name: new("x"), Kind: new(membership.KindMembership), Months: new(0)},
		{Name: new("x"), Kind: new(membership.KindMembership), Months: new(1), Credits: new(3)},
		{Name: new("x"), Kind: new(membership.KindCreditPack), Credits: new(0), ValidityDays: new(10)},
		{Name: new("x"), Kind: new(membership.KindCreditPack), Credits: new(10), ValidityDays: new(0)},
		{Name: new("x"), Kind: new(membership.KindCreditPack), Credits: new(10), ValidityDays: new(10), PriceRappen: new(int64(-1))},
	}
	for i, in := range bad {
		if _, err := svc.CreatePlan(ctx, in); err == nil {
			t.Errorf("case %d: invalid plan accepted: %+v", i, in)
		}
	}
	p := mustPlan(t, svc, membership.PlanInput{Name: new("Monthly"), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(12000))})
	if !p.Active || p.Currency != "CHF" || p.ID == 0 {
		t.Fatalf("created plan: %+v", p)
	}
	off := false
	if p, err := svc.UpdatePlan(ctx, p.ID, membership.PlanInput{Active: &off}); err != nil || p.Active {
		t.Fatalf("deactivate: %+v %v", p, err)
	}
	got, err := svc.Plan(ctx, p.ID)
	if err != nil || got.Active {
		t.Fatalf("reload: %+v %v", got, err)
	}
	var invalid *apperr.Error
	if _, err := svc.UpdatePlan(ctx, p.ID, membership.PlanInput{Kind: new(membership.KindCreditPack)}); !errors.As(err, &invalid) || invalid.Fields["kind"] == "" {
		t.Fatalf("changing the kind: %v", err)
	}
	if got, err := svc.Plan(ctx, p.ID); err != nil || got.Kind != membership.KindMembership {
		t.Fatalf("after refused kind change: %+v %v", got, err)
	}
	if _, err := svc.Plan(ctx, 1<<40); !errors.Is(err, membership.ErrPlanNotFound) {
		t.Fatalf("missing plan: %v", err)
	}
}

func TestGrantRevokeAndCharge(t *testing.T) {
	db, svc, user := setup(t)
	ctx := context.Background()
	pack := mustPlan(t, svc, membership.PlanInput{Name: new("3 credits"), Kind: new(membership.KindCreditPack), Credits: new(3), ValidityDays: new(30), PriceRappen: new(int64(6000))})
	soon := mustPlan(t, svc, membership.PlanInput{Name: new("2 credits short"), Kind: new(membership.KindCreditPack), Credits: new(2), ValidityDays: new(5), PriceRappen: new(int64(4000))})

	long, err := svc.Grant(ctx, user, pack.ID)
	if err != nil {
		t.Fatal(err)
	}
	short, err := svc.Grant(ctx, user, soon.ID)
	if err != nil {
		t.Fatal(err)
	}
	if long.CreditsRemaining != 3 || long.Status != "active" || long.ExpiresAt == nil {
		t.Fatalf("granted pack: %+v", long)
	}
	at := time.Now().UTC().Add(24 * time.Hour)
	charge := func() (membership.Charge, error) {
		var c membership.Charge
		err := db.Transaction(func(tx *gorm.DB) error {
			var err error
			c, err = svc.ChargeTx(ctx, tx, user, at, 1)
			return err
		})
		return c, err
	}
	// The pack that expires first pays first.
	for i := 0; i < 2; i++ {
		c, err := charge()
		if err != nil || c.EntitlementID == nil || *c.EntitlementID != short.ID || c.Credits != 1 {
			t.Fatalf("charge %d: %+v %v", i, c, err)
		}
	}
	c, err := charge()
	if err != nil || *c.EntitlementID != long.ID {
		t.Fatalf("charge 3: %+v %v", c, err)
	}
	// A class after the short pack expires can only use the long one.
	if err := db.Transaction(func(tx *gorm.DB) error { return svc.RefundTx(ctx, tx, c) }); err != nil {
		t.Fatal(err)
	}
	if e, _ := svc.Entitlement(ctx, long.ID); e.CreditsRemaining != 3 {
		t.Fatalf("after refund: %+v", e)
	}
	// Refunding more than was granted is refused by the CHECK.
	err = db.Transaction(func(tx *gorm.DB) error { return svc.RefundTx(ctx, tx, c) })
	if err == nil {
		t.Fatal("refund above credits_total accepted")
	}

	if err := db.Transaction(func(tx *gorm.DB) error { return svc.RevokeTx(ctx, tx, long.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return svc.RevokeTx(ctx, tx, long.ID) }); err != nil {
		t.Fatalf("second revoke: %v", err)
	}
	if e, _ := svc.Entitlement(ctx, long.ID); e.CreditsRemaining != 0 || e.Status != "revoked" {
		t.Fatalf("revoked pack: %+v", e)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return svc.RevokeTx(ctx, tx, 1<<40) }); !errors.Is(err, membership.ErrEntitlementNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
	if _, err := charge(); !errors.Is(err, membership.ErrNoEntitlement) {
		t.Fatalf("charge with nothing left: %v", err)
	}

	// A membership covers classes without spending credits; revoked, it ends now.
	monthly := mustPlan(t, svc, membership.PlanInput{Name: new("Monthly test"), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(12000))})
	m, err := svc.Grant(ctx, user, monthly.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := charge(); err != nil || *c.EntitlementID != m.ID || c.Credits != 0 {
		t.Fatalf("membership charge: %+v %v", c, err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return svc.RevokeTx(ctx, tx, m.ID) }); err != nil {
		t.Fatal(err)
	}
	if e, _ := svc.Entitlement(ctx, m.ID); !e.EndsAt.Before(time.Now().Add(time.Second)) || e.Status != "revoked" {
		t.Fatalf("revoked membership: %+v", e)
	}
	list, total, err := svc.ListEntitlements(ctx, user, web.Page{Number: 1, PerPage: 10})
	if err != nil || total != 3 || len(list) != 3 || list[0].PlanName == "" {
		t.Fatalf("list: %d %+v %v", total, list, err)
	}
}

func TestGrantTxForOrders(t *testing.T) {
	db, svc, user := setup(t)
	ctx := context.Background()
	p := mustPlan(t, svc, membership.PlanInput{Name: new("Order pack"), Kind: new(membership.KindCreditPack), Credits: new(10), ValidityDays: new(90), PriceRappen: new(int64(20000))})
	order := uint64(time.Now().UnixNano())
	grant := func(userID uint64) error {
		return db.Transaction(func(tx *gorm.DB) error {
			_, err := svc.GrantTx(ctx, tx, userID, p.ID, membership.SourcePurchase, &order)
			return err
		})
	}
	if err := grant(user); err != nil {
		t.Fatal(err)
	}
	if err := grant(user); !errors.Is(err, membership.ErrOrderGranted) {
		t.Fatalf("second grant of the same order: %v", err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error {
		_, err := svc.GrantTx(ctx, tx, 1<<40, p.ID, membership.SourceGrant, nil)
		return err
	}); !errors.Is(err, membership.ErrUserNotFound) {
		t.Fatalf("grant to unknown user: %v", err)
	}
	off := false
	if _, err := svc.UpdatePlan(ctx, p.ID, membership.PlanInput{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Grant(ctx, user, p.ID); !errors.Is(err, membership.ErrPlanInactive) {
		t.Fatalf("admin grant of inactive plan: %v", err)
	}
}

// TestConcurrentSpendNeverOverdraws races 20 one-credit charges against a 5-credit pack.
func TestConcurrentSpendNeverOverdraws(t *testing.T) {
	db, svc, user := setup(t)
	ctx := context.Background()
	p := mustPlan(t, svc, membership.PlanInput{Name: new("Race pack"), Kind: new(membership.KindCreditPack), Credits: new(5), ValidityDays: new(30), PriceRappen: new(int64(1))})
	e, err := svc.Grant(ctx, user, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	errs := testenv.AllAtOnce(20, func(int) error {
		return db.Transaction(func(tx *gorm.DB) error {
			_, err := svc.ChargeTx(ctx, tx, user, time.Now().Add(time.Hour), 1)
			return err
		})
	})
	ok, none, unexpected := testenv.CountErrors(errs, func(err error) bool { return errors.Is(err, membership.ErrNoEntitlement) })
	for _, err := range unexpected {
		t.Error(err)
	}
	got, _ := svc.Entitlement(ctx, e.ID)
	if ok != 5 || none != 15 || got.CreditsRemaining != 0 {
		t.Fatalf("ok=%d none=%d remaining=%d", ok, none, got.CreditsRemaining)
	}
}
