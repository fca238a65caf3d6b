#!/usr/bin/env bash
# Backend tests: go vet, unit + integration tests against real MySQL-compatible and Redis servers
# (TEST_MYSQL_DSN / TEST_REDIS_URL, or testcontainers when unset and Docker answers), JUnit and
# coverage reports, then each fuzz target briefly. stripe-mock and Mailpit (TEST_SMTP_URL,
# TEST_MAILPIT_API) are started on free ports unless given.
#   REPORTS_DIR  where reports go (default ./reports)
#   FUZZ_EXECS   inputs run per fuzz target (default 3000; 0 skips fuzzing). A count, not a
#                duration: Go's coordinator can fail a -fuzztime=<duration> run with a bare
#                "context deadline exceeded" when a loaded machine starves its workers at the
#                deadline (golang/go#75804); a count has no deadline to race.
#   GO_TEST_FLAGS extra flags for go test (e.g. -short)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
reports=${REPORTS_DIR:-$root/reports}
mkdir -p "$reports/backend"
reports=$(cd "$reports" && pwd)
fuzz_execs=${FUZZ_EXECS:-3000}
gobin=$(go env GOPATH)/bin
export PATH=$gobin:$PATH

# shellcheck source=lib.sh
source scripts/lib.sh

phase "tools (scripts/install-tools.sh: installed once per pinned version)"
bash scripts/install-tools.sh gotestsum stripe-mock
phase_done

phase "stripe-mock (payment request-shape tests)"
ensure_stripe_mock
phase_done

phase "mailpit (the SMTP server of the mail tests: TEST_SMTP_URL, TEST_MAILPIT_API)"
ensure_mailpit
phase_done

cd backend
phase "go vet"
go vet ./...
phase_done

phase "go test (unit + integration, race detector)"
# shellcheck disable=SC2086
gotestsum --format testname --junitfile "$reports/backend/junit.xml" \
  --jsonfile "$reports/backend/test.json" -- \
  -race -count=1 -coverpkg=./... -coverprofile="$reports/backend/coverage.out" ${GO_TEST_FLAGS:-} ./...
go tool cover -func="$reports/backend/coverage.out" > "$reports/backend/coverage.txt"
tail -n 1 "$reports/backend/coverage.txt"
phase_done

if [ "$fuzz_execs" != "0" ]; then
  phase "fuzz targets ($fuzz_execs inputs each; one instrumented build per package)"
  fuzzbin=$(mktemp -d)
  gocache=$(go env GOCACHE)
  grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u | while read -r dir; do
    pkg=$(go list "$dir")
    bin="$fuzzbin/$(echo "$pkg" | tr '/' '_').test"
    go test -c -fuzz=. -o "$bin" "$dir"
    for target in $(grep -ohE '^func Fuzz[A-Za-z0-9_]+' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
      echo "fuzz $pkg $target"
      # Run from the package directory (testdata/fuzz seeds), with the corpus go test would use.
      (cd "$dir" && "$bin" -test.run='^$' -test.fuzz="^${target}\$" -test.fuzztime="${fuzz_execs}x" \
        -test.fuzzcachedir="$gocache/fuzz/$pkg")
    done
  done
  rm -rf "$fuzzbin"
  phase_done
fi
