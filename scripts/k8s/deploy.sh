#!/usr/bin/env bash
# Releases a kustomization in order, so migrations run before the new pods:
#   1. namespace: objects labelled training-club.ch/deploy-phase=namespace (the overlay's
#      namespace.yaml), then a check that the secret training-club-secrets exists
#   2. pre-rollout: objects labelled training-club.ch/deploy-phase=pre-rollout (backend config,
#      service account, network policies, staging data services, the backend-migrate Job). The
#      previous release's Job is deleted first: a Job's pod template cannot be changed.
#   3. wait for backend-migrate to complete (its logs are printed if it fails: the release
#      stops, the running pods are untouched)
#   4. everything (`kubectl apply -k`), then wait for the Deployments' rollouts
#
# Usage: scripts/k8s/deploy.sh [--dry-run] OVERLAY|DIR
#   OVERLAY    staging or production (deploy/k8s/overlays/OVERLAY), or DIR: any kustomization
#              built on an overlay, e.g. one that pins the images to digests
#   --dry-run  every call with --dry-run=server, no waiting (used by scripts/k8s/validate.sh)
# Env: KUBECONFIG / the current kubectl context; K8S_DIR (default deploy/k8s);
#      MIGRATE_TIMEOUT (seconds, default 600); ROLLOUT_TIMEOUT (default 10m);
#      ALLOW_UNPINNED_IMAGES=1 to deploy images by tag (otherwise digests are required).
# Needs only bash and kubectl (v1.27+, embedded kustomize), so the Dagger deploy function can run
# it in a kubectl container.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
k8s_dir="${K8S_DIR:-$repo_root/deploy/k8s}"
dry_run=0
if [ "${1:-}" = --dry-run ]; then dry_run=1; shift; fi
target="${1:?usage: deploy.sh [--dry-run] OVERLAY|DIR}"
if [ -f "$target/kustomization.yaml" ]; then dir="$target"; else dir="$k8s_dir/overlays/$target"; fi
phase_label=training-club.ch/deploy-phase
job=backend-migrate

log() { echo "[k8s-deploy] $*" >&2; }
die() { echo "[k8s-deploy] FAILED: $*" >&2; exit 1; }
start=$SECONDS
step() { log "-- $* ($((SECONDS - start))s)"; }

[ -f "$dir/kustomization.yaml" ] || die "no kustomization at $dir"
dry=()
[ "$dry_run" = 1 ] && dry=(--dry-run=server)

step "checking $dir"
manifests="$(kubectl kustomize "$dir")" || die "kustomize build of $dir"
unpinned="$(grep -E '^\s+image: .*training-club.(backend|frontend)' <<<"$manifests" | grep -v '@sha256:' || true)"
if [ -n "$unpinned" ]; then
  if [ "$dry_run" = 1 ] || [ "${ALLOW_UNPINNED_IMAGES:-0}" = 1 ]; then
    log "images by tag (allowed with --dry-run / ALLOW_UNPINNED_IMAGES=1):"$'\n'"$unpinned"
  else
    die "images must be pinned by digest (kustomize edit set image ...@sha256:...), or set ALLOW_UNPINNED_IMAGES=1:"$'\n'"$unpinned"
  fi
fi

step "namespace"
ns_out="$(kubectl apply "${dry[@]}" -k "$dir" -l "$phase_label=namespace" -o name)" \
  || die "applying the namespace"
ns="${ns_out#namespace/}"
if [ "$(wc -l <<<"$ns_out")" -ne 1 ] || [[ "$ns_out" != namespace/?* ]]; then
  die "expected exactly one Namespace labelled $phase_label=namespace, got: '$ns_out'"
fi
log "namespace $ns"
if [ "$dry_run" = 0 ]; then
  kubectl -n "$ns" get secret training-club-secrets >/dev/null 2>&1 \
    || die "secret training-club-secrets missing in namespace $ns (see deploy/k8s/README.md)"
fi

step "pre-rollout objects and the $job Job"
kubectl -n "$ns" delete job "$job" --ignore-not-found --wait=true "${dry[@]}" >&2
out="$(kubectl apply "${dry[@]}" -k "$dir" -l "$phase_label=pre-rollout")" || die "applying the pre-rollout phase"
echo "$out" >&2
grep -q "job.batch/$job" <<<"$out" || die "the pre-rollout phase did not contain job/$job"

if [ "$dry_run" = 0 ]; then
  step "waiting for $job (timeout ${MIGRATE_TIMEOUT:-600}s)"
  deadline=$((SECONDS + ${MIGRATE_TIMEOUT:-600}))
  while :; do
    succeeded="$(kubectl -n "$ns" get job "$job" -o 'jsonpath={.status.succeeded}')"
    failed="$(kubectl -n "$ns" get job "$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].status}')"
    [ "${succeeded:-0}" -ge 1 ] && break
    if [ "$failed" = True ] || [ "$SECONDS" -ge "$deadline" ]; then
      kubectl -n "$ns" logs "job/$job" --all-containers --tail=100 >&2 || true
      die "migration job $job did not complete; the running release is unchanged"
    fi
    sleep 3
  done
  log "$job completed"
fi

step "applying everything"
kubectl apply "${dry[@]}" -k "$dir" >&2 || die "kubectl apply -k $dir"

if [ "$dry_run" = 0 ]; then
  step "waiting for the rollouts"
  for d in backend frontend; do
    kubectl -n "$ns" rollout status "deployment/$d" --timeout="${ROLLOUT_TIMEOUT:-10m}" >&2 \
      || die "deployment/$d did not roll out (kubectl -n $ns rollout undo deployment/$d)"
  done
fi
step "done: $ns$([ "$dry_run" = 1 ] && echo ' (server dry-run)')"
