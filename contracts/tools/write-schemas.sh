#!/usr/bin/env bash
# Regenerates contracts/schemas from the TypeBox schemas (npm run contracts:schemas).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tmp/contracts-schemas-build
rm -rf "$out"
trap 'rm -rf "$out"' EXIT
npx --no-install swc contracts/src contracts/tools -d "$out" --quiet
node "$out/contracts/tools/write-schemas.js" contracts/schemas
