-- Checked-in seats per session, kept by booking's check-in in the same transaction, so the
-- attendance report reads one index range of sessions instead of every booking. Filled once
-- from the bookings. The covering index holds every column the report reads.
ALTER TABLE class_sessions ADD COLUMN checked_in_count INT NOT NULL DEFAULT 0;
UPDATE class_sessions s SET checked_in_count = (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'checked_in');
ALTER TABLE class_sessions
  ADD CONSTRAINT ck_class_sessions_checked_in CHECK (checked_in_count >= 0),
  ADD KEY idx_class_sessions_report (status, starts_at, class_type_id, trainer_id, ends_at, capacity, booked_count, checked_in_count);
