package auth

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// ProfileInput is the body of PATCH /api/me.
type ProfileInput struct {
	Name   *string `json:"name"`
	Bio    *string `json:"bio"`
	Locale *string `json:"locale"` // en or de
}

func checkBio(v *apperr.Validation, bio *string) {
	if bio == nil {
		return
	}
	*bio = strings.TrimSpace(*bio)
	v.Check(utf8.ValidString(*bio), "bio", "must be valid UTF-8")
	v.CheckLength("bio", *bio, 0, MaxBioLen)
}

// UpdateProfile changes the caller's name and bio.
func (s *Service) UpdateProfile(ctx context.Context, p Principal, in ProfileInput) (User, error) {
	var v apperr.Validation
	if in.Name != nil {
		n := checkName(&v, "name", *in.Name)
		in.Name = &n
	}
	checkBio(&v, in.Bio)
	v.Check(in.Locale == nil || validLocale(*in.Locale), "locale", "must be en or de")
	if err := v.Err(); err != nil {
		return User{}, err
	}
	if in.Locale != nil {
		if err := s.store.SetLocale(ctx, p.UserID, *in.Locale); err != nil {
			return User{}, err
		}
	}
	u, err := s.store.Update(ctx, p.UserID, Changes{Name: in.Name, Bio: in.Bio})
	if errors.Is(err, ErrUserNotFound) {
		return User{}, ErrInvalidToken
	}
	if err == nil && in.Name != nil {
		s.userChanged(ctx, u.ID)
	}
	return u, err
}

// PasswordInput is the body of POST /api/me/password.
type PasswordInput struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// ChangePassword checks the current password, stores the new one and signs out every session of
// the user: every access token issued before ends (the account version goes up) and every
// refresh-token family is revoked.
func (s *Service) ChangePassword(ctx context.Context, p Principal, in PasswordInput) error {
	u, err := s.confirmedCaller(ctx, p, "current_password", in.CurrentPassword, ErrWrongPassword, func(v *apperr.Validation, u User) {
		checkPassword(v, "new_password", in.NewPassword, u.Email)
	})
	if err != nil {
		return err
	}
	hash, err := s.hasher.Hash(in.NewPassword)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error { return s.replacePasswordTx(ctx, st, tx, u, hash) })
	if err != nil {
		return err
	}
	if err := s.signedOutEverywhere(ctx, u.ID); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "password changed; sessions revoked", "user_id", u.ID)
	return nil
}

// confirmedCaller loads the caller and checks the password they gave (in field) to confirm a
// sensitive change, answering wrong when it does not match. check, if not nil, adds the
// request's other field problems, reported together with the password's before any guess is
// counted.
func (s *Service) confirmedCaller(ctx context.Context, p Principal, field, password string, wrong error, check func(v *apperr.Validation, u User)) (User, error) {
	u, err := s.Me(ctx, p)
	if err != nil {
		return User{}, err
	}
	var v apperr.Validation
	requirePassword(&v, field, password)
	if check != nil {
		check(&v, u)
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	if err := s.confirmPassword(ctx, u, password, wrong); err != nil {
		return User{}, err
	}
	return u, nil
}

// confirmPassword checks password against u's, answering wrong when it does not match. Guesses
// (a stolen access token) share the login failure budget of the account; a match clears it.
func (s *Service) confirmPassword(ctx context.Context, u User, password string, wrong error) error {
	key := accountKey(u.Email)
	if err := s.limiter.Hit(ctx, key, s.limits.LoginPerAccount); err != nil {
		return err
	}
	if ok, _ := s.hasher.Verify(password, u.PasswordHash); !ok {
		return wrong
	}
	if err := s.limiter.Reset(ctx, key); err != nil {
		s.log.WarnContext(ctx, "reset login failures", "user_id", u.ID, "error", err.Error())
	}
	return nil
}

// replacePasswordTx stores hash as u's password (ending its access tokens) and enqueues the
// password-changed notice, inside tx; the caller then ends the refresh tokens.
func (s *Service) replacePasswordTx(ctx context.Context, st *Store, tx *gorm.DB, u User, hash string) error {
	if err := st.ReplacePassword(ctx, u.ID, hash); err != nil {
		return err
	}
	return s.accountMail(ctx, tx, MailPasswordChanged, u, u.Email, "")
}
