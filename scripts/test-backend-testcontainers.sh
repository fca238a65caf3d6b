#!/usr/bin/env bash
# Runs the backend integration tests once through testcontainers-go, the path a developer's
# laptop with Docker takes: no TEST_MYSQL_DSN/TEST_REDIS_URL, so internal/testenv starts MySQL
# and Redis containers from MYSQL_IMAGE / REDIS_IMAGE. No registry is reachable here, so it uses
# the local stand-ins (MariaDB behind the mysql name) unless the images are given.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ -z "${MYSQL_IMAGE:-}" ] || [ -z "${REDIS_IMAGE:-}" ]; then
  bash scripts/standins.sh
  export MYSQL_IMAGE=${MYSQL_IMAGE:-standin/mysql:8.0} REDIS_IMAGE=${REDIS_IMAGE:-standin/redis:7}
fi
# Ryuk (the reaper) cannot be pulled here; testenv.Main terminates its containers itself. Without
# the host override testcontainers dials the default gateway instead of loopback.
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
unset TEST_MYSQL_DSN TEST_REDIS_URL
# shellcheck source=lib.sh
source scripts/lib.sh
ensure_stripe_mock
ensure_mailpit
cd backend
echo "testcontainers: MYSQL_IMAGE=$MYSQL_IMAGE REDIS_IMAGE=$REDIS_IMAGE"
# One package at a time: each package starts its own pair of containers.
go test -count=1 -p 1 ./...
echo "testcontainers: done in $(( $(date +%s) - start ))s"
