#!/usr/bin/env bash
# Compiles the CIN census import with swc (aliases from the root .swcrc) and runs the benchmark under plain node.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
npx --no-install swc contracts/src services/ingestion/src/imports -d "$out" --quiet --config-file .swcrc
ln -s "$root/node_modules" "$out/node_modules"
node "$out/services/ingestion/src/imports/cin-census/bench/cin-census.bench.js"
