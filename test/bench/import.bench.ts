/**
 * `npm run bench:import`: a generated 903 return (test/tools/generate-903.ts) of BENCH_EPISODES
 * episode rows (default 100000; a comma list runs several sizes, e.g. 25000,100000,200000)
 * uploaded to the built ingestion service as one streamed multipart request, from the first byte
 * sent until the import is done (every event acknowledged by Kafka, acks=all), with the service's
 * RSS every 200 ms; then how long until the built metrics service has stored those events,
 * projected their children and its figure `lac.children` for the return's last month has
 * settled. Prints JSON per size.
 *
 * The metrics service reads the shared topic with a new consumer group from its end
 * (METRICS_FROM_BEGINNING=false), joined before the upload: it sees this import's events (and
 * whatever else is published meanwhile), not the topic's history, so the settle time is this
 * import's. The events go with the run's own broker (scripts/bench.sh); the databases made here
 * (casewatch_ingestion_bench_import_<pid>, casewatch_metrics_bench_import_<pid>) and the
 * generated files are removed at the end, however it ends. Ports: BENCH_PORT and the next (default from the pid,
 * 3196–3395).
 *
 * BENCH_SETTLE=false skips the metrics service; BENCH_DRY_RUN=true imports with dryRun (converts
 * and checks, publishes nothing: the difference is the cost of receipts and Kafka);
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of the ingestion service there (summarise it with
 * `node dist/test/bench/cpu-profile-summary.js <file>`); BENCH_KEEP=1 keeps the databases;
 * BENCH_ANALYZE=true runs ANALYZE on the staged rows once the POST has answered (an experiment:
 * the children pages read after it are planned with statistics).
 */
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generate903, type GeneratedTable } from '../tools/generate-903';
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { runBench } from './support/bench-cleanup';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { benchKafka } from './support/bench-env';

const SIZES = (process.env.BENCH_EPISODES ?? '100000').split(',').map(Number);
const SETTLE = process.env.BENCH_SETTLE !== 'false';
const DRY_RUN = process.env.BENCH_DRY_RUN === 'true';
// Names and ports of this run's own, so that two runs at once (several engineers share the
// machine) never drop each other's databases or fight over a port.
const RUN = `${process.pid}`;
const INGESTION_DB = `casewatch_ingestion_bench_import_${RUN}`;
const METRICS_DB = `casewatch_metrics_bench_import_${RUN}`;
const INGESTION_PORT = Number(process.env.BENCH_PORT ?? 3196 + (process.pid % 100) * 2);
const METRICS_PORT = INGESTION_PORT + 1;
const TOPIC = 'csc.case-events.v1';
const YEAR = 2025; // the generated return: 1 April 2025 – 31 March 2026
const LAST_MONTH = `${YEAR + 1}-03`;
const GROUP = `bench-import-${Date.now().toString(36)}`;
const HEADERS = { authorization: 'Bearer dev-admin' };
const kafka = benchKafka(GROUP);
/** The services started and the generated returns' folders, for an interrupted run to remove. */
const running = new Set<RunningService>();
const folders = new Set<string>();
const track = (service: RunningService) => (running.add(service), service);
async function stopTracked(service: RunningService): Promise<void> {
  await stop(service);
  running.delete(service);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function highWatermarks(): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Until the metrics service's consumer group has joined and holds partitions: from then on it sees every new event. */
async function groupJoined(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
      const { groups } = await admin.describeGroups([GROUP]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
    }
    throw new Error(`consumer group ${GROUP} did not join`);
  } finally {
    await admin.disconnect();
  }
}

/** The ingestion service's Prometheus counters we read: Kafka publish time and its count. */
async function publishStats(url: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
  return { sum: value('casewatch_publish_duration_seconds_sum'), count: value('casewatch_publish_duration_seconds_count') };
}

/** The service's own prom-client figures of its memory, every 500 ms. */
function heapSampler(url: string) {
  const samples: { at: number; total: number; used: number; external: number }[] = [];
  const timer = setInterval(() => {
    void fetch(`${url}/metrics`)
      .then(async (res) => {
        const text = await res.text();
        const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? 0) / 2 ** 20;
        samples.push({
          at: Date.now(),
          total: value('nodejs_heap_size_total_bytes'),
          used: value('nodejs_heap_size_used_bytes'),
          external: value('nodejs_external_memory_bytes'),
        });
      })
      .catch(() => undefined);
  }, 500);
  timer.unref();
  return {
    peaks(from: number, to: number) {
      const within = samples.filter((s) => s.at >= from && s.at <= to);
      const max = (k: 'total' | 'used' | 'external') => Math.round(Math.max(0, ...within.map((s) => s[k])));
      clearInterval(timer);
      return { heapTotal: max('total'), heapUsed: max('used'), external: max('external') };
    },
  };
}

/** What the ingestion service's database connections are doing, sampled: seconds per kind of statement. */
function databaseSampler(pg: Client, db: string) {
  const kinds: [string, RegExp][] = [
    ['staging COPY import_rows', /^\s*COPY import_rows/],
    ['staged rows cursor (open)', /^\s*SELECT subject, tbl, file, row, rec/],
    ['known episodes SELECT', /^\s*SELECT subject, to_char\(decom/],
    ['receipts INSERT', /^\s*INSERT INTO event_receipts/],
    ['remember episodes INSERT', /^\s*INSERT INTO import_episodes/],
    ['progress UPDATE imports', /^\s*UPDATE imports/],
    ['COMMIT', /^\s*COMMIT/i],
  ];
  const samples = new Map<string, number>();
  let count = 0;
  let stopped = false;
  const started = Date.now();
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await pg.query(
        `SELECT state, query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
        [db],
      );
      count++;
      const seen = new Set<string>();
      for (const r of rows as { state: string; query: string }[]) {
        // A receipts transaction left open while Kafka acknowledges shows as idle in transaction.
        const known = kinds.find(([, re]) => re.test(r.query))?.[0];
        const kind =
          r.state === 'idle in transaction' && known !== 'staged rows cursor (open)' ? 'in receipts transaction, waiting (Kafka)' : (known ?? 'other');
        seen.add(kind);
      }
      if (seen.size === 0) seen.add('no statement running');
      for (const k of seen) samples.set(k, (samples.get(k) ?? 0) + 1);
      await sleep(200);
    }
  })();
  return {
    async stop(): Promise<Record<string, number>> {
      stopped = true;
      await loop;
      // The share of samples in which some connection was doing it, times the time sampled.
      const elapsed = (Date.now() - started) / 1000;
      return Object.fromEntries([...samples].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Number(((n / count) * elapsed).toFixed(1))]));
    },
  };
}

interface ImportState {
  state: 'running' | 'done' | 'failed';
  rowsRead: number;
  eventsPublished: number;
  report?: Report;
  error?: unknown;
}
interface Report {
  children: number;
  events: number;
  duplicates: number;
  rejected: { file: string; row: number; field: string; message: string }[];
  warnings: { file: string; code: string; count?: number }[];
  tables: Record<string, number>;
}

async function runSize(episodes: number, metrics: RunningService | undefined, metricsPg: Client | undefined): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-903-'));
  folders.add(dir);
  const genStarted = Date.now();
  const generated = await generate903({ episodes, out: dir, seed: 903, year: YEAR });
  const generateSeconds = seconds(Date.now() - genStarted);
  const totalRows = Object.values(generated.rows).reduce((s, n) => s + n, 0);

  // A fresh ingestion process per size, so that each size's RSS peak is its own. BENCH_PROFILE
  // profiles this service only (startBuiltService reads BENCH_NODE_ARGS when it starts one).
  const savedArgs = process.env.BENCH_NODE_ARGS;
  if (process.env.BENCH_PROFILE) process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}`;
  const ingestion = track(
    startBuiltService('ingestion', INGESTION_PORT, {
      INGESTION_DB,
      IMPORT_WAIT_MS: '1000',
      NODE_ENV: 'development',
      PUBLISH_TIMEOUT_MS: '10000',
    }),
  );
  process.env.BENCH_NODE_ARGS = savedArgs;
  if (savedArgs === undefined) delete process.env.BENCH_NODE_ARGS;
  const pid = ingestion.process.pid as number;
  const rss: { at: number; mb: number }[] = [];
  const sampler = setInterval(() => rss.push({ at: Date.now(), mb: rssMb(pid) }), 200);
  const heap = heapSampler(ingestion.url);
  try {
    await waitReady(ingestion);
    const rssIdle = rssMb(pid);
    const tenant = `bench-import-${Date.now().toString(36)}`;
    const put = await fetch(`${ingestion.url}/v1/tenants/${tenant}`, {
      method: 'PUT',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Import bench', nation: 'england', population0to17: 400_000 }),
    });
    if (put.status !== 201) throw new Error(`tenant not created: ${put.status} ${await put.text()}`);
    if (metrics) {
      for (let known = false; !known; await sleep(200)) {
        known = (await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers: HEADERS })).ok;
      }
    }
    const before = await highWatermarks();
    const publishBefore = await publishStats(ingestion.url);
    const loadBefore = loadAverage();
    const samplerPg = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
    await samplerPg.connect();
    const dbSampler = databaseSampler(samplerPg, INGESTION_DB);

    // The files as file-backed blobs: fetch streams them from disk, nothing is read into memory here.
    const form = new FormData();
    for (const table of Object.keys(generated.files) as GeneratedTable[]) {
      form.append(table, await openAsBlob(generated.files[table]), `${table}.csv`);
    }
    const started = Date.now();
    const res = await fetch(`${ingestion.url}/v1/imports/ssda903?tenant=${tenant}&collectionYear=${YEAR}${DRY_RUN ? '&dryRun=true' : ''}`, {
      method: 'POST',
      headers: HEADERS,
      body: form,
    });
    const answered = Date.now();
    if (process.env.BENCH_ANALYZE === 'true') {
      // An experiment from outside the service: statistics on the staged rows, so that the
      // children pages after this one are planned as index walks (docs/benchmarks.md, Imports).
      const pg = new Client({ host: '127.0.0.1', user: 'postgres', database: INGESTION_DB });
      await pg.connect();
      await pg.query('ANALYZE import_rows');
      await pg.end();
    }
    let state: ImportState;
    const progress: { at: number; rowsRead: number; eventsPublished: number }[] = [];
    if (res.status === 200) {
      state = { state: 'done', rowsRead: totalRows, eventsPublished: 0, report: (await res.json()) as Report };
    } else if (res.status === 202) {
      const location = res.headers.get('location') as string;
      await res.body?.cancel();
      for (;;) {
        state = (await (await fetch(`${ingestion.url}${location}`, { headers: HEADERS })).json()) as ImportState;
        progress.push({ at: Date.now(), rowsRead: state.rowsRead, eventsPublished: state.eventsPublished });
        if (state.state !== 'running') break;
        await sleep(200);
      }
    } else {
      throw new Error(`import answered ${res.status}: ${await res.text()}`);
    }
    const done = Date.now();
    const loadAfter = loadAverage();
    const databaseSeconds = await dbSampler.stop();
    await samplerPg.end();
    if (state.state !== 'done' || !state.report) throw new Error(`import ${state.state}: ${JSON.stringify(state.error)}`);
    const report = state.report;
    const publishAfter = await publishStats(ingestion.url);
    const firstPublished = progress.find((p) => p.eventsPublished > 0)?.at;
    const peak = Math.max(...rss.filter((s) => s.at >= started && s.at <= done).map((s) => s.mb), rssMb(pid));
    const uploadSeconds = (done - started) / 1000;
    const newEvents = report.events - report.duplicates;

    const result: Record<string, unknown> = {
      episodes,
      rows: totalRows,
      tables: generated.rows,
      children: report.children,
      generateSeconds,
      loadAverage: { before: loadBefore, after: loadAfter },
      uploadToDoneSeconds: seconds(done - started),
      episodeRowsPerSecond: Math.round(episodes / uploadSeconds),
      allRowsPerSecond: Math.round(totalRows / uploadSeconds),
      events: report.events,
      duplicates: report.duplicates,
      eventsPerSecond: Math.round(report.events / uploadSeconds),
      rejected: report.rejected.length,
      ...(report.rejected.length > 0 ? { firstRejected: report.rejected.slice(0, 5) } : {}),
      warnings: Object.fromEntries(report.warnings.map((w) => [`${w.file}:${w.code}`, w.count ?? 1])),
      phases: {
        // The POST answers once the whole upload is staged (202 after IMPORT_WAIT_MS=1 s).
        uploadAndStageSeconds: seconds(answered - started),
        convertAndPublishSeconds: seconds(done - answered),
        untilFirstEventsPublishedSeconds: firstPublished ? seconds(firstPublished - started) : undefined,
        // Summed over the publishes (one at a time, overlapping the next page's conversion).
        kafkaPublishSeconds: Number((publishAfter.sum - publishBefore.sum).toFixed(2)),
        kafkaPublishes: publishAfter.count - publishBefore.count,
        // pg_stat_activity every 200 ms: seconds in which the service's database was doing each.
        databaseSampled: databaseSeconds,
      },
      ingestionRssMb: { idle: Math.round(rssIdle), peak: Math.round(peak), afterDone: Math.round(rssMb(pid)) },
      // Where the RSS is: the V8 heap reserved and used, and memory outside it (Buffers), at their peaks.
      ingestionHeapPeakMb: heap.peaks(started, done),
      lookedAfterAtEndOfReturn: generated.lookedAfterAtEnd,
    };

    if (metrics && metricsPg && !DRY_RUN && newEvents > 0) {
      // Settled: the metrics service has applied every offset up to the topic's end as it was
      // when the import finished (on the partitions this import wrote to), no child waits to be
      // projected, and lac.children for the return's last month answered the same twice.
      const after = await highWatermarks();
      const targets = [...after].filter(([p, high]) => high > (before.get(p) ?? 0n));
      let storedAt: number | undefined;
      let figure: number | undefined;
      let settledAt: number | undefined;
      for (const deadline = Date.now() + 30 * 60_000; Date.now() < deadline; await sleep(500)) {
        const rows: { partition: number; next_offset: string }[] = (
          await metricsPg.query(`SELECT partition, next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2`, [GROUP, TOPIC])
        ).rows;
        const applied = new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
        const lag = targets.reduce((s, [p, high]) => s + (high > (applied.get(p) ?? 0n) ? Number(high - (applied.get(p) ?? 0n)) : 0), 0);
        if (lag > 0) {
          process.stderr.write(`\rmetrics: ${lag} messages to store    `);
          continue;
        }
        storedAt ??= Date.now();
        const waiting = (await metricsPg.query('SELECT count(*)::int AS n FROM children_to_project')).rows[0].n as number;
        if (waiting > 0) {
          process.stderr.write(`\rmetrics: ${waiting} children to project    `);
          continue;
        }
        const res = await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/lac.children?period=${LAST_MONTH}`, { headers: HEADERS });
        const value = ((await res.json()) as { value: number }).value;
        if (value === figure) {
          settledAt = Date.now();
          break;
        }
        figure = value;
      }
      process.stderr.write('\n');
      result.metrics = {
        storedAfterDoneSeconds: storedAt ? seconds(storedAt - done) : undefined,
        settledAfterDoneSeconds: settledAt ? seconds(settledAt - done) : undefined,
        uploadToSettledSeconds: settledAt ? seconds(settledAt - started) : undefined,
        eventsPerSecondUploadToStored: storedAt ? Math.round(newEvents / ((storedAt - started) / 1000)) : undefined,
        [`lac.children ${LAST_MONTH}`]: figure,
        rssMb: Math.round(rssMb(metrics.process.pid as number)),
      };
    }
    return result;
  } finally {
    clearInterval(sampler);
    await stopTracked(ingestion);
    // BENCH_SERVICE_LOG=<file>: the service's output (e.g. with BENCH_NODE_ARGS=--trace-gc).
    if (process.env.BENCH_SERVICE_LOG) writeFileSync(process.env.BENCH_SERVICE_LOG, ingestion.output());
    rmSync(dir, { recursive: true, force: true });
    folders.delete(dir);
  }
}

async function main(): Promise<void> {
  await dropDatabase(INGESTION_DB);
  await runBuiltCommand('services/ingestion/src/database/migrate.js', { INGESTION_DB });
  let metricsPg: Client | undefined;
  try {
    let metrics: RunningService | undefined;
    if (SETTLE && !DRY_RUN) {
      await dropDatabase(METRICS_DB);
      const env = { METRICS_DB, METRICS_CONSUMER_GROUP: GROUP, METRICS_FROM_BEGINNING: 'false', METRICS_WARM_ON_START: 'false' };
      await runBuiltCommand('services/metrics/src/database/migrate.js', env);
      metrics = track(startBuiltService('metrics', METRICS_PORT, env));
      await waitReady(metrics);
      await groupJoined();
      metricsPg = new Client({ host: '127.0.0.1', user: 'postgres', database: METRICS_DB });
      await metricsPg.connect();
    }
    for (const episodes of SIZES) {
      const result = await runSize(episodes, metrics, metricsPg);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    if (metrics) await stopTracked(metrics);
  } finally {
    await metricsPg?.end();
  }
}

/** However the run ends: its services stopped, its databases dropped (unless BENCH_KEEP), its generated files removed. */
async function cleanUp(): Promise<void> {
  await Promise.all([...running].map((s) => kill9(s)));
  await dropUnlessKept(INGESTION_DB);
  if (SETTLE && !DRY_RUN) await dropUnlessKept(METRICS_DB);
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}

runBench(main, cleanUp);
