-- Plans (what can be granted or bought) and entitlements (what a member holds). A credit pack's
-- credits_remaining never goes below zero nor above what was granted: the CHECK backs the
-- conditional UPDATEs of the membership service.
CREATE TABLE plans (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  kind ENUM('membership','credit_pack') NOT NULL,
  months INT NOT NULL DEFAULT 0,
  credits INT NOT NULL DEFAULT 0,
  validity_days INT NOT NULL DEFAULT 0,
  price_rappen INT NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'CHF',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  KEY idx_plans_active (active, id),
  CONSTRAINT ck_plans_price CHECK (price_rappen >= 0),
  CONSTRAINT ck_plans_shape CHECK (
    (kind = 'membership' AND months BETWEEN 1 AND 36 AND credits = 0 AND validity_days = 0) OR
    (kind = 'credit_pack' AND months = 0 AND credits BETWEEN 1 AND 500 AND validity_days BETWEEN 1 AND 1095))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE entitlements (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  plan_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('membership','credit_pack') NOT NULL,
  source ENUM('grant','purchase') NOT NULL,
  order_id BIGINT UNSIGNED NULL,
  starts_at DATETIME(6) NOT NULL,
  ends_at DATETIME(6) NOT NULL,
  credits_total INT NOT NULL DEFAULT 0,
  credits_remaining INT NOT NULL DEFAULT 0,
  revoked_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_entitlements_order (order_id),
  KEY idx_entitlements_user (user_id, kind, ends_at),
  CONSTRAINT fk_entitlements_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_entitlements_plan FOREIGN KEY (plan_id) REFERENCES plans (id),
  CONSTRAINT ck_entitlements_credits CHECK (credits_remaining >= 0 AND credits_remaining <= credits_total),
  CONSTRAINT ck_entitlements_period CHECK (ends_at > starts_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
