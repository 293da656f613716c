#!/usr/bin/env bash
# Compiles the CIN census import with swc (aliases from tsconfig.base.json) and runs the benchmark under plain node.
# libs/testing (and libs/database, which it imports) for sharedData, where the fake returns are.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
node tools/swc-build.js -d "$out" contracts/src libs/database/src libs/testing/src services/ingestion/src/imports
ln -s "$root/node_modules" "$out/node_modules"
node "$out/services/ingestion/src/imports/cin-census/bench/cin-census.bench.js"
