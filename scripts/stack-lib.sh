#!/usr/bin/env bash
# The functions of scripts/stack-test.sh (source it from there): recording results, compose
# and docker helpers, HTTP requests against the stack, certificates. They read the test's
# globals (DOCKER, COMPOSE_BIN, PROJECT, WORK, BASE, results, ...) when called.
# shellcheck disable=SC2154 # the globals are set by stack-test.sh

ok() { echo "stack-test: ok: $*"; results+=("ok: $*"); }

fail() {
  echo "stack-test: FAIL: $*" >&2
  results+=("FAIL: $*")
  dump_logs
  exit 1
}

secret() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

compose() {
  PATH=/usr/bin:$PATH COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1 \
    "$COMPOSE_BIN" -p "$PROJECT" --env-file "$ENV_FILE" -f compose.yaml -f compose.prod.yaml "$@"
}

dump_logs() {
  [ "$dumped" = 0 ] || return 0
  dumped=1
  if [ -n "${PROJECT:-}" ] && compose ps -q >/dev/null 2>&1; then
    echo "stack-test: ---- container states and last log lines ----" >&2
    compose ps >&2 || true
    compose logs --no-color --tail=40 >&2 || true
  fi
}

write_summary() {
  mkdir -p "$SUMMARY_DIR"
  { echo "stack test $(date -u +%FT%TZ) project=$PROJECT"
    printf '%s\n' "${results[@]}"
    printf 'phase %s\n' "${PHASE_TIMES[@]}"
  } >"$SUMMARY_DIR/summary.txt"
  echo "stack-test: summary written to $SUMMARY_DIR/summary.txt"
}

cleanup() {
  local rc=$?
  set +e
  [ "$rc" = 0 ] || dump_logs
  write_summary
  if [ "${KEEP_STACK:-0}" = 1 ]; then
    echo "stack-test: KEEP_STACK=1: left running; remove with:"
    echo "  $COMPOSE_BIN -p $PROJECT --env-file $ENV_FILE -f compose.yaml -f compose.prod.yaml down -v --remove-orphans"
  else
    echo "stack-test: removing project $PROJECT (containers, networks, volumes)"
    compose --profile tls down -v --remove-orphans --timeout 10 >/dev/null 2>&1 ||
      echo "stack-test: WARNING: compose down failed for $PROJECT" >&2
    rm -f "$ENV_FILE"
  fi
  rm -rf "$WORK"
  exit "$rc"
}

wait_healthy() {  # wait_healthy TIMEOUT: every container of the project healthy
  local deadline=$(($(date +%s) + $1)) states bad
  while :; do
    states=$(compose ps -q | xargs -r "$DOCKER" inspect -f \
      '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}')
    bad=$(grep -v ' healthy$' <<<"$states" || true)
    [ -n "$states" ] && [ -z "$bad" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$states" >&2
      return 1
    fi
    sleep 2
  done
}

req() {  # req METHOD PATH [TOKEN] [JSON]: sets STATUS and BODY
  local args=(-X "$1" -o "$WORK/body" -w '%{http_code}')
  [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
  [ -n "${4:-}" ] && args+=(-H 'Content-Type: application/json' --data "$4")
  STATUS=$("${CURL[@]}" "${args[@]}" "$BASE$2") || STATUS=000
  BODY=$(cat "$WORK/body" 2>/dev/null || true)
}

expect() {  # expect STATUS WHAT
  [ "$STATUS" = "$1" ] || fail "$2: expected HTTP $1, got $STATUS: ${BODY:0:400}"
}

jget() {  # jget EXPR: Python expression on the JSON body `d`, printed
  python3 -c 'import json,sys; d=json.loads(sys.argv[2]); v=eval(sys.argv[1]); print(v if not isinstance(v,(dict,list)) else json.dumps(v))' "$1" "$BODY"
}

traffic() {  # traffic FILE PATH [TOKEN]: one status code per line until $WORK/stop-traffic exists
  local args=(-o /dev/null -w '%{http_code}\n')
  [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
  while [ ! -e "$WORK/stop-traffic" ]; do
    "${CURL[@]}" "${args[@]}" "$BASE$2" >>"$1" 2>/dev/null || echo 000 >>"$1"
  done
}

# 6. database outage and recovery, no backend restarts
backend_starts() { compose ps -q backend | xargs "$DOCKER" inspect -f '{{.Id}} {{.State.StartedAt}} {{.RestartCount}}' | sort; }

# 7. ACME webroot and certificate reload
volume() { echo "${PROJECT}_$1"; }

served_cn() {
  openssl s_client -connect "127.0.0.1:$HTTPS_PORT" -servername "$SERVER" </dev/null 2>/dev/null |
    openssl x509 -noout -subject 2>/dev/null | sed 's/.*CN *= *//'
}

issue_cert() {  # issue_cert CN: what certbot leaves behind: live/ symlinks into archive/
  "$DOCKER" run --rm --entrypoint sh -v "$(volume letsencrypt):/etc/letsencrypt" "$PROXY_IMAGE" -c "
    set -e; a=/etc/letsencrypt/archive/$SERVER; l=/etc/letsencrypt/live/$SERVER; mkdir -p \$a \$l
    openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 2 -subj /CN=$1 \
      -keyout \$a/privkey-$1.pem -out \$a/fullchain-$1.pem 2>/dev/null
    chmod 600 \$a/privkey-$1.pem
    ln -sfn ../../archive/$SERVER/privkey-$1.pem \$l/privkey.pem
    ln -sfn ../../archive/$SERVER/fullchain-$1.pem \$l/fullchain.pem" || fail "write certificate $1"
}

wait_cn() {
  local t cn=""
  t=$(date +%s)
  while [ $(($(date +%s) - t)) -lt 30 ]; do
    cn=$(served_cn)
    [ "$cn" = "$1" ] && return 0
    sleep 1
  done
  fail "proxy serves CN '$cn', expected '$1'"
}
