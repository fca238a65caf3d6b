#!/usr/bin/env bash
# Shared helpers for the repo's test scripts (source it; do not run it).

# ensure_stripe_mock starts stripe-mock when STRIPE_MOCK_URL is not given, exports its URL and
# stops it when the calling script exits.
ensure_stripe_mock() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -n "${STRIPE_MOCK_URL:-}" ] && return 0
  STRIPE_MOCK_URL=$(bash "$root/scripts/stripe-mock.sh" start)
  export STRIPE_MOCK_URL
  # shellcheck disable=SC2064 # expand root now
  trap "bash '$root/scripts/stripe-mock.sh' stop >/dev/null 2>&1 || true" EXIT
}
