-- Account mail: the language of the member's mail, e-mail verification, and single-use tokens
-- (password reset, e-mail verification, e-mail change) stored as SHA-256 hashes only.
-- Accounts that exist before this migration count as verified: they signed up when no
-- verification existed, and must not lose the right to buy.
ALTER TABLE users
  ADD COLUMN locale VARCHAR(5) NOT NULL DEFAULT 'en',
  ADD COLUMN email_verified_at DATETIME(6) NULL;
UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL AND deleted_at IS NULL;

CREATE TABLE account_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  purpose ENUM('password_reset','verify_email','change_email') NOT NULL,
  token_hash CHAR(64) NOT NULL,
  new_email VARCHAR(254) NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_account_tokens_hash (token_hash),
  KEY idx_account_tokens_user (user_id, purpose),
  CONSTRAINT fk_account_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
