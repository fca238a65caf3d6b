#!/bin/sh
# Points /tmp/nginx/tls/ at the Let's Encrypt certificate or a fresh self-signed one.
set -e
exec /usr/local/bin/tc-tls select
