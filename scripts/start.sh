#!/usr/bin/env bash
# `npm start`: everything Casewatch needs, then the three services with the demo tenant.
# Ctrl-C stops the services and the Kafka broker this script started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_node_modules
ensure_postgres
ensure_redis
kafka_was_running=0
bash infra/kafka/kafka.sh status >/dev/null 2>&1 && kafka_was_running=1
ensure_kafka
build
migrate_all

export NODE_ENV="${NODE_ENV:-development}"
export TENANTS_DIR="${TENANTS_DIR:-$ROOT/infra/tenants}"
pids=()
stop_all() {
  local code=${1:-0}
  trap - INT TERM EXIT
  say "stopping…"
  [[ -n "${demo_pid:-}" ]] && { kill -TERM "$demo_pid" 2>/dev/null || true; }
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $kafka_was_running == 0 ]]; then bash infra/kafka/kafka.sh stop; fi
  say "stopped"
  exit "$code"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT

for svc in ingestion metrics alerting; do
  # A larger young generation: the consumers allocate fast, and scavenges were 12 % of a replay.
  # Ingestion's is smaller: an import's RSS stays under 300 MB (docs/benchmarks.md, Imports).
  semi=32; [[ $svc == ingestion ]] && semi=16
  node --enable-source-maps --max-semi-space-size=$semi "dist/services/$svc/src/main.js" &
  pids+=($!)
done

wait_ready() {
  local port=$1
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
for port in 3001 3002 3003; do wait_ready "$port" || say "warning: the service on $port is not ready yet (see its log above)"; done

# The managers' dashboard, a fourth service, once the APIs it reads are up.
node --enable-source-maps dist/services/dashboard/src/main.js &
pids+=($!)
wait_ready 3000 || say "warning: the dashboard on 3000 is not ready yet (see its log above)"

# The demo tenant comes alive as a mid-sized council (settings: infra/tenants/demo.json): two full
# years of generated history after a thin six-year warm-up, ~400,000 events (idempotent: a second
# start the same day sends only duplicates), then a trickle of events dated now. CASEWATCH_DEMO=0
# turns it off.
demo_pid=""
if [[ "${CASEWATCH_DEMO:-1}" == 1 ]]; then
  say "demo: sending a generated council history for tenant demo (~400,000 events), then a trickle of live events"
  node dist/test/tools/generate-events.js --tenant demo --profile council --census \
    --post http://127.0.0.1:3001 --trickle 2 >&2 &
  demo_pid=$!
fi
cat >&2 <<MSG

  Casewatch is running (tenant: demo, token: dev-admin)
    Dashboard: http://127.0.0.1:3000
    ingestion  http://127.0.0.1:3001/docs   POST /v1/events
    metrics    http://127.0.0.1:3002/docs   GET /v1/tenants/demo/metrics, /stream
    alerting   http://127.0.0.1:3003/docs   GET /v1/tenants/demo/deadlines, /alerts
  Press Ctrl-C to stop.

MSG
# Any service exiting ends the run, so a crash is not hidden.
wait -n "${pids[@]}" || true
say "a service exited"
