#!/usr/bin/env bash
# `npm run bench:<name>`: a benchmark of test/bench against the real stack; it prints its figures.
#
# A run has a Kafka broker, a Redis and a build of its own, under .data/bench/<run>/ on free ports
# (the broker from infra/kafka/kafka.sh, with the project's topics). When the run ends, however it
# ends, they are stopped and deleted: no bench leaves events, consumer groups or keys behind, and
# none touches the shared broker (9092) or Redis (6379). PostgreSQL is the shared server: each
# bench drops the databases it made (casewatch_*_bench*).
#   BENCH_KEEP=1         keep everything: the databases, the broker's data (stopped) and Redis' keys
#                        (saved); the last lines say where they are and how to remove them
#   BENCH_KAFKA_DIR=dir  run on the broker data a kept run left (e.g. replay the same events again
#                        without generating them); that directory is kept
set -euo pipefail
# All of it in braces: bash reads the whole block before running it, so editing this file while a
# run waits for its bench cannot change what that run does at its end.
{
source "$(dirname "$0")/lib.sh"
name="${1:?usage: bench.sh <name>, one of test/bench/<name>.bench.ts}"
[[ -f "test/bench/$name.bench.ts" ]] || die "no benchmark test/bench/$name.bench.ts"
keep=0
[[ ${BENCH_KEEP:-} == 1 || ${BENCH_KEEP:-} == true ]] && keep=1
export BENCH_KEEP=$keep
ensure_node_modules
ensure_postgres

pg_sql() { psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" -d postgres -qAtc "$1"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Databases of benches that do not drop their own yet.
case $name in
  metrics-replay) left_dbs=(casewatch_metrics_bench) ;;
  alerting-deadlines) left_dbs=(casewatch_alerting_bench casewatch_alerting_bench_replay) ;;
  *) left_dbs=() ;;
esac

mkdir -p .data/bench
run="$ROOT/.data/bench/$name-$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir "$run"
kafka_dir="$run/kafka"
if [[ -n ${BENCH_KAFKA_DIR:-} ]]; then
  kafka_dir="$(cd "$BENCH_KAFKA_DIR" && pwd)"
  [[ -s "$kafka_dir/bench-ports" ]] || die "$kafka_dir is not the broker data of a kept bench run (no bench-ports)"
fi
kafka_port='' redis_port='' bench_pid=''

kafka() { KAFKA_DATA_DIR="$kafka_dir" KAFKA_PORT="$kafka_port" KAFKA_CONTROLLER_PORT="$((kafka_port + 1))" bash infra/kafka/kafka.sh "$@"; }

# The processes running this run's build: services a bench started and could not stop (it was killed).
strays() {
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF "$run/dist/" && echo "${p#/proc/}"
  done
  return 0
}

cleanup() {
  local rc=$? pids
  trap - EXIT INT TERM HUP
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  pids="$(strays)"
  if [[ -n $pids ]]; then
    say "stopping what the bench left running: $(echo $pids)"
    kill -TERM $pids 2>/dev/null || true
    sleep 5
    pids="$(strays)"
    [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
  fi
  if [[ -n $redis_port ]]; then
    redis-cli -p "$redis_port" shutdown "$([[ $keep == 1 ]] && echo save || echo nosave)" >/dev/null 2>&1 || true
  fi
  [[ -n $kafka_port ]] && kafka stop || true
  if [[ $keep == 1 ]]; then
    say "kept (BENCH_KEEP=1): $run ($(du -sh "$run" | cut -f1)) and the bench's databases"
    say "  its broker again: BENCH_KAFKA_DIR=$kafka_dir npm run bench:<name>, or KAFKA_DATA_DIR=$kafka_dir KAFKA_PORT=$kafka_port KAFKA_CONTROLLER_PORT=$((kafka_port + 1)) bash infra/kafka/kafka.sh start"
    say "  remove: rm -rf $run, and drop the databases listed by: psql -h 127.0.0.1 -U postgres -l | grep bench"
  else
    for db in "${left_dbs[@]}"; do pg_sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || say "could not drop $db"; done
    rm -rf "$run"
    rmdir .data/bench 2>/dev/null || true
    say "removed $run (the run's broker, Redis and build)"
  fi
  local left
  left="$(pg_sql "SELECT string_agg(datname, ' ') FROM pg_database WHERE datname LIKE '%bench%'" 2>/dev/null || true)"
  [[ -z $left ]] || say "databases named *bench* on the server now (this run's, if kept, or other runs'): $left"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

say "compiling (swc) into $run/dist…"
node tools/swc-build.js -d "$run/dist" contracts libs services test >&2 || die "build failed"

# Free ports, chosen and taken under a lock so that two runs at once do not pick the same.
exec 9<.data/bench
flock 9
if [[ -n ${BENCH_KAFKA_DIR:-} ]]; then
  kafka_port="$(cat "$kafka_dir/bench-ports")"
  port_free "$kafka_port" && port_free "$((kafka_port + 1))" || die "ports $kafka_port/$((kafka_port + 1)) of $kafka_dir are in use"
else
  kafka_port=19092
  until port_free "$kafka_port" && port_free "$((kafka_port + 1))"; do kafka_port=$((kafka_port + 2)); done
fi
kafka start 9>&-
# kafka.sh also accepts a broker that already answers on the port: this one must be the run's own.
[[ -s "$kafka_dir/kafka.pid" ]] || die "the broker on $kafka_port is not this run's"
echo "$kafka_port" >"$kafka_dir/bench-ports"
if command -v redis-server >/dev/null; then
  redis_port=16379
  until port_free "$redis_port"; do redis_port=$((redis_port + 1)); done
  mkdir -p "$run/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --dir "$run/redis" --pidfile "$run/redis/redis.pid" --logfile "$run/redis/redis.log" 9>&- >&2
  for _ in $(seq 1 20); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.25; done
  export REDIS_URL="redis://127.0.0.1:$redis_port"
else
  ensure_redis
  say "warning: no redis-server to start one for the run: it uses ${REDIS_URL:-redis://127.0.0.1:6379} (the benches delete their own keys)"
fi
flock -u 9
exec 9>&-

export KAFKA_BROKERS="127.0.0.1:$kafka_port"
# For benches that account the broker's CPU.
BENCH_KAFKA_PID="$(cat "$kafka_dir/kafka.pid")"
export BENCH_KAFKA_PID
# Benchmarks run from the run's build and start the built services from it (test/support/services.ts).
export CASEWATCH_DIST="$run/dist"
say "bench $name: Kafka $KAFKA_BROKERS, Redis ${REDIS_URL:-redis://127.0.0.1:6379}, PostgreSQL ${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
node -e "require('$run/dist/test/support/topics.js').ensureProjectTopics()"
# A broker started seconds ago answers slowly until its JVM has warmed up: warm it first.
say "warming the broker up (50,000 messages on a scratch topic)…"
node -e "require('$run/dist/test/bench/support/warm-broker.js').warmBroker().then(() => process.exit())"
node "$run/dist/test/bench/$name.bench.js" &
bench_pid=$!
wait "$bench_pid"
exit
}
