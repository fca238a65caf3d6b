-- Orders: one purchase of a plan or credit pack, paid through a PaymentIntent and fulfilled only by
-- the Stripe webhook. user_id and plan_id carry no foreign keys on purpose: orders are bookkeeping
-- records and outlive deleted users and retired plans (plan_name and the amount are snapshots).
-- open_key is "<user_id>:<plan_id>" while the order is open (pending or failed) and NULL after, so
-- the unique key allows one open order per user and plan.
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  plan_id BIGINT UNSIGNED NOT NULL,
  plan_name VARCHAR(120) NOT NULL,
  amount_rappen INT NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'CHF',
  status ENUM('pending','paid','failed','refund_pending','refunded') NOT NULL DEFAULT 'pending',
  open_key VARCHAR(64) NULL,
  payment_intent_id VARCHAR(255) NULL,
  client_secret VARCHAR(255) NULL,
  entitlement_id BIGINT UNSIGNED NULL,
  failure_reason VARCHAR(255) NULL,
  paid_at DATETIME(6) NULL,
  refunded_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_orders_payment_intent (payment_intent_id),
  UNIQUE KEY uq_orders_open (open_key),
  KEY idx_orders_user (user_id, created_at),
  CONSTRAINT chk_orders_amount CHECK (amount_rappen > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
