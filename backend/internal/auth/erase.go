package auth

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// UserDeletionHook removes or closes what another domain keeps for a user about to be erased
// (uploads, upcoming bookings). Hooks run before the account row is anonymised and must be safe
// to run again: when one fails the erase stops, the account stays as it was, and a retry runs
// every hook once more.
type UserDeletionHook func(ctx context.Context, userID uint64) error

// UserChangeHook is told after a user's public name or role changed or the user was erased
// (the schedule's cached week views show trainer names).
type UserChangeHook func(ctx context.Context, userID uint64)

// OnUserDeletion registers hooks that Erase runs, in order. Call it while wiring, before the
// server serves requests. auth cannot import the domains above it; they come in through this.
func (s *Service) OnUserDeletion(hooks ...UserDeletionHook) {
	s.deletionHooks = append(s.deletionHooks, hooks...)
}

// OnUserChange registers hooks told about name and role changes and erasures. Call it while
// wiring.
func (s *Service) OnUserChange(hooks ...UserChangeHook) {
	s.changeHooks = append(s.changeHooks, hooks...)
}

func (s *Service) userChanged(ctx context.Context, userID uint64) {
	for _, h := range s.changeHooks {
		h(ctx, userID)
	}
}

// ErrWrongDeletePassword answers a self-deletion whose password confirmation is wrong.
var ErrWrongDeletePassword = apperr.FieldError("password", "is wrong")

// DeleteMeInput is the body of DELETE /api/me: the password confirms the deletion.
type DeleteMeInput struct {
	Password string `json:"password"`
}

// DeleteMe erases the caller's own account after checking the password. Guesses share the
// login failure budget of the account, like a password change.
func (s *Service) DeleteMe(ctx context.Context, p Principal, in DeleteMeInput) error {
	u, err := s.confirmedCaller(ctx, p, "password", in.Password, ErrWrongDeletePassword, nil)
	if err != nil {
		return err
	}
	return s.erase(ctx, p.UserID, u)
}

// DeleteUser lets an admin erase any account, their own included, except the last admin.
func (s *Service) DeleteUser(ctx context.Context, admin Principal, id uint64) error {
	u, err := s.store.ByID(ctx, id)
	if err != nil {
		return err
	}
	return s.erase(ctx, admin.UserID, u)
}

// erase runs the deletion hooks, then anonymises the row (Store.Erase), then ends every session
// of the user. The last-admin rule is checked before the hooks so they do not run for an
// erase that must fail; Store.Erase checks it again under the admin row locks, which is what
// decides when two admins erase each other at once.
func (s *Service) erase(ctx context.Context, actorID uint64, u User) error {
	if u.Role == RoleAdmin {
		n, err := s.store.AdminCount(ctx)
		if err != nil {
			return err
		}
		if n <= 1 {
			return ErrLastAdmin
		}
	}
	for _, h := range s.deletionHooks {
		if err := h(ctx, u.ID); err != nil {
			return fmt.Errorf("erase user %d: deletion hook: %w", u.ID, err)
		}
	}
	goodbye := func(tx *gorm.DB, before User) error {
		return s.accountMail(ctx, tx, MailAccountErased, before, before.Email, "")
	}
	if _, err := s.store.EraseWith(ctx, u.ID, goodbye); err != nil {
		return err
	}
	s.states.Changed(ctx, u.ID) // the access tokens of the account end now, not at their expiry
	// Refresh also refuses erased users (ByID skips them), so a Redis failure here leaves no
	// usable session behind: it is logged, and the erase (already committed) still succeeds.
	if err := s.refresh.RevokeUser(ctx, u.ID); err != nil {
		s.log.ErrorContext(ctx, "user erased but revoking sessions failed", "user_id", u.ID, "error", err.Error())
	}
	s.userChanged(ctx, u.ID)
	s.log.InfoContext(ctx, "user erased", "user_id", u.ID, "by_user_id", actorID)
	return nil
}
