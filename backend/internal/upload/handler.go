package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// multipartOverhead is what the form adds around the file (boundaries, headers, the kind field).
const multipartOverhead = 64 << 10

// Handler makes the upload routes' handlers.
type Handler struct {
	svc   *Service
	guard *auth.Guard
	// timeout bounds the database work of an upload, counted from the end of its body.
	timeout time.Duration
}

// NewHandler wraps the service; the guard lets GET identify an optional caller (documents);
// timeout is the request deadline (REQUEST_TIMEOUT), which for an upload starts once its body
// is read.
func NewHandler(svc *Service, guard *auth.Guard, timeout time.Duration) *Handler {
	return &Handler{svc: svc, guard: guard, timeout: timeout}
}

// Service exposes the service for hooks such as deleting a user's files.
func (h *Handler) Service() *Service { return h.svc }

// Create: POST /api/uploads, multipart/form-data with fields kind and file. The global body
// limit skips this route; the upload limit (UPLOAD_MAX_BYTES) is enforced here.
func (h *Handler) Create() echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
		if mt != "multipart/form-data" {
			return apperr.New(apperr.KindUnsupported, "unsupported_media_type", "send the file as multipart/form-data with fields kind and file")
		}
		if req.ContentLength > h.svc.Limit()+multipartOverhead {
			return ErrTooLarge
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, h.svc.Limit()+multipartOverhead)
		mr, err := req.MultipartReader()
		if err != nil {
			return apperr.Invalid("the multipart body could not be read")
		}
		var kindRaw string
		var data []byte
		var haveFile bool
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return readError(err)
			}
			switch part.FormName() {
			case "kind":
				b, err := io.ReadAll(io.LimitReader(part, 64))
				if err != nil {
					return readError(err)
				}
				kindRaw = strings.TrimSpace(string(b))
			case "file":
				if haveFile {
					return apperr.FieldError("file", "send exactly one file")
				}
				haveFile = true
				data, err = io.ReadAll(io.LimitReader(part, h.svc.Limit()+1))
				if err != nil {
					return readError(err)
				}
				if int64(len(data)) > h.svc.Limit() {
					return ErrTooLarge
				}
			default:
				return apperr.FieldError(safeName(part.FormName()), "unknown field")
			}
			part.Close()
		}
		var v apperr.Validation
		v.Check(kindRaw != "", "kind", "is required")
		v.Check(haveFile, "file", "is required")
		if err := v.Err(); err != nil {
			return err
		}
		caller := auth.Caller(c)
		kind, err := ParseKind(caller, kindRaw)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(req.Context(), h.timeout)
		defer cancel()
		u, err := h.svc.Create(ctx, caller, kind, data)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, u)
	}
}

func safeName(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

func readError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return ErrTooLarge
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return ErrTooLarge
	}
	return apperr.Invalid("the multipart body could not be read")
}

// Serve: GET /api/uploads/:id. Avatars and trainer photos are public; documents need an admin
// (or owner) bearer token. The stored, sniffed type is sent with nosniff; images inline, PDFs
// as attachments; a sandboxing CSP keeps any active content inert.
func (h *Handler) Serve() echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		caller, err := h.guard.Optional(c)
		if err != nil {
			return err
		}
		u, err := h.svc.Get(c.Request().Context(), id, caller)
		if err != nil {
			return err
		}
		f, err := h.svc.Open(u)
		if err != nil {
			return err
		}
		defer f.Close()
		hd := c.Response().Header()
		hd.Set(echo.HeaderContentType, u.ContentType)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		ext := u.StorageName[strings.LastIndexByte(u.StorageName, '.')+1:]
		disposition := "inline"
		if u.ContentType == "application/pdf" {
			disposition = "attachment"
		}
		hd.Set("Content-Disposition", fmt.Sprintf(`%s; filename="upload-%d.%s"`, disposition, u.ID, ext))
		if u.Kind.Public() {
			hd.Set(echo.HeaderCacheControl, "public, max-age=3600")
		} else {
			hd.Set(echo.HeaderCacheControl, "private, no-store")
		}
		http.ServeContent(c.Response(), c.Request(), "", u.CreatedAt, f)
		return nil
	}
}

// Delete: DELETE /api/uploads/:id (owner or admin) → 204.
func (h *Handler) Delete() echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		if err := h.svc.Delete(c.Request().Context(), auth.Caller(c), id); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

type avatarRequest struct {
	UploadID *uint64 `json:"upload_id"`
}

// SetAvatar: PUT /api/me/avatar {upload_id} (null clears) → {avatar_upload_id}.
func (h *Handler) SetAvatar() echo.HandlerFunc {
	return func(c echo.Context) error {
		var req avatarRequest
		if err := web.Decode(c, &req); err != nil {
			return err
		}
		if req.UploadID != nil && *req.UploadID == 0 {
			return apperr.FieldError("upload_id", "must be a positive integer or null")
		}
		if err := h.svc.SetAvatar(c.Request().Context(), auth.Caller(c), req.UploadID); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"avatar_upload_id": req.UploadID})
	}
}
