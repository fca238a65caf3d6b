package auth

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/web"
)

// RevokeSessions is "sign out everywhere" for user id: every access token issued before ends
// (the account version goes up) and every refresh-token family is revoked. actor is who asked
// (the user or an admin).
func (s *Service) RevokeSessions(ctx context.Context, actor Principal, id uint64) error {
	if err := s.store.BumpVersion(ctx, id); err != nil {
		return err
	}
	s.states.Changed(ctx, id)
	if err := s.refresh.RevokeUser(ctx, id); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "sessions revoked", "user_id", id, "by_user_id", actor.UserID)
	return nil
}

// Trainers lists trainer profiles.
func (s *Service) Trainers(ctx context.Context, page web.Page) ([]User, int64, error) {
	return s.store.List(ctx, UserFilter{Role: RoleTrainer}, page)
}

// Trainer returns one trainer profile.
func (s *Service) Trainer(ctx context.Context, id uint64) (User, error) {
	return s.store.TrainerByID(ctx, id)
}

// Users lists users for admins.
func (s *Service) Users(ctx context.Context, f UserFilter, page web.Page) ([]User, int64, error) {
	var v apperr.Validation
	v.Check(f.Role == "" || f.Role.Valid(), "role", "must be member, trainer or admin")
	v.Check(utf8.RuneCountInString(f.Query) <= MaxEmailLen, "q", "is too long")
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f.Query = strings.TrimSpace(f.Query)
	return s.store.List(ctx, f, page)
}

// User returns one user for admins; an erased account is shown anonymised, with its deleted_at
// (orders keep pointing at it).
func (s *Service) User(ctx context.Context, id uint64) (User, error) {
	return s.store.ByIDWithErased(ctx, id)
}

// AdminUserInput is the body of PATCH /api/users/:id.
type AdminUserInput struct {
	Name *string `json:"name"`
	Role *Role   `json:"role"`
	Bio  *string `json:"bio"`
}

// UpdateUser lets an admin change a user's name, bio and role; the last admin cannot be demoted.
func (s *Service) UpdateUser(ctx context.Context, admin Principal, id uint64, in AdminUserInput) (User, error) {
	var v apperr.Validation
	if in.Name != nil {
		n := checkName(&v, "name", *in.Name)
		in.Name = &n
	}
	checkBio(&v, in.Bio)
	v.Check(in.Role == nil || in.Role.Valid(), "role", "must be member, trainer or admin")
	if err := v.Err(); err != nil {
		return User{}, err
	}
	u, err := s.store.Update(ctx, id, Changes{Name: in.Name, Bio: in.Bio, Role: in.Role})
	if err != nil {
		return User{}, err
	}
	if in.Role != nil {
		s.states.Changed(ctx, u.ID)
		s.log.InfoContext(ctx, "user role set", "admin_id", admin.UserID, "user_id", id, "role", string(u.Role))
	}
	if in.Name != nil || in.Role != nil {
		s.userChanged(ctx, u.ID)
	}
	return u, nil
}

// EnsureAdmin creates an admin account, or promotes the existing account with in.Email (whose
// password is kept); created tells which.
func (s *Service) EnsureAdmin(ctx context.Context, in RegisterInput) (User, bool, error) {
	u, created, err := s.EnsureUser(ctx, in, RoleAdmin)
	if err != nil || created || u.Role == RoleAdmin {
		return u, created, err
	}
	admin := RoleAdmin
	u, err = s.store.Update(ctx, u.ID, Changes{Role: &admin})
	if err == nil {
		s.states.Changed(ctx, u.ID)
	}
	return u, false, err
}

// EnsureUser creates an account with role unless one with in.Email exists, which is returned
// unchanged (for create-admin and the development seed); created tells which. The operator who
// runs those commands vouches for the address, so a new account starts confirmed.
func (s *Service) EnsureUser(ctx context.Context, in RegisterInput, role Role) (User, bool, error) {
	if err := in.Validate(); err != nil {
		return User{}, false, err
	}
	u, err := s.store.ByEmail(ctx, in.Email)
	if err == nil || !errors.Is(err, ErrUserNotFound) {
		return u, false, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return User{}, false, err
	}
	confirmed := time.Now().UTC()
	u = User{Email: in.Email, PasswordHash: hash, Name: in.Name, Role: role, EmailVerifiedAt: &confirmed}
	if err := s.store.Create(ctx, &u); err != nil {
		if errors.Is(err, ErrEmailTaken) { // created concurrently
			return s.EnsureUser(ctx, in, role)
		}
		return User{}, false, err
	}
	return u, true, nil
}
