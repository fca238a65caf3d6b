#!/usr/bin/env bash
# Validates the Kubernetes manifests offline, failing on the first problem:
#   1. tools       kustomize and kubeconform (go install, pinned in versions.env), cached
#   2. build       `kustomize build` of every overlay
#   3. schemas     JSON schemas generated from api/openapi-spec/swagger.json of the
#                  k8s.io/kubernetes module (Go module proxy) by scripts/k8s/schemagen, cached
#   4. kubeconform -strict against those schemas (unknown fields, wrong types, missing schemas)
#   5. apiserver   etcd + kube-apiserver on 127.0.0.1 (scripts/k8s/ensure-apiserver.sh)
#   6. dry-run     per overlay: create its namespace for real, then
#                  `kubectl apply --dry-run=server --warnings-as-errors -k`, and the ordered
#                  release of scripts/k8s/deploy.sh in --dry-run mode
#   7. canary      an invalid object must be rejected, or the dry-run proves nothing
#
# Env: K8S_TOOLS_DIR (cache, default /var/cache/training-club/k8s), K8S_DIR (manifests,
#      default deploy/k8s), OVERLAYS (default "staging production"), KEEP_TMP=1.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=versions.env
source "$repo_root/scripts/k8s/versions.env"
tools_dir="${K8S_TOOLS_DIR:-/var/cache/training-club/k8s}"
k8s_dir="$(cd "${K8S_DIR:-$repo_root/deploy/k8s}" && pwd)"
read -r -a overlays <<<"${OVERLAYS:-staging production}"

log() { echo "[k8s-validate] $*" >&2; }
die() { echo "[k8s-validate] FAILED: $*" >&2; exit 1; }

total_start=$SECONDS

tmp="$(mktemp -d /tmp/k8s-validate.XXXXXX)"
etcd_pid="" apiserver_pid=""
cleanup() {
  local rc=$?
  # Only the processes this script started, by PID.
  for pid in $apiserver_pid $etcd_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  if [ "${KEEP_TMP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
    log "logs kept in $tmp"
  else
    rm -rf "$tmp"
  fi
  if [ "$rc" -ne 0 ]; then echo "[k8s-validate] FAILED (exit $rc) after $((SECONDS - total_start))s" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v go >/dev/null || die "go is required"
command -v kubectl >/dev/null || die "kubectl is required"
command -v openssl >/dev/null || die "openssl is required (service-account key pair)"
export GOWORK=off GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

# --- 1. tools ---------------------------------------------------------------------------------
# shellcheck source=../lib.sh
source "$repo_root/scripts/lib.sh"
phase tools
install_tool() { # name version package -> prints the binary path
  local name="$1" version="$2" pkg="$3"
  local dir="$tools_dir/$name-$version"
  if [ ! -x "$dir/$name" ]; then
    log "installing $name $version (go install $pkg@$version)"
    mkdir -p "$dir"
    (cd "$tmp" && GOBIN="$dir" GOFLAGS=-mod=mod nice -n 10 go install "$pkg@$version") >&2 \
      || die "go install $pkg@$version"
  fi
  echo "$dir/$name"
}
kustomize="$(install_tool kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5)"
kubeconform="$(install_tool kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform/cmd/kubeconform)"
log "kustomize $KUSTOMIZE_VERSION, kubeconform $KUBECONFORM_VERSION, kubectl $(kubectl version --client | sed -n "s/^Client Version: //p")"
phase_done

# --- 2. kustomize build -----------------------------------------------------------------------
phase "kustomize build"
mkdir -p "$tmp/build"
for o in "${overlays[@]}"; do
  [ -f "$k8s_dir/overlays/$o/kustomization.yaml" ] || die "no overlay $k8s_dir/overlays/$o"
  "$kustomize" build "$k8s_dir/overlays/$o" >"$tmp/build/$o.yaml" || die "kustomize build overlays/$o"
  log "overlays/$o: $(grep -c '^kind:' "$tmp/build/$o.yaml") objects"
done
phase_done

# --- 3. schemas -------------------------------------------------------------------------------
phase schemas
schema_root="$tools_dir/schemas"
schema_dir="$schema_root/v$K8S_VERSION-standalone-strict"
# Regenerate when the Kubernetes version or the generator changes.
stamp="$(cat "$repo_root"/scripts/k8s/schemagen/go.mod "$repo_root"/scripts/k8s/schemagen/main.go \
  | sha256sum | cut -c1-16)-$K8S_VERSION"
if [ "$(cat "$schema_dir/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
  log "fetching k8s.io/kubernetes@v$K8S_VERSION through the Go module proxy"
  mod_dir="$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  swagger="$mod_dir/api/openapi-spec/swagger.json"
  [ -f "$swagger" ] || die "no swagger.json in k8s.io/kubernetes@v$K8S_VERSION (dir '$mod_dir')"
  rm -rf "$schema_dir.tmp"
  (cd "$repo_root/scripts/k8s/schemagen" && go run . -in "$swagger" -out "$schema_dir.tmp") >&2 \
    || die "schema generation"
  echo "$stamp" >"$schema_dir.tmp/.stamp"
  rm -rf "$schema_dir"
  mv "$schema_dir.tmp" "$schema_dir"
else
  log "reusing $schema_dir"
fi
n_schemas=$(find "$schema_dir" -name '*.json' | wc -l)
[ "$n_schemas" -gt 100 ] || die "only $n_schemas schemas in $schema_dir"
log "$n_schemas schemas in $schema_dir"
phase_done

# --- 4. kubeconform ---------------------------------------------------------------------------
phase kubeconform
for o in "${overlays[@]}"; do
  # No -ignore-missing-schemas: a kind without a schema is an error, not a skip.
  "$kubeconform" -strict -summary -kubernetes-version "$K8S_VERSION" \
    -schema-location "$schema_root" "$tmp/build/$o.yaml" >&2 \
    || die "kubeconform rejected overlays/$o"
done
phase_done

# --- 5. etcd + kube-apiserver -----------------------------------------------------------------
phase apiserver
apiserver="$(bash "$repo_root/scripts/k8s/ensure-apiserver.sh" | tail -1)"
[ -x "$apiserver" ] || die "ensure-apiserver.sh gave no binary ('$apiserver')"

# Ports from lib.sh's free_port (the kernel picks an unused one). A port merely tested by connecting
# can still be some connection's local port, and the apiserver's bind then fails.
used_ports=" "
pick_port() { # VAR: sets VAR to a free_port not already picked (no subshell, so used_ports keeps)
  local p
  for _ in $(seq 1 20); do
    p=$(free_port) || die "no free port"
    case "$used_ports" in *" $p "*) continue ;; esac
    used_ports="$used_ports$p "; printf -v "$1" '%s' "$p"; return
  done
  die "no free port"
}
pick_port etcd_client; pick_port etcd_peer; pick_port api_port

etcd --name validate --data-dir "$tmp/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "validate=http://127.0.0.1:$etcd_peer" \
  >"$tmp/etcd.log" 2>&1 &
etcd_pid=$!
for i in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$etcd_client/health" 2>/dev/null | grep -q '"health":"true"' && break
  kill -0 "$etcd_pid" 2>/dev/null || { tail -20 "$tmp/etcd.log" >&2; die "etcd exited"; }
  [ "$i" -lt 100 ] || { tail -20 "$tmp/etcd.log" >&2; die "etcd not healthy after 10s"; }
  sleep 0.1
done
log "etcd $(etcd --version | head -1 | awk '{print $3}') on 127.0.0.1:$etcd_client (pid $etcd_pid)"

mkdir -p "$tmp/pki"
openssl genrsa -out "$tmp/pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$tmp/pki/sa.key" -pubout -out "$tmp/pki/sa.pub" 2>/dev/null
token="$(openssl rand -hex 16)"
echo "$token,validate,validate,system:masters" >"$tmp/pki/tokens.csv"
# No --tls-cert-file: the apiserver writes a self-signed serving cert for 127.0.0.1 into --cert-dir.
"$apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
  --cert-dir="$tmp/pki/serving" \
  --etcd-servers="http://127.0.0.1:$etcd_client" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$tmp/pki/sa.pub" --service-account-signing-key-file="$tmp/pki/sa.key" \
  --token-auth-file="$tmp/pki/tokens.csv" --authorization-mode=AlwaysAllow \
  --enable-priority-and-fairness=false --profiling=false --v=1 \
  >"$tmp/apiserver.log" 2>&1 &
apiserver_pid=$!

kubeconfig="$tmp/kubeconfig"
cat >"$kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: validate
    cluster:
      server: https://127.0.0.1:$api_port
      insecure-skip-tls-verify: true
users:
  - name: validate
    user:
      token: $token
contexts:
  - name: validate
    context: {cluster: validate, user: validate}
current-context: validate
EOF
kc() { kubectl --kubeconfig "$kubeconfig" "$@"; }
for i in $(seq 1 120); do
  kc get --raw /readyz >/dev/null 2>&1 && break
  kill -0 "$apiserver_pid" 2>/dev/null || { tail -30 "$tmp/apiserver.log" >&2; die "kube-apiserver exited"; }
  [ "$i" -lt 120 ] || { tail -30 "$tmp/apiserver.log" >&2; die "kube-apiserver not ready after 60s"; }
  sleep 0.5
done
log "kube-apiserver $(kc version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1) on 127.0.0.1:$api_port (pid $apiserver_pid)"
phase_done

# --- 6. server-side dry-run -------------------------------------------------------------------
phase "server-side dry-run"
for o in "${overlays[@]}"; do
  ns_file="$k8s_dir/overlays/$o/namespace.yaml"
  [ -f "$ns_file" ] || die "overlays/$o has no namespace.yaml"
  # The namespace must exist for namespaced objects to pass admission: create it for real.
  kc apply -f "$ns_file" >&2 || die "creating the namespace of overlays/$o"
  # --warnings-as-errors: Pod Security "restricted" violations and deprecated APIs come back
  # as warnings on workloads; they fail here.
  kc apply --dry-run=server --warnings-as-errors -k "$k8s_dir/overlays/$o" >"$tmp/dry-run-$o.txt" 2>&1 \
    || { cat "$tmp/dry-run-$o.txt" >&2; die "the API server rejected overlays/$o"; }
  log "overlays/$o: $(grep -c 'server dry run' "$tmp/dry-run-$o.txt") objects accepted"
  KUBECONFIG="$kubeconfig" K8S_DIR="$k8s_dir" bash "$repo_root/scripts/k8s/deploy.sh" --dry-run "$o" \
    >"$tmp/deploy-$o.txt" 2>&1 || { cat "$tmp/deploy-$o.txt" >&2; die "deploy.sh --dry-run $o"; }
  log "overlays/$o: deploy.sh --dry-run ok (namespace, pre-rollout phase with the migration Job, then all: $(grep -c 'server dry run' "$tmp/deploy-$o.txt") objects)"
done
phase_done

# --- 7. canary --------------------------------------------------------------------------------
phase canary
# An invalid port must come back as an error; otherwise the dry-run above proved nothing.
if kc apply --dry-run=server -f - >"$tmp/canary.txt" 2>&1 <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: canary, namespace: default}
spec:
  ports: [{port: 70000}]
EOF
then
  cat "$tmp/canary.txt" >&2
  die "the API server accepted an invalid Service: the dry-run check is not working"
fi
grep -q 'Invalid value' "$tmp/canary.txt" || { cat "$tmp/canary.txt" >&2; die "canary failed for an unexpected reason"; }
log "invalid Service rejected as expected: $(grep -o 'spec.ports\[0\].port: Invalid value[^,]*' "$tmp/canary.txt" | head -1)"
# deploy.sh must refuse a real release with images by tag (it stops before touching the cluster).
if KUBECONFIG="$kubeconfig" K8S_DIR="$k8s_dir" bash "$repo_root/scripts/k8s/deploy.sh" "${overlays[0]}" \
  >"$tmp/canary-deploy.txt" 2>&1; then
  cat "$tmp/canary-deploy.txt" >&2
  die "deploy.sh released ${overlays[0]} with unpinned images"
fi
grep -q 'must be pinned by digest' "$tmp/canary-deploy.txt" \
  || { cat "$tmp/canary-deploy.txt" >&2; die "deploy.sh failed for an unexpected reason"; }
log "deploy.sh refuses images by tag, as expected"
phase_done

log "all overlays (${overlays[*]}) valid in $((SECONDS - total_start))s"
