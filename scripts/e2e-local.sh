#!/usr/bin/env bash
# Runs the browser end-to-end tests against a real backend started here: builds the API, gives
# it a fresh database on the local MariaDB and its own Redis DB, creates an admin account, then
# starts Mailpit for its mail (scripts/mailpit.sh), runs scripts/e2e.sh (which serves the built
# frontend with /api proxied to this backend).
#   E2E_BACKEND_PORT  backend port (default: a free one)
#   TEST_DB_USER / TEST_DB_PASSWORD  local MariaDB user (scripts/services.sh creates it)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=lib.sh
source scripts/lib.sh
port=${E2E_BACKEND_PORT:-$(free_port)}
db_name=tc_e2e_$(date +%s)_$$
work=$(mktemp -d)
backend_pid=
cleanup() {
  if [ -n "$backend_pid" ]; then kill "$backend_pid" 2>/dev/null || true; wait "$backend_pid" 2>/dev/null || true; fi
  mariadb -u root -e "DROP DATABASE IF EXISTS \`$db_name\`" 2>/dev/null || true
  rm -rf "$work"
}
on_exit cleanup

start=$(date +%s)
bash scripts/services.sh >/dev/null
mariadb -u root -e "CREATE DATABASE \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
(cd backend && go build -o "$work/api" ./cmd/api)

ensure_mailpit
export APP_ENV=development SMTP_URL=$TEST_SMTP_URL PORT=$port DB_USERNAME=${TEST_DB_USER:-trainingclub} \
  DB_PASSWORD=${TEST_DB_PASSWORD:-trainingclub} DB_HOST=127.0.0.1 DB_PORT=3306 DB_NAME=$db_name \
  REDIS_URL=redis://127.0.0.1:6379/$(( (RANDOM % 30) + 32 )) UPLOADS_DIR=$work/uploads LOG_LEVEL=warn \
  JWT_SECRET_KEY=$(head -c 32 /dev/urandom | base64) MIGRATE_ON_START=true
"$work/api" migrate
admin_email="e2e-admin-$$@example.test"
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$work/api" create-admin --email "$admin_email" --password "$admin_password" --name "E2E Admin" >/dev/null
"$work/api" > "$work/api.log" 2>&1 &
backend_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$backend_pid" 2>/dev/null || { cat "$work/api.log" >&2; echo "e2e-local: backend exited" >&2; exit 1; }
  sleep 0.1
done
echo "e2e-local: backend on :$port (db $db_name) ready in $(( $(date +%s) - start ))s"

status=0
E2E_API_URL="http://127.0.0.1:$port" E2E_MAILPIT_API=$TEST_MAILPIT_API E2E_ADMIN_EMAIL=$admin_email E2E_ADMIN_PASSWORD=$admin_password \
  bash "$root/scripts/e2e.sh" || status=$?
if [ $status -ne 0 ]; then
  echo "e2e-local: backend log (last 40 lines):" >&2
  tail -n 40 "$work/api.log" >&2
fi
exit $status
