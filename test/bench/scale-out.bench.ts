/**
 * `npm run bench:scale-out`: the metrics service scaled out (issue 17). BENCH_EVENTS generated
 * events (default 500,000) of BENCH_TENANTS tenants (default 3) are put on the run's own
 * csc.case-events.v1 (12 partitions). Then for each count of BENCH_INSTANCES (default 1,2,4): a
 * fresh database, that many built metrics services on it in one new consumer group, each on its
 * own port, replaying the topic from its start; timed from their spawn until the group's applied
 * offsets reach the topic's end and no child is left to project. Reported: the total rate, each
 * instance's partitions (the group's assignment) and events it stored itself, RSS and CPU seconds,
 * and PostgreSQL's, the broker's and the machine's CPU seconds over the same time.
 *
 * Then the figures: for each count, the whole catalogue of each tenant for closed periods and three
 * scopes as known at a fixed `asAt`, asked of the instances in turn, and a digest of every stored
 * and projected table (see support/figures-digest.ts). They must be the same for every count: the
 * bench exits 1 if they are not. Prints a table and JSON; no timing is asserted.
 */
import { generateHistory } from '@casewatch/event-generator';
import { cpus, loadavg } from 'node:os';
import { kill9, runBuiltCommand, stop, type RunningService } from '../support/services';
import { deleteGroups, deleteTenantKeys, runBench } from './support/bench-cleanup';
import { connectTo, dropDatabase, dropUnlessKept } from './support/bench-database';
import { benchKafka } from './support/bench-env';
import { sendHistory, sendTenants } from './support/bench-send';
import { cpuSeconds } from './support/cpu-time';
import { catalogueAnswers, tableDigests, type AnswerSet, type TableDigest } from './support/figures-digest';
import { endOffsets, topicSize } from './support/metric-topic-reader';
import { assignment, cpuNow, DatabaseCpuSampler, eventsApplied, startInstances, waitProjected, waitStored, type Instance } from './support/scale-out-run';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500_000);
const TENANT_COUNT = Number(process.env.BENCH_TENANTS ?? 3);
const COUNTS = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const DB = 'casewatch_metrics_bench_scale_out';
const RUN = Date.now().toString(36);
const GROUP = `bench-scale-out-${RUN}`;
const TENANTS = Array.from({ length: TENANT_COUNT }, (_, i) => `bench-scale-${RUN}-${i + 1}`);
const CASE_EVENTS = 'csc.case-events.v1';
// A history that ends before today, and figures of closed periods as known at a fixed moment after
// it: the answers cannot change between the runs of one bench (nor with the day it runs).
const FROM = '2021-04-01';
const TO = '2026-11-30';
const AS_AT = '2026-12-01T00:00:00Z';
const PERIODS = ['2026-11', '2025-10', 'fy2025', 'fy2023'];
const SCOPES = ['la', 'team:T1', 'worker:SW3'];
const HEADERS = { authorization: 'Bearer dev-admin' };
const KAFKA_PID = process.env.BENCH_KAFKA_PID ? Number(process.env.BENCH_KAFKA_PID) : undefined;

const kafka = benchKafka(GROUP);
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));
/** The services running now, for an interrupted run to stop. */
let running: RunningService[] = [];

/** Each tenant's settings, then its generated history up to an equal share of BENCH_EVENTS. */
async function fill(): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await sendTenants(
      producer,
      TENANTS.map((tenant, i) => ({
        tenant,
        name: `Bench council ${i + 1}`,
        nation: 'england',
        population0to17: 60_000,
        updatedAt: '2026-12-01T00:00:00.000Z',
      })),
    );
    let sent = 0;
    for (const [i, tenant] of TENANTS.entries()) {
      const share = Math.round((EVENTS * (i + 1)) / TENANT_COUNT) - Math.round((EVENTS * i) / TENANT_COUNT);
      // ~14 events a child over these five and a half years: the history is cut at its share.
      const history = generateHistory({ tenant, seed: 170 + i, children: Math.ceil(share / 13), from: FROM, to: TO });
      sent += await sendHistory(producer, history, { limit: share, progress: (n) => process.stderr.write(`\r  sent ${sent + n}`) });
    }
    process.stderr.write('\n');
    return sent;
  } finally {
    await producer.disconnect();
  }
}

interface InstanceResult {
  clientId: string;
  /** The partitions it held once everything was stored. */
  partitions: number[];
  eventsStored: number;
  peakRssMb: number;
  cpuS: number;
  cpuAtReadyS: number;
}

interface CountResult {
  instances: number;
  events: number;
  storedS: number;
  projectedS: number;
  storedPerS: number;
  storedAndProjectedPerS: number;
  perInstance: InstanceResult[];
  /** CPU seconds from the spawn until every child was projected. */
  cpuS: {
    services: number;
    servicesAfterReady: number;
    postgres: number;
    postgresOwnBackends: number;
    kafka: number;
    bench: number;
    /** The machine's busy time not accounted for above: other work sharing the cores. */
    others: number;
    machine: number;
    machineCapacity: number;
  };
  loadAverage: number[];
  answers: AnswerSet;
  tables: Record<string, TableDigest>;
}

async function stopAll(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async ({ service }) => {
      const exited = stop(service);
      if (!(await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 60_000))]))) await kill9(service);
    }),
  );
  running = [];
}

async function runCount(count: number, ends: Map<number, number>, total: number): Promise<CountResult> {
  log(`${count} instance(s): replaying ${total} events`);
  await dropDatabase(DB);
  await runBuiltCommand('services/metrics/src/database/migrate.js', { METRICS_DB: DB });
  const group = `${GROUP}-n${count}`;
  const pg = await connectTo(DB);
  // Its own connection: the sampler's queries do not wait behind the bench's.
  const sampled = await connectTo(DB);
  const dbCpu = new DatabaseCpuSampler(sampled, DB);
  const before = cpuNow(KAFKA_PID);
  const benchBefore = process.cpuUsage();
  const startedAt = Date.now();
  const instances = startInstances(count, DB, group, PORT);
  running = instances.map((i) => i.service);
  try {
    await waitStored(pg, group, ends, instances);
    const storedAt = Date.now();
    const held = await assignment(kafka, group);
    await waitProjected(pg, instances);
    const projectedAt = Date.now();
    const after = cpuNow(KAFKA_PID);
    const benchUsage = process.cpuUsage(benchBefore);
    const bench = (benchUsage.user + benchUsage.system) / 1e6;
    const ownBackends = await dbCpu.stop();
    const perInstance: InstanceResult[] = [];
    for (const i of instances) {
      perInstance.push({
        clientId: i.clientId,
        partitions: held[i.clientId] ?? [],
        eventsStored: await eventsApplied(i.service),
        peakRssMb: round(i.rss.peak()),
        cpuS: round(cpuSeconds(i.service.process.pid), 1),
        cpuAtReadyS: round(i.cpuAtReadyS ?? 0, 1),
      });
    }
    const loadAverage = loadavg().map((l) => round(l, 2));
    const seconds = (projectedAt - startedAt) / 1000;
    const services = perInstance.reduce((s, i) => s + i.cpuS, 0);
    log(`  projected in ${round(seconds, 1)} s; comparing figures`);
    const answers = await catalogueAnswers(
      instances.map((i) => i.service.url),
      TENANTS,
      PERIODS,
      SCOPES,
      AS_AT,
      HEADERS,
    );
    const tables = await tableDigests(pg);
    const result: CountResult = {
      instances: count,
      events: total,
      storedS: round((storedAt - startedAt) / 1000, 1),
      projectedS: round(seconds, 1),
      storedPerS: round(total / ((storedAt - startedAt) / 1000)),
      storedAndProjectedPerS: round(total / seconds),
      perInstance,
      cpuS: {
        services: round(services, 1),
        servicesAfterReady: round(services - perInstance.reduce((s, i) => s + i.cpuAtReadyS, 0), 1),
        postgres: round(after.postgres - before.postgres, 1),
        postgresOwnBackends: round(ownBackends, 1),
        kafka: round(after.kafka - before.kafka, 1),
        bench: round(bench, 1),
        others: round(after.machine - before.machine - services - (after.postgres - before.postgres) - (after.kafka - before.kafka) - bench, 1),
        machine: round(after.machine - before.machine, 1),
        machineCapacity: round(cpus().length * seconds, 1),
      },
      loadAverage,
      answers,
      tables,
    };
    log(`  ${JSON.stringify({ ...result, answers: { ...answers, each: undefined } })}`);
    return result;
  } finally {
    instances.forEach((i) => i.rss.stop());
    await stopAll(instances);
    await dbCpu.stop();
    await sampled.end().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await dropUnlessKept(DB);
  }
}

/** Where a count's figures differ from the first count's: the answers and tables that do. */
function differences(results: CountResult[]): string[] {
  const [first, ...rest] = results;
  const found: string[] = [];
  for (const r of rest) {
    for (const [key, hash] of Object.entries(r.answers.each)) if (first.answers.each[key] !== hash) found.push(`${r.instances} instances: answer ${key}`);
    for (const [table, d] of Object.entries({ ...first.tables, ...r.tables })) {
      const a = first.tables[table];
      const b = r.tables[table];
      if (a?.rows !== b?.rows || a?.digest !== b?.digest)
        found.push(`${r.instances} instances: table ${table} (${a?.rows ?? '–'} rows vs ${b?.rows ?? d.rows})`);
    }
  }
  return found;
}

function table(results: CountResult[]): string {
  // CPU milliseconds per 1,000 events.
  const perK = (s: number, r: CountResult) => round((1e6 * s) / r.events);
  const one = results[0];
  return [
    '| instances | stored s | stored+projected s | events/s | × 1 instance | partitions per instance | events stored per instance | peak RSS per instance MB | CPU s: services (after ready) / PostgreSQL on its database (all of PostgreSQL) / broker / others / machine of capacity | CPU ms per 1,000 events: services / PostgreSQL on its database |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.instances} | ${r.storedS} | ${r.projectedS} | ${r.storedAndProjectedPerS} | ${round(r.storedAndProjectedPerS / one.storedAndProjectedPerS, 2)} | ${r.perInstance.map((i) => i.partitions.length).join(' / ')} | ${r.perInstance.map((i) => i.eventsStored).join(' / ')} | ${r.perInstance.map((i) => round(i.peakRssMb)).join(' / ')} | ${r.cpuS.services} (${r.cpuS.servicesAfterReady}) / ${r.cpuS.postgresOwnBackends} (${r.cpuS.postgres}) / ${r.cpuS.kafka} / ${r.cpuS.others} / ${r.cpuS.machine} of ${r.cpuS.machineCapacity} | ${perK(r.cpuS.servicesAfterReady, r)} / ${perK(r.cpuS.postgresOwnBackends, r)} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  log(`${TENANT_COUNT} tenants, ${EVENTS} events from ${FROM} to ${TO}; instances ${COUNTS.join(', ')}; ${cpus().length} cores`);
  const sent = await fill();
  const ends = await endOffsets(kafka, CASE_EVENTS);
  const total = await topicSize(kafka, CASE_EVENTS);
  log(`sent ${sent}; ${total} events on ${CASE_EVENTS} (${ends.size} partitions)`);
  const results: CountResult[] = [];
  for (const count of COUNTS) results.push(await runCount(count, ends, total));
  const differ = differences(results);
  const first = results[0];
  process.stdout.write(
    `\n${table(results)}\n\nfigures: ${first.answers.requests} catalogue answers (${first.answers.figures} figures) and ${Object.keys(first.tables).length} tables ` +
      `${differ.length === 0 ? `identical for ${COUNTS.join(', ')} instances (answers ${first.answers.digest})` : `DIFFER:\n${differ.join('\n')}`}\n\n` +
      `${JSON.stringify(
        {
          tenants: TENANTS,
          eventsSent: sent,
          eventsOnTopic: total,
          cores: cpus().length,
          periods: PERIODS,
          scopes: SCOPES,
          asAt: AS_AT,
          figuresIdentical: differ.length === 0,
          differences: differ,
          results: results.map((r) => ({ ...r, answers: { ...r.answers, each: undefined } })),
        },
        null,
        2,
      )}\n`,
  );
  if (differ.length > 0) process.exitCode = 1;
}

async function cleanUp(): Promise<void> {
  await Promise.all(running.map((s) => kill9(s).catch(() => undefined)));
  running = [];
  await dropUnlessKept(DB);
  await deleteTenantKeys(TENANTS);
  await deleteGroups(kafka, GROUP);
}

runBench(main, cleanUp);
