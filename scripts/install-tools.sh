#!/usr/bin/env bash
# Installs the repo's pinned Go tools (scripts/tools.env) into GOBIN, skipping each one already
# installed at its pinned version (a stamp file next to the binary records it).
#   scripts/install-tools.sh gotestsum staticcheck actionlint stripe-mock mailpit
# The Dagger module runs this in a layer of its own, before the source, so tool installs stay
# cached when only the source changes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools.env
source "$here/tools.env"

gobin=${GOBIN:-$(go env GOPATH)/bin}
mkdir -p "$gobin"

install_tool() {
  local name=$1 pkg=$2 version=$3
  local stamp="$gobin/.$name-version"
  if [ -x "$gobin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    return 0
  fi
  local start=$SECONDS
  echo "install-tools: $name $version" >&2
  GOBIN=$gobin GOFLAGS=-mod=mod go install "$pkg@$version" >&2
  printf '%s\n' "$version" > "$stamp"
  echo "install-tools: $name installed in $((SECONDS - start))s" >&2
}

[ $# -gt 0 ] || { echo "usage: $0 TOOL..." >&2; exit 2; }
for tool in "$@"; do
  case "$tool" in
    gotestsum)   install_tool gotestsum gotest.tools/gotestsum "$GOTESTSUM_VERSION" ;;
    staticcheck) install_tool staticcheck honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION" ;;
    actionlint)  install_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION" ;;
    stripe-mock) install_tool stripe-mock github.com/stripe/stripe-mock "$STRIPE_MOCK_VERSION" ;;
    mailpit)     install_tool mailpit github.com/axllent/mailpit "$MAILPIT_VERSION" ;;
    *) echo "install-tools: unknown tool '$tool'" >&2; exit 2 ;;
  esac
done
