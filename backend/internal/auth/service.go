package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/mail"
)

// ErrInvalidCredentials is the one answer for an unknown email or a wrong password, so the
// answer does not tell which accounts exist.
var ErrInvalidCredentials = apperr.New(apperr.KindUnauthorized, "invalid_credentials", "the email or password is wrong")

// ErrWrongPassword is returned when a password change presents a wrong current password.
var ErrWrongPassword = apperr.FieldError("current_password", "is wrong")

// Rules of account fields.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
	MaxNameLen     = 120
	MaxBioLen      = 2000
	MaxEmailLen    = 254
)

// Service holds the account rules: registration, login, refresh-token rotation, profiles and
// user administration.
type Service struct {
	store   *Store
	hasher  *Hasher
	tokens  *Tokens
	refresh *RefreshTokens
	states  *AccountStates
	limiter *Limiter
	limits  Limits
	log     *slog.Logger

	outbox    *mail.Outbox // account mail (see UseMail); nil: none is written
	publicURL string       // the frontend, for links in mail
	now       func() time.Time

	deletionHooks []UserDeletionHook // see OnUserDeletion
	changeHooks   []UserChangeHook   // see OnUserChange
}

// NewService wires the account service.
func NewService(store *Store, hasher *Hasher, tokens *Tokens, refresh *RefreshTokens, states *AccountStates, limiter *Limiter, limits Limits, log *slog.Logger) *Service {
	return &Service{store: store, hasher: hasher, tokens: tokens, refresh: refresh, states: states, limiter: limiter, limits: limits, log: log}
}

// checkName trims name and records its problem, if any.
func checkName(v *apperr.Validation, field, name string) string {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	switch {
	case !utf8.ValidString(name):
		v.Add(field, "must be valid UTF-8")
	case n == 0:
		v.Add(field, "is required")
	case n > MaxNameLen:
		v.Add(field, fmt.Sprintf("must be at most %d characters", MaxNameLen))
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		v.Add(field, "must not contain control characters")
	}
	return name
}

// requirePassword records a missing or overlong password given to confirm who is asking (a
// login, a password change, an account deletion).
func requirePassword(v *apperr.Validation, field, password string) {
	v.Check(password != "", field, "is required")
	v.Check(utf8.RuneCountInString(password) <= MaxPasswordLen, field, "is too long")
}

func checkPassword(v *apperr.Validation, field, password, email string) {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		v.Add(field, "must be valid UTF-8")
	case n < MinPasswordLen:
		v.Add(field, fmt.Sprintf("must be at least %d characters", MinPasswordLen))
	case n > MaxPasswordLen:
		v.Add(field, fmt.Sprintf("must be at most %d characters", MaxPasswordLen))
	case email != "" && strings.EqualFold(strings.TrimSpace(password), email):
		v.Add(field, "must not be your email address")
	}
}

// RegisterInput is the body of POST /api/auth/register.
type RegisterInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Locale   string `json:"locale"` // en (default) or de: the language of the account's mail
}

// Validate normalises the input and checks every field.
func (in *RegisterInput) Validate() error {
	var v apperr.Validation
	in.Email = NormalizeEmail(in.Email)
	v.Check(validEmail(in.Email), "email", "must be a valid email address")
	v.Check(!mixesScripts(in.Email), "email", "must not mix letters of different scripts in one part (they can pass for other addresses)")
	in.Name = checkName(&v, "name", in.Name)
	checkPassword(&v, "password", in.Password, in.Email)
	if in.Locale == "" {
		in.Locale = LocaleEN
	}
	v.Check(validLocale(in.Locale), "locale", "must be en or de")
	return v.Err()
}

func accountKey(email string) string {
	sum := sha256.Sum256([]byte(email))
	return "login:acct:" + hex.EncodeToString(sum[:16])
}

// Register creates a member account and signs it in.
func (s *Service) Register(ctx context.Context, ip string, in RegisterInput) (Session, error) {
	if err := s.limiter.Hit(ctx, "register:ip:"+ip, s.limits.RegisterPerIP); err != nil {
		return Session{}, err
	}
	if err := in.Validate(); err != nil {
		return Session{}, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return Session{}, err
	}
	u := User{Email: in.Email, PasswordHash: hash, Name: in.Name, Role: RoleMember, Locale: in.Locale}
	err = s.store.InTx(ctx, func(st *Store, tx *gorm.DB) error {
		if err := st.Create(ctx, &u); err != nil {
			return err
		}
		return s.sendVerification(ctx, st, tx, u)
	})
	if err != nil {
		return Session{}, err
	}
	s.log.InfoContext(ctx, "account registered", "user_id", u.ID)
	return s.startSession(ctx, u)
}

// LoginInput is the body of POST /api/auth/login.
type LoginInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Login checks the credentials and signs the user in. Unknown emails cost one dummy hash, so
// they answer in about the same time as wrong passwords.
func (s *Service) Login(ctx context.Context, ip string, in LoginInput) (Session, error) {
	if err := s.limiter.Hit(ctx, "login:ip:"+ip, s.limits.LoginPerIP); err != nil {
		return Session{}, err
	}
	email := NormalizeEmail(in.Email)
	var v apperr.Validation
	v.Check(email != "", "email", "is required")
	v.Check(len(email) <= MaxEmailLen, "email", "is too long")
	requirePassword(&v, "password", in.Password)
	if err := v.Err(); err != nil {
		return Session{}, err
	}
	// Every attempt counts against the account; a success clears the count, so what remains
	// is the number of failures in the window.
	key := accountKey(email)
	if err := s.limiter.Hit(ctx, key, s.limits.LoginPerAccount); err != nil {
		return Session{}, err
	}
	u, err := s.store.ByEmail(ctx, email)
	if errors.Is(err, ErrUserNotFound) {
		s.hasher.VerifyDummy(in.Password)
		return Session{}, ErrInvalidCredentials
	}
	if err != nil {
		return Session{}, err
	}
	ok, rehash := s.hasher.Verify(in.Password, u.PasswordHash)
	if !ok {
		s.log.InfoContext(ctx, "login failed", "user_id", u.ID)
		return Session{}, ErrInvalidCredentials
	}
	if err := s.limiter.Reset(ctx, key); err != nil {
		s.log.WarnContext(ctx, "reset login failures", "user_id", u.ID, "error", err.Error())
	}
	if rehash {
		if h, err := s.hasher.Hash(in.Password); err == nil {
			if err := s.store.SetPasswordHash(ctx, u.ID, h); err != nil {
				s.log.WarnContext(ctx, "rehash password", "user_id", u.ID, "error", err.Error())
			}
		}
	}
	return s.startSession(ctx, u)
}

func (s *Service) startSession(ctx context.Context, u User) (Session, error) {
	refresh, err := s.refresh.Start(ctx, u.ID)
	if err != nil {
		return Session{}, err
	}
	return s.session(u, refresh)
}

func (s *Service) session(u User, refresh string) (Session, error) {
	access, expires, err := s.tokens.Issue(Principal{UserID: u.ID, Role: u.Role, Version: u.TokenVersion})
	if err != nil {
		return Session{}, fmt.Errorf("issue access token: %w", err)
	}
	return Session{User: u.View(), AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", ExpiresIn: expires}, nil
}

// RefreshInput is the body of POST /api/auth/refresh and /api/auth/logout.
type RefreshInput struct {
	RefreshToken string `json:"refresh_token"`
}

func (in RefreshInput) validate() error {
	var v apperr.Validation
	v.Check(in.RefreshToken != "", "refresh_token", "is required")
	return v.Err()
}

// Refresh rotates the refresh token and issues a new access token with the user's current role.
func (s *Service) Refresh(ctx context.Context, ip string, in RefreshInput) (Session, error) {
	if err := s.limiter.Hit(ctx, "refresh:ip:"+ip, s.limits.RefreshPerIP); err != nil {
		return Session{}, err
	}
	if err := in.validate(); err != nil {
		return Session{}, err
	}
	uid, next, err := s.refresh.Rotate(ctx, in.RefreshToken)
	if errors.Is(err, ErrRefreshReused) {
		s.log.WarnContext(ctx, "refresh token reused: family revoked")
	}
	if err != nil {
		return Session{}, err
	}
	u, err := s.store.ByID(ctx, uid)
	if errors.Is(err, ErrUserNotFound) {
		_ = s.refresh.RevokeFamily(ctx, next)
		return Session{}, ErrRefreshInvalid
	}
	if err != nil {
		return Session{}, err
	}
	return s.session(u, next)
}

// Logout revokes the family of the presented refresh token (unknown tokens are ignored).
func (s *Service) Logout(ctx context.Context, in RefreshInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.refresh.RevokeFamily(ctx, in.RefreshToken)
}

// Me returns the caller's account.
func (s *Service) Me(ctx context.Context, p Principal) (User, error) {
	u, err := s.store.ByID(ctx, p.UserID)
	if errors.Is(err, ErrUserNotFound) {
		// The token outlived its account.
		return User{}, ErrInvalidToken
	}
	return u, err
}
