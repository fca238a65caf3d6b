-- Recurring timetable: a weekly series generates one session per week (weekday + local start
-- time in Europe/Zurich) from valid_from to valid_until (NULL: open-ended). A generated session
-- carries its series and local date; the unique key makes generation idempotent across replicas
-- (INSERT ... ON DUPLICATE KEY UPDATE on it). Hand-made sessions have both NULL (no collision).
CREATE TABLE class_series (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  class_type_id BIGINT UNSIGNED NOT NULL,
  trainer_id BIGINT UNSIGNED NOT NULL,
  room VARCHAR(80) NOT NULL,
  weekday TINYINT NOT NULL,
  start_time CHAR(5) NOT NULL,
  capacity INT NOT NULL,
  booking_window_hours INT NOT NULL DEFAULT 336,
  cancellation_cutoff_minutes INT NOT NULL DEFAULT 720,
  valid_from DATE NOT NULL,
  valid_until DATE NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  KEY idx_class_series_valid (valid_until, valid_from),
  KEY idx_class_series_trainer (trainer_id),
  CONSTRAINT fk_class_series_type FOREIGN KEY (class_type_id) REFERENCES class_types (id),
  CONSTRAINT fk_class_series_trainer FOREIGN KEY (trainer_id) REFERENCES users (id),
  CONSTRAINT ck_class_series_weekday CHECK (weekday BETWEEN 1 AND 7),
  CONSTRAINT ck_class_series_capacity CHECK (capacity BETWEEN 1 AND 500),
  CONSTRAINT ck_class_series_window CHECK (booking_window_hours BETWEEN 0 AND 2160),
  CONSTRAINT ck_class_series_cutoff CHECK (cancellation_cutoff_minutes BETWEEN 0 AND 10080)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE class_sessions
  ADD COLUMN series_id BIGINT UNSIGNED NULL,
  ADD COLUMN series_date DATE NULL,
  ADD UNIQUE KEY uq_class_sessions_series (series_id, series_date),
  ADD CONSTRAINT fk_class_sessions_series FOREIGN KEY (series_id) REFERENCES class_series (id);

-- Club closures (holidays): every session in [from_date, until_date] (local dates) is cancelled
-- and series skip these dates when generating.
CREATE TABLE club_closures (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  from_date DATE NOT NULL,
  until_date DATE NOT NULL,
  reason VARCHAR(200) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL,
  KEY idx_club_closures_range (from_date, until_date),
  CONSTRAINT ck_club_closures_range CHECK (until_date >= from_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
