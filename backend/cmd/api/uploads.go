package main

import (
	"log/slog"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/upload"
)

// uploadsHandler wires uploads under UPLOADS_DIR with the UPLOAD_MAX_BYTES limit. Deleting a
// user must call uploadsHandler(...).Service().DeleteAllForUser first (the accounts hook).
func uploadsHandler(cfg config.Config, log *slog.Logger, db *gorm.DB, tokens *auth.Tokens) *upload.Handler {
	return upload.NewHandler(upload.NewService(db, cfg.UploadsDir, cfg.UploadLimit, upload.DefaultQuota, log), tokens)
}
