/**
 * `npm run bench:regions`: response times of `GET /v1/regions/{region}/metrics/{metricId}` for a
 * region of BENCH_TENANTS sharing tenants (default 20) of BENCH_CHILDREN generated children each
 * (default 2,500, from April 2024), plus two tenants of the region that do not share. Each metric
 * is asked BENCH_REQUESTS times (default 50) one after another, for the month before this one,
 * the running financial year and `current`; the first answer of each is timed apart (cold). Prints
 * a table and JSON; asserts nothing. The bench database, Redis keys and consumer groups are
 * removed at the end (BENCH_KEEP=1 keeps them); the events go with the run's own broker
 * (scripts/bench.sh).
 */
import { generateHistory } from '@casewatch/event-generator';
import { londonDateOf } from '@casewatch/timescales';
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { connectTo, dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteGroups, deleteTenantKeys, runBench } from './support/bench-cleanup';
import { benchKafka } from './support/bench-env';
import { sendHistory, sendTenants } from './support/bench-send';
import { timedGets, type Timing } from './support/timed-gets';
import { waitStoredAndProjected } from './support/wait-projected';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 2500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3198);
const DB = 'casewatch_metrics_bench_regions';
const RUN = Date.now().toString(36);
const REGION = `bench-region-${RUN}`;
const GROUP = `bench-regions-${RUN}`;
const HEADERS = { authorization: 'Bearer dev-admin' };
// One of each way a figure is computed: a count, a snapshot, a care figure, rule timeliness, an average.
const METRICS = ['contacts.received', 'cin.children', 'lac.children', 'assessments.within-45wd', 'cp.visits-up-to-date', 'assessments.avg-working-days'];

const kafka = benchKafka(GROUP);
const log = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tenantIds = [...Array.from({ length: TENANTS }, (_, i) => `bench-rg-${RUN}-${i + 1}`), `bench-rg-${RUN}-private-1`, `bench-rg-${RUN}-private-2`];
let running: RunningService | undefined;

/** The tenants' settings (all of the region; the last two not sharing), then each one's generated history. */
async function fill(today: string): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await sendTenants(
      producer,
      tenantIds.map((tenant, i) => ({
        tenant,
        name: `Bench council ${i + 1}`,
        nation: 'england',
        population0to17: 40_000 + 1000 * i,
        region: REGION,
        shareWithRegion: i < TENANTS,
        updatedAt: new Date().toISOString(),
      })),
    );
    let sent = 0;
    for (const [i, tenant] of tenantIds.entries()) {
      // A seed per tenant: twenty different councils, not one twenty times.
      sent += await sendHistory(producer, generateHistory({ tenant, seed: 100 + i, children: CHILDREN, from: '2024-04-01', to: today, horizon: new Date() }));
      process.stderr.write(`\r  sent ${sent} events (${i + 1}/${tenantIds.length} tenants)`);
    }
    process.stderr.write('\n');
    return sent;
  } finally {
    await producer.disconnect();
  }
}

async function cleanUp(): Promise<void> {
  if (running) await kill9(running).catch(() => undefined);
  running = undefined;
  await dropUnlessKept(DB);
  await deleteTenantKeys(tenantIds);
  await deleteGroups(kafka, GROUP);
}

async function main(): Promise<void> {
  await dropDatabase(DB);
  const env = { METRICS_DB: DB, PORT: String(PORT), METRICS_CONSUMER_GROUP: GROUP, METRICS_FROM_BEGINNING: 'false' };
  await runBuiltCommand('services/metrics/src/database/migrate.js', env);
  running = startBuiltService('metrics', PORT, env);
  await waitReady(running);
  const today = londonDateOf(Date.now());
  const started = Date.now();
  log(`region ${REGION}: ${TENANTS} sharing tenants and 2 that do not, ${CHILDREN} children each`);
  const total = await fill(today);
  const pg = await connectTo(DB);
  try {
    const { storedS, projectedS } = await waitStoredAndProjected(pg, tenantIds, total, started);
    // Let the live passes that the replay set off finish before timing.
    await sleep(10_000);

    const month = today.slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    const previousMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const fy = `fy${m >= 4 ? y : y - 1}`;
    const url = (metricId: string, period?: string) => `http://127.0.0.1:${PORT}/v1/regions/${REGION}/metrics/${metricId}${period ? `?period=${period}` : ''}`;
    const results: Record<string, Record<string, Omit<Timing, 'items'>>> = {};
    for (const period of [previousMonth, fy, undefined]) {
      const label = period ?? 'current';
      results[label] = {};
      for (const metricId of METRICS) {
        const t = await timedGets(url(metricId, period), HEADERS, REQUESTS);
        if (t.items !== TENANTS) throw new Error(`${metricId} ${label}: ${t.items} tenants in the answer, expected ${TENANTS}`);
        results[label][metricId] = { coldMs: t.coldMs, p50: t.p50, p99: t.p99, max: t.max };
        log(`  ${label} ${metricId}: ${JSON.stringify(results[label][metricId])}`);
      }
    }
    const children = (await pg.query('SELECT count(DISTINCT (tenant, subject))::int AS n FROM case_events WHERE tenant = ANY($1)', [tenantIds])).rows[0].n;
    const rows = Object.entries(results).flatMap(([period, byMetric]) =>
      Object.entries(byMetric).map(([id, t]) => `| ${period} | ${id} | ${t.coldMs} | ${t.p50} | ${t.p99} | ${t.max} |`),
    );
    process.stdout.write(
      `\n| period | metric | first (cold) ms | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n` +
        `${JSON.stringify({ region: REGION, tenants: TENANTS, childrenPerTenant: CHILDREN, children, events: total, requestsEach: REQUESTS, storedS, projectedS, results, loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))) }, null, 2)}\n`,
    );
  } finally {
    await pg.end().catch(() => undefined);
    if (running) await stop(running);
    running = undefined;
  }
}

runBench(main, cleanUp);
