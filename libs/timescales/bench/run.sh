#!/usr/bin/env bash
# Compiles the lib with swc into a temporary folder and runs the benchmark under plain node.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
node tools/swc-build.js -d "$out" contracts/src libs/timescales/src libs/timescales/bench
ln -s "$root/node_modules" "$out/node_modules"
node "$out/libs/timescales/bench/timescales.bench.js"
