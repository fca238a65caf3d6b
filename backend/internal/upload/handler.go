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

// HandleCreate: POST /api/uploads, multipart/form-data with fields kind and file. The global
// body limit skips this route; the upload limit (UPLOAD_MAX_BYTES) is enforced here. timeout is
// the request deadline (REQUEST_TIMEOUT), which for an upload bounds its database work counted
// from the end of its body.
func HandleCreate(svc *Service, timeout time.Duration) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
		if mt != "multipart/form-data" {
			return apperr.New(apperr.KindUnsupported, "unsupported_media_type", "send the file as multipart/form-data with fields kind and file")
		}
		if req.ContentLength > svc.Limit()+multipartOverhead {
			return ErrTooLarge
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, svc.Limit()+multipartOverhead)
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
				data, err = io.ReadAll(io.LimitReader(part, svc.Limit()+1))
				if err != nil {
					return readError(err)
				}
				if int64(len(data)) > svc.Limit() {
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
		ctx, cancel := context.WithTimeout(req.Context(), timeout)
		defer cancel()
		u, err := svc.Create(ctx, caller, kind, data)
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

// HandleServe: GET /api/uploads/:id. Avatars and trainer photos are public; documents need an
// admin (or owner) bearer token, which guard reads without requiring one. The stored, sniffed
// type is sent with nosniff; images inline, PDFs as attachments; a sandboxing CSP keeps any
// active content inert.
func HandleServe(svc *Service, guard *auth.Guard) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		caller, err := guard.Optional(c)
		if err != nil {
			return err
		}
		u, err := svc.Get(c.Request().Context(), id, caller)
		if err != nil {
			return err
		}
		f, err := svc.Open(u)
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

// HandleDelete: DELETE /api/uploads/:id (owner or admin) → 204.
func HandleDelete(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		if err := svc.Delete(c.Request().Context(), auth.Caller(c), id); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

type avatarRequest struct {
	UploadID *uint64 `json:"upload_id"`
}

// HandleSetAvatar: PUT /api/me/avatar {upload_id} (null clears) → {avatar_upload_id}.
func HandleSetAvatar(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req avatarRequest
		if err := web.Decode(c, &req); err != nil {
			return err
		}
		if req.UploadID != nil && *req.UploadID == 0 {
			return apperr.FieldError("upload_id", "must be a positive integer or null")
		}
		if err := svc.SetAvatar(c.Request().Context(), auth.Caller(c), req.UploadID); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"avatar_upload_id": req.UploadID})
	}
}
