-- Mail outbox: a message is inserted in the same transaction as the change that causes it, and
-- the delivery worker (internal/mail) sends it later. A row is claimed by moving
-- next_attempt_at forward by the lease and setting claim_token, in a transaction that selects
-- due rows FOR UPDATE SKIP LOCKED (MySQL 8, MariaDB 10.6+), so replicas never claim one row at
-- once; a worker that dies after claiming leaves the row due again when the lease ends.
-- message_id is the RFC 5322 Message-ID, the same on every attempt (receivers can tell a resend).
CREATE TABLE mail_outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(40) NOT NULL,
  user_id BIGINT UNSIGNED NULL,
  to_addr VARCHAR(254) NOT NULL,
  locale VARCHAR(5) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  text_body MEDIUMTEXT NOT NULL,
  html_body MEDIUMTEXT NOT NULL,
  attachments MEDIUMTEXT NULL,
  message_id VARCHAR(190) NOT NULL,
  status ENUM('pending','sent','failed') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL,
  claim_token CHAR(32) NULL,
  last_error VARCHAR(500) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at DATETIME(6) NULL,
  UNIQUE KEY uq_mail_outbox_message_id (message_id),
  KEY idx_mail_outbox_due (status, next_attempt_at, id),
  KEY idx_mail_outbox_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
