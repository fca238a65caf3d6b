package membership_test

import (
	"context"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestCanChargeEachAgreesWithCanCharge: the set form the booking batch uses answers, member by
// member, what CanChargeTx answers, for every kind of entitlement that does or does not pay.
func TestCanChargeEachAgreesWithCanCharge(t *testing.T) {
	db, svc, _ := setup(t)
	ctx := context.Background()
	pack := mustPlan(t, svc, membership.PlanInput{Name: new("Pack"), Kind: new(membership.KindCreditPack), Credits: new(2), ValidityDays: new(30), PriceRappen: new(int64(100))})
	monthly := mustPlan(t, svc, membership.PlanInput{Name: new("Monthly"), Kind: new(membership.KindMembership), Months: new(1), PriceRappen: new(int64(100))})
	now := time.Now().UTC()
	grant := func(user, plan uint64, change string, args ...any) {
		t.Helper()
		e, err := svc.Grant(ctx, user, plan)
		if err != nil {
			t.Fatal(err)
		}
		if change != "" {
			if err := db.Exec("UPDATE entitlements SET "+change+" WHERE id = ?", append(args, e.ID)...).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	member := func() uint64 { id, _ := testenv.InsertUser(t, db, "member"); return id }
	var users []uint64
	add := func(setup func(user uint64)) {
		u := member()
		setup(u)
		users = append(users, u)
	}
	add(func(uint64) {})                             // nothing
	add(func(u uint64) { grant(u, pack.ID, "") })    // a pack with credits
	add(func(u uint64) { grant(u, monthly.ID, "") }) // a running membership
	add(func(u uint64) { grant(u, pack.ID, "credits_remaining = 0") })
	add(func(u uint64) { grant(u, pack.ID, "revoked_at = ?", now) })
	add(func(u uint64) { grant(u, pack.ID, "ends_at = ?", now.Add(30*time.Minute)) }) // ends before the class
	add(func(u uint64) { grant(u, pack.ID, "starts_at = ?", now.Add(time.Minute)) })  // not valid yet
	add(func(u uint64) { grant(u, monthly.ID, "starts_at = ?", now.Add(30*time.Minute)) })
	add(func(u uint64) {
		grant(u, monthly.ID, "starts_at = ?", now.Add(30*time.Minute))
		grant(u, pack.ID, "")
	})
	add(func(u uint64) { // a running membership that ends before the class, and a later one not yet started
		grant(u, monthly.ID, "starts_at = ?, ends_at = ?", now.Add(-time.Hour), now.Add(30*time.Minute))
		grant(u, monthly.ID, "starts_at = ?", now.Add(30*time.Minute))
	})
	for _, at := range []time.Time{now.Add(time.Hour), now.AddDate(0, 2, 0)} {
		for _, cost := range []int{0, 1, 3} {
			each, err := svc.CanChargeEachTx(ctx, db, users, at, cost)
			if err != nil {
				t.Fatal(err)
			}
			for i, u := range users {
				one := svc.CanChargeTx(ctx, db, u, at, cost) == nil
				if at.Before(now.Add(2*time.Hour)) && cost == 1 && one != (i == 1 || i == 2 || i == 8) {
					t.Errorf("member %d, class in an hour costing 1: CanChargeTx says %v", i, one)
				}
				if each[u] != one {
					t.Errorf("member %d, class in %s costing %d: CanChargeEachTx says %v, CanChargeTx %v", i, at.Sub(now).Round(time.Hour), cost, each[u], one)
				}
			}
		}
	}
}
