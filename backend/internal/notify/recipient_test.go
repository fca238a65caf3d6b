package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/mail"
	"github.com/trainingclub/platform/backend/internal/notify"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestNoMailToErasedAccount: a hook whose member was erased meanwhile (here a payment that
// completes after the erasure) writes no mail and does not fail, so the caller's transaction
// commits; a live member gets the mail.
func TestNoMailToErasedAccount(t *testing.T) {
	db := testenv.DB(t)
	outbox := mail.NewOutbox(db, "club.example.test")
	svc := notify.NewService(db, outbox, nil, nil, notify.Options{PublicURL: "https://club.example.test", Log: testenv.Log})
	ctx := context.Background()
	live, _ := testenv.InsertUser(t, db, "member")
	erased, _ := testenv.InsertUser(t, db, "member")
	if err := db.Exec("UPDATE users SET deleted_at = ? WHERE id = ?", time.Now().UTC(), erased).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		userID uint64
		mails  int
	}{{live, 1}, {erased, 0}} {
		paid := time.Now().UTC()
		o := billing.Order{ID: c.userID, UserID: c.userID, PlanName: "10 classes", AmountRappen: 25000,
			Currency: "CHF", Status: billing.StatusPaid, PaidAt: &paid}
		if err := svc.OrderPaid(ctx, db, o); err != nil {
			t.Fatalf("user %d: receipt hook failed: %v", c.userID, err)
		}
		got, err := outbox.ByUser(ctx, c.userID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != c.mails {
			t.Errorf("user %d: %d mails queued, want %d", c.userID, len(got), c.mails)
		}
	}
}
