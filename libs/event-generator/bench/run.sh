#!/usr/bin/env bash
# Compiles the lib with swc into a temporary folder and runs the generation benchmark under plain
# node (Jest's sandbox slows global lookups ~10x). Usage: bash libs/event-generator/bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
node tools/swc-build.js -d "$out" contracts/src libs/timescales/src libs/event-generator/src libs/event-generator/bench
ln -s "$root/node_modules" "$out/node_modules"
# A larger young generation, as the CLI sets: ~1.5x faster once many cases are open at once.
node --max-semi-space-size=64 "$out/libs/event-generator/bench/generate.bench.js" "$@"
