-- Uploaded files. The bytes live under UPLOADS_DIR at storage_name (random, no user input); the
-- row holds the type sniffed from the bytes. The foreign key has no cascade on purpose: deleting a
-- user must go through upload.Service.DeleteAllForUser, which also removes the files.
CREATE TABLE uploads (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('avatar','trainer_photo','document') NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes INT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  storage_name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_uploads_storage (storage_name),
  KEY idx_uploads_user (user_id),
  CONSTRAINT fk_uploads_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT chk_uploads_size CHECK (size_bytes > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE users ADD CONSTRAINT fk_users_avatar_upload FOREIGN KEY (avatar_upload_id) REFERENCES uploads (id) ON DELETE SET NULL;
