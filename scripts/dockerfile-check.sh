#!/usr/bin/env bash
# Checks backend/, frontend/ and proxy/Dockerfile (base images only through knobs with the official
# defaults, no secrets in ARG/ENV, no ADD, no curl|sh, apt/apk hygiene, HEALTHCHECK, OCI labels,
# non-root USER where possible, exec-form CMD/ENTRYPOINT, no # syntax= lines) and that compose.yaml
# builds the same Dockerfiles with the same defaults as the Dagger module.
# The checker is ci/cmd/dockerfile-check (rules and tests in ci/pipeline/dockerfile); it needs only
# Go and the standard library. Non-zero exit on any finding.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v go >/dev/null 2>&1 || { echo "dockerfile-check: FAIL: go is not installed" >&2; exit 1; }
t0=$(date +%s)
(cd "$root/ci" && GOWORK=off go run ./cmd/dockerfile-check "$root")
echo "dockerfile-check: OK in $(($(date +%s) - t0))s"
