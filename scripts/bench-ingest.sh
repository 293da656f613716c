#!/usr/bin/env bash
# `npm run bench:ingest`: throughput and latency of POST /v1/events against the real stack.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
build
INGESTION_DB=casewatch_ingestion_bench node dist/services/ingestion/src/database/migrate.js
node dist/test/bench/ingest.bench.js
