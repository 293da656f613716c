/**
 * `npm run bench:alerting`: the alerting service at national scale (issue 4).
 *  1. Start-up time and RSS with BENCH_DEADLINES open deadlines (default 1,000,000). The rows are
 *     inserted straight into a fresh database with SQL generate_series (not through events: the
 *     engine's own throughput is part 3), all due days to a year ahead so none fires here.
 *  2. The lag between dueAt and the alert on csc.alerts.v1 when 10,000 fall due within the same
 *     minute, on top of those: inserted the same way before a restart, due shortly after it.
 *  3. Replay: BENCH_EVENTS generated events (default 300,000) put on csc.case-events.v1 after the
 *     service's stored offsets, then applied into the event store and deadlines by a fresh
 *     service; events/s from the first applied batch until every event is applied and no child
 *     waits for evaluation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateHistory } from '@casewatch/event-generator';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { bareConsumerRate } from './support/bare-consumer';

const DEADLINES = Number(process.env.BENCH_DEADLINES ?? 1_000_000);
const DUE_TOGETHER = Number(process.env.BENCH_DUE_TOGETHER ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const PORT = Number(process.env.BENCH_PORT ?? 3393);
const DIST = resolve(__dirname, '../..');
const RUN = Date.now().toString(36);
const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (field: 'VmRSS' | 'VmHWM', pid: number) =>
  Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function freshDatabase(db: string): Promise<Client> {
  const admin = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
  await new Promise<void>((ok, fail) =>
    spawn(process.execPath, [resolve(DIST, 'services/alerting/src/database/migrate.js')], {
      env: { ...process.env, ALERTING_DB: db },
      stdio: ['ignore', 'ignore', 'inherit'],
    }).on('exit', (c) => (c === 0 ? ok() : fail(new Error('migration failed')))),
  );
  const pg = new Client({ host: '127.0.0.1', user: 'postgres', database: db });
  await pg.connect();
  return pg;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  scheduledMs: number;
  readyMs: number;
  scheduled: string;
}

/** Starts the built service; resolves once ready, with when its timers were loaded. */
async function startService(db: string, group: string): Promise<Started> {
  const env = {
    ...process.env,
    ALERTING_DB: db,
    PORT: String(PORT),
    ALERTING_CONSUMER_GROUP: group,
    ALERTING_FROM_BEGINNING: 'false',
    DIGEST_TIMER: 'false',
    NODE_ENV: 'test',
  };
  if (await fetch(`http://127.0.0.1:${PORT}/health/live`).catch(() => undefined)) throw new Error(`port ${PORT} is taken: set BENCH_PORT`);
  const t0 = Date.now();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the service.
  // As scripts/start.sh and the Dockerfile run it.
  const nodeArgs = ['--max-semi-space-size=32', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, resolve(DIST, 'services/alerting/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let scheduledMs = -1;
  let scheduled = '';
  let out = '';
  const scan = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
    const m = /(\d+) deadline transitions scheduled/.exec(out);
    if (m && scheduledMs < 0) {
      scheduledMs = Date.now() - t0;
      scheduled = m[1];
    }
  };
  child.stdout?.on('data', scan);
  child.stderr?.on('data', scan);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alerting exited:\n${out}`);
    const res = await fetch(`http://127.0.0.1:${PORT}/health/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    await sleep(100);
  }
  return { child, output: () => out, scheduledMs, readyMs: Date.now() - t0, scheduled };
}

/** Drops a benchmark database, unless BENCH_KEEP=1 keeps it to look at. */
async function dropDatabase(db: string): Promise<void> {
  if (process.env.BENCH_KEEP === '1') return;
  const admin = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function insertOpenDeadlines(pg: Client, tenant: string, n: number): Promise<void> {
  await pg.query(
    `INSERT INTO deadlines (deadline_id, tenant, subject, rule, state, started_at, start_date, due_at, warn_at, team_id, explain)
     SELECT 'cp-visit.bench' || i, $1, 'B' || i, 'cp-visit', 'open', now() - interval '1 day', current_date - 1,
            now() + interval '3 days' + (i % 525600) * interval '1 minute', now() + interval '2 days' + (i % 525600) * interval '1 minute',
            'T' || (i % 50), 'benchmark row'
     FROM generate_series(1, $2::int) i`,
    [tenant, n],
  );
}

/** Part 1 and 2. */
async function timers(): Promise<Record<string, unknown>> {
  const db = 'casewatch_alerting_bench';
  const tenant = `bench-dl-${RUN}`;
  const pg = await freshDatabase(db);
  const t = Date.now();
  await insertOpenDeadlines(pg, tenant, DEADLINES);
  await pg.query('ANALYZE deadlines');
  log(`inserted ${DEADLINES} open deadlines in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const first = await startService(db, `bench-alerting-${RUN}`);
  const startup = {
    timersLoadedMs: first.scheduledMs,
    readyMs: first.readyMs,
    transitions: first.scheduled,
    rssMb: mb('VmRSS', first.child.pid as number),
    peakRssMb: mb('VmHWM', first.child.pid as number),
  };
  log(`start-up: ${JSON.stringify(startup)}`);
  await stopService(first.child);

  // 10,000 due within one minute, starting well after the next start-up has finished.
  const t0 = Date.now() + Math.max(30_000, 2 * first.readyMs + 15_000);
  await pg.query(
    `INSERT INTO deadlines (deadline_id, tenant, subject, rule, state, started_at, start_date, due_at, warn_at, explain)
     SELECT 'cp-visit.benchdue' || i, $1, 'D' || i, 'cp-visit', 'open', now() - interval '10 days', current_date - 10, d, d, 'benchmark row'
     FROM generate_series(0, $2::int - 1) i, LATERAL (SELECT to_timestamp(($3::bigint + (i * 60000 / $2::int)) / 1000.0) AS d) due`,
    [tenant, DUE_TOGETHER, t0],
  );
  const dueAt = (id: string) => t0 + Math.floor((Number(id.replace('cp-visit.benchdue', '')) * 60_000) / DUE_TOGETHER);

  const consumer = kafka.consumer({ groupId: `bench-alerts-${RUN}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'csc.alerts.v1', fromBeginning: false });
  const onTopic: number[] = [];
  const received: number[] = [];
  const fired: number[] = [];
  const seen = new Set<string>();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        if (!m.key?.toString().startsWith(`${tenant}:`)) continue;
        const alert = JSON.parse(m.value?.toString() ?? '{}') as { deadlineId: string; kind: string; firedAt: string };
        if (!alert.deadlineId.startsWith('cp-visit.benchdue') || alert.kind !== 'overdue' || seen.has(alert.deadlineId)) continue;
        seen.add(alert.deadlineId);
        const due = dueAt(alert.deadlineId);
        onTopic.push(Number(m.timestamp) - due);
        received.push(now - due);
        fired.push(Date.parse(alert.firedAt) - due);
      }
    },
  });
  while (!joined) await sleep(100);

  const second = await startService(db, `bench-alerting-${RUN}`);
  log(`restarted in ${second.readyMs} ms; the ${DUE_TOGETHER} fall due from ${new Date(t0).toISOString()} over one minute`);
  if (Date.now() > t0) log('warning: the service was not ready before the first came due; their lag includes start-up');
  let peakDuring = 0;
  const deadline = t0 + 60_000 + 60_000;
  while (seen.size < DUE_TOGETHER && Date.now() < deadline) {
    peakDuring = Math.max(peakDuring, mb('VmRSS', second.child.pid as number));
    await sleep(250);
  }
  const peakRssMb = mb('VmHWM', second.child.pid as number);
  await stopService(second.child);
  await consumer.disconnect();
  await pg.end();
  await dropDatabase(db);
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] };
  };
  return {
    openDeadlines: DEADLINES,
    startup,
    dueTogether: DUE_TOGETHER,
    alertsSeen: seen.size,
    lagOnTopicMs: stats(onTopic),
    lagReceivedMs: stats(received),
    lagFiredAtMs: stats(fired),
    rssWhileFiringMb: peakDuring,
    peakRssSecondRunMb: peakRssMb,
  };
}

/** Part 3. */
async function replay(): Promise<Record<string, unknown>> {
  const db = 'casewatch_alerting_bench_replay';
  const group = `bench-alerting-replay-${RUN}`;
  const tenant = `bench-rp-${RUN}`;
  const pg = await freshDatabase(db);
  const admin = kafka.admin();
  await admin.connect();
  const marks = await admin.fetchTopicOffsets('csc.case-events.v1');
  // The service resumes from its stored offsets: start it exactly where our events begin.
  for (const o of marks) {
    await pg.query(`INSERT INTO applied_offsets (consumer, topic, partition, next_offset) VALUES ($1, 'csc.case-events.v1', $2, $3)`, [
      group,
      o.partition,
      o.high,
    ]);
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const history = generateHistory({ tenant, seed: 11, children: Math.ceil(EVENTS / 15), from: '2023-04-01', to: '2026-11-20' });
  let batch: { key: string; value: string }[] = [];
  let sent = 0;
  for (const event of history) {
    batch.push({ key: `${tenant}:${event.subject}`, value: JSON.stringify(event) });
    if (batch.length === 5000) {
      await producer.send({ topic: 'csc.case-events.v1', messages: batch });
      sent += batch.length;
      batch = [];
      if (sent >= EVENTS) break;
    }
  }
  if (batch.length > 0) await producer.send({ topic: 'csc.case-events.v1', messages: batch });
  sent += batch.length;
  await producer.disconnect();
  const ends = await admin.fetchTopicOffsets('csc.case-events.v1');
  await admin.disconnect();
  const backlog = ends.reduce((n, e) => n + Number(e.high) - Number(marks.find((m) => m.partition === e.partition)?.high ?? e.high), 0);
  log(`put ${sent} events of ${tenant} on the topic (${backlog} behind the stored offsets)`);
  // The bare consumer over the same messages (from the marks on), before and after the service.
  const bareRate = async () =>
    (await bareConsumerRate(kafka, { topic: 'csc.case-events.v1', count: backlog, groupId: `bench-bare-${RUN}-${Date.now()}`, from: marks })).eventsPerSecond;
  const bareBefore = await bareRate();

  const service = await startService(db, group);
  // Progress is read from the service's stored offsets and its evaluation queue, both small:
  // counting case_events or deadlines every poll would take a core from the service it measures.
  const start = marks.reduce((n, m) => n + Number(m.high), 0);
  const progress = async () =>
    (
      await pg.query(
        `SELECT (SELECT coalesce(sum(next_offset), 0)::bigint FROM applied_offsets WHERE consumer = $1 AND topic = 'csc.case-events.v1') AS applied,
                (SELECT count(*)::int FROM children_to_evaluate) AS waiting`,
        [group],
      )
    ).rows[0] as { applied: string; waiting: number };
  let firstAt = 0;
  let doneAt = 0;
  let appliedAt = 0;
  let peak = 0;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`alerting exited:\n${service.output()}`);
    const p = await progress();
    const applied = Math.max(0, Number(p.applied) - start);
    if (applied > 0 && firstAt === 0) firstAt = Date.now();
    if (applied >= backlog && appliedAt === 0) appliedAt = Date.now();
    peak = Math.max(peak, mb('VmRSS', service.child.pid as number));
    process.stderr.write(`\rapplied ${applied}/${backlog}, ${p.waiting} children waiting for evaluation   `);
    if (applied >= backlog && p.waiting === 0) {
      doneAt = Date.now();
      break;
    }
    await sleep(100);
  }
  process.stderr.write('\n');
  const count = async (sql: string) => Number((await pg.query(sql, [tenant])).rows[0].n);
  // utime + stime in clock ticks (100 a second): how much of the run was the service's own work.
  const stat = readFileSync(`/proc/${service.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const serviceCpuSeconds = (Number(stat[11]) + Number(stat[12])) / 100;
  // Its database's backends too (alive until it stops: the pool keeps its connections).
  const backends = (await pg.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db])).rows as { pid: number }[];
  const postgresCpuSeconds = backends.reduce((sum, b) => {
    try {
      const s = readFileSync(`/proc/${b.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(s[11]) + Number(s[12])) / 100;
    } catch {
      return sum; // gone meanwhile
    }
  }, 0);
  const seconds = (doneAt - firstAt) / 1000;
  const deadlines = await count('SELECT count(*)::int AS n FROM deadlines WHERE tenant = $1');
  const children = await count('SELECT count(DISTINCT subject)::int AS n FROM case_events WHERE tenant = $1');
  const others = Number((await pg.query('SELECT count(*)::int AS n FROM case_events WHERE tenant <> $1', [tenant])).rows[0].n);
  await stopService(service.child);
  await pg.end();
  await dropDatabase(db);
  // Before and after the service: the machine's load moves between the two.
  const bareAfter = await bareRate();
  const bare = (bareBefore + bareAfter) / 2;
  const problems = service
    .output()
    .split('\n')
    .filter((l) => /"level":"(warn|error)"|WARN|ERROR/i.test(l));
  for (const line of problems.slice(-10)) log(`service: ${line}`);
  return {
    events: sent,
    otherTenantsEventsAlsoApplied: others,
    children,
    deadlines,
    secondsUntilAllStored: Number(((appliedAt - firstAt) / 1000).toFixed(1)),
    seconds: Number(seconds.toFixed(1)),
    eventsPerSecond: Math.round(sent / seconds),
    bareConsumerEventsPerSecond: Math.round(bare),
    bareConsumerBeforeAndAfter: [Math.round(bareBefore), Math.round(bareAfter)],
    ratio: Number((sent / seconds / bare).toFixed(2)),
    serviceCpuSeconds,
    serviceCpuSecondsPerMillion: Math.round((serviceCpuSeconds / sent) * 1e6),
    postgresCpuSecondsPerMillion: Math.round((postgresCpuSeconds / sent) * 1e6),
    rssPeakMb: peak,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

async function main(): Promise<void> {
  const parts = (process.env.BENCH_PARTS ?? 'timers,replay').split(',');
  const result: Record<string, unknown> = {};
  if (parts.includes('timers')) result.timers = await timers();
  if (parts.includes('replay')) result.replay = await replay();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
