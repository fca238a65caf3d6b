package auth

import (
	"context"
	"errors"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// What an unverified account may do: sign in, book with credits an admin granted, edit its
// profile. What it may not: buy (billing asks RequireVerified). The rule keeps typos in the
// address from taking money that no receipt can reach.
var (
	ErrEmailUnverified = apperr.New(apperr.KindForbidden, "email_unverified", "confirm your e-mail address first (see the mail we sent, or ask for a new one)")
	ErrAlreadyVerified = apperr.Conflict("already_verified", "the e-mail address is already confirmed")
)

// TokenInput is the body of POST /api/auth/verify-email.
type TokenInput struct {
	Token string `json:"token"`
}

// EmailChangeInput is the body of POST /api/me/email: the password confirms the change.
type EmailChangeInput struct {
	NewEmail string `json:"new_email"`
	Password string `json:"password"`
}

// RequireVerified fails with ErrEmailUnverified unless user id confirmed its address.
func (s *Service) RequireVerified(ctx context.Context, id uint64) error {
	return s.store.RequireVerified(ctx, id)
}

// RequireVerified fails with ErrEmailUnverified unless user id confirmed its address (billing
// asks it before a checkout).
func (s *Store) RequireVerified(ctx context.Context, id uint64) error {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if u.EmailVerifiedAt == nil {
		return ErrEmailUnverified
	}
	return nil
}

// sendVerification issues a verification token for u and mails the link, inside tx.
func (s *Service) sendVerification(ctx context.Context, st *Store, tx *gorm.DB, u User) error {
	token, err := st.IssueToken(ctx, u.ID, PurposeVerify, nil, s.clock(), VerifyTokenTTL)
	if err != nil {
		return err
	}
	return s.accountMail(ctx, tx, MailVerifyEmail, u, u.Email, s.link("/verify-email", token))
}

// ResendVerification mails a new verification link (the older ones end). It shares the
// per-address budget of reset mails.
func (s *Service) ResendVerification(ctx context.Context, p Principal) error {
	u, err := s.Me(ctx, p)
	if err != nil {
		return err
	}
	if u.EmailVerifiedAt != nil {
		return ErrAlreadyVerified
	}
	if err := s.limiter.Hit(ctx, forgotKey(u.Email), s.limits.ForgotPerAccount); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error { return s.sendVerification(ctx, st, tx, u) })
}

// VerifyEmail consumes a verification or e-mail change token. A change token moves the account
// to its new address (confirmed by this very link) and tells the old address.
func (s *Service) VerifyEmail(ctx context.Context, ip string, in TokenInput) (User, error) {
	if err := s.limiter.Hit(ctx, "reset:ip:"+ip, s.limits.ForgotPerIP); err != nil {
		return User{}, err
	}
	var v apperr.Validation
	v.Check(in.Token != "" && utf8.RuneCountInString(in.Token) <= 100, "token", "is required")
	if err := v.Err(); err != nil {
		return User{}, err
	}
	var u User
	err := s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error {
		now := s.clock()
		tok, err := st.UseToken(ctx, in.Token, now, PurposeVerify, PurposeChangeEmail)
		if err != nil {
			return err
		}
		before, err := st.ByID(ctx, tok.UserID)
		if err != nil {
			return ErrTokenInvalid
		}
		if tok.Purpose == PurposeVerify {
			if err := st.MarkVerified(ctx, before.ID, now); err != nil {
				return err
			}
		} else {
			if err := st.SetEmail(ctx, before.ID, *tok.NewEmail, now); err != nil {
				return err
			}
			if err := s.accountMail(ctx, tx, MailEmailChanged, before, before.Email, ""); err != nil {
				return err
			}
		}
		u, err = st.ByID(ctx, before.ID)
		return err
	})
	if err != nil {
		return User{}, err
	}
	s.log.InfoContext(ctx, "e-mail address confirmed", "user_id", u.ID)
	return u, nil
}

// RequestEmailChange checks the password and mails a confirmation link to the new address; the
// account keeps its old address until the link is followed.
func (s *Service) RequestEmailChange(ctx context.Context, p Principal, in EmailChangeInput) error {
	u, err := s.Me(ctx, p)
	if err != nil {
		return err
	}
	email := NormalizeEmail(in.NewEmail)
	var v apperr.Validation
	v.Check(validEmail(email) && len(email) <= MaxEmailLen, "new_email", "must be a valid email address")
	v.Check(!mixesScripts(email), "new_email", "must not mix letters of different scripts in one part")
	v.Check(email != u.Email, "new_email", "is your current address")
	v.Check(in.Password != "" && utf8.RuneCountInString(in.Password) <= MaxPasswordLen, "password", "is required")
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.confirmPassword(ctx, u, in.Password, apperr.FieldError("password", "is wrong")); err != nil {
		return err
	}
	if _, err := s.store.ByEmail(ctx, email); err == nil {
		return ErrEmailTaken
	} else if !errors.Is(err, ErrUserNotFound) {
		return err
	}
	return s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error {
		token, err := st.IssueToken(ctx, u.ID, PurposeChangeEmail, &email, s.clock(), ChangeEmailTTL)
		if err != nil {
			return err
		}
		return s.accountMail(ctx, tx, MailConfirmNewEmail, u, email, s.link("/verify-email", token))
	})
}
