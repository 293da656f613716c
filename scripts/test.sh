#!/usr/bin/env bash
# `npm test`: the whole suite against real Kafka, PostgreSQL and Redis, started here if needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_node_modules
ensure_postgres
ensure_redis
kafka_was_running=0
bash infra/kafka/kafka.sh status >/dev/null 2>&1 && kafka_was_running=1
ensure_kafka
ensure_chromium
# Leave the machine as found: stop the broker this run started (KEEP_KAFKA=1 keeps it for reruns).
if [[ $kafka_was_running == 0 && "${KEEP_KAFKA:-0}" != 1 ]]; then trap 'bash infra/kafka/kafka.sh stop' EXIT; fi

export NODE_ENV=test
say "lint (module boundaries included)…"
npx --no-install nx run-many -t lint --outputStyle=static --skipNxCache >&2 || die "lint failed"
say "format (Prettier)…"
npx --no-install prettier --check . --log-level warn >&2 || die "files not formatted: run \`npm run format\`"
say "type check…"
npx --no-install tsc -p tsconfig.json --noEmit || die "type check failed"
build
say "migrating fresh test databases…"
fresh_test_databases
INGESTION_DB=casewatch_ingestion_test METRICS_DB=casewatch_metrics_test ALERTING_DB=casewatch_alerting_test migrate_all
say "tests…"
npx --no-install jest --ci "$@"
