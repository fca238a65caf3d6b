#!/usr/bin/env bash
# Frontend checks: npm ci (scripts/npm-deps.sh: only when node_modules does not match the lock),
# generated API types current with src/api/openapi.json, eslint, tsc --noEmit, vitest
# (JUnit → $REPORTS_DIR/frontend/junit.xml) and the production build.
#   REPORTS_DIR  where reports go (default ./reports at the repo root)
# Exit status non-zero when any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPORTS_DIR=${REPORTS_DIR:-$ROOT/reports}
case "$REPORTS_DIR" in /*) ;; *) REPORTS_DIR="$ROOT/$REPORTS_DIR" ;; esac
mkdir -p "$REPORTS_DIR/frontend"

command -v node >/dev/null || { echo "test-frontend: FAIL: node is not installed" >&2; exit 1; }
echo "test-frontend: node $(node --version), npm $(npm --version)"
# shellcheck source=lib.sh
source scripts/lib.sh
phase "npm deps"

bash scripts/npm-deps.sh
phase "api types current"
cd frontend

# The generated API types must be what the committed OpenAPI document generates (the backend's
# TestFrontendOpenAPIIsCurrent checks that the document is the backend's).
bash scripts/gen-api.sh --check
phase lint

npx --no-install eslint --max-warnings=0 .
phase typecheck

npx --no-install tsc --noEmit
phase vitest

npx --no-install vitest run --reporter=default --reporter=junit \
  --outputFile.junit="$REPORTS_DIR/frontend/junit.xml"
phase build

npx --no-install vite build
# Stripe is loaded only by the checkout page: the entry bundle must not reference it.
entry=$(grep -o 'assets/index-[A-Za-z0-9_-]*\.js' dist/index.html | head -1)
[ -n "$entry" ] || { echo "test-frontend: FAIL: no entry script in dist/index.html" >&2; exit 1; }
if grep -q 'js.stripe.com' "dist/$entry"; then
  echo "test-frontend: FAIL: the entry bundle $entry loads Stripe (it must stay in the lazy checkout chunk)" >&2
  exit 1
fi
ls dist/assets/CheckoutPage-*.js >/dev/null 2>&1 || { echo "test-frontend: FAIL: no lazy CheckoutPage chunk" >&2; exit 1; }
phase_done
echo "test-frontend: ok (JUnit: $REPORTS_DIR/frontend/junit.xml)"
