#!/usr/bin/env bash
# Static checks of the whole repo: gofmt, go vet and staticcheck on every Go module, frontend
# eslint + tsc, actionlint on the workflows, and the Dockerfile checks. Non-zero on any finding.
#   scripts/lint.sh [PART...]   only these parts (go frontend actions dockerfiles); all by default.
#                               The Dagger module runs each part in its own container, in parallel.
#   LINT_SKIP  space-separated parts to skip (go frontend actions dockerfiles); skipped parts are
#              printed as SKIPPED, never as passed.
set -euo pipefail
cd "$(dirname "$0")/.."

# The frontend part also runs where there is no Go (the module's Node container).
if command -v go >/dev/null 2>&1; then PATH=$(go env GOPATH)/bin:$PATH; fi
export PATH
failed=0
skip=" ${LINT_SKIP:-} "

part() {
  local name=$1; shift
  if [[ $skip == *" $name "* ]]; then echo "lint: $name SKIPPED (LINT_SKIP)"; return; fi
  local start; start=$(date +%s)
  if "$@"; then echo "lint: $name ok ($(( $(date +%s) - start ))s)"
  else echo "lint: $name FAILED" >&2; failed=1; fi
}

go_lint() {
  bash scripts/install-tools.sh staticcheck
  # Generated Dagger bindings (gitignored) are not ours to format. find, not git ls-files: inside
  # `dagger call lint` the source has no .git.
  local unformatted
  unformatted=$(find . -name '*.go' -not -path './ci/internal/*' -not -path './ci/dagger.gen.go' \
    -not -path '*/node_modules/*' -not -path './tools/*/vendor/*' -print0 | xargs -0 gofmt -l)
  if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; return 1; fi
  (cd backend && go vet ./... && staticcheck ./...) || return 1
  # The module's main package needs generated bindings; its plain packages are checked here and
  # the whole module by scripts/dagger-check.sh.
  (cd ci && go vet ./pipeline/... ./cmd/... && staticcheck ./pipeline/... ./cmd/...) || return 1
  # Standalone tool modules outside go.work.
  (cd scripts/k8s/schemagen && GOWORK=off go vet ./... && GOWORK=off staticcheck ./...) || return 1
  (cd tools/reproimage && GOWORK=off go vet ./... && GOWORK=off staticcheck ./...) || return 1
}

frontend_lint() {
  bash scripts/npm-deps.sh
  (cd frontend && npx --no-install eslint --max-warnings=0 . && npx --no-install tsc --noEmit)
}

dockerfiles() {
  if [ -x scripts/dockerfile-check.sh ]; then bash scripts/dockerfile-check.sh; else
    echo "scripts/dockerfile-check.sh missing"; return 1; fi
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(go frontend actions dockerfiles)
for p in "${parts[@]}"; do
  case "$p" in
    go) part go go_lint ;;
    frontend) part frontend frontend_lint ;;
    actions) part actions bash scripts/actionlint.sh ;;
    dockerfiles) part dockerfiles dockerfiles ;;
    *) echo "lint: unknown part '$p' (go frontend actions dockerfiles)" >&2; exit 2 ;;
  esac
done
exit $failed
