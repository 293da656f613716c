/**
 * `npm run bench:metrics-replay`: how fast the metrics service applies csc.case-events.v1 into
 * its durable event store, against a bare kafkajs eachBatch consumer that only parses the JSON of
 * the same topic. BENCH_EVENTS generated events are added to the topic first (default 200,000).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateHistory } from '@casewatch/event-generator';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { bareConsumerRate } from './support/bare-consumer';

const TOPIC = 'csc.case-events.v1';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR });

async function endOffsets(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  await admin.disconnect();
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

async function fill(): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const tenant = `bench-${Date.now().toString(36)}`;
  const history = generateHistory({ tenant, seed: 7, children: Math.ceil(EVENTS / 15), from: '2021-04-01', to: '2026-11-20' });
  let batch: { key: string; value: string }[] = [];
  let sent = 0;
  for (const event of history) {
    batch.push({ key: `${tenant}:${event.subject}`, value: JSON.stringify(event) });
    if (batch.length === 5000) {
      await producer.send({ topic: TOPIC, messages: batch });
      sent += batch.length;
      batch = [];
      if (sent >= EVENTS) break;
    }
  }
  if (batch.length > 0) await producer.send({ topic: TOPIC, messages: batch });
  await producer.disconnect();
}

interface ServiceRun {
  rate: number;
  rssMb: number;
  projectedRate: number;
  rssProjectedMb: number;
  peakRssMb: number;
  serviceCpuSeconds: number;
  postgresCpuSeconds: number;
}

async function serviceRate(total: number): Promise<ServiceRun> {
  const db = `casewatch_metrics_bench`;
  const admin = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
  const dist = resolve(__dirname, '../..');
  const env = { ...process.env, METRICS_DB: db, PORT: '3192', METRICS_CONSUMER_GROUP: `bench-metrics-${Date.now()}`, METRICS_FROM_BEGINNING: 'true' };
  await new Promise<void>((ok, fail) =>
    spawn(process.execPath, [resolve(dist, 'services/metrics/src/database/migrate.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', (c) =>
      c === 0 ? ok() : fail(new Error('migration failed')),
    ),
  );
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the service there when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  // --max-semi-space-size as scripts/start.sh and the Dockerfile run it.
  const server = spawn(process.execPath, ['--max-semi-space-size=32', ...profile, resolve(dist, 'services/metrics/src/main.js')], { env, stdio: 'ignore' });
  const pg = new Client({ host: '127.0.0.1', user: 'postgres', database: db });
  await pg.connect();
  const started = Date.now();
  let applied = 0;
  while (applied < total) {
    await new Promise((r) => setTimeout(r, 500));
    const [row] = (await pg.query('SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM applied_offsets')).rows;
    applied = Number(row.n);
    process.stderr.write(`\rapplied ${applied}/${total}`);
  }
  const seconds = (Date.now() - started) / 1000;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  // The per-child projections follow the store: a replay is done when they are too.
  let peakRss = rss;
  for (let waiting = 1; waiting > 0;) {
    waiting = (await pg.query('SELECT count(*)::int AS n FROM children_to_project')).rows[0].n;
    peakRss = Math.max(peakRss, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    process.stderr.write(`\rchildren waiting to be projected: ${waiting}    `);
    if (waiting > 0) await new Promise((r) => setTimeout(r, 500));
  }
  const projectedSeconds = (Date.now() - started) / 1000;
  const rssProjected = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  process.stderr.write('\n');
  // CPU spent, which other work on the machine does not inflate: the service's and that of its
  // database's backends (alive at the end: the pool keeps its connections).
  const serviceCpuSeconds = cpuSeconds(server.pid as number);
  const backends = (await pg.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db])).rows as { pid: number }[];
  const postgresCpuSeconds = backends.reduce((sum, b) => sum + cpuSeconds(b.pid), 0);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await pg.end();
  // Leave no benchmark database behind (BENCH_KEEP=1 keeps it to look at).
  if (process.env.BENCH_KEEP !== '1') {
    const drop = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await drop.end();
  }
  return {
    rate: total / seconds,
    rssMb: rss,
    projectedRate: total / projectedSeconds,
    rssProjectedMb: rssProjected,
    peakRssMb: peakRss,
    serviceCpuSeconds,
    postgresCpuSeconds,
  };
}

/** utime + stime of a process in seconds (clock ticks of 1/100 s); 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(stat[11]) + Number(stat[12])) / 100;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  await fill();
  const total = await endOffsets();
  // The bare consumer before and after the service: the machine's load moves between the two.
  const bareRun = () => bareConsumerRate(kafka, { topic: TOPIC, count: total, groupId: `bench-bare-${Date.now()}` });
  const { eventsPerSecond: bareBefore, cpuSeconds: bareCpu } = await bareRun();
  const service = await serviceRate(total);
  const bareAfter = (await bareRun()).eventsPerSecond;
  const bare = (bareBefore + bareAfter) / 2;
  process.stdout.write(
    `${JSON.stringify(
      {
        eventsOnTopic: total,
        bareConsumerEventsPerSecond: Math.round(bare),
        bareConsumerBeforeAndAfter: [Math.round(bareBefore), Math.round(bareAfter)],
        metricsEventsPerSecond: Math.round(service.rate),
        ratio: Number((service.rate / bare).toFixed(2)),
        metricsRssMb: Math.round(service.rssMb),
        // Until every child is projected too (rule figures, checks and deadline queues need them).
        withProjectionsEventsPerSecond: Math.round(service.projectedRate),
        ratioWithProjections: Number((service.projectedRate / bare).toFixed(2)),
        metricsRssMbWhenProjected: Math.round(service.rssProjectedMb),
        metricsPeakRssMb: Math.round(service.peakRssMb),
        // Per million events, until projected: the service's CPU and its database backends'.
        serviceCpuSecondsPerMillion: Math.round((service.serviceCpuSeconds / total) * 1e6),
        postgresCpuSecondsPerMillion: Math.round((service.postgresCpuSeconds / total) * 1e6),
        bareConsumerCpuSecondsPerMillion: Math.round((bareCpu / total) * 1e6),
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
