#!/usr/bin/env bash
# Runs make targets one after the other, timing each, and prints a table of their durations at
# the end (also when one fails: the run stops at the first failing target, as make would).
#   scripts/run-suites.sh test-backend test-frontend ...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
declare -a rows=()
status=0
total_start=$(date +%s)
for target in "$@"; do
  start=$(date +%s)
  printf '\n===== make %s\n' "$target"
  if make --no-print-directory "$target"; then result=ok; else result=FAILED; status=1; fi
  rows+=("$(printf '%-30s %6ss  %s' "$target" "$(( $(date +%s) - start ))" "$result")")
  [ "$status" -eq 0 ] || break
done
printf '\n===== suite durations\n'
printf '  %s\n' "${rows[@]}"
printf '  %-30s %6ss\n' total "$(( $(date +%s) - total_start ))"
exit "$status"
