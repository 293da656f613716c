#!/usr/bin/env bash
# `npm run test:fuzz`: the route fuzz suite (test/e2e/fuzz-routes.e2e.ts) with a large count and a
# random seed (FUZZ_RUNS, FUZZ_SEED to repeat a failure); `npm test` runs it small with a fixed seed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
build
node -e "require('./dist/test/support/topics.js').ensureProjectTopics()"
export FUZZ_RUNS="${FUZZ_RUNS:-5000}" FUZZ_SEED="${FUZZ_SEED:-$RANDOM$RANDOM}"
say "fuzzing with FUZZ_SEED=$FUZZ_SEED FUZZ_RUNS=$FUZZ_RUNS (repeat a failure with the same seed)"
NODE_ENV=test npx --no-install jest -c test/jest.config.js test/e2e/fuzz-routes.e2e.ts
