-- Bookings. active_flag is 1 while a booking holds (or waits for) a seat and NULL afterwards;
-- NULLs never collide in a unique key, so uq_bookings_active allows one active booking per member
-- and session and any number of cancelled ones (works on MySQL 8 and MariaDB).
-- A credit is refunded only by the UPDATE that moves status away from booked (guarded in its
-- WHERE), and credits_refunded can never exceed credits_spent.
CREATE TABLE bookings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  session_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  status ENUM('booked','waitlisted','checked_in','cancelled','late_cancelled','session_cancelled') NOT NULL,
  active_flag TINYINT GENERATED ALWAYS AS (IF(status IN ('booked','waitlisted','checked_in'), 1, NULL)) STORED,
  entitlement_id BIGINT UNSIGNED NULL,
  credits_spent INT NOT NULL DEFAULT 0,
  credits_refunded INT NOT NULL DEFAULT 0,
  booked_at DATETIME(6) NULL,
  checked_in_at DATETIME(6) NULL,
  cancelled_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_bookings_active (session_id, user_id, active_flag),
  KEY idx_bookings_session_status (session_id, status, id),
  KEY idx_bookings_user (user_id, id),
  CONSTRAINT fk_bookings_session FOREIGN KEY (session_id) REFERENCES class_sessions (id),
  CONSTRAINT fk_bookings_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_bookings_entitlement FOREIGN KEY (entitlement_id) REFERENCES entitlements (id),
  CONSTRAINT ck_bookings_credits CHECK (credits_spent >= 0 AND credits_refunded >= 0 AND credits_refunded <= credits_spent)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
