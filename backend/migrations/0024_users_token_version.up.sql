-- Account version: every access token carries the version of its account at issue time (the
-- JWT "ver" claim), and the API compares it with this column (cached in Redis) on every
-- request. Erasing the account, changing its role or password, and "sign out everywhere" add
-- one in the same statement as the change, which ends every access token issued before it.
ALTER TABLE users ADD COLUMN token_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
