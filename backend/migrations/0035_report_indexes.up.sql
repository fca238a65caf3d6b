-- Indexes for the admin order list (filters by status, plan and date) and the revenue report
-- (orders paid or refunded in a range). The attendance report's index is in 0036.
ALTER TABLE orders
  ADD KEY idx_orders_created (created_at, id),
  ADD KEY idx_orders_status_created (status, created_at),
  ADD KEY idx_orders_plan_created (plan_id, created_at),
  ADD KEY idx_orders_paid (paid_at),
  ADD KEY idx_orders_refunded (refunded_at);
