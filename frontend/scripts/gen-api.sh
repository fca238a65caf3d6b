#!/usr/bin/env bash
# The frontend's copy of the API contract, generated, never edited by hand:
#   src/api/openapi.json   the backend's assembled OpenAPI document (`go run ./cmd/api openapi`,
#                          built from backend/internal/httpapi/openapi/*.json)
#   src/api/schema.gen.ts  its TypeScript types (openapi-typescript); the client (openapi-fetch)
#                          types every request and response from them
# Usage (from frontend/):
#   bash scripts/gen-api.sh           regenerate both (needs Go and node)
#   bash scripts/gen-api.sh --types   regenerate schema.gen.ts from the committed openapi.json (node only)
#   bash scripts/gen-api.sh --check   fail when schema.gen.ts is not what openapi.json generates
#                                     (node only; the backend's TestFrontendOpenAPIIsCurrent checks
#                                     that openapi.json is the backend's document)
set -euo pipefail
cd "$(dirname "$0")/.."
doc=src/api/openapi.json
types=src/api/schema.gen.ts
mode=${1:-all}

gen_types() { node scripts/gen-api-types.mjs "$doc" "$1"; }

case "$mode" in
  all)
    [ -d /usr/local/go/bin ] && PATH=$PATH:/usr/local/go/bin
    command -v go >/dev/null || { echo "gen-api: go is not installed (use --types to regenerate the types only)" >&2; exit 1; }
    tmp=$(mktemp)
    (cd ../backend && go run ./cmd/api openapi) > "$tmp"
    mv "$tmp" "$doc"
    gen_types "$types"
    echo "gen-api: wrote $doc and $types"
    ;;
  --types)
    gen_types "$types"
    echo "gen-api: wrote $types"
    ;;
  --check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    gen_types "$tmp/schema.gen.ts"
    if ! diff -u "$types" "$tmp/schema.gen.ts" > "$tmp/diff"; then
      head -n 40 "$tmp/diff" >&2
      echo "gen-api: FAIL: $types is not what $doc generates; run 'npm run gen:api' (or 'npm run gen:api:types') and commit" >&2
      exit 1
    fi
    echo "gen-api: $types is current with $doc"
    ;;
  *) echo "usage: gen-api.sh [--types|--check]" >&2; exit 2 ;;
esac
