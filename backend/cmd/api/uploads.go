package main

import (
	"log/slog"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/upload"
)

// uploadsService stores uploads under UPLOADS_DIR with the UPLOAD_MAX_BYTES limit. It holds no
// state beyond the database, so the accounts wiring builds its own for the deletion hook.
func uploadsService(cfg config.Config, log *slog.Logger, db *gorm.DB) *upload.Service {
	return upload.NewService(db, cfg.UploadsDir, cfg.UploadLimit, upload.DefaultQuota, log)
}

// uploadsHandler serves the upload routes. Deleting a user removes their files through
// DeleteAllForUser (a deletion hook registered in accountsHandler).
func uploadsHandler(cfg config.Config, log *slog.Logger, db *gorm.DB, guard *auth.Guard) *upload.Handler {
	return upload.NewHandler(uploadsService(cfg, log, db), guard, cfg.RequestTimeout)
}
