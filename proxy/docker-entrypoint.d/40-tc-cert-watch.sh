#!/bin/sh
# Starts the certificate watcher (reloads nginx after a renewal); CERT_WATCH_INTERVAL=0 disables it.
set -e
if [ "${CERT_WATCH_INTERVAL:-60}" = 0 ]; then
  echo "$0: certificate watcher disabled (CERT_WATCH_INTERVAL=0)"
  exit 0
fi
/usr/local/bin/tc-tls watch </dev/null &
echo "$0: certificate watcher started (every ${CERT_WATCH_INTERVAL:-60}s)"
