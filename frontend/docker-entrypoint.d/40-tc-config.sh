#!/bin/sh
# Writes /tmp/tc-config/config.js (served as /config.js) from REACT_APP_API_URL and
# REACT_APP_STRIPE_PUBLIC_KEY, JSON-escaped, so one image runs in every environment.
# When the API is on another origin, also lets the CSP's connect-src reach it.
set -eu
out=${TC_CONFIG_DIR:-/tmp/tc-config}
mkdir -p "$out"

# JSON string escape: backslash, quote, tab, CR, newline; other control characters are
# dropped; "<" is escaped too, so the value can never close a script element.
json_escape() {
  tab=$(printf '\t')
  cr=$(printf '\r')
  printf '%s' "$1" \
    | tr -d '\000-\010\013\014\016-\037' \
    | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$tab/\\\\t/g" -e "s/$cr/\\\\r/g" -e 's/</\\u003c/g' \
    | awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}

api_url=${REACT_APP_API_URL:-}
stripe_key=${REACT_APP_STRIPE_PUBLIC_KEY:-}

tmp="$out/config.js.tmp"
{
  echo "// Written at container start by /docker-entrypoint.d/40-tc-config.sh"
  printf 'window.__CONFIG__ = {"apiUrl": "%s", "stripePublicKey": "%s"};\n' \
    "$(json_escape "$api_url")" "$(json_escape "$stripe_key")"
} > "$tmp"
mv "$tmp" "$out/config.js"

# Only a plain http(s) origin goes into the CSP header; anything else is left out (same origin).
origin=$(printf '%s' "$api_url" | sed -n 's#^\(https\{0,1\}://[A-Za-z0-9.-]\{1,\}\(:[0-9]\{1,5\}\)\{0,1\}\).*$#\1#p')
if [ -n "$origin" ]; then
  printf 'set $tc_connect_extra " %s";\n' "$origin" > "$out/csp.conf"
else
  rm -f "$out/csp.conf"
fi
echo "40-tc-config.sh: wrote $out/config.js (apiUrl ${api_url:-same origin}, stripe key $( [ -n "$stripe_key" ] && echo set || echo unset))"
