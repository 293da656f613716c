/**
 * `npm run bench:metric-topic`: what publishing csc.metrics.v1 costs a replay, and how fast the
 * topic fills. BENCH_EVENTS generated events (default 1,000,000; 20 teams of 15 workers) for a
 * new tenant are added to csc.case-events.v1; then, for each of BENCH_MODES (default `off,on`;
 * `raw` is `on` with METRICS_TOPIC_REST_FACTOR=0), the built metrics service replays the whole
 * topic (everyone's events: the same for every mode) into a fresh database with a new consumer
 * group: events stored/s and stored+projected/s. With publishing on, a plain kafkajs reader then
 * counts the tenant's messages on csc.metrics.v1 until the topic carries its every figure or
 * BENCH_TOPIC_WAIT_S (default 600) have passed since the projections caught up; the service's
 * own counter and published_figures give every tenant's. Prints a table and JSON. The bench
 * database and consumer groups are removed at the end (BENCH_KEEP=1 keeps them); the events go
 * with the run's own broker (scripts/bench.sh).
 */
import { generateHistory } from '@casewatch/event-generator';
import { londonDateOf } from '@casewatch/timescales';
import { kill9, stop, type RunningService } from '../support/services';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteGroups, runBench } from './support/bench-cleanup';
import { benchKafka } from './support/bench-env';
import { sendHistory, sendTenants } from './support/bench-send';
import { endOffsets, MetricTopicReader, topicSize } from './support/metric-topic-reader';
import { replay, type ReplayResult } from './support/replay-run';
import { topicUnits } from './support/topic-figures';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WAIT_S = Number(process.env.BENCH_TOPIC_WAIT_S ?? 600);
const MODES = (process.env.BENCH_MODES ?? 'off,on').split(',').map((m) => m.trim()) as Mode[];
const PORT = Number(process.env.BENCH_PORT ?? 3197);
const TEAMS = 20;
const WORKERS_PER_TEAM = 15;
// The service's default METRICS_TOPIC_MONTHS.
const MONTHS = 13;
const DB = 'casewatch_metrics_bench_topic';
const RUN = Date.now().toString(36);
// BENCH_TENANT=<an earlier run's tenant> replays the topic as it is, adding nothing to it: with
// BENCH_KAFKA_DIR=<the broker data of a run kept with BENCH_KEEP=1> (scripts/bench.sh).
const TENANT = process.env.BENCH_TENANT ?? `bench-topic-${RUN}`;
const GROUP = `bench-metric-topic-${RUN}`;
const CASE_EVENTS = 'csc.case-events.v1';
const HEADERS = { authorization: 'Bearer dev-admin' };

type Mode = 'off' | 'on' | 'raw';
const MODE_ENV: Record<Mode, NodeJS.ProcessEnv> = {
  off: { METRICS_TOPIC: 'false' },
  on: { METRICS_TOPIC: 'true' },
  raw: { METRICS_TOPIC: 'true', METRICS_TOPIC_REST_FACTOR: '0' },
};

const kafka = benchKafka(GROUP);
const log = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 0) => Number(n.toFixed(digits));
/** The service of the mode running now, for an interrupted run to stop. */
let running: RunningService | undefined;

/** The tenant's settings, then its generated history; returns how many events were sent. */
async function fill(): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await sendTenants(producer, [{ tenant: TENANT, name: 'Bench', nation: 'england', population0to17: 250_000, updatedAt: new Date().toISOString() }]);
    const today = londonDateOf(Date.now());
    // ~14.1 events a child to today: the history ends at about BENCH_EVENTS; the rest of its last day is cut.
    const history = generateHistory({
      tenant: TENANT,
      seed: 14,
      children: Math.ceil(EVENTS / 14.1),
      from: '2021-04-01',
      to: today,
      horizon: new Date(),
      teams: TEAMS,
      workersPerTeam: WORKERS_PER_TEAM,
    });
    const sent = await sendHistory(producer, history, {
      limit: EVENTS,
      progress: (n) => {
        if (n % 100_000 === 0) process.stderr.write(`\r  sent ${n}`);
      },
    });
    process.stderr.write('\n');
    return sent;
  } finally {
    await producer.disconnect();
  }
}

async function stopService(service: RunningService): Promise<void> {
  const exited = stop(service);
  if ((await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)])) === false) await kill9(service);
}

/** casewatch_metric_topic_messages_total of the service, summed over kinds: everything it published, every tenant. */
async function publishedByService(service: RunningService): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  let sum = 0;
  for (const m of text.matchAll(/^casewatch_metric_topic_messages_total\{[^}]*\} (\d+)/gm)) sum += Number(m[1]);
  return sum;
}

interface TopicResult {
  periods: number;
  /** The bench tenant's (period, scope) units, figures (units × metrics) and the most teams and workers in a period. */
  units: number;
  teamScopes: number;
  workerScopes: number;
  metrics: number;
  figures: number;
  /** Its messages after the replay, by `figure` header, and the distinct keys among them. */
  messages: number;
  kinds: Record<string, number>;
  distinctFigures: number;
  recordedInPublishedFigures: number;
  firstMessageAfterStoredS: number | null;
  allFiguresAfterStoredS: number | null;
  waitedAfterStoredS: number;
  messagesPerSecond: number;
  messagesPerSecondWhilePublishing: number;
  messagesPerSecondLastMinute: number;
  /** Every tenant the service knows: the topic holds the tests' tenants too, and the sweeper goes round all of them. */
  allTenants: {
    tenants: number;
    units: number;
    figures: number;
    tenantsPublished: number;
    figuresRecorded: number;
    messages: number;
    messagesPerSecond: number;
    figuresPerSecond: number;
    projectedAllFiguresAfterStoredS: number | null;
  };
  /** Mean time of `GET /metrics?period=&scope=` over a few of the bench tenant's units (about one unit's work, api/docs), and what its units would take alone. */
  unitMs: number;
  tenantAloneEstimateS: number;
  peakRssMb: number;
  rssEndMb: number;
}

/**
 * About what one unit costs: the whole catalogue for a closed month and the running financial
 * year, for `la`, a team and a worker, through the API (three at once there, one at a time in the
 * sweeper, which is still going round meanwhile).
 */
async function unitMs(url: string): Promise<number> {
  const today = londonDateOf(Date.now());
  const lastMonth = londonDateOf(Date.parse(`${today.slice(0, 7)}-01T12:00:00Z`) - 86_400_000).slice(0, 7);
  const fy = `fy${Number(today.slice(5, 7)) >= 4 ? today.slice(0, 4) : Number(today.slice(0, 4)) - 1}`;
  const ms: number[] = [];
  for (const period of [lastMonth, fy]) {
    for (const scope of ['', '&scope=team:T1', '&scope=worker:SW1']) {
      const started = performance.now();
      const res = await fetch(`${url}/v1/tenants/${TENANT}/metrics?period=${period}${scope}`, { headers: HEADERS });
      await res.arrayBuffer();
      if (res.ok) ms.push(performance.now() - started);
    }
  }
  return ms.length > 0 ? ms.reduce((a, b) => a + b, 0) / ms.length : 0;
}

/** After a replay with publishing on: the topic until it carries every figure of the tenant, or the bounded wait. */
async function followTopic(run: ReplayResult, reader: MetricTopicReader, restFactor: number): Promise<TopicResult> {
  const { periods, byTenant } = await topicUnits(run.pg, Date.now(), MONTHS);
  const ours = byTenant.get(TENANT);
  if (!ours) throw new Error(`${TENANT} is not among the service's tenants`);
  const res = await fetch(`${run.service.url}/v1/tenants/${TENANT}/metrics`, { headers: HEADERS });
  if (!res.ok) throw new Error(`metric list: ${res.status} ${await res.text()}`);
  const metrics = ((await res.json()) as { items: unknown[] }).items.length;
  const figures = ours.units * metrics;
  const allUnits = [...byTenant.values()].reduce((sum, t) => sum + t.units, 0);
  log(
    `  ${periods} periods, ${ours.units} (period, scope) units, ${metrics} metrics: ${figures} figures to carry (all ${byTenant.size} tenants: ${allUnits * metrics}); waiting up to ${WAIT_S} s`,
  );
  run.rss.reset();
  const publishedAtStored = await publishedByService(run.service);
  const deadline = run.projectedAt + WAIT_S * 1000;
  const recordedNow = async () => (await run.pg.query('SELECT count(*)::int AS n FROM published_figures WHERE tenant = $1', [TENANT])).rows[0].n as number;
  let lastReport = Date.now();
  while (reader.keys.size < figures && Date.now() < deadline) {
    await sleep(2000);
    if (run.service.process.exitCode !== null) throw new Error(`metrics exited:\n${run.service.output()}`);
    if (Date.now() - lastReport >= 30_000) {
      lastReport = Date.now();
      const all = await publishedByService(run.service);
      log(
        `  +${Math.round((Date.now() - run.storedAt) / 1000)} s: ${reader.times.length} messages, ${reader.keys.size}/${figures} figures (${await recordedNow()} recorded); all tenants ${all} messages; RSS ${Math.round(run.rss.now())} MB`,
      );
    }
  }
  // Messages produced just before the end are still on their way to the reader.
  await sleep(3000);
  const end = Math.min(Date.now(), deadline);
  const endS = (end - run.storedAt) / 1000;
  const recorded = await recordedNow();
  const everyTenant = (await run.pg.query('SELECT count(DISTINCT tenant)::int AS tenants, count(*)::int AS figures FROM published_figures')).rows[0];
  const allMessages = (await publishedByService(run.service)) - publishedAtStored;
  const times = [...reader.times].sort((a, b) => a - b);
  const firstSeen = [...reader.firstSeen].sort((a, b) => a - b);
  const first = times[0];
  const last = times.at(-1);
  const within = times.filter((t) => t < end);
  const complete = firstSeen.length >= figures ? firstSeen[figures - 1] : undefined;
  const publishingS = first !== undefined && last !== undefined ? Math.max(1, last - first) / 1000 : 0;
  const allFiguresPerS = everyTenant.figures / endS;
  const peakRssMb = round(run.rss.peak());
  const rssEndMb = round(run.rss.now());
  const oneUnitMs = await unitMs(run.service.url);
  return {
    periods,
    units: ours.units,
    teamScopes: ours.teams,
    workerScopes: ours.workers,
    metrics,
    figures,
    messages: within.length,
    kinds: Object.fromEntries(reader.kinds),
    distinctFigures: reader.keys.size,
    recordedInPublishedFigures: recorded,
    firstMessageAfterStoredS: first === undefined ? null : round((first - run.storedAt) / 1000, 1),
    allFiguresAfterStoredS: complete === undefined ? null : round((complete - run.storedAt) / 1000, 1),
    waitedAfterStoredS: round(endS, 1),
    messagesPerSecond: round(within.length / endS, 1),
    messagesPerSecondWhilePublishing: publishingS > 0 ? round(within.length / publishingS, 1) : 0,
    messagesPerSecondLastMinute: round(reader.countBetween(end - 60_000, end) / 60, 1),
    allTenants: {
      tenants: byTenant.size,
      units: allUnits,
      figures: allUnits * metrics,
      tenantsPublished: everyTenant.tenants,
      figuresRecorded: everyTenant.figures,
      messages: allMessages,
      messagesPerSecond: round(allMessages / endS, 1),
      figuresPerSecond: round(allFiguresPerS, 1),
      // At the rate new figures went out, every tenant's (the bench tenant's among them) after this long.
      projectedAllFiguresAfterStoredS: allFiguresPerS > 0 ? round((allUnits * metrics) / allFiguresPerS) : null,
    },
    unitMs: round(oneUnitMs),
    tenantAloneEstimateS: round((ours.units * oneUnitMs * (1 + restFactor)) / 1000),
    peakRssMb,
    rssEndMb,
  };
}

interface ModeResult {
  mode: Mode;
  eventsReplayed: number;
  storedS: number;
  storedPerS: number;
  projectedS: number;
  storedAndProjectedPerS: number;
  rssStoredMb: number;
  rssProjectedMb: number;
  peakRssReplayMb: number;
  loadAverage: number[];
  topic?: TopicResult;
}

async function runMode(mode: Mode, index: number, ends: Map<number, number>, total: number): Promise<ModeResult> {
  log(`${mode} (${index + 1}/${MODES.length}): replaying ${total} events`);
  await dropDatabase(DB);
  const reader = mode === 'off' ? undefined : new MetricTopicReader(kafka, `${GROUP}-reader-${index}`, TENANT, await endOffsets(kafka, 'csc.metrics.v1'));
  let run: ReplayResult | undefined;
  try {
    await reader?.start();
    run = await replay(
      DB,
      PORT,
      { ...MODE_ENV[mode], METRICS_CONSUMER_GROUP: `${GROUP}-${mode}-${index}`, METRICS_WARM_ON_START: 'true' },
      ends,
      (s) => (running = s),
    );
    const loadAverage = (await import('node:os')).loadavg().map((l) => round(l, 2));
    const storedS = (run.storedAt - run.startedAt) / 1000;
    const projectedS = (run.projectedAt - run.startedAt) / 1000;
    const result: ModeResult = {
      mode,
      eventsReplayed: total,
      storedS: round(storedS, 1),
      storedPerS: round(total / storedS),
      projectedS: round(projectedS, 1),
      storedAndProjectedPerS: round(total / projectedS),
      rssStoredMb: round(run.rssStoredMb),
      rssProjectedMb: round(run.rssProjectedMb),
      peakRssReplayMb: round(run.peakRssReplayMb),
      loadAverage,
    };
    if (reader) result.topic = await followTopic(run, reader, Number(MODE_ENV[mode].METRICS_TOPIC_REST_FACTOR ?? 4));
    log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    await reader?.stop().catch(() => undefined);
    if (run) {
      run.rss.stop();
      await run.pg.end().catch(() => undefined);
    }
    if (running) {
      await stopService(running);
      if (process.env.BENCH_VERBOSE) log(running.output());
      running = undefined;
    }
    await dropUnlessKept(DB);
    await deleteGroups(kafka, GROUP);
  }
}

function table(results: ModeResult[]): string {
  const offs = results.filter((r) => r.mode === 'off');
  const mean = (f: (r: ModeResult) => number) => offs.reduce((sum, r) => sum + f(r), 0) / offs.length;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${round(x, 1)} %`;
  const rows = [
    '| mode | events | stored /s | stored+projected /s | vs mean of off runs (stored / projected) | RSS stored / projected / peak MB | load avg (1 min) |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const vs =
        offs.length > 0
          ? `${signed((100 * r.storedPerS) / mean((o) => o.storedPerS) - 100)} / ${signed((100 * r.storedAndProjectedPerS) / mean((o) => o.storedAndProjectedPerS) - 100)}`
          : '–';
      return `| ${r.mode} | ${r.eventsReplayed} | ${r.storedPerS} | ${r.storedAndProjectedPerS} | ${vs} | ${r.rssStoredMb} / ${r.rssProjectedMb} / ${r.peakRssReplayMb} | ${r.loadAverage[0]} |`;
    }),
  ];
  const topics = results.filter((r) => r.topic);
  if (topics.length > 0) {
    rows.push(
      '',
      '| mode | bench tenant: units / figures | its messages after stored: count in s, msgs/s (whole wait, while publishing, last min) | its figures carried (recorded) | first / all after stored | all tenants: tenants, figures | their messages, msgs/s, new figures/s | all figures carried | every figure projected after | one unit (API) / the tenant alone, est. | RSS peak / end MB |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...topics.map(({ mode, topic }) => {
        const x = topic as TopicResult;
        const a = x.allTenants;
        return `| ${mode} | ${x.units} / ${x.figures} | ${x.messages} in ${x.waitedAfterStoredS} s, ${x.messagesPerSecond}, ${x.messagesPerSecondWhilePublishing}, ${x.messagesPerSecondLastMinute} | ${x.distinctFigures} (${x.recordedInPublishedFigures}) | ${x.firstMessageAfterStoredS ?? '–'} / ${x.allFiguresAfterStoredS ?? '–'} s | ${a.tenants}, ${a.figures} | ${a.messages}, ${a.messagesPerSecond}, ${a.figuresPerSecond} | ${a.figuresRecorded} of ${a.tenantsPublished} tenants | ${a.projectedAllFiguresAfterStoredS ?? '–'} s | ${x.unitMs} ms / ${x.tenantAloneEstimateS} s | ${x.peakRssMb} / ${x.rssEndMb} |`;
      }),
    );
  }
  return rows.join('\n');
}

async function cleanUp(): Promise<void> {
  if (running) await kill9(running).catch(() => undefined);
  await dropUnlessKept(DB);
  await deleteGroups(kafka, GROUP);
}

async function main(): Promise<void> {
  for (const m of MODES) if (!(m in MODE_ENV)) throw new Error(`BENCH_MODES: unknown mode ${m} (off, on, raw)`);
  const sent = process.env.BENCH_TENANT
    ? 0
    : (log(`tenant ${TENANT}: generating ${EVENTS} events (${TEAMS} teams × ${WORKERS_PER_TEAM} workers)`), await fill());
  // Every run replays the same events: the topic up to these offsets (others' tests may add more after).
  const ends = await endOffsets(kafka, CASE_EVENTS);
  const total = await topicSize(kafka, CASE_EVENTS);
  log(`sent ${sent}; ${total} events on ${CASE_EVENTS}`);
  const results: ModeResult[] = [];
  for (const [i, mode] of MODES.entries()) results.push(await runMode(mode, i, ends, total));
  process.stdout.write(
    `\n${table(results)}\n\n${JSON.stringify({ tenant: TENANT, eventsSent: sent, eventsOnTopic: total, topicWaitS: WAIT_S, results }, null, 2)}\n`,
  );
}

runBench(main, cleanUp);
