#!/usr/bin/env bash
# `npm run bench:<name>`: a benchmark of test/bench against the real stack; it prints its figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
name="${1:?usage: bench.sh ingest|metrics-replay|metrics-figures|metrics-live|alerting-deadlines|import|regions|breakdowns}"
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
build
if [[ $name == ingest ]]; then
  INGESTION_DB=casewatch_ingestion_bench node dist/services/ingestion/src/database/migrate.js
  # Leave no benchmark database behind.
  trap 'psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -qAtc "DROP DATABASE IF EXISTS casewatch_ingestion_bench WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
fi
# A fresh broker has no topics yet, and benchmarks may publish before any service created them.
node -e "require('./dist/test/support/topics.js').ensureProjectTopics()"
# Benchmarks run from dist/ and start the built services from the same build.
CASEWATCH_DIST="$PWD/dist" node "dist/test/bench/$name.bench.js"
