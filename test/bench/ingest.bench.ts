/**
 * `npm run bench:ingest`: posts synthetic events through the HTTP API of a built ingestion
 * service (real Kafka with acks=all, real Postgres) and prints throughput, latency and RSS. Its
 * database (casewatch_ingestion_bench) is made afresh and dropped at the end (BENCH_KEEP=1 keeps it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { runBuiltCommand } from '../support/services';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { runBench } from './support/bench-cleanup';
import { benchBrokers } from './support/bench-env';

const PORT = Number(process.env.BENCH_PORT ?? 3101);
const URL = `http://127.0.0.1:${PORT}`;
const TENANT = `bench-${Date.now().toString(36)}`;
const DB = 'casewatch_ingestion_bench';
let server: ChildProcess | undefined;
const BATCH = 1000;
const BATCH_REQUESTS = Number(process.env.BENCH_BATCH_REQUESTS ?? 300);
const SINGLE_RATE = 200;
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 30);
const HEADERS = { authorization: 'Bearer dev-admin' };

let seq = 0;
function event(): Record<string, unknown> {
  seq++;
  return {
    specversion: '1.0',
    id: `b${seq}`,
    source: `urn:bench:${TENANT}`,
    type: 'csc.visit.completed',
    time: '2026-11-20T10:00:00Z',
    subject: `C${seq % 50_000}`,
    tenant: TENANT,
    data: { visitId: `V${seq}`, kind: 'cp', seen: true, teamId: 'T1', workerId: `SW${seq % 300}` },
  };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${URL}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('ingestion did not become ready');
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((res, rej) => autocannon(options, (err, result) => (err ? rej(err) : res(result))));
}

async function main(): Promise<void> {
  benchBrokers();
  await dropDatabase(DB);
  await runBuiltCommand('services/ingestion/src/database/migrate.js', { INGESTION_DB: DB });
  const main = resolve(__dirname, '../../services/ingestion/src/main.js');
  // BENCH_PROFILE=dir writes a V8 CPU profile of the server there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  server = spawn(process.execPath, [...profile, main], {
    env: { ...process.env, PORT: String(PORT), NODE_ENV: 'development', INGESTION_DB: DB },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let peakRss = 0;
  const pid = server.pid as number;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);
  try {
    await waitReady();
    const put = await fetch(`${URL}/v1/tenants/${TENANT}`, {
      method: 'PUT',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', nation: 'england', population0to17: 100000 }),
    });
    if (put.status !== 201) throw new Error(`tenant not created: ${put.status}`);

    // Bodies are made before the clock starts, each with fresh ids: every event is really published.
    const batches = Array.from({ length: BATCH_REQUESTS }, () => JSON.stringify(Array.from({ length: BATCH }, event)));
    let next = 0;
    const started = Date.now();
    const batchRun = await run({
      url: URL,
      connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
      amount: BATCH_REQUESTS,
      requests: [
        {
          method: 'POST',
          path: '/v1/events',
          headers: { ...HEADERS, 'content-type': 'application/cloudevents-batch+json' },
          setupRequest: (req) => ({ ...req, body: batches[next++ % batches.length] }),
        },
      ],
    });
    const seconds = (Date.now() - started) / 1000;
    const okBatches = batchRun['2xx'];

    const singles = Array.from({ length: SINGLE_RATE * SINGLE_SECONDS + 500 }, () => JSON.stringify(event()));
    let nextSingle = 0;
    const singleRun = await run({
      url: URL,
      connections: 20,
      overallRate: SINGLE_RATE,
      duration: SINGLE_SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/v1/events',
          headers: { ...HEADERS, 'content-type': 'application/cloudevents+json' },
          setupRequest: (req) => ({ ...req, body: singles[nextSingle++ % singles.length] }),
        },
      ],
    });

    const report = {
      batches: {
        requests: BATCH_REQUESTS,
        eventsPerRequest: BATCH,
        accepted2xx: okBatches,
        non2xx: batchRun.non2xx,
        errors: batchRun.errors,
        seconds: Number(seconds.toFixed(1)),
        eventsPerSecond: Math.round((okBatches * BATCH) / seconds),
        latencyMs: { p50: batchRun.latency.p50, p99: batchRun.latency.p99 },
      },
      singles: {
        targetRate: SINGLE_RATE,
        seconds: SINGLE_SECONDS,
        requests: singleRun.requests.total,
        accepted2xx: singleRun['2xx'],
        non2xx: singleRun.non2xx,
        latencyMs: { p50: singleRun.latency.p50, p90: singleRun.latency.p90, p99: singleRun.latency.p99, max: singleRun.latency.max },
      },
      server: { peakRssMb: Math.round(peakRss), rssAfterMb: Math.round(rssMb(pid)) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
  }
}

async function cleanUp(): Promise<void> {
  const running = server;
  if (running && running.exitCode === null && running.signalCode === null) await new Promise((r) => running.once('exit', r).kill('SIGTERM'));
  await dropUnlessKept(DB);
}

runBench(main, cleanUp);
