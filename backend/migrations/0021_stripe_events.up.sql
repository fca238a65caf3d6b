-- Every Stripe event applied, keyed by its id: the insert happens in the same transaction as the
-- order change, so an event is applied exactly once however often Stripe delivers it.
CREATE TABLE stripe_events (
  event_id VARCHAR(255) NOT NULL PRIMARY KEY,
  type VARCHAR(100) NOT NULL,
  order_id BIGINT UNSIGNED NULL,
  outcome VARCHAR(100) NOT NULL,
  received_at DATETIME(6) NOT NULL,
  KEY idx_stripe_events_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
