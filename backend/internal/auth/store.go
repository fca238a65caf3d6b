package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/database"
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

func (s *Store) first(ctx context.Context, where string, arg any) (User, error) {
	var u User
	err := s.db.WithContext(ctx).Where(where, arg).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return User{}, ErrUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// ByEmail finds a user by normalised email.
func (s *Store) ByEmail(ctx context.Context, email string) (User, error) {
	return s.first(ctx, "email = ?", email)
}

// ByID finds a user by id.
func (s *Store) ByID(ctx context.Context, id uint64) (User, error) {
	return s.first(ctx, "id = ?", id)
}

// TrainerByID finds a user with the trainer role.
func (s *Store) TrainerByID(ctx context.Context, id uint64) (User, error) {
	u, err := s.ByID(ctx, id)
	if err != nil || u.Role != RoleTrainer {
		return User{}, apperr.NotFound("trainer")
	}
	return u, nil
}

// SetPasswordHash replaces the stored hash of user id.
func (s *Store) SetPasswordHash(ctx context.Context, id uint64, hash string) error {
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"password_hash": hash, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("set password of user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrUserNotFound
	}
	return nil
}

// Changes are the optional column updates of a user; nil fields stay as they are.
type Changes struct {
	Name *string
	Bio  *string // "" clears the bio
	Role *Role
}

// Update applies c to user id and returns the updated user. A role change that would leave the
// club without an admin fails with ErrLastAdmin: the admin rows are locked first, so two admins
// demoting each other at once cannot both succeed.
func (s *Store) Update(ctx context.Context, id uint64, c Changes) (User, error) {
	var out User
	err := database.RetryOnDeadlock(ctx, func() error {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var admins []uint64
			if c.Role != nil {
				if err := tx.Model(&User{}).Clauses(clause.Locking{Strength: "UPDATE"}).
					Where("role = ?", RoleAdmin).Order("id").Pluck("id", &admins).Error; err != nil {
					return fmt.Errorf("lock admins: %w", err)
				}
			}
			var u User
			err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&u).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrUserNotFound
			}
			if err != nil {
				return fmt.Errorf("lock user: %w", err)
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

// likePattern escapes LIKE wildcards in q and wraps it for a substring match.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// List returns one page of users matching f, ordered by id, and the total count.
func (s *Store) List(ctx context.Context, f UserFilter, p web.Page) ([]User, int64, error) {
	q := s.db.WithContext(ctx).Model(&User{})
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(email LIKE ? OR name LIKE ?)", pat, pat)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	var users []User
	if err := q.Order("id").Limit(p.PerPage).Offset(p.Offset()).Find(&users).Error; err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, nil
}
