package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Store errors.
var (
	ErrUserNotFound = apperr.NotFound("user")
	ErrEmailTaken   = apperr.Conflict("email_taken", "an account with this email already exists")
	ErrLastAdmin    = apperr.Conflict("last_admin", "the club needs at least one admin; promote someone else first")
)

// Store reads and writes users with GORM.
type Store struct{ db *gorm.DB }

// NewStore creates a store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Create inserts u; the unique key on email decides duplicates, so two concurrent
// registrations of one address cannot both succeed.
func (s *Store) Create(ctx context.Context, u *User) error {
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		if database.IsDuplicateKey(err) {
			return ErrEmailTaken
		}
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// live restricts a query to accounts that were not erased.
const live = "deleted_at IS NULL"

func (s *Store) first(ctx context.Context, where string, arg any) (User, error) {
	u, err := query.One[User](s.db.WithContext(ctx).Where(live), ErrUserNotFound, where, arg)
	if err != nil {
		return User{}, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// ByEmail finds a live (not erased) user by normalised email.
func (s *Store) ByEmail(ctx context.Context, email string) (User, error) {
	return s.first(ctx, "email = ?", email)
}

// ByID finds a live (not erased) user by id.
func (s *Store) ByID(ctx context.Context, id uint64) (User, error) {
	return s.first(ctx, "id = ?", id)
}

// ByIDWithErased finds a user by id, erased or not (the admin's look-up).
func (s *Store) ByIDWithErased(ctx context.Context, id uint64) (User, error) {
	u, err := query.One[User](s.db.WithContext(ctx), ErrUserNotFound, id)
	if err != nil {
		return User{}, fmt.Errorf("find user %d: %w", id, err)
	}
	return u, nil
}

// TrainerByID finds a user with the trainer role.
func (s *Store) TrainerByID(ctx context.Context, id uint64) (User, error) {
	u, err := s.ByID(ctx, id)
	if err != nil || u.Role != RoleTrainer {
		return User{}, apperr.NotFound("trainer")
	}
	return u, nil
}

// SetPasswordHash replaces the stored hash of user id (a rehash: sessions stay).
func (s *Store) SetPasswordHash(ctx context.Context, id uint64, hash string) error {
	return s.setPassword(ctx, id, map[string]any{"password_hash": hash})
}

// ReplacePassword stores a new password hash of user id and ends every access token issued
// before (the account version goes up in the same statement).
func (s *Store) ReplacePassword(ctx context.Context, id uint64, hash string) error {
	return s.setPassword(ctx, id, map[string]any{"password_hash": hash, "token_version": bumpVersion})
}

func (s *Store) setPassword(ctx context.Context, id uint64, updates map[string]any) error {
	updates["updated_at"] = time.Now().UTC()
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Where(live).Updates(updates)
	if res.Error != nil {
		return fmt.Errorf("set password of user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrUserNotFound
	}
	return nil
}

// bumpVersion is the update that ends every access token of an account issued before it.
var bumpVersion = gorm.Expr("token_version + 1")

// BumpVersion ends every access token of live user id issued before now ("sign out
// everywhere").
func (s *Store) BumpVersion(ctx context.Context, id uint64) error {
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Where(live).
		Updates(map[string]any{"token_version": bumpVersion, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("bump token version of user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrUserNotFound
	}
	return nil
}

// State reads what access tokens of user id are judged against (see AccountStates). Erased
// accounts are found, not live; an unknown id gives ErrUserNotFound.
func (s *Store) State(ctx context.Context, id uint64) (AccountState, error) {
	type stateRow struct {
		TokenVersion uint64
		Role         Role
		DeletedAt    *time.Time
	}
	row, err := query.One[stateRow](s.db.WithContext(ctx).Model(&User{}).Select("token_version", "role", "deleted_at"),
		ErrUserNotFound, "id = ?", id)
	if err != nil {
		return AccountState{}, fmt.Errorf("account state of user %d: %w", id, err)
	}
	return AccountState{Version: row.TokenVersion, Role: row.Role, Live: row.DeletedAt == nil}, nil
}

// Changes are the optional column updates of a user; nil fields stay as they are.
type Changes struct {
	Name *string
	Bio  *string // "" clears the bio
	Role *Role
}

// Update applies c to user id and returns the updated user. A role change that would leave the
// club without an admin fails with ErrLastAdmin: the admin rows are locked first, so two admins
// demoting each other at once cannot both succeed. A role change also bumps the account version,
// which ends the access tokens issued with the old role.
func (s *Store) Update(ctx context.Context, id uint64, c Changes) (User, error) {
	var out User
	err := database.RetryOnDeadlock(ctx, func() error {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			u, admins, err := lockLiveUser(tx, id, c.Role != nil)
			if err != nil {
				return err
			}
			updates := map[string]any{}
			if c.Name != nil {
				updates["name"] = *c.Name
			}
			if c.Bio != nil {
				if *c.Bio == "" {
					updates["bio"] = nil
				} else {
					updates["bio"] = *c.Bio
				}
			}
			if c.Role != nil && *c.Role != u.Role {
				if u.Role == RoleAdmin && len(admins) <= 1 {
					return ErrLastAdmin
				}
				updates["role"] = *c.Role
				updates["token_version"] = bumpVersion // tokens issued with the old role end
			}
			if len(updates) > 0 {
				updates["updated_at"] = time.Now().UTC()
				if err := tx.Model(&User{}).Where("id = ?", id).Updates(updates).Error; err != nil {
					return fmt.Errorf("update user: %w", err)
				}
			}
			return tx.Where("id = ?", id).Take(&out).Error
		})
	})
	if err != nil {
		return User{}, apperr.Wrap(err, "update user %d", id)
	}
	return out, nil
}

// lockLiveUser locks the live user id inside tx, after the admin rows when withAdmins (a role
// change or an erasure, which must leave one admin): Update and EraseWith lock in this order, so
// two admins demoting or erasing each other at once cannot both pass the last-admin check.
func lockLiveUser(tx *gorm.DB, id uint64, withAdmins bool) (User, []uint64, error) {
	var admins []uint64
	if withAdmins {
		if err := query.ForUpdate(tx.Model(&User{})).Where("role = ?", RoleAdmin).Order("id").
			Pluck("id", &admins).Error; err != nil {
			return User{}, nil, fmt.Errorf("lock admins: %w", err)
		}
	}
	u, err := query.One[User](query.ForUpdate(tx).Where(live), ErrUserNotFound, "id = ?", id)
	if err != nil {
		return User{}, nil, fmt.Errorf("lock user: %w", err)
	}
	return u, admins, nil
}

// likePattern escapes LIKE wildcards in q and wraps it for a substring match.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// List returns one page of users matching f, ordered by id, and the total count.
func (s *Store) List(ctx context.Context, f UserFilter, p web.Page) ([]User, int64, error) {
	q := s.db.WithContext(ctx).Model(&User{}).Where(live)
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(email LIKE ? OR name LIKE ?)", pat, pat)
	}
	users, total, err := query.Page[User](q, q, "id", p)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, nil
}

// AdminCount counts the live admins (a cheap early check; Erase and Update decide under locks).
func (s *Store) AdminCount(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&User{}).Where("role = ?", RoleAdmin).Where(live).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}

// ErasedEmail is the address an erased account keeps: unique per id, in a reserved domain
// (RFC 2606), so the original address is free to register again.
func ErasedEmail(id uint64) string { return fmt.Sprintf("deleted-%d@deleted.invalid", id) }

// ErasedName is the display name of an erased account.
const ErasedName = "Deleted user"

// Erase anonymises user id in one transaction and returns the row as it was before. The row
// itself stays, because orders, bookings and entitlements refer to it and are kept for the
// club's accounting. The admin rows are locked first (in the same order as Update), so the last
// admin cannot be erased, nor two admins erase or demote each other at once. An erased or
// unknown user gives ErrUserNotFound.
func (s *Store) Erase(ctx context.Context, id uint64) (User, error) {
	return s.EraseWith(ctx, id, nil)
}

// EraseWith is Erase running also inTx (when not nil) inside the erasing transaction, with the
// row as it was: the goodbye mail is enqueued in the same commit.
func (s *Store) EraseWith(ctx context.Context, id uint64, inTx func(tx *gorm.DB, before User) error) (User, error) {
	var before User
	err := database.RetryOnDeadlock(ctx, func() error {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			u, admins, err := lockLiveUser(tx, id, true)
			if err != nil {
				return err
			}
			before = u
			if before.Role == RoleAdmin && len(admins) <= 1 {
				return ErrLastAdmin
			}
			now := time.Now().UTC()
			// "!" is no hash any Hasher produces, so no password verifies against it.
			if err := tx.Model(&User{}).Where("id = ?", id).Updates(map[string]any{
				"email": ErasedEmail(id), "name": ErasedName, "password_hash": "!", "bio": nil,
				"avatar_upload_id": nil, "role": RoleMember, "deleted_at": now, "updated_at": now,
				"token_version": bumpVersion,
			}).Error; err != nil {
				return err
			}
			if err := tx.Where("user_id = ?", id).Delete(&accountToken{}).Error; err != nil {
				return fmt.Errorf("delete account tokens: %w", err)
			}
			if inTx != nil {
				return inTx(tx, before)
			}
			return nil
		})
	})
	if err != nil {
		return User{}, apperr.Wrap(err, "erase user %d", id)
	}
	return before, nil
}
