#!/usr/bin/env bash
# Browser end-to-end tests (frontend/e2e, node --test + playwright-core driving Debian's Chromium)
# against the real backend, plus the OpenAPI contract check of the API client.
#   E2E_BASE_URL        where the built frontend is served; unset = serve frontend/dist here with
#                       /api proxied to E2E_API_URL (frontend/e2e/serve.mjs on E2E_PORT, default a free port)
#   E2E_API_URL         the backend (default http://127.0.0.1:5000); may be the same origin as
#                       E2E_BASE_URL when a proxy routes /api (the Dagger test suite does that)
#   E2E_IGNORE_HTTPS_ERRORS=1   accept invalid certificates (the proxy's self-signed fallback):
#                       Chromium's ignoreHTTPSErrors, and NODE_TLS_REJECT_UNAUTHORIZED=0 in the
#                       node processes of this script only (health checks, the tests; never npm).
#                       Unset or 0 = certificates are verified. For test stacks only.
#   E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD   an admin account (fixtures are created through the API)
#   E2E_MAILPIT_API     the Mailpit the backend mails to (its SMTP_URL): the password-reset test
#                       reads the reset link there (required)
#   OPENAPI_URL         default $E2E_API_URL/api/openapi.json
#   CHROMIUM_PATH       default /usr/bin/chromium
#   REPORTS_DIR         default ./reports → $REPORTS_DIR/e2e/{junit.xml,screenshots/}
# Exit status non-zero when a test fails or something needed is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPORTS_DIR=${REPORTS_DIR:-$ROOT/reports}
case "$REPORTS_DIR" in /*) ;; *) REPORTS_DIR="$ROOT/$REPORTS_DIR" ;; esac
export REPORTS_DIR
export E2E_API_URL=${E2E_API_URL:-http://127.0.0.1:5000}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
# shellcheck source=lib.sh
source scripts/lib.sh

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }
case "${E2E_IGNORE_HTTPS_ERRORS:-}" in
  "" | 0) node_tls=() ;;
  # frontend/e2e/lib.mjs reads the same flag for the browser and the tests' fetch.
  1) node_tls=(env NODE_TLS_REJECT_UNAUTHORIZED=0) ;;
  *) fail "E2E_IGNORE_HTTPS_ERRORS must be 1, 0 or unset (got '$E2E_IGNORE_HTTPS_ERRORS')" ;;
esac
# GET with node's fetch: the e2e image need not have curl. (stderr: node's warning about
# NODE_TLS_REJECT_UNAUTHORIZED; fetch errors are not printed anyway.)
http_ok() { "${node_tls[@]}" node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1" 2>/dev/null; }

command -v node >/dev/null || fail "node is not installed"
[ -x "$CHROMIUM_PATH" ] || fail "no Chromium at $CHROMIUM_PATH (apt-get install chromium, or set CHROMIUM_PATH)"
[ -n "${E2E_ADMIN_EMAIL:-}" ] && [ -n "${E2E_ADMIN_PASSWORD:-}" ] || fail "set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD"
[ -n "${E2E_MAILPIT_API:-}" ] || fail "set E2E_MAILPIT_API (the Mailpit the backend's SMTP_URL delivers to)"
http_ok "$E2E_API_URL/api/health/live" || fail "backend not reachable at $E2E_API_URL/api/health/live"

rm -rf "$REPORTS_DIR/e2e"
mkdir -p "$REPORTS_DIR/e2e/screenshots"

phase "npm deps"
bash scripts/npm-deps.sh
cd frontend

server_pid=
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [ -z "${E2E_BASE_URL:-}" ]; then
  E2E_PORT=${E2E_PORT:-$(free_port)}
  phase build
  npx --no-install vite build --logLevel warn
  phase serve
  node e2e/serve.mjs --port "$E2E_PORT" --api "$E2E_API_URL" &
  server_pid=$!
  export E2E_BASE_URL="http://127.0.0.1:$E2E_PORT"
  for _ in $(seq 1 50); do
    http_ok "$E2E_BASE_URL/" && break
    kill -0 "$server_pid" 2>/dev/null || fail "static server exited"
    sleep 0.2
  done
  http_ok "$E2E_BASE_URL/" || fail "static server did not answer on $E2E_BASE_URL"
else
  http_ok "$E2E_BASE_URL/" || fail "frontend not reachable at $E2E_BASE_URL/"
fi
echo "e2e: frontend $E2E_BASE_URL, backend $E2E_API_URL, chromium $CHROMIUM_PATH"
if [ "${#node_tls[@]}" -gt 0 ]; then
  echo "e2e: E2E_IGNORE_HTTPS_ERRORS=1: certificate errors are ignored (browser and node fetch)"
fi

status=0
phase tests
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$REPORTS_DIR/e2e/junit.xml" \
  e2e/openapi.test.mjs e2e/booking.test.mjs e2e/staff.test.mjs e2e/recovery.test.mjs || status=$?
phase_done

count() { sed -n "s/.*<!-- $1 \([0-9]*\) -->.*/\1/p" "$REPORTS_DIR/e2e/junit.xml" | tail -1; }
total=$(count tests); pass=$(count pass); skipped=$(count skipped); todo=$(count todo)
# Cancelled tests (a failed before-hook) count as failed, not as missing.
failed=$(( ${total:-0} - ${pass:-0} - ${skipped:-0} - ${todo:-0} ))
shots=$(find "$REPORTS_DIR/e2e/screenshots" -name '*.png' | wc -l)
echo "e2e: screenshots ($shots) in $REPORTS_DIR/e2e/screenshots, JUnit in $REPORTS_DIR/e2e/junit.xml"
echo "e2e: ${pass:-0} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "${pass:-0}" -eq 0 ]; then exit 1; fi
