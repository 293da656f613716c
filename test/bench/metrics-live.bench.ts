/**
 * `npm run bench:metrics-live`: at a steady BENCH_RATE events/s (default 500) through the
 * ingestion API for BENCH_SECONDS (default 30), the time from each POST to the changed figure
 * (`contacts.received` reaching that POST's count) arriving on the metrics SSE stream. Prints JSON.
 * Its databases are made afresh and dropped at the end, with the tenant's Redis keys (BENCH_KEEP=1 keeps them).
 * `latencyMs` is every POST's; `afterFirstSecondsMs` leaves out the first BENCH_SETTLE_SECONDS
 * (default 5) of POSTs, while the just-started services warm up (JIT, connection pools, the first
 * full pass on cold caches), to tell that start apart from the steady state. The target is judged
 * on `latencyMs`.
 */
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteTenantKeys, runBench } from './support/bench-cleanup';
import { benchBrokers } from './support/bench-env';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 5);
const PER_POST = 5;
const HEADERS = { authorization: 'Bearer dev-admin', 'content-type': 'application/json' };

const INGESTION_DB = 'casewatch_ingestion_bench_live';
const METRICS_DB = 'casewatch_metrics_bench_live';
const TENANT = `bench-live-${Date.now().toString(36)}`;
const services: RunningService[] = [];

async function cleanUp(): Promise<void> {
  // An interrupted run's services: gone before their databases are.
  await Promise.all(services.map((s) => kill9(s)));
  await dropUnlessKept(INGESTION_DB);
  await dropUnlessKept(METRICS_DB);
  await deleteTenantKeys([TENANT]);
}

/** Arrival times of each new value of contacts.received on the stream. */
type Seen = { value: number; at: number; computedAt: number };

async function follow(url: string, signal: AbortSignal, seen: Seen[]): Promise<void> {
  const res = await fetch(url, { headers: HEADERS, signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    const at = performance.now();
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!block.includes('event: metric') || !data) continue;
      const m = JSON.parse(data) as { metricId: string; value: number; asOf: string };
      // asOf is when the service began computing the value (wall clock, same machine).
      if (m.metricId === 'contacts.received') seen.push({ value: m.value, at, computedAt: Date.parse(m.asOf) - performance.timeOrigin });
    }
  }
}

async function main(): Promise<void> {
  benchBrokers();
  await dropDatabase(INGESTION_DB);
  await dropDatabase(METRICS_DB);
  const ingestionEnv = { INGESTION_DB, PORT: '3194' };
  const metricsEnv = {
    METRICS_DB,
    PORT: '3195',
    METRICS_CONSUMER_GROUP: `bench-live-${Date.now()}`,
    METRICS_FROM_BEGINNING: 'false',
  };
  await runBuiltCommand('services/ingestion/src/database/migrate.js', ingestionEnv);
  await runBuiltCommand('services/metrics/src/database/migrate.js', metricsEnv);
  const ingestion = startBuiltService('ingestion', 3194, ingestionEnv);
  const metrics = startBuiltService('metrics', 3195, metricsEnv);
  services.push(ingestion, metrics);
  await Promise.all([waitReady(ingestion), waitReady(metrics)]);
  const tenant = TENANT;
  await fetch(`${ingestion.url}/v1/tenants/${tenant}`, {
    method: 'PUT',
    headers: HEADERS,
    body: JSON.stringify({ name: 'Live', nation: 'england', population0to17: 50_000 }),
  });
  for (let known = false; !known; await new Promise((r) => setTimeout(r, 200))) {
    known = (await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers: HEADERS })).ok;
  }
  const seen: Seen[] = [];
  const abort = new AbortController();
  const stream = follow(`${metrics.url}/v1/tenants/${tenant}/stream`, abort.signal, seen);
  await new Promise((r) => setTimeout(r, 500));

  const posts: { count: number; at: number; ackMs: number }[] = [];
  const interval = (1000 * PER_POST) / RATE;
  const started = performance.now();
  let sent = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; performance.now() - started < SECONDS * 1000; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const events = Array.from({ length: PER_POST }, (_, k) => ({
      specversion: '1.0',
      id: `c-${i}-${k}`,
      source: `urn:la:999:${tenant}`,
      type: 'csc.contact.received',
      time: new Date(Date.now() - 60_000).toISOString(),
      subject: `C${(i * PER_POST + k) % 5000}`,
      tenant,
      data: { contactId: `K${i}-${k}` },
    }));
    sent += PER_POST;
    const count = sent;
    const at = performance.now();
    inFlight.push(
      fetch(`${ingestion.url}/v1/events`, { method: 'POST', headers: HEADERS, body: JSON.stringify(events) }).then((res) => {
        if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
        posts.push({ count, at, ackMs: performance.now() - at });
      }),
    );
  }
  await Promise.all(inFlight);
  const sentSeconds = (performance.now() - started) / 1000;
  for (const deadline = performance.now() + 30_000; (seen.at(-1)?.value ?? 0) < sent && performance.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 200));
  }
  abort.abort();
  await stream;
  // A POST's count may be reached by the figure before later-started POSTs finish: take the first
  // value at or above it that arrived after the POST started.
  const hits = posts.map((p) => ({ p, hit: seen.find((s) => s.value >= p.count && s.at >= p.at) }));
  const latencies = hits.map(({ p, hit }) => (hit ? hit.at - p.at : Number.POSITIVE_INFINITY)).sort((a, b) => a - b);
  const quantile = (list: number[], x: number) => Math.round(list[Math.min(list.length - 1, Math.ceil(x * list.length) - 1)]);
  const q = (x: number) => quantile(latencies, x);
  const settled = hits
    .filter(({ p }) => p.at - started >= SETTLE_SECONDS * 1000)
    .map(({ p, hit }) => (hit ? hit.at - p.at : Number.POSITIVE_INFINITY))
    .sort((a, b) => a - b);
  const afterFirstSecondsMs = {
    seconds: SETTLE_SECONDS,
    p50: quantile(settled, 0.5),
    p90: quantile(settled, 0.9),
    p99: quantile(settled, 0.99),
    max: quantile(settled, 1),
  };
  // Where the time goes: until the service began computing the value (ingestion, Kafka, the
  // store, coalescing), and from then until the stream delivered it (SQL, Redis pub/sub, SSE).
  const split = (f: (p: (typeof posts)[number], hit: Seen) => number) => {
    const list = hits.flatMap(({ p, hit }) => (hit ? [f(p, hit)] : [])).sort((a, b) => a - b);
    return { p50: quantile(list, 0.5), p90: quantile(list, 0.9), p99: quantile(list, 0.99) };
  };
  const acks = posts.map((p) => p.ackMs).sort((a, b) => a - b);
  const ackMs = { p50: Math.round(acks[Math.floor(acks.length / 2)]), p99: Math.round(acks[Math.floor(acks.length * 0.99)]) };
  await Promise.all([stop(ingestion), stop(metrics)]);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${metrics.output()}\n${ingestion.output()}\n`);
  process.stdout.write(
    `${JSON.stringify({ eventsPerSecond: Math.round(sent / sentSeconds), posts: posts.length, sseUpdates: seen.length, lastValue: seen.at(-1)?.value ?? 0, sent, postAcceptedMs: ackMs, latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) }, afterFirstSecondsMs, postToComputeMs: split((p, h) => h.computedAt - p.at), computeToStreamMs: split((_p, h) => h.at - h.computedAt) }, null, 2)}\n`,
  );
}

runBench(main, cleanUp);
