#!/usr/bin/env bash
# Shared helpers for the repo's test scripts (source it; do not run it).

# on_exit CMD runs CMD when the script exits, after the commands registered later (last in,
# first out); a failing command does not stop the others. Scripts that source this file
# register their cleanups here instead of setting their own EXIT trap.
_exit_cmds=()
on_exit() {
  _exit_cmds+=("$1")
  trap _run_exit_cmds EXIT
}
_run_exit_cmds() {
  local i
  for ((i = ${#_exit_cmds[@]} - 1; i >= 0; i--)); do eval "${_exit_cmds[i]}" || true; done
}

# ensure_stripe_mock starts stripe-mock when STRIPE_MOCK_URL is not given, exports its URL and
# stops it when the calling script exits.
ensure_stripe_mock() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -n "${STRIPE_MOCK_URL:-}" ] && return 0
  STRIPE_MOCK_URL=$(bash "$root/scripts/stripe-mock.sh" start)
  export STRIPE_MOCK_URL
  on_exit "bash '$root/scripts/stripe-mock.sh' stop >/dev/null 2>&1"
}

# ensure_mailpit starts Mailpit when TEST_SMTP_URL is not given, exports TEST_SMTP_URL and
# TEST_MAILPIT_API, and stops it when the calling script exits (on_exit).
ensure_mailpit() {
  local root vars
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -n "${TEST_SMTP_URL:-}" ] && return 0
  vars=$(bash "$root/scripts/mailpit.sh" start)
  # shellcheck disable=SC2163,SC2086 # "NAME=value NAME=value"
  export $vars
  on_exit "bash '$root/scripts/mailpit.sh' stop >/dev/null 2>&1"
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on now (the kernel picks it).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local p
  for _ in $(seq 1 50); do
    # Below the kernel's ephemeral range (32768+), where connections take their local ports.
    p=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "free_port: no free port found" >&2
  return 1
}

# Phase timing: `phase NAME` starts phase NAME (ending the one before), `phase_done` ends the
# current one. Each ended phase prints "<script>: phase 'NAME' took Ns" and is kept in
# PHASE_TIMES ("NAME: Ns") for a script's summary.
PHASE_TAG=${PHASE_TAG:-$(basename "$0" .sh)}
PHASE_TIMES=()
_phase_name=
_phase_start=0
phase() {
  phase_done
  _phase_name=$1
  _phase_start=$SECONDS
  echo "$PHASE_TAG: == $1"
}
phase_done() {
  [ -n "$_phase_name" ] || return 0
  local took=$((SECONDS - _phase_start))
  echo "$PHASE_TAG: phase '$_phase_name' took ${took}s"
  PHASE_TIMES+=("$_phase_name: ${took}s")
  _phase_name=
}
