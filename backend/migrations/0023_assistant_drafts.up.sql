-- Drafts written by the optional assistant. prompt is exactly what was sent (no member personal
-- data: class type names/descriptions and aggregate counts only), kept for review.
CREATE TABLE assistant_drafts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('class_description','weekly_summary') NOT NULL,
  class_type_id BIGINT UNSIGNED NULL,
  status ENUM('pending','running','ready','failed','approved','rejected') NOT NULL DEFAULT 'pending',
  prompt TEXT NOT NULL,
  result TEXT NULL,
  error VARCHAR(255) NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  decided_by BIGINT UNSIGNED NULL,
  decided_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  KEY idx_assistant_drafts_status (status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
