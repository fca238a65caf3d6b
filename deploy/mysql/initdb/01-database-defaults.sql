-- Runs once, on an empty data directory, as root against $MYSQL_DATABASE (the image entrypoint
-- creates that database and $MYSQL_USER with ALL on it before running this file).
-- The application schema itself comes from the backend's migrations (`api migrate`), not from here.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
