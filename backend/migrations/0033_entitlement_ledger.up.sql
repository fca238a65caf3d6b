-- Ledger of staff corrections to an entitlement: credit adjustments, revocations and expiry
-- extensions, each with who, when, why and the values before and after.
CREATE TABLE entitlement_ledger (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entitlement_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  actor_id BIGINT UNSIGNED NOT NULL,
  action ENUM('adjust_credits','revoke','extend') NOT NULL,
  reason VARCHAR(500) NOT NULL,
  credits_before INT NOT NULL,
  credits_after INT NOT NULL,
  ends_before DATETIME(6) NOT NULL,
  ends_after DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY idx_entitlement_ledger_ent (entitlement_id, id),
  KEY idx_entitlement_ledger_user (user_id, id),
  CONSTRAINT fk_entitlement_ledger_ent FOREIGN KEY (entitlement_id) REFERENCES entitlements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
