#!/usr/bin/env bash
# Makes frontend/node_modules match frontend/package-lock.json: npm ci when it is missing or was
# installed from another lock file (a stamp records the lock's hash), nothing otherwise.
# The Dagger module runs it in a layer of its own, with only the package files, so the install
# stays cached while only the source changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../frontend"
stamp=node_modules/.tc-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -d node_modules ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "npm-deps: node_modules matches package-lock.json"
  exit 0
fi
start=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
echo "npm-deps: npm ci took $((SECONDS - start))s"
