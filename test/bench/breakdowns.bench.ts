/**
 * `npm run bench:breakdowns`: response times of `GET /v1/tenants/{t}/metrics/{id}/breakdown?by=`
 * for one tenant of BENCH_CHILDREN generated children (default 100,000, history from April 2021,
 * as bench:metrics-figures) over the last complete financial year (issue 16: p99 ≤ 200 ms). Each
 * metric/dimension pair is asked BENCH_REQUESTS times (default 20) one after another, after a first
 * answer timed apart (cold). Prints a table and JSON; asserts nothing. The bench database, Redis
 * keys and consumer groups are removed at the end (BENCH_KEEP=1 keeps them); the events go with the
 * run's own broker (scripts/bench.sh). BENCH_SERVICE_LOG=<file> keeps the service's output (warnings;
 * LOG_LEVEL=log for all);
 * BENCH_SLOW_MS=<ms> prints when each slower answer came.
 */
import { writeFile } from 'node:fs/promises';
import { generateHistory } from '@casewatch/event-generator';
import { londonDateOf } from '@casewatch/timescales';
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { connectTo, dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteGroups, deleteTenantKeys, runBench } from './support/bench-cleanup';
import { benchKafka } from './support/bench-env';
import { sendHistory, sendTenants } from './support/bench-send';
import { timedGets, type Timing } from './support/timed-gets';
import { waitStoredAndProjected, waitVacuumed } from './support/wait-projected';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3197);
const DB = 'casewatch_metrics_bench_breakdowns';
const RUN = Date.now().toString(36);
const TENANT = `bench-brk-${RUN}`;
const GROUP = `bench-breakdowns-${RUN}`;
const HEADERS = { authorization: 'Bearer dev-admin' };
// Each way a breakdown is grouped: an event field (single and multi-valued), age, team; a flow, a
// snapshot, a percentage and looked-after figures.
const PAIRS: [string, string][] = [
  ['referrals.received', 'source'],
  ['referrals.received', 'factor'],
  ['referrals.received', 'ageBand'],
  ['referrals.received', 'team'],
  ['referrals.repeat-12m', 'team'],
  ['cin.children', 'primaryNeed'],
  ['cin.children', 'team'],
  ['lac.children', 'legalStatus'],
  ['lac.children', 'team'],
  ['lac.started', 'ageBand'],
];

const kafka = benchKafka(GROUP);
const log = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let running: RunningService | undefined;

async function fill(today: string): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await sendTenants(producer, [{ tenant: TENANT, name: 'Bench', nation: 'england', population0to17: 250_000, updatedAt: new Date().toISOString() }]);
    const history = generateHistory({ tenant: TENANT, seed: 16, children: CHILDREN, from: '2021-04-01', to: today, horizon: new Date() });
    const sent = await sendHistory(producer, history, { progress: (n) => process.stderr.write(`\r  sent ${n} events`) });
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
  await deleteTenantKeys([TENANT]);
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
  log(`tenant ${TENANT}: ${CHILDREN} children from April 2021`);
  const total = await fill(today);
  const pg = await connectTo(DB);
  try {
    const { storedS, projectedS } = await waitStoredAndProjected(pg, [TENANT], total, started);
    const vacuumWaitS =
      (await waitVacuumed(pg, ['case_events'], started + storedS * 1000)) +
      (await waitVacuumed(pg, ['projected_facts', 'projected_deadlines'], started + projectedS * 1000));
    // Let the live passes that the replay set off finish before timing.
    await sleep(10_000);

    const [y, m] = today.split('-').map(Number);
    // The last complete financial year.
    const fy = `fy${(m >= 4 ? y : y - 1) - 1}`;
    const results: Record<string, Timing> = {};
    for (const [metricId, by] of PAIRS) {
      const t = await timedGets(`http://127.0.0.1:${PORT}/v1/tenants/${TENANT}/metrics/${metricId}/breakdown?by=${by}&period=${fy}`, HEADERS, REQUESTS);
      results[`${metricId} by ${by}`] = t;
      log(`  ${fy} ${metricId} by ${by}: ${JSON.stringify(t)}`);
    }
    const children = (await pg.query('SELECT count(DISTINCT subject)::int AS n FROM case_events WHERE tenant = $1', [TENANT])).rows[0].n;
    const rows = Object.entries(results).map(([pair, t]) => `| ${pair} | ${t.items} | ${t.coldMs} | ${t.p50} | ${t.p99} | ${t.max} |`);
    process.stdout.write(
      `\n| ${fy} breakdown | items | first (cold) ms | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n` +
        `${JSON.stringify({ tenant: TENANT, children, events: total, period: fy, requestsEach: REQUESTS, storedS, projectedS, vacuumWaitS, results, loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))) }, null, 2)}\n`,
    );
  } finally {
    await pg.end().catch(() => undefined);
    if (running) await stop(running);
    if (running && process.env.BENCH_SERVICE_LOG) await writeFile(process.env.BENCH_SERVICE_LOG, running.output());
    running = undefined;
  }
}

runBench(main, cleanUp);
