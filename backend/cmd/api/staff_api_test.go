package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

type entitlementOut struct {
	ID               uint64    `json:"id"`
	Kind             string    `json:"kind"`
	CreditsTotal     int       `json:"credits_total"`
	CreditsRemaining int       `json:"credits_remaining"`
	EndsAt           time.Time `json:"ends_at"`
	Status           string    `json:"status"`
}

type ledgerOut struct {
	ActorID       uint64 `json:"actor_id"`
	Action        string `json:"action"`
	Reason        string `json:"reason"`
	CreditsBefore int    `json:"credits_before"`
	CreditsAfter  int    `json:"credits_after"`
}

func TestCreditAdjustmentsWithLedger(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	pack := a.grant(t, admin, member.ID, a.mkPack(t, admin, 10))
	monthly := a.grant(t, admin, member.ID, a.mkPlan(t, admin, map[string]any{"name": "M", "kind": "membership", "months": 1, "price_rappen": 100}))
	credits := path("/api/entitlements/%d/credits", pack)
	var ent entitlementOut
	runCases(t, a, []apiCase{
		{name: "add 3", method: "POST", path: credits, token: admin.Token, body: map[string]any{"delta": 3, "reason": "goodwill after a cancelled class"}, status: 200,
			check: func(t *testing.T, r response) {
				r.Decode(t, &ent)
				if ent.CreditsRemaining != 13 || ent.CreditsTotal != 13 {
					t.Fatalf("after +3: %+v", ent)
				}
			}},
		{name: "remove 5", method: "POST", path: credits, token: admin.Token, body: map[string]any{"delta": -5, "reason": "double grant"}, status: 200,
			check: func(t *testing.T, r response) {
				r.Decode(t, &ent)
				if ent.CreditsRemaining != 8 || ent.CreditsTotal != 13 {
					t.Fatalf("after -5: %+v", ent)
				}
			}},
		{name: "below zero", method: "POST", path: credits, token: admin.Token, body: map[string]any{"delta": -9, "reason": "too many"}, status: 409, code: "credits_below_zero"},
		{name: "no reason", method: "POST", path: credits, token: admin.Token, body: map[string]any{"delta": 1, "reason": " "}, status: 422},
		{name: "zero delta", method: "POST", path: credits, token: admin.Token, body: map[string]any{"delta": 0, "reason": "nothing"}, status: 422},
		{name: "membership has no credits", method: "POST", path: path("/api/entitlements/%d/credits", monthly), token: admin.Token,
			body: map[string]any{"delta": 1, "reason": "wrong"}, status: 409, code: "not_a_credit_pack"},
		{name: "unknown entitlement", method: "POST", path: "/api/entitlements/999999999/credits", token: admin.Token, body: map[string]any{"delta": 1, "reason": "x y z"}, status: 404},
		{name: "trainer refused", method: "POST", path: credits, token: trainer.Token, body: map[string]any{"delta": 1, "reason": "x y z"}, status: 403},
		{name: "member refused", method: "POST", path: credits, token: member.Token, body: map[string]any{"delta": 1, "reason": "x y z"}, status: 403},
		{name: "unknown field", method: "POST", path: credits, token: admin.Token, body: `{"delta":1,"reason":"abc","x":1}`, status: 400},
		{name: "extend not later", method: "POST", path: path("/api/entitlements/%d/extend", pack), token: admin.Token,
			body: map[string]any{"ends_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339), "reason": "holiday"}, status: 409, code: "extend_not_later"},
		{name: "extend", method: "POST", path: path("/api/entitlements/%d/extend", pack), token: admin.Token,
			body: map[string]any{"ends_at": time.Now().AddDate(0, 6, 0).UTC().Format(time.RFC3339), "reason": "injury"}, status: 200},
		{name: "revoke membership", method: "POST", path: path("/api/entitlements/%d/revoke", monthly), token: admin.Token,
			body: map[string]any{"reason": "moved away"}, status: 200, check: func(t *testing.T, r response) {
				if r.JSON(t)["status"] != "revoked" {
					t.Fatalf("not revoked: %s", r.Body)
				}
			}},
		{name: "revoke twice", method: "POST", path: path("/api/entitlements/%d/revoke", monthly), token: admin.Token,
			body: map[string]any{"reason": "moved away"}, status: 409, code: "entitlement_revoked"},
		{name: "member page entitlements", method: "GET", path: path("/api/users/%d/entitlements", member.ID), token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct{ Total int }
				r.Decode(t, &l)
				if l.Total != 2 {
					t.Fatalf("entitlements: %s", r.Body)
				}
			}},
		{name: "member page unknown user", method: "GET", path: "/api/users/999999999/entitlements", token: admin.Token, status: 404},
		{name: "member page bookings", method: "GET", path: path("/api/users/%d/bookings?when=upcoming", member.ID), token: admin.Token, status: 200},
		{name: "member page bookings bad when", method: "GET", path: path("/api/users/%d/bookings?when=soon", member.ID), token: admin.Token, status: 422},
	})

	// The ledger: newest first, who and why, before and after; failures left no entry.
	var l struct{ Items []ledgerOut }
	a.call(t, "GET", path("/api/entitlements/%d/ledger", pack), admin.Token, nil).Decode(t, &l)
	want := []ledgerOut{
		{admin.ID, "extend", "injury", 8, 8},
		{admin.ID, "adjust_credits", "double grant", 13, 8},
		{admin.ID, "adjust_credits", "goodwill after a cancelled class", 10, 13},
	}
	if fmt.Sprint(l.Items) != fmt.Sprint(want) {
		t.Fatalf("ledger:\n got %+v\nwant %+v", l.Items, want)
	}
	if got := creditsRemaining(t, pack); got != 8 {
		t.Fatalf("credits in the database: %d", got)
	}
	entries := a.auditOf(t, admin, "entitlements", pack)
	if len(entries) != 3 || entries[2].Action != "entitlement.adjust_credits" || entries[2].Before["credits_remaining"] != float64(10) ||
		entries[2].After["credits_remaining"] != float64(13) || entries[2].Reason == nil || *entries[2].Reason != "goodwill after a cancelled class" {
		t.Fatalf("audit of the pack: %+v", entries)
	}
}

func TestGetBookingVisibility(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	other := a.createUser(t, auth.RoleTrainer)
	stranger := a.createUser(t, auth.RoleMember)
	sess := a.mkSession(t, admin.Token, a.mkClassType(t, admin, 0), trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 5, cutoff: 60})
	b := a.book(t, member, sess)
	p := path("/api/bookings/%d", b.ID)
	ok := func(t *testing.T, r response) {
		if idOf(t, r) != b.ID || r.JSON(t)["session"].(map[string]any)["id"] != float64(sess) {
			t.Fatalf("booking: %s", r.Body)
		}
	}
	runCases(t, a, []apiCase{
		{name: "owner", method: "GET", path: p, token: member.Token, status: 200, check: ok},
		{name: "trainer of the session", method: "GET", path: p, token: trainer.Token, status: 200, check: ok},
		{name: "admin", method: "GET", path: p, token: admin.Token, status: 200, check: ok},
		{name: "another trainer", method: "GET", path: p, token: other.Token, status: 404},
		{name: "another member", method: "GET", path: p, token: stranger.Token, status: 404},
		{name: "anonymous", method: "GET", path: p, status: 401},
		{name: "bad id", method: "GET", path: "/api/bookings/abc", token: admin.Token, status: 400},
		{name: "unknown", method: "GET", path: "/api/bookings/999999999", token: admin.Token, status: 404},
	})
}

func TestOrdersAdminListFiltersAndCSV(t *testing.T) {
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	member := a.createUser(t, auth.RoleMember)
	other := a.createUser(t, auth.RoleMember)
	db := testenv.DB(t)
	if err := db.Exec("UPDATE users SET name = ? WHERE id = ?", "=HYPERLINK(\"x\") Müller", member.ID).Error; err != nil {
		t.Fatal(err)
	}
	planA, planB := 1_000_000+rand.Uint64N(1e9), 2_000_000_000+rand.Uint64N(1e9)
	type row struct {
		user    uint64
		plan    uint64
		status  string
		amount  int64
		created time.Time
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 30, 0, 0, time.UTC) }
	rows := []row{
		{member.ID, planA, "paid", 12000, day(2)},
		{member.ID, planA, "refunded", 12000, day(5)},
		{member.ID, planB, "paid", 2050, day(9)},
		{other.ID, planA, "failed", 12000, day(9)},
		{other.ID, planB, "paid", 2050, day(20)},
	}
	for _, r := range rows {
		var paid *time.Time
		if r.status != "failed" {
			p := r.created.Add(time.Minute)
			paid = &p
		}
		if err := db.Exec(`INSERT INTO orders (user_id, plan_id, plan_name, amount_rappen, currency, status, paid_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'CHF', ?, ?, ?, ?)`, r.user, r.plan, fmt.Sprintf("Plan %d", r.plan%7), r.amount, r.status, paid, r.created, r.created).Error; err != nil {
			t.Fatal(err)
		}
	}
	count := func(want int) func(t *testing.T, r response) {
		return func(t *testing.T, r response) {
			var l struct {
				Items []struct {
					UserName string `json:"user_name"`
					PlanID   uint64 `json:"plan_id"`
				}
				Total int
			}
			r.Decode(t, &l)
			if l.Total != want || len(l.Items) != min(want, 2) && len(l.Items) != want {
				t.Fatalf("want %d orders, got %s", want, r.Body)
			}
		}
	}
	runCases(t, a, []apiCase{
		{name: "by plan", method: "GET", path: path("/api/orders?plan_id=%d", planA), token: admin.Token, status: 200, check: count(3)},
		{name: "by plan and status", method: "GET", path: path("/api/orders?plan_id=%d&status=paid", planA), token: admin.Token, status: 200, check: count(1)},
		{name: "by member", method: "GET", path: path("/api/orders?user_id=%d", member.ID), token: admin.Token, status: 200, check: count(3)},
		{name: "by dates (inclusive local days)", method: "GET", path: path("/api/orders?user_id=%d&from=2026-03-05&to=2026-03-09", member.ID), token: admin.Token, status: 200, check: count(2)},
		{name: "paginated", method: "GET", path: path("/api/orders?plan_id=%d&per_page=2&page=2", planA), token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				var l struct {
					Items []map[string]any
					Total int
				}
				r.Decode(t, &l)
				if l.Total != 3 || len(l.Items) != 1 {
					t.Fatalf("page 2: %s", r.Body)
				}
			}},
		{name: "bad status", method: "GET", path: "/api/orders?status=lost", token: admin.Token, status: 422},
		{name: "bad date", method: "GET", path: "/api/orders?from=03/05/2026", token: admin.Token, status: 422},
		{name: "to before from", method: "GET", path: "/api/orders?from=2026-03-09&to=2026-03-01", token: admin.Token, status: 422},
		{name: "bad plan", method: "GET", path: "/api/orders?plan_id=-1", token: admin.Token, status: 422},
		{name: "member refused", method: "GET", path: "/api/orders", token: member.Token, status: 403},
		{name: "csv member refused", method: "GET", path: "/api/orders.csv", token: member.Token, status: 403},
		{name: "csv bad filter", method: "GET", path: "/api/orders.csv?status=x", token: admin.Token, status: 422},
	})

	r := a.call(t, "GET", path("/api/orders.csv?user_id=%d", member.ID), admin.Token, nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(r.Body, []byte("\ufeff")) {
		t.Fatalf("csv: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 20)])
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff"))))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || strings.Join(recs[0], ";") != "id;created_at;member;email;plan;amount_chf;currency;status;paid_at;refunded_at" {
		t.Fatalf("csv rows: %q", recs)
	}
	newest := recs[1]
	if newest[1] != "2026-03-09 10:30" || newest[2] != "'=HYPERLINK(\"x\") Müller" || newest[5] != "20.50" || newest[7] != "paid" || newest[8] != "2026-03-09 10:31" {
		t.Fatalf("csv newest row (Zurich time, formula quoted, CHF): %q", newest)
	}
	if !bytes.Contains(r.Body, []byte("\r\n")) {
		t.Fatal("csv lines are not CRLF")
	}
}

// The attendance report reads the session's check-in counter: checking in (twice) counts once.
func TestCheckInCountsOnTheSession(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	sess := a.mkSession(t, admin.Token, a.mkClassType(t, admin, 0), trainer.ID, sessionOpts{startsIn: 30 * time.Minute, capacity: 5, cutoff: 0})
	b := a.book(t, member, sess)
	for range 2 {
		if r := a.call(t, "POST", path("/api/bookings/%d/check-in", b.ID), trainer.Token, nil); r.Status != 200 {
			t.Fatalf("check in: %d %s", r.Status, r.Body)
		}
	}
	if n := countRows(t, "SELECT checked_in_count FROM class_sessions WHERE id = ?", sess); n != 1 {
		t.Fatalf("checked_in_count %d, want 1", n)
	}
}
