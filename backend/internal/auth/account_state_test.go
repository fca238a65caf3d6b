package auth

import (
	"context"
	"testing"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// signedIn registers an account and returns its session and the principal of its token.
func signedIn(tb testing.TB, prefix string) (*Service, Session, Principal) {
	tb.Helper()
	s := newTestService(tb, Limits{})
	_, sess := register(tb, s, prefix)
	p, err := s.tokens.Verify(sess.AccessToken)
	if err != nil {
		tb.Fatal(err)
	}
	return s, sess, p
}

// TestAccountStatesCheck follows one account through the states the Guard judges: the role
// comes from the account, not the token; a bump ends older tokens; an erased account ends all.
func TestAccountStatesCheck(t *testing.T) {
	ctx := context.Background()
	s, _, p := signedIn(t, "state")
	states := s.states
	if got, err := states.Check(ctx, p); err != nil || got.Role != RoleMember {
		t.Fatalf("fresh token: %+v %v", got, err)
	}
	// A role the token does not carry: the account's wins (a copy written by the role change).
	if err := testenv.DB(t).Exec("UPDATE users SET role = 'trainer' WHERE id = ?", p.UserID).Error; err != nil {
		t.Fatal(err)
	}
	states.Changed(ctx, p.UserID)
	if got, err := states.Check(ctx, p); err != nil || got.Role != RoleTrainer {
		t.Fatalf("after a role change without bump: %+v %v", got, err)
	}
	if err := s.RevokeSessions(ctx, p, p.UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := states.Check(ctx, p); err != ErrInvalidToken {
		t.Fatalf("after sign out everywhere: want ErrInvalidToken, got %v", err)
	}
	// A stale copy (older than the token) is not trusted: MySQL decides.
	p.Version++
	if err := states.rdb.Set(ctx, stateKey(p.UserID), "0:admin", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if got, err := states.Check(ctx, p); err != nil || got.Role != RoleTrainer {
		t.Fatalf("stale copy: %+v %v", got, err)
	}
	// The copy never goes back to an older version.
	if err := states.put(ctx, p.UserID, AccountState{Version: 0, Role: RoleAdmin, Live: true}); err != nil {
		t.Fatal(err)
	}
	if c, ok := states.cached(ctx, p.UserID); !ok || c.Version != p.Version || c.Role != RoleTrainer {
		t.Fatalf("copy after an older write: %+v %v", c, ok)
	}
}

// BenchmarkAccountCheck is the per-request cost the Guard adds after the signature: one Redis
// GET of the account's copy (the fast path).
func BenchmarkAccountCheck(b *testing.B) {
	ctx := context.Background()
	s, sess, p := signedIn(b, "bench")
	if _, err := s.states.Check(ctx, p); err != nil {
		b.Fatal(err)
	}
	b.Run("verify-signature", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.tokens.Verify(sess.AccessToken); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify-and-check-account", func(b *testing.B) {
		for b.Loop() {
			p, err := s.tokens.Verify(sess.AccessToken)
			if err == nil {
				_, err = s.states.Check(ctx, p)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
