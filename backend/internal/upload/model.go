// Package upload stores member avatars, trainer photos and admin documents under UPLOADS_DIR.
//
// Rules: the type is sniffed from the bytes (JPEG, PNG, WebP; PDF for documents only) and
// never taken from the client's file name or Content-Type; files get random names (no user
// input reaches a path); each user has a quota; avatars and trainer photos are public (they
// appear in <img> tags on public pages), documents are visible to admins only.
package upload

import (
	"fmt"
	"time"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
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
