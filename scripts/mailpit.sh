#!/usr/bin/env bash
# Mailpit, the real SMTP server of the mail tests: it accepts every message on its SMTP port and
# shows them through its HTTP API, where tests read them back.
#
#   scripts/mailpit.sh start   install (once, into GOBIN) and start it on free 127.0.0.1 ports;
#                              prints `TEST_SMTP_URL=… TEST_MAILPIT_API=…` (use: export $(...))
#   scripts/mailpit.sh stop    stop the instance this script started
#   scripts/mailpit.sh env     print the running instance's variables
#
# Tests read TEST_SMTP_URL and TEST_MAILPIT_API; without them, tests that need mail fail unless
# run with -short.
#   MAILPIT_VERSION  pinned version (scripts/tools.env)
#   MAILPIT_STATE    where the pid/log/env files live (default ${TMPDIR:-/tmp}/training-club-mailpit)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools.env
source "$here/tools.env"
# shellcheck source=lib.sh
source "$here/lib.sh"
state=${MAILPIT_STATE:-${TMPDIR:-/tmp}/training-club-mailpit}
cmd=${1:-start}
mkdir -p "$state"

log() { printf '%s\n' "$*" >&2; }
running() { [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; }

case "$cmd" in
  start)
    if running && [ -s "$state/env" ]; then cat "$state/env"; exit 0; fi
    gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin=$(go env GOPATH)/bin
    GOBIN=$gobin bash "$here/install-tools.sh" mailpit >&2
    smtp=$(free_port); http=$(free_port)
    start=$SECONDS
    # In-memory database (nothing left behind); keep plenty of messages (parallel packages).
    "$gobin/mailpit" --smtp "127.0.0.1:$smtp" --listen "127.0.0.1:$http" --database "" \
      --max 50000 --smtp-auth-accept-any --smtp-auth-allow-insecure --quiet > "$state/log" 2>&1 &
    echo $! > "$state/pid"
    for _ in $(seq 1 100); do
      if curl -fsS -o /dev/null "http://127.0.0.1:$http/api/v1/info" 2>/dev/null; then
        printf 'TEST_SMTP_URL=smtp://127.0.0.1:%s?starttls=off TEST_MAILPIT_API=http://127.0.0.1:%s\n' "$smtp" "$http" > "$state/env"
        log "mailpit $MAILPIT_VERSION smtp 127.0.0.1:$smtp api 127.0.0.1:$http (pid $(cat "$state/pid")), ready in $((SECONDS - start))s"
        cat "$state/env"; exit 0
      fi
      if ! running; then log "mailpit exited:"; cat "$state/log" >&2; exit 1; fi
      sleep 0.1
    done
    log "mailpit did not become ready:"; cat "$state/log" >&2; exit 1
    ;;
  stop)
    if running; then kill "$(cat "$state/pid")"; log "mailpit stopped"; fi
    rm -f "$state/pid" "$state/env"
    ;;
  env) running && cat "$state/env" ;;
  *) log "usage: $0 start|stop|env"; exit 2 ;;
esac
