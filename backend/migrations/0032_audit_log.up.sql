-- Audit log: every staff action (who, when, what, before/after). actor_id is NULL for the
-- system (the timetable job). before_json/after_json hold JSON text (LONGTEXT rather than JSON
-- so MySQL 8 and MariaDB 10.11 store it alike). No foreign keys: entries outlive what they name.
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  actor_id BIGINT UNSIGNED NULL,
  actor_role VARCHAR(20) NOT NULL DEFAULT '',
  action VARCHAR(80) NOT NULL,
  target_type VARCHAR(40) NOT NULL DEFAULT '',
  target_id BIGINT UNSIGNED NULL,
  reason VARCHAR(500) NULL,
  before_json LONGTEXT NULL,
  after_json LONGTEXT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY idx_audit_created (created_at, id),
  KEY idx_audit_target (target_type, target_id, id),
  KEY idx_audit_actor (actor_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
