#!/usr/bin/env bash
# `npm run test:chaos`: the built services under load while each service, the broker, PostgreSQL
# and Redis fail in turn (test/chaos/chaos.ts). It stops and starts the machine's own PostgreSQL,
# Redis and Kafka: run it alone, not beside `npm test`. Prints a JSON summary; exit 1 = an invariant broke.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
build
node -e "require('./dist/test/support/topics.js').ensureProjectTopics()"
CASEWATCH_DIST="$PWD/dist" node dist/test/chaos/chaos.js
