-- Erased accounts. A deleted user keeps its row (orders, bookings and entitlements refer to it and
-- are kept for the club's accounting) but loses everything personal: auth.Store.Erase blanks the
-- email, name, password, bio and avatar and sets deleted_at. Lists and logins skip these rows.
ALTER TABLE users ADD COLUMN deleted_at DATETIME(6) NULL;
