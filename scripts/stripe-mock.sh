#!/usr/bin/env bash
# stripe-mock for the payment tests: Stripe's official API mock (validates request shapes against
# Stripe's OpenAPI spec, returns fixtures; no network beyond 127.0.0.1).
#
#   scripts/stripe-mock.sh start   install (once, into GOBIN) and start it on free 127.0.0.1 ports;
#                                  prints its URL on stdout (use: export STRIPE_MOCK_URL=$(...))
#   scripts/stripe-mock.sh stop    stop the instance this script started
#   scripts/stripe-mock.sh url     print the running instance's URL
#
# Tests read STRIPE_MOCK_URL; without it, tests that need it fail unless run with -short.
#   STRIPE_MOCK_VERSION  pinned version (default below)
#   STRIPE_MOCK_STATE    where the pid/log/url files live (default ${TMPDIR:-/tmp}/training-club-stripe-mock)
set -euo pipefail

# shellcheck source=tools.env
source "$(dirname "${BASH_SOURCE[0]}")/tools.env"
version=$STRIPE_MOCK_VERSION
state=${STRIPE_MOCK_STATE:-${TMPDIR:-/tmp}/training-club-stripe-mock}
cmd=${1:-start}
mkdir -p "$state"

log() { printf '%s\n' "$*" >&2; }

running() {
  [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null
}

binary() {
  local here gobin
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  gobin=$(go env GOBIN)
  [ -n "$gobin" ] || gobin=$(go env GOPATH)/bin
  GOBIN=$gobin bash "$here/install-tools.sh" stripe-mock >&2
  printf '%s\n' "$gobin/stripe-mock"
}

case "$cmd" in
  start)
    if running && [ -s "$state/url" ]; then
      cat "$state/url"
      exit 0
    fi
    bin=$(binary)
    start=$SECONDS
    rm -f "$state/url"
    # Both listeners on loopback with system-chosen ports (HTTPS would otherwise bind all IPs).
    "$bin" -http-addr 127.0.0.1:0 -https-addr 127.0.0.1:0 > "$state/log" 2>&1 &
    echo $! > "$state/pid"
    for _ in $(seq 1 100); do
      addr=$(sed -n 's/^Listening for HTTP at address: //p' "$state/log" | head -n 1)
      if [ -n "$addr" ]; then
        url="http://$addr"
        if curl -fsS -o /dev/null -H 'Authorization: Bearer sk_test_123' "$url/v1/balance" 2>/dev/null; then
          printf '%s\n' "$url" > "$state/url"
          log "stripe-mock $version at $url (pid $(cat "$state/pid")), ready in $((SECONDS - start))s"
          printf '%s\n' "$url"
          exit 0
        fi
      fi
      if ! running; then
        log "stripe-mock exited:"; cat "$state/log" >&2; exit 1
      fi
      sleep 0.1
    done
    log "stripe-mock did not become ready:"; cat "$state/log" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$state/pid")"
      log "stripe-mock stopped"
    fi
    rm -f "$state/pid" "$state/url"
    ;;
  url)
    running && cat "$state/url"
    ;;
  *)
    log "usage: $0 start|stop|url"
    exit 2
    ;;
esac
