-- Schedule: class types and their sessions. booked_count/waitlist_count are maintained by the
-- booking transaction (which holds the session row lock), so the CHECK below is the database's
-- guarantee that a session is never booked beyond its capacity.
CREATE TABLE class_types (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  description TEXT NOT NULL,
  level ENUM('beginner','intermediate','advanced','all') NOT NULL DEFAULT 'all',
  duration_minutes INT NOT NULL,
  credit_cost INT NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_class_types_name (name),
  CONSTRAINT ck_class_types_duration CHECK (duration_minutes BETWEEN 5 AND 600),
  CONSTRAINT ck_class_types_cost CHECK (credit_cost BETWEEN 0 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE class_sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  class_type_id BIGINT UNSIGNED NOT NULL,
  trainer_id BIGINT UNSIGNED NOT NULL,
  room VARCHAR(80) NOT NULL,
  starts_at DATETIME(6) NOT NULL,
  ends_at DATETIME(6) NOT NULL,
  capacity INT NOT NULL,
  booked_count INT NOT NULL DEFAULT 0,
  waitlist_count INT NOT NULL DEFAULT 0,
  booking_opens_at DATETIME(6) NOT NULL,
  cancellation_cutoff_minutes INT NOT NULL DEFAULT 720,
  status ENUM('scheduled','cancelled') NOT NULL DEFAULT 'scheduled',
  cancelled_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  KEY idx_class_sessions_starts (starts_at),
  KEY idx_class_sessions_trainer (trainer_id, starts_at),
  KEY idx_class_sessions_type (class_type_id, starts_at),
  CONSTRAINT fk_class_sessions_type FOREIGN KEY (class_type_id) REFERENCES class_types (id),
  CONSTRAINT fk_class_sessions_trainer FOREIGN KEY (trainer_id) REFERENCES users (id),
  CONSTRAINT ck_class_sessions_capacity CHECK (capacity BETWEEN 1 AND 500),
  CONSTRAINT ck_class_sessions_booked CHECK (booked_count >= 0 AND booked_count <= capacity),
  CONSTRAINT ck_class_sessions_waitlist CHECK (waitlist_count >= 0),
  CONSTRAINT ck_class_sessions_times CHECK (ends_at > starts_at),
  CONSTRAINT ck_class_sessions_cutoff CHECK (cancellation_cutoff_minutes BETWEEN 0 AND 10080)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
