#!/usr/bin/env bash
# Builds the frontend image and checks it the way production runs it: read-only root, tmpfs
# /tmp, non-root; /config.js from REACT_APP_* (JSON-escaped), CSP with the API origin, SPA
# fallback, caching headers, gzip, security headers, and the Docker HEALTHCHECK turning healthy.
#   NODE_IMAGE, NGINX_IMAGE   base images (defaults: the official ones; here: standin/node:20,
#                             standin/nginx:alpine)
#   FRONTEND_IMAGE            tag to build (default training-club/frontend:test)
#   SKIP_BUILD=1              test an image that is already built
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKER=${DOCKER:-/usr/bin/docker}
NODE_IMAGE=${NODE_IMAGE:-node:20-alpine}
NGINX_IMAGE=${NGINX_IMAGE:-nginx:alpine}
FRONTEND_IMAGE=${FRONTEND_IMAGE:-training-club/frontend:test}
NAME=tc-frontend-image-test-$$
# shellcheck source=../../scripts/lib.sh
source ../scripts/lib.sh
PORT=${IMAGE_TEST_PORT:-$(free_port)}

fail() { echo "frontend-image-test: FAIL: $*" >&2; exit 1; }
ok() { echo "frontend-image-test: ok: $*"; }
tp=$(date +%s)
phase() { local now; now=$(date +%s); echo "frontend-image-test: phase '$1' took $((now - tp))s"; tp=$now; }
cleanup() { "$DOCKER" rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT

"$DOCKER" info >/dev/null 2>&1 || fail "docker does not answer"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --build-arg NODE_IMAGE="$NODE_IMAGE" --build-arg NGINX_IMAGE="$NGINX_IMAGE" \
    -t "$FRONTEND_IMAGE" . >/dev/null
  phase build
fi
size=$("$DOCKER" image inspect -f '{{.Size}}' "$FRONTEND_IMAGE")
echo "frontend-image-test: $FRONTEND_IMAGE is $((size / 1024 / 1024)) MiB"

key='pk_test_fake"quote</script>'
"$DOCKER" run -d --name "$NAME" --read-only --tmpfs /tmp -p "127.0.0.1:$PORT:8080" \
  -e REACT_APP_API_URL=https://api.example.test:8443/ -e REACT_APP_STRIPE_PUBLIC_KEY="$key" \
  "$FRONTEND_IMAGE" >/dev/null
base=http://127.0.0.1:$PORT
for _ in $(seq 1 50); do curl -fsS -m 2 "$base/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS -m 2 "$base/" >/dev/null || { "$DOCKER" logs "$NAME" >&2; fail "no answer on $base/"; }
phase start

[ "$("$DOCKER" exec "$NAME" id -u)" != 0 ] || fail "nginx runs as root"
ok "runs as uid $("$DOCKER" exec "$NAME" id -u) with a read-only root"

cfg=$(curl -fsS "$base/config.js")
node -e '
  const window = {}; eval(process.argv[1]);
  const c = window.__CONFIG__;
  if (c.apiUrl !== "https://api.example.test:8443/" || c.stripePublicKey !== process.argv[2]) {
    console.error("config.js does not round-trip:", JSON.stringify(c)); process.exit(1);
  }' "$cfg" "$key" || fail "/config.js is wrong: $cfg"
case "$cfg" in *"</script"*) fail "/config.js contains </script" ;; esac
ok "/config.js carries REACT_APP_* JSON-escaped"

headers() { curl -fsS -o /dev/null -D - "$@" | tr -d '\r'; }
h=$(headers "$base/config.js")
grep -qi '^cache-control: no-cache' <<<"$h" || fail "/config.js is cacheable"
h=$(headers "$base/")
grep -qi '^cache-control: no-cache' <<<"$h" || fail "index.html is cacheable"
grep -qi "^content-security-policy:.*script-src 'self' https://js.stripe.com" <<<"$h" || fail "CSP does not allow Stripe's script"
grep -qi "^content-security-policy:.*connect-src [^;]*https://api.example.test:8443" <<<"$h" || fail "CSP connect-src lacks the API origin"
grep -qi "^content-security-policy:.*frame-ancestors 'none'" <<<"$h" || fail "CSP lacks frame-ancestors"
grep -qi '^x-content-type-options: nosniff' <<<"$h" || fail "no X-Content-Type-Options"
grep -qi '^referrer-policy:' <<<"$h" || fail "no Referrer-Policy"
grep -qi '^x-frame-options: deny' <<<"$h" || fail "no X-Frame-Options"
ok "security headers and no-cache on index.html and config.js"

asset=$(curl -fsS "$base/" | grep -o '/assets/index-[A-Za-z0-9_-]*\.js' | head -1)
[ -n "$asset" ] || fail "index.html references no hashed script"
h=$(headers -H 'Accept-Encoding: gzip' "$base$asset")
grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$h" || fail "$asset is not cached immutably"
grep -qi '^content-encoding: gzip' <<<"$h" || fail "$asset is not gzipped"
grep -qi '^x-content-type-options: nosniff' <<<"$h" || fail "$asset lacks the security headers"
ok "hashed assets: immutable, gzip"

curl -fsS "$base/sessions/42" | grep -q '<div id="root">' || fail "SPA fallback does not serve index.html"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/assets/nope.js")
[ "$code" = 404 ] || fail "a missing asset answered $code, not 404"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/anything")
[ "$code" = 404 ] || fail "/api/ on the frontend answered $code, not 404"
ok "SPA fallback; missing assets and /api 404"

for _ in $(seq 1 30); do
  st=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$NAME")
  [ "$st" = healthy ] && break
  sleep 1
done
[ "$st" = healthy ] || fail "HEALTHCHECK status is $st"
ok "HEALTHCHECK healthy"
phase checks
echo "frontend-image-test: all checks passed"
