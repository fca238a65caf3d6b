#!/usr/bin/env bash
# Lint every GitHub Actions workflow in .github/workflows with actionlint.
#
# - actionlint is installed with `go install` into GOBIN (default
#   $(go env GOPATH)/bin) only when it is missing or not the pinned version.
# - shellcheck checks the `run:` scripts. When it is not on PATH and we are root
#   with apt-get, it is installed from Debian (package `shellcheck`). If it is
#   still missing the script FAILS, unless ACTIONLINT_SHELLCHECK=skip is set,
#   which runs actionlint without the shell checks and says so loudly.
# - Exits non-zero on any finding.
#
# Env: ACTIONLINT_VERSION (pinned below), GOBIN, ACTIONLINT_SHELLCHECK=skip.
set -euo pipefail

# shellcheck source=tools.env
source "$(dirname "${BASH_SOURCE[0]}")/tools.env"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { echo "actionlint.sh: ERROR: $*" >&2; exit 1; }

# --- workflows present? (never pass on an empty set) ---------------------
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
shopt -u nullglob
((${#workflows[@]} > 0)) || die "no workflow files in .github/workflows"

# --- actionlint --------------------------------------------------------------
# shellcheck source=lib.sh
source scripts/lib.sh
phase "ensure actionlint ${ACTIONLINT_VERSION}"
command -v go >/dev/null 2>&1 || die "go is required to install actionlint"
bash scripts/install-tools.sh actionlint
actionlint="${GOBIN:-$(go env GOPATH)/bin}/actionlint"
installed="$("$actionlint" -version | head -n1)"
[[ "$installed" == "$ACTIONLINT_VERSION" ]] ||
  die "installed actionlint reports '$installed', want $ACTIONLINT_VERSION"
echo "    $actionlint ($installed)"
phase_done

# --- shellcheck --------------------------------------------------------------
phase "ensure shellcheck"
if ! command -v shellcheck >/dev/null 2>&1 && [[ "${ACTIONLINT_SHELLCHECK:-}" != skip ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "    installing Debian package shellcheck"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends shellcheck >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends shellcheck >/dev/null; } ||
      die "apt-get install shellcheck failed"
  fi
fi
shellcheck_flag=()
if [[ "${ACTIONLINT_SHELLCHECK:-}" == skip ]]; then
  echo "    WARNING: ACTIONLINT_SHELLCHECK=skip: run: scripts are NOT shellchecked" >&2
  shellcheck_flag=(-shellcheck=)
elif command -v shellcheck >/dev/null 2>&1; then
  echo "    using $(command -v shellcheck) ($(shellcheck --version | sed -n 's/^version: //p'))"
  shellcheck_flag=(-shellcheck="$(command -v shellcheck)")
else
  die "shellcheck not found and cannot be installed (not root or no apt-get); install it or set ACTIONLINT_SHELLCHECK=skip"
fi
phase_done

# --- lint --------------------------------------------------------------------
phase "lint ${#workflows[@]} workflow(s): ${workflows[*]}"
"$actionlint" -no-color "${shellcheck_flag[@]}" "${workflows[@]}"
phase_done

# actionlint cannot look up the inputs of an action pinned by SHA. Lint a copy
# with each pin rewritten to its major tag (from the "# vX.Y.Z" comment) so the
# inputs of the actions actionlint knows (e.g. upload-artifact) are checked too.
phase "lint again with pins rewritten to major tags (input checks)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/.github/workflows"
for wf in "${workflows[@]}"; do
  sed -E 's/@[0-9a-f]{40} # (v[0-9]+)[.0-9]*$/@\1/' "$wf" >"$tmp/$wf"
done
(cd "$tmp" && "$actionlint" -no-color -shellcheck= -pyflakes= "${workflows[@]}")
phase_done

# --- pin policy ----------------------------------------------------------------
# Every remote action: owner/repo[/path]@<40-hex commit> # vX.Y.Z
phase "check action pins"
bad=0
while IFS= read -r hit; do
  ref="${hit#*uses:}"
  ref="${ref#"${ref%%[![:space:]]*}"}"
  ref="${ref#[\"\']}"
  case "$ref" in ./* | docker://*) continue ;; esac
  if ! [[ "$ref" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}\ \#\ v[0-9]+(\.[0-9]+){0,2}$ ]]; then
    echo "    not pinned as '<action>@<full sha> # vX.Y.Z': $hit" >&2
    bad=1
  fi
done < <(grep -HnE '^[[:space:]-]*uses:' "${workflows[@]}")
((bad == 0)) || die "unpinned or uncommented action references"
phase_done

# --- Dagger CLI version == module engine version ---------------------------
phase "check dagger-for-github version == dagger.json engineVersion"
[[ -f dagger.json ]] || die "dagger.json not found: cannot check the Dagger version the workflows pin"
engine="$(sed -nE 's/.*"engineVersion"[[:space:]]*:[[:space:]]*"v?([^"]+)".*/\1/p' dagger.json)"
[[ -n "$engine" ]] || die "no engineVersion in dagger.json"
# One line per dagger-for-github step: "<file>:<line> <version or MISSING>".
steps="$(awk '
  function flush() { if (at != "") print at, (ver == "" ? "MISSING" : ver); at = "" }
  FNR == 1 { flush() }
  at != "" && /^[[:space:]]*- / { flush() }
  at != "" && /^[[:space:]]+version:/ {
    ver = $0; sub(/^[[:space:]]+version:[[:space:]]*/, "", ver); gsub(/["[:space:]]/, "", ver); sub(/^v/, "", ver)
  }
  /^[[:space:]-]*uses:[[:space:]]*dagger\/dagger-for-github@/ { flush(); at = FILENAME ":" FNR; ver = "" }
  END { flush() }
' "${workflows[@]}")"
n=0
mismatch=0
while read -r where v; do
  [[ -n "$where" ]] || continue
  n=$((n + 1))
  if [[ "$v" != "$engine" ]]; then
    echo "    $where: dagger version '$v' != dagger.json engineVersion '$engine'" >&2
    mismatch=1
  fi
done <<<"$steps"
((mismatch == 0)) || die "Dagger version in workflows differs from dagger.json engineVersion"
((n > 0)) || die "no dagger/dagger-for-github step found in the workflows"
echo "    $n dagger-for-github step(s) pin $engine"
phase_done
echo "actionlint: clean"
