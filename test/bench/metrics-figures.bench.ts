/**
 * `npm run bench:metrics-figures`: response times of the metrics API for a tenant of
 * BENCH_CHILDREN generated children (default 100,000): `current` for the whole catalogue (served
 * hot) and past periods with `asAt` (computed from the event store). Prints JSON. Its database
 * and the tenant's Redis keys are removed at the end (BENCH_KEEP=1 keeps them).
 */
import { londonDateOf } from '@casewatch/timescales';
import { generateHistory } from '@casewatch/event-generator';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteTenantKeys, runBench } from './support/bench-cleanup';
import { benchKafka } from './support/bench-env';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const DB = 'casewatch_metrics_bench_figures';
const PORT = 3193;
const HEADERS = { authorization: 'Bearer dev-admin' };
const kafka = benchKafka();
const TENANT = `bench-figures-${Date.now().toString(36)}`;
let running: RunningService | undefined;
const log = (text: string) => process.stderr.write(`${text}\n`);

async function fill(tenant: string, today: string): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({
    topic: 'csc.tenants.v1',
    messages: [
      { key: tenant, value: JSON.stringify({ tenant, name: 'Bench', nation: 'england', population0to17: 250_000, updatedAt: new Date().toISOString() }) },
    ],
  });
  let batch: { key: string; value: string }[] = [];
  let sent = 0;
  for (const event of generateHistory({ tenant, seed: 11, children: CHILDREN, from: '2021-04-01', to: today })) {
    batch.push({ key: `${tenant}:${event.subject}`, value: JSON.stringify(event) });
    if (batch.length === 5000) {
      await producer.send({ topic: 'csc.case-events.v1', messages: batch });
      sent += batch.length;
      batch = [];
      if (sent % 100_000 === 0) log(`sent ${sent}`);
    }
  }
  await producer.send({ topic: 'csc.case-events.v1', messages: batch });
  await producer.disconnect();
  return sent + batch.length;
}

async function timed(url: string, times: number): Promise<{ p50: number; p99: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: HEADERS });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]);
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

async function main(): Promise<void> {
  await dropDatabase(DB);
  const env = { METRICS_DB: DB, PORT: String(PORT), METRICS_CONSUMER_GROUP: `bench-figures-${Date.now()}`, METRICS_FROM_BEGINNING: 'false' };
  await runBuiltCommand('services/metrics/src/database/migrate.js', env);
  const service = startBuiltService('metrics', PORT, env);
  running = service;
  await waitReady(service);
  const url = `http://127.0.0.1:${PORT}/v1/tenants`;
  const tenant = TENANT;
  const today = londonDateOf(Date.now());
  const started = Date.now();
  const total = await fill(tenant, today);
  const pg = new Client({ host: '127.0.0.1', user: 'postgres', database: DB });
  await pg.connect();
  for (let stored = 0; stored < total; await new Promise((r) => setTimeout(r, 1000))) {
    stored = (await pg.query('SELECT count(*)::int AS n FROM case_events WHERE tenant = $1', [tenant])).rows[0].n;
    process.stderr.write(`\rstored ${stored}/${total}`);
  }
  const children = (await pg.query('SELECT count(DISTINCT subject)::int AS n FROM case_events WHERE tenant = $1', [tenant])).rows[0].n;
  const storedS = Math.round((Date.now() - started) / 1000);
  log(`\nstored in ${storedS} s; waiting for the per-child projections`);
  const storedAt = Date.now();
  for (let waiting = 1; waiting > 0;) {
    waiting = (await pg.query('SELECT count(*)::int AS n FROM children_to_project WHERE tenant = $1', [tenant])).rows[0].n;
    process.stderr.write(`\rchildren waiting to be projected: ${waiting}   `);
    if (waiting > 0) await new Promise((r) => setTimeout(r, 1000));
  }
  const projectedS = Math.round((Date.now() - storedAt) / 1000);
  const rows = (
    await pg.query(
      'SELECT (SELECT count(*) FROM projected_deadlines WHERE tenant = $1)::int AS d, (SELECT count(*) FROM projected_facts WHERE tenant = $1)::int AS f',
      [tenant],
    )
  ).rows[0];
  log(`\nprojected ${projectedS} s after the last event was stored (${rows.d} deadline rows, ${rows.f} fact rows); waiting for the hot figures`);
  const appliedAt = new Date().toISOString();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const hotStarted = Date.now();
  for (;;) {
    // A pass that began after the last event was stored: its rule figures carry its start.
    const text = await redis.get(`casewatch:hot:${tenant}`);
    const hot = text ? (JSON.parse(text) as { items: { metricId: string; asOf: string }[] }) : undefined;
    if ((hot?.items.find((i) => i.metricId === 'assessments.within-45wd')?.asOf ?? '') > appliedAt) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const firstPassS = Math.round((Date.now() - hotStarted) / 1000);
  redis.disconnect();

  const current = await new Promise<autocannon.Result>((ok, fail) =>
    autocannon({ url: `${url}/${tenant}/metrics`, headers: HEADERS, connections: 4, duration: 10 }, (err, r) => (err ? fail(err) : ok(r))),
  );
  const previousMonth = londonDateOf(Date.parse(`${today.slice(0, 7)}-01T12:00:00Z`) - 86_400_000).slice(0, 7);
  const asAt = encodeURIComponent(new Date().toISOString());
  const past = (id: string) => `${url}/${tenant}/metrics/${id}?period=${previousMonth}&asAt=${asAt}`;
  const result = {
    children,
    events: total,
    storedSeconds: storedS,
    projectedSecondsAfterStored: projectedS,
    projectedRows: { deadlines: rows.d, facts: rows.f },
    firstHotPassSeconds: firstPassS,
    currentWholeCatalogueMs: {
      p50: current.latency.p50,
      p99: current.latency.p99,
      max: current.latency.max,
      requests: current.requests.total,
      errors: current.non2xx + current.errors,
    },
    pastPeriodAsAtMs: {
      'contacts.received (count)': await timed(past('contacts.received'), 20),
      'cin.children (snapshot)': await timed(past('cin.children'), 20),
      'assessments.within-45wd (rule)': await timed(past('assessments.within-45wd'), 20),
      'assessments.overdue (rule)': await timed(past('assessments.overdue'), 20),
      'cp.visits-up-to-date (rule)': await timed(past('cp.visits-up-to-date'), 20),
      'lac.health-up-to-date (checks)': await timed(past('lac.health-up-to-date'), 20),
      wholeCatalogue: await timed(`${url}/${tenant}/metrics?period=${previousMonth}&asAt=${asAt}`, 5),
    },
    metricsRssMb: Math.round(
      Number(/VmRSS:\s+(\d+)/.exec(await import('node:fs').then((fs) => fs.readFileSync(`/proc/${service.process.pid}/status`, 'utf8')))?.[1] ?? 0) / 1024,
    ),
  };
  await pg.end();
  await stop(service);
  running = undefined;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

async function cleanUp(): Promise<void> {
  if (running) await kill9(running);
  await dropUnlessKept(DB);
  await deleteTenantKeys([TENANT]);
}

runBench(main, cleanUp);
