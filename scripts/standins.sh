#!/usr/bin/env bash
# Makes sure dockerd answers and the local stand-in base images exist (no registry here; see
# ../shared/standin-images/README.md). A no-op when all of them are present and current.
# The shared folder sits beside the repository (CI clones the repo next to it); override with
# STANDIN_DIR. Needs root the first time (installs docker.io, builds images).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${STANDIN_DIR:-../shared/standin-images}
if [ ! -x "$dir/build.sh" ] || [ ! -x "$dir/ensure-docker.sh" ]; then
  echo "standins: $dir/build.sh or ensure-docker.sh not found (set STANDIN_DIR)" >&2
  exit 1
fi
start=$(date +%s)
"$dir/ensure-docker.sh"
# build.sh skips images that exist and carry the host's current CA bundle.
"$dir/build.sh" debian golang node nginx mysql redis distroless
echo "standins: ready in $(( $(date +%s) - start ))s"
