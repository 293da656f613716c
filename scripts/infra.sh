#!/usr/bin/env bash
# `npm run infra:up` / `infra:down`: the real Kafka, PostgreSQL and Redis Casewatch runs on.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
case "${1:-up}" in
  up) ensure_postgres; ensure_redis; ensure_kafka; say "Kafka, PostgreSQL and Redis are up" ;;
  down) bash infra/kafka/kafka.sh stop; say "Kafka stopped (PostgreSQL and Redis belong to the machine; left running)" ;;
  *) die "usage: infra.sh up|down" ;;
esac
