#!/usr/bin/env bash
# Ensures a kube-apiserver binary (and Debian's etcd) for the server-side dry-run in
# scripts/k8s/validate.sh, and prints the binary's path on the last line of stdout.
#
# kube-apiserver is built from the k8s.io/kubernetes module through the Go module proxy by the
# wrapper module tools/kube-apiserver (its go.mod pins every k8s.io/* staging module to the
# matching v0.x release). The build takes ~25 minutes on 2 cores, so the binary is cached
# outside the repo and reused when present:
#   ${K8S_TOOLS_DIR:-/var/cache/training-club/k8s}/v${K8S_VERSION}/kube-apiserver
#
# Env: K8S_TOOLS_DIR (cache root), FORCE_REBUILD=1 (ignore the cached binary),
#      BUILD_NICE (nice level for the build, default 10: the machine is shared).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wrapper="$repo_root/tools/kube-apiserver"
# Keep in sync with tools/kube-apiserver/go.mod and scripts/k8s/versions.env.
# shellcheck source-path=SCRIPTDIR source=versions.env
source "$repo_root/scripts/k8s/versions.env"

tools_dir="${K8S_TOOLS_DIR:-/var/cache/training-club/k8s}"
out_dir="$tools_dir/v$K8S_VERSION"
bin="$out_dir/kube-apiserver"

log() { echo "[ensure-apiserver] $*" >&2; }
die() { echo "[ensure-apiserver] ERROR: $*" >&2; exit 1; }

start=$SECONDS

# etcd (Debian's etcd-server package) is the apiserver's storage.
if ! command -v etcd >/dev/null 2>&1; then
  log "etcd missing: installing Debian's etcd-server"
  [ "$(id -u)" -eq 0 ] || die "etcd is not installed and we are not root (apt-get install etcd-server)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends etcd-server >&2
  # The package starts a system etcd on 2379 on some setups; validate.sh uses its own ports.
fi
command -v etcd >/dev/null 2>&1 || die "etcd still missing after apt-get install etcd-server"
log "etcd: $(command -v etcd) ($(etcd --version 2>/dev/null | head -1))"

grep -q "^require k8s.io/kubernetes v$K8S_VERSION\$" "$wrapper/go.mod" \
  || die "tools/kube-apiserver/go.mod does not require k8s.io/kubernetes v$K8S_VERSION (versions.env)"

mkdir -p "$out_dir"
# One build at a time: a second caller (parallel CI job) waits here and then reuses the binary.
exec 9>"$out_dir/.build.lock"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || { log "another build holds $out_dir/.build.lock, waiting"; flock 9; }
fi

if [ -x "$bin" ] && [ "${FORCE_REBUILD:-0}" != 1 ]; then
  if "$bin" --version 2>/dev/null | grep -q "v$K8S_VERSION"; then
    log "reusing cached $bin ($("$bin" --version)) in $((SECONDS - start))s"
    echo "$bin"
    exit 0
  fi
  log "cached $bin reports '$("$bin" --version 2>&1 || true)', rebuilding"
fi

command -v go >/dev/null 2>&1 || die "go is required to build kube-apiserver"
log "building kube-apiserver v$K8S_VERSION from k8s.io/kubernetes via the Go module proxy"
log "(8 to 25 minutes on 2 cores with a cold Go build cache; nice ${BUILD_NICE:-10}) -> $bin"
pkg=k8s.io/component-base/version
minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"   # 1.32.13 -> 32
ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
ldflags="$ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
build_start=$SECONDS
(
  cd "$wrapper"
  # -mod=readonly: go.sum is committed; a mismatch must fail, not silently re-resolve.
  CGO_ENABLED=0 GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=readonly" \
    nice -n "${BUILD_NICE:-10}" go build -trimpath -ldflags "$ldflags" \
    -o "$bin.tmp" k8s.io/kubernetes/cmd/kube-apiserver
)
mv "$bin.tmp" "$bin"
"$bin" --version | grep -q "v$K8S_VERSION" || die "built binary reports '$("$bin" --version)'"
log "built $("$bin" --version) in $((SECONDS - build_start))s (total $((SECONDS - start))s)"
echo "$bin"
