-- Indexes for the admin order list (filters by status, plan and date) and the revenue report
-- (orders paid or refunded in a range), and the attendance report (sessions in a range by
-- status; bookings per session and status are covered by idx_bookings_session_status).
ALTER TABLE orders
  ADD KEY idx_orders_created (created_at, id),
  ADD KEY idx_orders_status_created (status, created_at),
  ADD KEY idx_orders_plan_created (plan_id, created_at),
  ADD KEY idx_orders_paid (paid_at),
  ADD KEY idx_orders_refunded (refunded_at);
ALTER TABLE class_sessions ADD KEY idx_class_sessions_status_starts (status, starts_at);
