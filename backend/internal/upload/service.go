// Package upload stores member avatars, trainer photos and admin documents under UPLOADS_DIR.
//
// Rules: the type is sniffed from the bytes (JPEG, PNG, WebP; PDF for documents only) and
// never taken from the client's file name or Content-Type; files get random names (no user
// input reaches a path); each user has a quota; avatars and trainer photos are public (they
// appear in <img> tags on public pages), documents are visible to admins only.
package upload

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig checks JPEG headers
	_ "image/png"  // DecodeConfig checks PNG headers
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/query"
)

// Kind is what an upload is for.
type Kind string

// The kinds of upload.
const (
	KindAvatar       Kind = "avatar"
	KindTrainerPhoto Kind = "trainer_photo"
	KindDocument     Kind = "document"
)

// Public reports whether anyone may download uploads of this kind.
func (k Kind) Public() bool { return k == KindAvatar || k == KindTrainerPhoto }

// Upload is a stored file.
type Upload struct {
	ID          uint64    `json:"id" gorm:"primaryKey"`
	UserID      uint64    `json:"user_id"`
	Kind        Kind      `json:"kind"`
	ContentType string    `json:"content_type"`
	SizeBytes   int64     `json:"size_bytes"`
	SHA256      string    `json:"-" gorm:"column:sha256"`
	StorageName string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url" gorm:"-"`
}

// TableName pins the table.
func (Upload) TableName() string { return "uploads" }

func (u *Upload) decorate() { u.URL = fmt.Sprintf("/api/uploads/%d", u.ID) }

// DefaultQuota is how many bytes one user may store.
const DefaultQuota = 20 << 20

// Errors of the upload domain.
var (
	ErrUnsupportedType = apperr.New(apperr.KindUnsupported, "unsupported_media_type", "only JPEG, PNG and WebP images (and PDF documents) are accepted")
	ErrTooLarge        = apperr.New(apperr.KindTooLarge, "payload_too_large", "the file is larger than the upload limit")
	ErrQuotaExceeded   = apperr.New(apperr.KindTooLarge, "quota_exceeded", "this upload would exceed your storage quota; delete files first")
	ErrNotFound        = apperr.NotFound("upload")
	ErrEmpty           = apperr.FieldError("file", "is empty")
)

// Service stores and serves uploads.
type Service struct {
	db    *gorm.DB
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
	return &Service{db: db, dir: dir, limit: limit, quota: quota, log: log}
}

// Limit is the largest file accepted.
func (s *Service) Limit() int64 { return s.limit }

// ParseKind validates a kind and whether the caller may upload it: avatars anyone, trainer
// photos trainers and admins, documents admins.
func ParseKind(caller auth.Principal, raw string) (Kind, error) {
	k := Kind(raw)
	switch k {
	case KindAvatar:
	case KindTrainerPhoto:
		if caller.Role != auth.RoleTrainer && caller.Role != auth.RoleAdmin {
			return "", apperr.Forbidden("only trainers and admins upload trainer photos")
		}
	case KindDocument:
		if !caller.IsAdmin() {
			return "", apperr.Forbidden("only admins upload documents")
		}
	default:
		return "", apperr.FieldError("kind", "must be avatar, trainer_photo or document")
	}
	return k, nil
}

// Sniff returns the content type and file extension of data, judged from its bytes only.
func Sniff(data []byte) (contentType, ext string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return "", "", false
		}
		return "image/jpeg", "jpg", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return "", "", false
		}
		return "image/png", "png", true
	case len(data) >= 16 && bytes.Equal(data[0:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")) &&
		(bytes.Equal(data[12:16], []byte("VP8 ")) || bytes.Equal(data[12:16], []byte("VP8L")) || bytes.Equal(data[12:16], []byte("VP8X"))):
		return "image/webp", "webp", true
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", "pdf", true
	}
	return "", "", false
}

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
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var userID uint64
		if err := tx.Raw("SELECT id FROM users WHERE id = ? FOR UPDATE", caller.UserID).Scan(&userID).Error; err != nil {
			return fmt.Errorf("lock user %d: %w", caller.UserID, err)
		}
		if userID == 0 {
			return apperr.Unauthorized("your account no longer exists")
		}
		var used int64
		if err := tx.Raw("SELECT COALESCE(SUM(size_bytes), 0) FROM uploads WHERE user_id = ?", caller.UserID).Scan(&used).Error; err != nil {
			return fmt.Errorf("quota of user %d: %w", caller.UserID, err)
		}
		if used+u.SizeBytes > s.quota {
			e := *ErrQuotaExceeded
			e.Details = map[string]any{"used_bytes": used, "quota_bytes": s.quota}
			return &e
		}
		if err := s.write(u.StorageName, data); err != nil {
			return err
		}
		if err := tx.Create(&u).Error; err != nil {
			s.remove(u.StorageName)
			return fmt.Errorf("record upload: %w", err)
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

func randomName() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random file name: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// write stores data at name (relative to the uploads dir) through a temporary file and a
// rename, so a reader never sees half a file. Directories 0750, files 0640.
func (s *Service) write(name string, data []byte) error {
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return fmt.Errorf("create upload dir: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return fmt.Errorf("create upload file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write upload: %w", err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		tmp.Close()
		return fmt.Errorf("chmod upload: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close upload: %w", err)
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		return fmt.Errorf("store upload: %w", err)
	}
	return nil
}

func (s *Service) remove(name string) {
	if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.log.Error("remove upload file", "name", name, "error", err.Error())
	}
}

// Get returns an upload the caller may see: public kinds for anyone (caller nil), documents for
// admins and their owner. Others get not found.
func (s *Service) Get(ctx context.Context, id uint64, caller *auth.Principal) (Upload, error) {
	u, err := query.One[Upload](s.db.WithContext(ctx), ErrNotFound, id)
	if err != nil {
		return Upload{}, apperr.Wrap(err, "load upload %d", id)
	}
	if !u.Kind.Public() && (caller == nil || (!caller.IsAdmin() && caller.UserID != u.UserID)) {
		return Upload{}, ErrNotFound
	}
	u.decorate()
	return u, nil
}

// Open opens an upload's bytes.
func (s *Service) Open(u Upload) (*os.File, error) {
	f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(u.StorageName)))
	if errors.Is(err, os.ErrNotExist) {
		s.log.Error("upload file missing", "upload_id", u.ID)
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("open upload %d: %w", u.ID, err)
	}
	return f, nil
}

// Delete removes an upload of the caller (admins: any). A user whose avatar it was has none
// afterwards (foreign key ON DELETE SET NULL).
func (s *Service) Delete(ctx context.Context, caller auth.Principal, id uint64) error {
	var u Upload
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&u, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("load upload %d: %w", id, err)
		}
		if !caller.IsAdmin() && u.UserID != caller.UserID {
			return ErrNotFound
		}
		return tx.Delete(&Upload{}, id).Error
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
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("user_id = ?", userID).Find(&ups).Error; err != nil {
			return fmt.Errorf("list uploads of user %d: %w", userID, err)
		}
		if len(ups) == 0 {
			return nil
		}
		return tx.Where("user_id = ?", userID).Delete(&Upload{}).Error
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
		var u Upload
		err := s.db.WithContext(ctx).First(&u, *uploadID).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && u.UserID != caller.UserID) {
			return apperr.FieldError("upload_id", "no such upload of yours")
		}
		if err != nil {
			return fmt.Errorf("load upload %d: %w", *uploadID, err)
		}
		if !u.Kind.Public() {
			return apperr.FieldError("upload_id", "must be an avatar or trainer photo")
		}
	}
	res := s.db.WithContext(ctx).Exec("UPDATE users SET avatar_upload_id = ?, updated_at = ? WHERE id = ?", uploadID, time.Now().UTC(), caller.UserID)
	if res.Error != nil {
		return fmt.Errorf("set avatar of user %d: %w", caller.UserID, res.Error)
	}
	return nil
}
