package upload

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/query"
)

// store holds the GORM queries. Methods that take tx run inside the caller's transaction.
type store struct{ db *gorm.DB }

func (s store) inTx(ctx context.Context, f func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(f)
}

// lockUser locks the user's row (so that one user's uploads check the quota one at a time) and
// reports whether the user still exists.
func (s store) lockUser(tx *gorm.DB, userID uint64) (bool, error) {
	var id uint64
	if err := tx.Raw("SELECT id FROM users WHERE id = ? FOR UPDATE", userID).Scan(&id).Error; err != nil {
		return false, fmt.Errorf("lock user %d: %w", userID, err)
	}
	return id != 0, nil
}

func (s store) usedBytes(tx *gorm.DB, userID uint64) (int64, error) {
	var used int64
	if err := tx.Raw("SELECT COALESCE(SUM(size_bytes), 0) FROM uploads WHERE user_id = ?", userID).Scan(&used).Error; err != nil {
		return 0, fmt.Errorf("quota of user %d: %w", userID, err)
	}
	return used, nil
}

func (s store) insert(tx *gorm.DB, u *Upload) error {
	if err := tx.Create(u).Error; err != nil {
		return fmt.Errorf("record upload: %w", err)
	}
	return nil
}

func (s store) upload(ctx context.Context, id uint64) (Upload, error) {
	u, err := query.One[Upload](s.db.WithContext(ctx), ErrNotFound, id)
	return u, apperr.Wrap(err, "load upload %d", id)
}

func (s store) lockUpload(tx *gorm.DB, id uint64) (Upload, error) {
	u, err := query.One[Upload](query.ForUpdate(tx), ErrNotFound, id)
	return u, apperr.Wrap(err, "load upload %d", id)
}

func (s store) delete(tx *gorm.DB, id uint64) error {
	return tx.Delete(&Upload{}, id).Error
}

// deleteAllOfUser deletes the user's upload rows and returns them (for their files).
func (s store) deleteAllOfUser(tx *gorm.DB, userID uint64) ([]Upload, error) {
	var ups []Upload
	if err := query.ForUpdate(tx).Where("user_id = ?", userID).Find(&ups).Error; err != nil {
		return nil, fmt.Errorf("list uploads of user %d: %w", userID, err)
	}
	if len(ups) == 0 {
		return nil, nil
	}
	if err := tx.Where("user_id = ?", userID).Delete(&Upload{}).Error; err != nil {
		return nil, fmt.Errorf("delete uploads of user %d: %w", userID, err)
	}
	return ups, nil
}

// setAvatar writes users.avatar_upload_id: the avatar is chosen among uploads, so the upload
// domain owns that one column (auth reads it).
func (s store) setAvatar(ctx context.Context, userID uint64, uploadID *uint64) error {
	err := s.db.WithContext(ctx).Exec("UPDATE users SET avatar_upload_id = ?, updated_at = ? WHERE id = ?",
		uploadID, time.Now().UTC(), userID).Error
	if err != nil {
		return fmt.Errorf("set avatar of user %d: %w", userID, err)
	}
	return nil
}
