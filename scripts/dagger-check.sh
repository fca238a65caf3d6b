#!/usr/bin/env bash
# Type-checks the Dagger module in ci/ without a Dagger engine, and runs the unit tests of its
# plain packages.
#
# A module's Go code imports its generated bindings (ci/internal/dagger, ci/dagger.gen.go), which
# Dagger writes at `dagger call` time and which are not committed. This script generates stand-ins
# into a temporary directory: ci/cmd/daggerstub parses the dagger.io/dagger library source (same
# engine schema, same client API) and aliases every exported non-generic name
# (`type Container = dagger.Container`, ...), plus the `dag` client and the other top-level names
# of the generated main file. `go vet -overlay` then compiles the module as if the bindings were
# there: a wrong method name, argument type or option field fails this script.
#
# The library version is pinned to the module's engineVersion in dagger.json. Nothing is written
# into the repository; the Go module and build caches are reused.
#
# Usage: bash scripts/dagger-check.sh            (from anywhere in the repository)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ci="$root/ci"
t_all=$(date +%s)
die() { echo "dagger-check: FAIL: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not installed"
[[ -f "$root/dagger.json" ]] || die "dagger.json not found at the repository root"
[[ -f "$ci/go.mod" ]] || die "ci/go.mod not found"

engine="$(sed -nE 's/.*"engineVersion"[[:space:]]*:[[:space:]]*"(v[^"]+)".*/\1/p' "$root/dagger.json")"
[[ -n "$engine" ]] || die "no engineVersion in dagger.json"
name="$(sed -nE 's/.*"name"[[:space:]]*:[[:space:]]*"([^"]+)".*/\1/p' "$root/dagger.json" | head -n1)"
[[ -n "$name" ]] || die "no name in dagger.json"
# training-club -> TrainingClub: the Go name of the module's main object.
object="$(echo "$name" | awk -F'[-_]' '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2) }')"
module_path="$(cd "$ci" && GOWORK=off go list -m)"
grep -q "^type $object struct" "$ci"/*.go || die "no 'type $object struct' in ci/*.go (dagger.json name is '$name')"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
phase "gofmt (ci/)"
unformatted="$(cd "$ci" && gofmt -l .)"
[[ -z "$unformatted" ]] || die "gofmt needed on: $unformatted"
phase_done

phase "resolve dagger.io/dagger@$engine (temporary go.mod; ci/go.mod is not changed)"
# The committed ci/go.mod stays free of the library: in the engine the generated bindings bring
# their own requirements (`go mod tidy` runs after codegen), and in the go.work workspace a
# dependency-free ci module cannot change the backend's dependency versions.
cp "$ci/go.mod" "$tmp/go.mod"
if [[ -f "$ci/go.sum" ]]; then cp "$ci/go.sum" "$tmp/go.sum"; fi
(cd "$ci" && GOWORK=off GOFLAGS=-mod=mod go get -modfile="$tmp/go.mod" "dagger.io/dagger@$engine" 2>"$tmp/get.log") \
  || { cat "$tmp/get.log" >&2; false; } \
  || die "cannot resolve dagger.io/dagger@$engine (Go module proxy reachable?)"
lib="$(cd "$ci" && GOWORK=off go list -modfile="$tmp/go.mod" -m -f '{{.Dir}}' dagger.io/dagger)"
[[ -f "$lib/dagger.gen.go" ]] || die "dagger.io/dagger source not found at '$lib'"
phase_done

phase "generate stand-in bindings ($object, $module_path)"
(cd "$ci" && GOWORK=off go run -modfile="$tmp/go.mod" ./cmd/daggerstub \
  -lib "$lib" -pkg-out "$tmp/internal_dagger.go" -main-out "$tmp/main_dagger_gen.go" \
  -object "$object" -module "$module_path")
echo "   $(grep -c ' = lib\.' "$tmp/internal_dagger.go") aliases written to a temporary file"
# The overlay adds the stand-ins and hides any real generated files a developer has locally
# (from `dagger develop`), so the result does not depend on what is on this disk.
{
  echo '{"Replace": {'
  printf '  "%s": "%s",\n' "$ci/internal/dagger/dagger.gen.go" "$tmp/internal_dagger.go"
  shopt -s nullglob
  for f in "$ci"/internal/dagger/*.go "$ci"/internal/querybuilder/*.go "$ci"/internal/telemetry/*.go; do
    [[ "$f" == "$ci/internal/dagger/dagger.gen.go" ]] && continue
    printf '  "%s": "",\n' "$f"
  done
  shopt -u nullglob
  printf '  "%s": "%s"\n' "$ci/dagger.gen.go" "$tmp/main_dagger_gen.go"
  echo '}}'
} > "$tmp/overlay.json"
phase_done

phase "go build -overlay (type-checks the module against the Dagger API)"
(cd "$ci" && GOWORK=off go build -modfile="$tmp/go.mod" -overlay="$tmp/overlay.json" -o /dev/null ./...) \
  || die "the module does not compile against dagger.io/dagger@$engine (see above)"
phase_done

phase "go vet (temporary copy of ci/ with the stand-ins as real files)"
# go vet also analyses dependencies, changing into their directories, and the overlaid
# internal/dagger has none on disk: vet runs on a copy where the stand-ins are real files.
# Paths in its messages are mapped back to ci/.
mkdir -p "$tmp/mod"
(cd "$ci" && tar --exclude=./internal/dagger --exclude=./internal/querybuilder \
  --exclude=./internal/telemetry --exclude=./dagger.gen.go -cf - .) | tar -C "$tmp/mod" -xf -
mkdir -p "$tmp/mod/internal/dagger"
cp "$tmp/internal_dagger.go" "$tmp/mod/internal/dagger/dagger.gen.go"
cp "$tmp/main_dagger_gen.go" "$tmp/mod/dagger.gen.go"
cp "$tmp/go.mod" "$tmp/mod/go.mod"
cp "$tmp/go.sum" "$tmp/mod/go.sum"
if ! (cd "$tmp/mod" && GOWORK=off go vet ./... 2>"$tmp/vet.log"); then
  sed "s|$tmp/mod/|ci/|g; s|^\./|ci/|" "$tmp/vet.log" >&2
  die "go vet found problems in the module (see above)"
fi
phase_done

phase "doc comments on every exported function of the module"
# `dagger functions` shows these; an undocumented function is a usability bug.
undocumented="$(cd "$ci" && awk '
  FNR == 1 { prev = "" }
  /^func \([a-z]+ \*?'"$object"'\) [A-Z]/ || /^func New\(/ {
    if (prev !~ /^\/\//) print FILENAME ": " $0
  }
  { prev = $0 }' ./*.go)"
[[ -z "$undocumented" ]] || die "exported functions without a doc comment:
$undocumented"
phase_done

phase "go test ./pipeline/... ./cmd/... (plain packages, no engine)"
(cd "$ci" && go test -count=1 ./pipeline/... ./cmd/...) || die "unit tests failed"
phase_done

echo "dagger-check: OK in $(($(date +%s) - t_all))s (module $name, dagger.io/dagger $engine)"
