#!/usr/bin/env bash
# End-to-end test of the production compose stack in real containers:
#   1. docker + stand-in base images (scripts/standins.sh; USE_STANDINS=0 uses the official ones)
#   2. builds the backend, frontend and proxy images with the base-image knobs
#   3. starts compose.yaml + compose.prod.yaml under a unique project name with a throwaway env
#      file of random secrets, on free loopback ports, and waits until every container is healthy
#   4. drives it through the proxy over HTTPS (self-signed): /health, HTTP->HTTPS redirect, the
#      frontend and /config.js, /metrics blocked, X-Request-ID, register + log in + book a session
#   5. scales the backend to 3 and shows requests reaching every replica; stops one under steady
#      traffic without a single 5xx (drain + the proxy's retries)
#   6. stops MySQL: /api/health turns 503; starts it: the same backends recover without restarts
#   7. ACME challenge file served from the webroot volume; a certificate written in Let's Encrypt
#      layout is picked up, then a renewal, both without restarting the proxy
#   8. prints image sizes (backend must be <= 30 MB) and a summary ($REPORTS_DIR/stack/summary.txt)
# Always removes its own compose project and volumes. Exit status non-zero on any failure.
# Knobs (env): GO_IMAGE RUNTIME_IMAGE NODE_IMAGE NGINX_IMAGE MYSQL_IMAGE REDIS_IMAGE, USE_STANDINS
# (default 1: stand-ins for every knob not set), REPORTS_DIR (./reports), KEEP_STACK=1 (debug:
# leave the stack running; you remove it with the printed command).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DOCKER=/usr/bin/docker
COMPOSE_BIN=${COMPOSE_BIN:-/usr/bin/docker-compose}
REPORTS_DIR=${REPORTS_DIR:-$ROOT/reports}
SUMMARY_DIR=$REPORTS_DIR/stack
SERVER=tc-stack.test
BACKEND_MAX_MB=30

t_start=$(date +%s)
results=()
# shellcheck source=lib.sh
source scripts/lib.sh
# shellcheck source=stack-lib.sh
source scripts/stack-lib.sh
phase docker-and-base-images

# ---------------------------------------------------------------------------------------------
# 1. docker and base images
if [ "${USE_STANDINS:-1}" = 1 ]; then
  scripts/standins.sh
  export GO_IMAGE=${GO_IMAGE:-standin/golang:1.26}
  export RUNTIME_IMAGE=${RUNTIME_IMAGE:-standin/distroless-static:nonroot}
  export NODE_IMAGE=${NODE_IMAGE:-standin/node:20}
  export NGINX_IMAGE=${NGINX_IMAGE:-standin/nginx:alpine}
  export MYSQL_IMAGE=${MYSQL_IMAGE:-standin/mysql:8.0}
  export REDIS_IMAGE=${REDIS_IMAGE:-standin/redis:7}
fi
"$DOCKER" info >/dev/null 2>&1 || { echo "stack-test: FAIL: docker does not answer" >&2; exit 1; }
[ -x "$COMPOSE_BIN" ] || { echo "stack-test: FAIL: $COMPOSE_BIN missing (apt-get install docker-compose)" >&2; exit 1; }
for tool in curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "stack-test: FAIL: $tool is needed on the host" >&2; exit 1; }
done
echo "stack-test: base images GO_IMAGE=${GO_IMAGE:-golang:1.26} RUNTIME_IMAGE=${RUNTIME_IMAGE:-gcr.io/distroless/static-debian12:nonroot}"
echo "stack-test:             NODE_IMAGE=${NODE_IMAGE:-node:20-alpine} NGINX_IMAGE=${NGINX_IMAGE:-nginx:alpine} MYSQL_IMAGE=${MYSQL_IMAGE:-mysql:8.0} REDIS_IMAGE=${REDIS_IMAGE:-redis:7}"
phase build-images

# ---------------------------------------------------------------------------------------------
# Throwaway env file, unique project, free loopback ports.
export BACKEND_IMAGE=training-club/backend:stack-test
export FRONTEND_IMAGE=training-club/frontend:stack-test
export PROXY_IMAGE=training-club/proxy:stack-test
PROJECT=tcstack$$$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
[ "$HTTP_PORT" != "$HTTPS_PORT" ] || HTTPS_PORT=$(free_port)
ENV_FILE=$(mktemp /tmp/tc-stack-env.XXXXXX)
WORK=$(mktemp -d /tmp/tc-stack-work.XXXXXX)
chmod 600 "$ENV_FILE"
cat >"$ENV_FILE" <<EOF
SERVER_NAME=$SERVER
PUBLISH_ADDRESS=127.0.0.1
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
CERT_WATCH_INTERVAL=2
MYSQL_ROOT_PASSWORD=$(secret 24)
DB_USERNAME=trainingclub
DB_PASSWORD=$(secret 24)
DB_NAME=trainingclub
REDIS_PASSWORD=$(secret 24)
JWT_SECRET_KEY=$(secret 32)
STRIPE_API_KEY=
STRIPE_WEBHOOK_SECRET=
REACT_APP_API_URL=
REACT_APP_STRIPE_PUBLIC_KEY=pk_test_stacktest_not_a_real_key
EOF


dumped=0
trap cleanup EXIT
trap 'exit 130' INT TERM

compose config -q || fail "compose config (production) is invalid"
ok "compose config valid (compose.yaml + compose.prod.yaml)"

# ---------------------------------------------------------------------------------------------
# 2. images
compose build backend frontend proxy || fail "image build"
phase proxy-config-test
# The proxy on its own first (nginx -t, headers, body limit, certificate watcher): fast and precise.
PROXY_IMAGE=$PROXY_IMAGE NGINX_IMAGE=${NGINX_IMAGE:-nginx:alpine} USE_STANDINS=0 scripts/proxy-config-test.sh ||
  fail "scripts/proxy-config-test.sh"
ok "proxy image alone: nginx -t and its own checks (scripts/proxy-config-test.sh)"
phase start-and-health

# ---------------------------------------------------------------------------------------------
# 3. start and wait for health
t_up=$(date +%s)
compose up -d || fail "compose up"
wait_healthy 300 || fail "not every container became healthy within 300s"
time_to_healthy=$(($(date +%s) - t_up))
ok "all $(compose ps -q | wc -l) containers healthy ${time_to_healthy}s after 'up'"
results+=("time to all healthy: ${time_to_healthy}s")
phase proxy-checks

# ---------------------------------------------------------------------------------------------
# 4. through the proxy
BASE=https://$SERVER:$HTTPS_PORT
HBASE=http://$SERVER:$HTTP_PORT
CURL=(curl -sS -k --max-time 15 --resolve "$SERVER:$HTTPS_PORT:127.0.0.1" --resolve "$SERVER:$HTTP_PORT:127.0.0.1")
STATUS="" BODY=""

req GET /health
expect 200 "proxy /health"
ok "proxy answers /health over HTTPS"

redirect=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "$HBASE/schedule?week=1")
[ "$redirect" = "301 https://$SERVER:$HTTPS_PORT/schedule?week=1" ] || fail "HTTP->HTTPS redirect: got '$redirect'"
ok "HTTP -> HTTPS redirect ($redirect)"

req GET /
expect 200 "frontend index"
grep -q '/config.js' <<<"$BODY" || fail "frontend index does not load /config.js"
ok "frontend index.html served through the proxy"
req GET /config.js
expect 200 "/config.js"
grep -q 'pk_test_stacktest_not_a_real_key' <<<"$BODY" || fail "/config.js lacks REACT_APP_STRIPE_PUBLIC_KEY: ${BODY:0:300}"
ok "/config.js written at run time from the container env"
req GET /
asset=$(grep -o '/assets/[^"]*\.js' <<<"$BODY" | head -1 || true)
if [ -n "$asset" ]; then
  enc=$("${CURL[@]}" -H 'Accept-Encoding: gzip' -D - -o /dev/null "$BASE$asset" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
  [ "$enc" = gzip ] || fail "$asset not gzip-compressed (Content-Encoding '$enc')"
  ok "static assets gzip-compressed ($asset)"
else
  fail "no /assets/*.js referenced by index.html"
fi

hdrs=$("${CURL[@]}" -D - -o /dev/null "$BASE/" | tr -d '\r')
grep -qi '^strict-transport-security: max-age=' <<<"$hdrs" || fail "no HSTS header on HTTPS"
grep -qi '^x-content-type-options: nosniff' <<<"$hdrs" || fail "no X-Content-Type-Options"
ok "security headers present (HSTS on HTTPS)"

req GET /metrics
expect 404 "/metrics through the proxy"
metrics=$(compose exec -T proxy curl -fsS "http://backend:5000/metrics") || fail "backend /metrics not answering on the internal network"
grep -q '^# HELP' <<<"$metrics" || fail "backend /metrics is not Prometheus text: ${metrics:0:200}"
ok "/metrics: 404 through the proxy, served by the backend on the internal network"

req GET /api/health
expect 200 "/api/health"
[ "$(jget 'd["status"]')" = ok ] || fail "/api/health status: $BODY"
ok "/api/health: $BODY"

rid=stack-test-$(secret 6)
got_rid=$("${CURL[@]}" -H "X-Request-ID: $rid" -D - -o /dev/null "$BASE/api/health/live" | tr -d '\r' |
  awk -F': ' 'tolower($1)=="x-request-id"{print $2}')
[ "$got_rid" = "$rid" ] || fail "X-Request-ID not propagated (sent $rid, got '$got_rid')"
ok "X-Request-ID propagated client -> proxy -> backend -> client"
phase register-login-book

# ---------------------------------------------------------------------------------------------
# Register, log in, book. An admin (created with the backend's create-admin command) sets up a
# trainer, a class type, a session and a credit pack granted to the member.
admin_email=admin-$(secret 4)@stack.test admin_pw=Adm1n-$(secret 8)
compose run --rm --no-deps -T backend create-admin --email "$admin_email" --password "$admin_pw" >/dev/null ||
  fail "backend create-admin"
req POST /api/auth/login "" "{\"email\":\"$admin_email\",\"password\":\"$admin_pw\"}"
expect 200 "admin login"
admin=$(jget 'd["access_token"]')
ok "admin created with 'api create-admin' and logged in"

member_email=member-$(secret 4)@stack.test member_pw=Memb3r-$(secret 8)
req POST /api/auth/register "" "{\"email\":\"$member_email\",\"password\":\"$member_pw\",\"name\":\"Stack Member\"}"
expect 201 "register member"
member_id=$(jget 'd["user"]["id"]')
req POST /api/auth/login "" "{\"email\":\"$member_email\",\"password\":\"$member_pw\"}"
expect 200 "member login"
member=$(jget 'd["access_token"]')
req GET /api/me "$member"
expect 200 "GET /api/me"
[ "$(jget 'd["email"]')" = "$member_email" ] || fail "/api/me returned $BODY"
ok "member registered and logged in over HTTPS (user $member_id)"

trainer_email=trainer-$(secret 4)@stack.test trainer_pw=Tr41ner-$(secret 8)
req POST /api/auth/register "" "{\"email\":\"$trainer_email\",\"password\":\"$trainer_pw\",\"name\":\"Stack Trainer\"}"
expect 201 "register trainer"
trainer_id=$(jget 'd["user"]["id"]')
req PATCH "/api/users/$trainer_id" "$admin" '{"role":"trainer"}'
expect 200 "promote trainer"

req POST /api/class-types "$admin" '{"name":"Stack Test Yoga","description":"end-to-end","level":"beginner","duration_minutes":60,"credit_cost":1}'
expect 201 "create class type"
class_type_id=$(jget 'd["id"]')
starts=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
req POST /api/sessions "$admin" "{\"class_type_id\":$class_type_id,\"trainer_id\":$trainer_id,\"room\":\"Studio 1\",\"starts_at\":\"$starts\",\"capacity\":10}"
expect 201 "create session"
session_id=$(jget 'd["id"]')
req POST /api/plans "$admin" '{"name":"Stack 5 credits","kind":"credit_pack","credits":5,"validity_days":30,"price_rappen":10000,"currency":"CHF","active":true}'
expect 201 "create plan"
plan_id=$(jget 'd["id"]')
req POST "/api/users/$member_id/entitlements" "$admin" "{\"plan_id\":$plan_id}"
expect 201 "grant credit pack"
ok "admin set up trainer, class type, session $session_id and a credit pack for the member"

req POST "/api/sessions/$session_id/bookings" "$member"
expect 201 "book session"
[ "$(jget 'd["status"]')" = booked ] || fail "booking status: $BODY"
booking_id=$(jget 'd["id"]')
req GET /api/me/bookings "$member"
expect 200 "list my bookings"
[[ " $(jget '" ".join(str(b["id"]) for b in d["items"])') " == *" $booking_id "* ]] || fail "booking $booking_id not in /api/me/bookings: ${BODY:0:300}"
ok "member booked session $session_id over HTTPS (booking $booking_id, status booked)"

# Uploads: the volume /app/uploads must be writable by 65532 under a read-only root, and a body
# over the 5 MB cap must reach the backend (JSON 413), not stop at the proxy's limit.
req POST /api/uploads
if [ "$STATUS" = 404 ]; then
  echo "stack-test: SKIPPED: uploads (POST /api/uploads is not routed by this backend yet)"
  results+=("SKIPPED: uploads (route not in this backend)")
else
  base64 -d >"$WORK/pixel.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
  STATUS=$("${CURL[@]}" -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $member" \
    -F "file=@$WORK/pixel.png;type=image/png" -F kind=avatar "$BASE/api/uploads") || STATUS=000
  BODY=$(cat "$WORK/body")
  expect 201 "upload a PNG (volume /app/uploads writable by the backend user)"
  upload_id=$(jget 'd["id"]')
  req GET "/api/uploads/$upload_id" "$member"
  expect 200 "read the upload back"
  head -c 5500000 /dev/urandom >"$WORK/big.bin"
  STATUS=$("${CURL[@]}" -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $member" \
    -F "file=@$WORK/big.bin;type=image/png" -F kind=avatar "$BASE/api/uploads") || STATUS=000
  BODY=$(cat "$WORK/body")
  expect 413 "5.5 MB upload"
  [ "$(jget 'd["error"]["code"]')" = payload_too_large ] || fail "5.5 MB upload: expected the backend's JSON 413, got ${BODY:0:200}"
  ok "upload stored and read back (id $upload_id); 5.5 MB refused by the backend (JSON 413), not the proxy"
fi
phase scale-backend

# ---------------------------------------------------------------------------------------------
# 5. three backend replicas behind the proxy
compose up -d --no-recreate --scale backend=3 || fail "scale backend to 3"
wait_healthy 180 || fail "scaled stack not healthy"
[ "$(compose ps -q backend | wc -l)" = 3 ] || fail "expected 3 backend containers"
declare -A seen=()
deadline=$(($(date +%s) + 60)) total=0
while [ "${#seen[@]}" -lt 3 ] && [ "$(date +%s)" -lt "$deadline" ]; do
  req GET /api/health/live
  [ "$STATUS" = 200 ] && { inst=$(jget 'd["instance"]'); seen[$inst]=$((${seen[$inst]:-0} + 1)); total=$((total + 1)); }
  sleep 0.1
done
[ "${#seen[@]}" = 3 ] || fail "requests reached ${#seen[@]} of 3 backend replicas: ${!seen[*]}"
dist=$(for k in "${!seen[@]}"; do printf '%s=%s ' "$k" "${seen[$k]}"; done)
ok "3 backend replicas all served requests through the proxy ($total requests: $dist)"
phase replica-stop

# ---------------------------------------------------------------------------------------------
# 5b. one replica stopped under steady traffic: SIGTERM drains it (readiness 503, still serving
# for SHUTDOWN_DRAIN), the proxy passes GETs it can no longer take to another replica: not a
# single 5xx. Two clients send reads (public and signed-in) the whole time.
rm -f "$WORK/stop-traffic" "$WORK/traffic-public" "$WORK/traffic-member"
traffic "$WORK/traffic-public" /api/class-types &
pid_public=$!
traffic "$WORK/traffic-member" /api/me/bookings "$member" &
pid_member=$!
sleep 2
victim=$(compose ps -q backend | head -n 1)
t_stop=$(date +%s)
"$DOCKER" stop -t 30 "$victim" >/dev/null || fail "stop one backend replica"
took_stop=$(($(date +%s) - t_stop))
sleep 3
touch "$WORK/stop-traffic"
wait "$pid_public" "$pid_member"
sent=$(cat "$WORK/traffic-public" "$WORK/traffic-member" | wc -l)
bad=$(cat "$WORK/traffic-public" "$WORK/traffic-member" | grep -cv '^200$' || true)
codes=$(cat "$WORK/traffic-public" "$WORK/traffic-member" | sort | uniq -c | tr -s ' \n' ' ')
[ "$sent" -gt 20 ] || fail "replica stop: only $sent requests were sent"
[ "$bad" = 0 ] || fail "replica stop: $bad of $sent requests were not 200 (codes: $codes)"
[ "$took_stop" -ge 5 ] || fail "replica stop took ${took_stop}s: it did not drain (SHUTDOWN_DRAIN 5s)"
ok "backend replica stopped under steady traffic (drained ${took_stop}s): $sent requests, all 200 ($codes)"
"$DOCKER" start "$victim" >/dev/null || fail "start the stopped replica again"
wait_healthy 120 || fail "stack not healthy after restarting the replica"
phase database-outage

# ---------------------------------------------------------------------------------------------
before=$(backend_starts)
compose stop -t 10 mysql >/dev/null 2>&1 || fail "stop mysql"
t_down=$(date +%s)
until req GET /api/health && [ "$STATUS" = 503 ]; do
  [ $(($(date +%s) - t_down)) -lt 60 ] || fail "/api/health did not turn 503 within 60s of stopping MySQL (last: $STATUS)"
  sleep 1
done
[ "$(jget 'd["checks"]["mysql"]["status"]')" = down ] || fail "503 body does not name mysql down: $BODY"
ok "MySQL stopped: /api/health 503 after $(($(date +%s) - t_down))s: ${BODY:0:200}"
compose start mysql >/dev/null 2>&1 || fail "start mysql"
t_back=$(date +%s) streak=0
while [ "$streak" -lt 15 ]; do
  [ $(($(date +%s) - t_back)) -lt 120 ] || fail "/api/health did not recover within 120s (last: $STATUS ${BODY:0:200})"
  req GET /api/health
  if [ "$STATUS" = 200 ]; then streak=$((streak + 1)); else streak=0; sleep 1; fi
done
after=$(backend_starts)
[ "$before" = "$after" ] || fail "backend containers restarted during the outage: before '$before' after '$after'"
ok "MySQL started: /api/health 200 again after $(($(date +%s) - t_back))s (15 in a row), same backend processes"
req GET /api/me "$member"
expect 200 "GET /api/me after the database came back"
ok "authenticated API works after recovery"
phase acme-and-cert-reload

# ---------------------------------------------------------------------------------------------
token=stack-$(secret 8)
"$DOCKER" run --rm --entrypoint sh -v "$(volume acme-webroot):/w" "$PROXY_IMAGE" -c \
  "mkdir -p /w/.well-known/acme-challenge && echo '$token.key' > /w/.well-known/acme-challenge/$token && chmod -R a+rX /w" ||
  fail "write challenge file"
got=$("${CURL[@]}" "$HBASE/.well-known/acme-challenge/$token")
[ "$got" = "$token.key" ] || fail "ACME challenge over HTTP: got '$got'"
ok "ACME challenge file served over plain HTTP from the shared webroot volume"

proxy_start=$(compose ps -q proxy | xargs "$DOCKER" inspect -f '{{.State.StartedAt}} {{.RestartCount}}')
[ "$(served_cn)" = "$SERVER" ] || fail "expected the self-signed fallback for $SERVER, got '$(served_cn)'"
ok "self-signed fallback certificate served (CN $SERVER)"
issue_cert stack-first-issue
wait_cn stack-first-issue
ok "certificate written in Let's Encrypt layout picked up without a restart"
issue_cert stack-renewed
wait_cn stack-renewed
ok "renewed certificate served after the proxy's reload"
[ "$(compose ps -q proxy | xargs "$DOCKER" inspect -f '{{.State.StartedAt}} {{.RestartCount}}')" = "$proxy_start" ] ||
  fail "proxy container restarted"
proxy_log=$(compose logs --no-color proxy 2>&1)
grep -q 'certificate changed: nginx reloaded' <<<"$proxy_log" || fail "no reload in the proxy log"
phase production-settings

# ---------------------------------------------------------------------------------------------
# 8. production settings as applied by Docker, image sizes
for c in $(compose ps -q); do
  name=$("$DOCKER" inspect -f '{{.Name}}' "$c")
  # shellcheck disable=SC2016  # a Go template, not shell
  ports=$("$DOCKER" inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{if $b}}{{$p}} {{end}}{{end}}' "$c")
  case $name in
    *_proxy_*) [ -n "$ports" ] || fail "proxy publishes no ports" ;;
    *) [ -z "$ports" ] || fail "$name publishes $ports (only the proxy may)" ;;
  esac
  sec=$("$DOCKER" inspect -f '{{.HostConfig.SecurityOpt}} {{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}' "$c")
  [[ $sec == *no-new-privileges:true*' unless-stopped' ]] || fail "$name: security_opt/restart not applied ($sec)"
  [[ $sec != *' 0 '* ]] || fail "$name: no memory limit ($sec)"
done
for s in backend frontend proxy redis; do
  for c in $(compose ps -q "$s"); do
    [ "$("$DOCKER" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$c")" = true ] || fail "$s: root filesystem not read-only"
  done
done
backend_ids=$(compose ps -q backend)
[ "$("$DOCKER" inspect -f '{{.Config.User}}' "${backend_ids%%$'\n'*}")" = 65532:65532 ] || fail "backend not running as 65532"
ok "only the proxy publishes ports; no-new-privileges, restart policy, memory limits, read-only roots applied; backend runs as 65532"

echo "stack-test: image sizes"
"$DOCKER" image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep ':stack-test ' | tee "$WORK/sizes"
while read -r line; do results+=("image $line"); done <"$WORK/sizes"
backend_bytes=$("$DOCKER" image inspect -f '{{.Size}}' "$BACKEND_IMAGE")
[ "$backend_bytes" -le $((BACKEND_MAX_MB * 1000 * 1000)) ] ||
  fail "backend image is $((backend_bytes / 1000000)) MB, over the ${BACKEND_MAX_MB} MB target"
ok "backend image $((backend_bytes / 1000000)) MB (target <= ${BACKEND_MAX_MB} MB)"
phase_done

echo "stack-test: PASS in $(($(date +%s) - t_start))s (time to all healthy: ${time_to_healthy}s)"
results+=("PASS in $(($(date +%s) - t_start))s")
