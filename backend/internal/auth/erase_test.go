package auth

import (
	"context"
	"errors"
	"testing"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// TestEraseRunsHooksFirstAndStopsOnTheirErrors: a failing hook leaves the account untouched;
// once the hooks pass, the row is anonymised, every refresh family is revoked, and the change
// hooks hear about it.
func TestEraseRunsHooksFirstAndStopsOnTheirErrors(t *testing.T) {
	s := newTestService(t, Limits{})
	ctx := context.Background()
	in, sess := register(t, s, "erase")
	_, second := register(t, s, "erase-other")
	loginAgain, err := s.Login(ctx, "192.0.2.9", LoginInput{Email: in.Email, Password: in.Password})
	if err != nil {
		t.Fatal(err)
	}

	fail := true
	var ran []uint64
	s.OnUserDeletion(func(_ context.Context, id uint64) error {
		ran = append(ran, id)
		if fail {
			return errors.New("files unavailable")
		}
		return nil
	})
	var changed []uint64
	s.OnUserChange(func(_ context.Context, id uint64) { changed = append(changed, id) })

	admin := Principal{UserID: second.User.ID, Role: RoleAdmin}
	if err := s.DeleteUser(ctx, admin, sess.User.ID); err == nil {
		t.Fatal("erase succeeded although a hook failed")
	}
	if u, err := s.store.ByID(ctx, sess.User.ID); err != nil || u.Email != in.Email {
		t.Fatalf("account changed after a failed hook: %+v %v", u, err)
	}

	fail = false
	if err := s.DeleteUser(ctx, admin, sess.User.ID); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 2 || len(changed) != 1 || changed[0] != sess.User.ID {
		t.Fatalf("hooks: ran %v changed %v", ran, changed)
	}
	u, err := s.store.ByIDWithErased(ctx, sess.User.ID)
	if err != nil || u.DeletedAt == nil || u.Email != ErasedEmail(u.ID) || u.Name != ErasedName || u.PasswordHash != "!" || u.Role != RoleMember {
		t.Fatalf("not anonymised: %+v %v", u, err)
	}
	for _, tok := range []string{sess.RefreshToken, loginAgain.RefreshToken} {
		if _, err := s.Refresh(ctx, "192.0.2.9", RefreshInput{RefreshToken: tok}); !errors.Is(err, ErrRefreshInvalid) {
			t.Fatalf("refresh after erase: %v", err)
		}
	}
	if err := s.DeleteUser(ctx, admin, sess.User.ID); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("second erase: %v", err)
	}
	var n int64
	testenv.DB(t).Raw("SELECT COUNT(*) FROM users WHERE id = ?", sess.User.ID).Scan(&n)
	if n != 1 {
		t.Fatal("the row must stay (orders refer to it)")
	}
}
