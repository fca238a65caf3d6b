package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
)

// Service stores and serves uploads.
type Service struct {
	store store
	dir   string
	limit int64
	quota int64
	log   *slog.Logger
}

// NewService stores files under dir, each at most limit bytes, at most quota bytes per user.
func NewService(db *gorm.DB, dir string, limit, quota int64, log *slog.Logger) *Service {
	if quota <= 0 {
		quota = DefaultQuota
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: store{db: db}, dir: dir, limit: limit, quota: quota, log: log}
}

// Limit is the largest file accepted.
func (s *Service) Limit() int64 { return s.limit }

// Create stores data as an upload of kind for the caller. The quota is checked under a lock on
// the user's row, so concurrent uploads cannot overrun it together.
func (s *Service) Create(ctx context.Context, caller auth.Principal, kind Kind, data []byte) (Upload, error) {
	if len(data) == 0 {
		return Upload{}, ErrEmpty
	}
	if int64(len(data)) > s.limit {
		return Upload{}, ErrTooLarge
	}
	ctype, ext, ok := Sniff(data)
	if !ok || (kind.Public() && ctype == "application/pdf") {
		return Upload{}, ErrUnsupportedType
	}
	name, err := randomName()
	if err != nil {
		return Upload{}, err
	}
	sum := sha256.Sum256(data)
	u := Upload{UserID: caller.UserID, Kind: kind, ContentType: ctype, SizeBytes: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), StorageName: fmt.Sprintf("%s/%s/%s.%s", kind, name[:2], name, ext),
		CreatedAt: time.Now().UTC()}
	err = s.store.inTx(ctx, func(tx *gorm.DB) error {
		exists, err := s.store.lockUser(tx, caller.UserID)
		if err != nil {
			return err
		}
		if !exists {
			return apperr.Unauthorized("your account no longer exists")
		}
		used, err := s.store.usedBytes(tx, caller.UserID)
		if err != nil {
			return err
		}
		if used+u.SizeBytes > s.quota {
			e := *ErrQuotaExceeded
			e.Details = map[string]any{"used_bytes": used, "quota_bytes": s.quota}
			return &e
		}
		if err := s.write(u.StorageName, data); err != nil {
			return err
		}
		if err := s.store.insert(tx, &u); err != nil {
			s.remove(u.StorageName)
			return err
		}
		return nil
	})
	if err != nil {
		if u.ID != 0 { // the row was written but the commit failed
			s.remove(u.StorageName)
		}
		return Upload{}, err
	}
	u.decorate()
	return u, nil
}

// Get returns an upload the caller may see: public kinds for anyone (caller nil), documents for
// admins and their owner. Others get not found.
func (s *Service) Get(ctx context.Context, id uint64, caller *auth.Principal) (Upload, error) {
	u, err := s.store.upload(ctx, id)
	if err != nil {
		return Upload{}, err
	}
	if !u.Kind.Public() && (caller == nil || (!caller.IsAdmin() && caller.UserID != u.UserID)) {
		return Upload{}, ErrNotFound
	}
	u.decorate()
	return u, nil
}

// Delete removes an upload of the caller (admins: any). A user whose avatar it was has none
// afterwards (foreign key ON DELETE SET NULL).
func (s *Service) Delete(ctx context.Context, caller auth.Principal, id uint64) error {
	var u Upload
	err := s.store.inTx(ctx, func(tx *gorm.DB) error {
		var err error
		if u, err = s.store.lockUpload(tx, id); err != nil {
			return err
		}
		if !caller.IsAdmin() && u.UserID != caller.UserID {
			return ErrNotFound
		}
		return s.store.delete(tx, id)
	})
	if err != nil {
		return err
	}
	s.remove(u.StorageName)
	return nil
}

// DeleteAllForUser removes every upload of a user, rows and files. Call it before deleting the
// user (the uploads foreign key refuses to leave orphans).
func (s *Service) DeleteAllForUser(ctx context.Context, userID uint64) error {
	var ups []Upload
	err := s.store.inTx(ctx, func(tx *gorm.DB) error {
		var err error
		ups, err = s.store.deleteAllOfUser(tx, userID)
		return err
	})
	if err != nil {
		return err
	}
	for _, u := range ups {
		s.remove(u.StorageName)
	}
	return nil
}

// SetAvatar makes one of the caller's image uploads their avatar (nil clears it).
func (s *Service) SetAvatar(ctx context.Context, caller auth.Principal, uploadID *uint64) error {
	if uploadID != nil {
		u, err := s.store.upload(ctx, *uploadID)
		if errors.Is(err, ErrNotFound) || (err == nil && u.UserID != caller.UserID) {
			return apperr.FieldError("upload_id", "no such upload of yours")
		}
		if err != nil {
			return err
		}
		if !u.Kind.Public() {
			return apperr.FieldError("upload_id", "must be an avatar or trainer photo")
		}
	}
	return s.store.setAvatar(ctx, caller.UserID, uploadID)
}
