#!/usr/bin/env bash
# `npm test`: the whole suite against real Kafka, PostgreSQL and Redis, started here if needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka

export NODE_ENV=test
say "lint (module boundaries included)…"
npx --no-install nx run-many -t lint --outputStyle=static --skipNxCache >&2 || die "lint failed"
say "type check…"
npx --no-install tsc -p tsconfig.json --noEmit || die "type check failed"
build
say "migrating the test databases…"
INGESTION_DB=casewatch_ingestion_test METRICS_DB=casewatch_metrics_test ALERTING_DB=casewatch_alerting_test migrate_all
say "tests…"
npx --no-install jest --ci "$@"
