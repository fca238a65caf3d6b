package auth

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// ForgotInput is the body of POST /api/auth/forgot-password.
type ForgotInput struct {
	Email string `json:"email"`
}

// ResetInput is the body of POST /api/auth/reset-password.
type ResetInput struct {
	Token       string `json:"token"`
	NewPassword string `json:"new_password"`
}

func forgotKey(email string) string { return "forgot:acct:" + accountKey(email)[len("login:acct:"):] }

// ForgotPassword mails a reset link when email belongs to a live account. The answer is the
// same either way (the caller learns nothing about which addresses have accounts): the limits
// per IP and per address count every request, known or not. A new link ends the older ones.
func (s *Service) ForgotPassword(ctx context.Context, ip string, in ForgotInput) error {
	if err := s.limiter.Hit(ctx, "forgot:ip:"+ip, s.limits.ForgotPerIP); err != nil {
		return err
	}
	email := NormalizeEmail(in.Email)
	var v apperr.Validation
	v.Check(email != "" && len(email) <= MaxEmailLen && validEmail(email), "email", "must be a valid email address")
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.limiter.Hit(ctx, forgotKey(email), s.limits.ForgotPerAccount); err != nil {
		return err
	}
	u, err := s.store.ByEmail(ctx, email)
	if errors.Is(err, ErrUserNotFound) {
		s.log.InfoContext(ctx, "password reset asked for an unknown address")
		return nil
	}
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error {
		token, err := st.IssueToken(ctx, u.ID, PurposeReset, nil, s.clock(), ResetTokenTTL)
		if err != nil {
			return err
		}
		return s.accountMail(ctx, tx, MailPasswordReset, u, u.Email, s.link("/reset-password", token))
	})
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "password reset mailed", "user_id", u.ID)
	return nil
}

// ResetPassword sets a new password with a reset token: the token works once and for 30
// minutes, and every session of the account ends (access tokens by the version, refresh
// tokens revoked). The password-changed notice goes out in the same commit.
func (s *Service) ResetPassword(ctx context.Context, ip string, in ResetInput) error {
	if err := s.limiter.Hit(ctx, "reset:ip:"+ip, s.limits.ForgotPerIP); err != nil {
		return err
	}
	var v apperr.Validation
	v.Check(in.Token != "" && utf8.RuneCountInString(in.Token) <= 100, "token", "is required")
	checkPassword(&v, "new_password", in.NewPassword, "")
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(in.NewPassword)
	if err != nil {
		return err
	}
	var u User
	err = s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error {
		tok, err := st.UseToken(ctx, in.Token, s.clock(), PurposeReset)
		if err != nil {
			return err
		}
		if u, err = st.ByID(ctx, tok.UserID); err != nil {
			return ErrTokenInvalid // erased since
		}
		var pv apperr.Validation
		checkPassword(&pv, "new_password", in.NewPassword, u.Email)
		if err := pv.Err(); err != nil {
			return err
		}
		return s.replacePasswordTx(ctx, st, tx, u, hash)
	})
	if err != nil {
		return err
	}
	if err := s.signedOutEverywhere(ctx, u.ID); err != nil {
		return err
	}
	// A reset proves control of the address.
	if u.EmailVerifiedAt == nil {
		if err := s.store.MarkVerified(ctx, u.ID, s.clock()); err != nil {
			s.log.WarnContext(ctx, "mark verified after reset", "user_id", u.ID, "error", err.Error())
		}
	}
	if err := s.limiter.Reset(ctx, accountKey(u.Email)); err != nil {
		s.log.WarnContext(ctx, "reset login failures", "user_id", u.ID, "error", err.Error())
	}
	s.log.InfoContext(ctx, "password reset; sessions revoked", "user_id", u.ID)
	return nil
}

// signedOutEverywhere tells the guard's cache that user id's version moved and revokes every
// refresh-token family (the version itself was raised in the committed change). A refresh
// token left alive would mint new access tokens, so a failed revoke is returned.
func (s *Service) signedOutEverywhere(ctx context.Context, id uint64) error {
	s.states.Changed(ctx, id)
	return s.refresh.RevokeUser(ctx, id)
}

func (s *Service) clock() time.Time {
	if s.now != nil {
		return s.now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

// SetClock replaces the clock of token expiry (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }
