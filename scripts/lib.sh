# Shared by the scripts: what is needed before Casewatch can run or be tested.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '\033[1mcasewatch:\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Node 24 runs everything: the devDependency `node` (the official binaries, from the npm registry)
# installs it as node_modules/.bin/node, first on PATH for every `node`, npx and `#!/usr/bin/env node`
# below (jest, nx, swc, migrations, the services, the demo tools). The machine's Node only runs the
# first `npm install`.
NODE_MAJOR=24
export PATH="$ROOT/node_modules/.bin:$PATH"

ensure_node_modules() {
  # Reinstall when the lock file changed since the last install.
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    # `npm install` from the lock, not `npm ci`: the registry these machines reach serves no
    # binaries for other platforms (e.g. @swc/core-darwin-*), so the lock cannot list them and
    # `npm ci` refuses such a lock as out of sync.
    say "installing npm dependencies…"
    npm install --no-audit --no-fund --no-save --loglevel=error >&2 || die "npm install failed"
  fi
  ensure_node
}

# Fails unless the `node` on PATH is the project's Node 24 (e.g. its install script was skipped).
ensure_node() {
  hash -r
  [[ -x node_modules/.bin/node ]] ||
    die "node_modules/.bin/node is missing (the \`node\` devDependency did not install): run \`npm rebuild node\`"
  local version
  version="$(node -p process.versions.node 2>/dev/null)" || die "node_modules/.bin/node does not run"
  [[ $version == "$NODE_MAJOR".* ]] || die "Node $NODE_MAJOR is needed, but $(command -v node) is Node $version"
}

ensure_postgres() {
  if pg_isready -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" 2>/dev/null; then return 0; fi
  if [[ "${PGHOST:-127.0.0.1}" == 127.0.0.1 || "${PGHOST:-}" == localhost ]] && command -v pg_ctlcluster >/dev/null; then
    say "starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >&2 || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}" && return 0; sleep 1; done
  fi
  die "PostgreSQL is not reachable on ${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
}

ensure_redis() {
  local url="${REDIS_URL:-redis://127.0.0.1:6379}" hostport
  hostport="${url#redis://}"; hostport="${hostport%%/*}"
  if redis-cli -h "${hostport%%:*}" -p "${hostport##*:}" ping >/dev/null 2>&1; then return 0; fi
  if [[ "${hostport%%:*}" == 127.0.0.1 ]] && command -v redis-server >/dev/null; then
    say "starting Redis…"
    redis-server --daemonize yes --bind 127.0.0.1 --port "${hostport##*:}" --save "" --appendonly no >&2
    for _ in $(seq 1 20); do redis-cli -p "${hostport##*:}" ping >/dev/null 2>&1 && return 0; sleep 0.5; done
  fi
  die "Redis is not reachable at $url"
}

ensure_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" && "${KAFKA_BROKERS}" != "127.0.0.1:${KAFKA_PORT:-9092}" ]]; then
    say "using the Kafka at $KAFKA_BROKERS"; return 0
  fi
  bash infra/kafka/kafka.sh start
}

build() {
  say "compiling (swc)…"
  rm -rf dist
  node tools/swc-build.js contracts libs services test >&2 || die "build failed"
}

# Every run of the suite starts from empty test databases (casewatch_*_test): test apps follow the
# shared topics, so a database kept between runs grows with every earlier run's events.
fresh_test_databases() {
  node -e '
    const { Client } = require("pg");
    (async () => {
      const c = new Client({ host: process.env.PGHOST || "127.0.0.1", port: Number(process.env.PGPORT || 5432), user: process.env.PGUSER || "postgres", database: "postgres" });
      await c.connect();
      const { rows } = await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1", ["casewatch\\_%\\_test"]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await c.end();
      console.error(`dropped ${rows.length} test databases`);
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' || die "could not reset the test databases"
}

# The dashboard's browser tests drive Debian's Chromium (playwright-core, no downloaded browser).
ensure_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing chromium for the dashboard's browser tests…"
    { apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; } >&2 || die "could not install chromium"
  else
    say "warning: /usr/bin/chromium is missing, so the browser tests will fail: sudo apt-get install -y chromium"
  fi
}

migrate_all() {
  for svc in ingestion metrics alerting; do
    node "dist/services/$svc/src/database/migrate.js" || die "migrations of $svc failed"
  done
}
