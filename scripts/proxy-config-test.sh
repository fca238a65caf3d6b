#!/usr/bin/env bash
# Builds the proxy image, renders its templates and runs `nginx -t` in it, then starts it alone
# (no backend/frontend) on loopback ports and checks what the proxy answers by itself: /health,
# the HTTP->HTTPS redirect, the ACME webroot, /metrics blocked, security headers, the JSON 502 for
# an unreachable API, and the certificate watcher (a Let's Encrypt-layout certificate appears,
# then is renewed; nginx must serve each one without a restart).
#   NGINX_IMAGE   base image (default: standin/nginx:alpine after scripts/standins.sh; with
#                 USE_STANDINS=0 the official nginx:alpine)
#   PROXY_IMAGE   tag to build (default training-club/proxy:test)
# Needs docker (scripts/standins.sh makes sure of it in CI). Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKER=${DOCKER:-/usr/bin/docker}
if [ "${USE_STANDINS:-1}" = 1 ] && [ -z "${NGINX_IMAGE:-}" ]; then
  scripts/standins.sh >/dev/null
  NGINX_IMAGE=standin/nginx:alpine
fi
NGINX_IMAGE=${NGINX_IMAGE:-nginx:alpine}
PROXY_IMAGE=${PROXY_IMAGE:-training-club/proxy:test}
NAME=tc-proxy-test-$$
SERVER=proxy.example.test

fail() { echo "proxy-config-test: FAIL: $*" >&2; exit 1; }
ok() { echo "proxy-config-test: ok: $*"; }
# shellcheck source=lib.sh
source scripts/lib.sh
phase build

tmp=$(mktemp -d)
cleanup() {
  "$DOCKER" rm -f "$NAME" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$DOCKER" info >/dev/null 2>&1 || fail "docker does not answer (run scripts/standins.sh first)"
command -v openssl >/dev/null || fail "openssl is needed on the host to check the served certificate"

echo "proxy-config-test: building $PROXY_IMAGE from NGINX_IMAGE=$NGINX_IMAGE"
DOCKER_BUILDKIT=1 "$DOCKER" build -q --build-arg NGINX_IMAGE="$NGINX_IMAGE" -t "$PROXY_IMAGE" proxy/ >/dev/null
phase nginx-t

# 1. nginx -t on the rendered config, with a read-only root filesystem as in production.
"$DOCKER" run --rm --read-only --tmpfs /tmp -e SERVER_NAME="$SERVER" -e CERT_WATCH_INTERVAL=0 \
  -e NGINX_ENTRYPOINT_QUIET_LOGS=1 "$PROXY_IMAGE" nginx -t 2>&1 | tee "$tmp/nginx-t.log"
grep -q 'test is successful' "$tmp/nginx-t.log" || fail "nginx -t"
ok "nginx -t on the rendered templates"
grep -q 'set $tc_backend http://backend:5000;' <("$DOCKER" run --rm -e CERT_WATCH_INTERVAL=0 "$PROXY_IMAGE" nginx -T 2>&1) ||
  fail "a bare upstream name that resolves as it is (Docker's DNS) must stay bare"
# nginx's resolver ignores search domains: a name that resolves only through one (Dagger's
# services, Kubernetes) must be rendered qualified, the others left as they are.
"$DOCKER" run --rm --dns-search svc.example.test --add-host backend.svc.example.test:192.0.2.10 \
  -e CERT_WATCH_INTERVAL=0 "$PROXY_IMAGE" nginx -T >"$tmp/qualified.conf" 2>&1 || true
grep -q 'set $tc_backend http://backend.svc.example.test:5000;' "$tmp/qualified.conf" ||
  { cat "$tmp/qualified.conf" >&2; fail "backend upstream not qualified with the search domain"; }
grep -q 'set $tc_frontend http://frontend:8080;' "$tmp/qualified.conf" ||
  fail "frontend upstream (not resolvable under the search domain) must stay bare"
ok "bare upstream names qualified with the resolv.conf search domain where they resolve"
phase start

# 2. The proxy alone.
mkdir -p "$tmp/letsencrypt" "$tmp/acme/.well-known/acme-challenge"
echo "token-$$" > "$tmp/acme/.well-known/acme-challenge/probe-$$"
chmod -R a+rX "$tmp/acme"
"$DOCKER" run -d --name "$NAME" --read-only --tmpfs /tmp \
  --cap-drop ALL --cap-add CHOWN --cap-add SETUID --cap-add SETGID --cap-add NET_BIND_SERVICE \
  --security-opt no-new-privileges:true \
  -e SERVER_NAME="$SERVER" -e CERT_WATCH_INTERVAL=1 -e PUBLIC_HTTPS_PORT=8443 \
  -v "$tmp/letsencrypt:/etc/letsencrypt:ro" -v "$tmp/acme:/var/www/acme:ro" \
  -p 127.0.0.1::80 -p 127.0.0.1::443 "$PROXY_IMAGE" >/dev/null
http_port=$("$DOCKER" port "$NAME" 80/tcp | head -1 | sed 's/.*://')
https_port=$("$DOCKER" port "$NAME" 443/tcp | head -1 | sed 's/.*://')
HTTP=http://127.0.0.1:$http_port HTTPS=https://127.0.0.1:$https_port
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$HTTP/health" 2>/dev/null && break
  sleep 0.2
done
curl -fsS "$HTTP/health" | grep -q '"ok"' || { "$DOCKER" logs "$NAME" >&2; fail "proxy did not answer /health on :80"; }
phase checks

curl -fsSk "$HTTPS/health" | grep -q '"ok"' || fail "/health over HTTPS"
ok "/health on HTTP and HTTPS"

code_loc=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $SERVER" "$HTTP/some/page?x=1")
[ "$code_loc" = "301 https://$SERVER:8443/some/page?x=1" ] || fail "HTTP redirect: got '$code_loc'"
ok "HTTP -> HTTPS redirect ($code_loc)"

[ "$(curl -fsS "$HTTP/.well-known/acme-challenge/probe-$$")" = "token-$$" ] || fail "ACME challenge file not served on :80"
[ "$(curl -sS -o /dev/null -w '%{http_code}' "$HTTP/.well-known/acme-challenge/missing")" = 404 ] || fail "missing ACME file is not 404"
ok "ACME challenge served from the webroot volume (no redirect)"

for p in /metrics /metrics/x /api/metrics; do
  [ "$(curl -sSk -o /dev/null -w '%{http_code}' "$HTTPS$p")" = 404 ] || fail "$p is not 404 through the proxy"
done
ok "/metrics not reachable through the proxy"

hdrs=$(curl -sSk -D - -o /dev/null "$HTTPS/health")
for h in 'strict-transport-security: max-age=' 'x-content-type-options: nosniff' 'x-frame-options: DENY' 'referrer-policy:'; do
  grep -qi "^$h" <<<"$hdrs" || fail "HTTPS response lacks '$h'"
done
curl -sS -D - -o /dev/null "$HTTP/health" | grep -qi '^strict-transport-security' && fail "HSTS sent over plain HTTP"
curl -sSk -D - -o /dev/null "$HTTPS/health" | grep -qi '^server: nginx/' && fail "server_tokens leak the version"
ok "security headers (HSTS on HTTPS only)"

body=$(curl -sSk -w ' %{http_code}' "$HTTPS/api/health")
[[ $body == *'"upstream_unavailable"'*' 502' ]] || fail "unreachable API: got '$body'"
ok "unreachable backend -> JSON 502 in the API error shape"

big=$(curl -sSk -o /dev/null -w '%{http_code}' -X POST --data-binary @<(head -c 7000000 /dev/zero) "$HTTPS/api/uploads")
[ "$big" = 413 ] || fail "7 MB body: expected 413 from the proxy, got $big"
ok "body over CLIENT_MAX_BODY_SIZE (6m) refused with 413"
phase cert-reload

# 3. Certificate watcher: first issue (self-signed -> Let's Encrypt layout), then a renewal.
served_subject() {
  openssl s_client -connect "127.0.0.1:$https_port" -servername "$SERVER" </dev/null 2>/dev/null \
    | openssl x509 -noout -subject 2>/dev/null | sed 's/^subject= *//'
}
issue() {  # issue CN: write a certificate like certbot's live/ layout (symlinks into archive/)
  local n=$1 d="$tmp/letsencrypt"
  mkdir -p "$d/archive/$SERVER" "$d/live/$SERVER"
  openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 2 \
    -subj "/CN=$n" -keyout "$d/archive/$SERVER/privkey-$n.pem" -out "$d/archive/$SERVER/fullchain-$n.pem" 2>/dev/null
  ln -sfn "../../archive/$SERVER/privkey-$n.pem" "$d/live/$SERVER/privkey.pem"
  ln -sfn "../../archive/$SERVER/fullchain-$n.pem" "$d/live/$SERVER/fullchain.pem"
}
wait_subject() {
  local want=$1 got=""
  for _ in $(seq 40); do
    got=$(served_subject)
    [[ $got == *"CN = $want"* || $got == *"CN=$want"* ]] && return 0
    sleep 0.5
  done
  "$DOCKER" logs --tail 20 "$NAME" >&2
  fail "served certificate is '$got', expected CN $want"
}
wait_subject "$SERVER"
ok "self-signed fallback served (CN $SERVER)"
issue first-issue
wait_subject first-issue
ok "Let's Encrypt-layout certificate picked up and served without a restart"
issue renewed
wait_subject renewed
ok "renewed certificate served after the watcher's nginx -s reload"
# The watcher logs right after `nginx -s reload` returns, which can be a moment after the new
# workers already serve the new certificate: give the line a few seconds to appear.
reload_logged=
for _ in $(seq 20); do
  if "$DOCKER" logs "$NAME" 2>&1 | grep -q 'certificate changed: nginx reloaded'; then reload_logged=1; break; fi
  sleep 0.25
done
[ -n "$reload_logged" ] || fail "no reload logged"
[ "$("$DOCKER" inspect -f '{{.RestartCount}} {{.State.Running}}' "$NAME")" = "0 true" ] || fail "proxy restarted"
phase_done

echo "proxy-config-test: PASS in ${SECONDS}s"
