/**
 * `npm run bench:metrics-live`: at a steady BENCH_RATE events/s (default 500) through the
 * ingestion API for BENCH_SECONDS (default 30), the time from each POST to the changed figure
 * (`contacts.received` reaching that POST's count) arriving on the metrics SSE stream. Prints JSON.
 * Its databases are made afresh and dropped at the end, with the tenant's Redis keys (BENCH_KEEP=1 keeps them).
 * The same load runs BENCH_WARMUP_SECONDS (default 10) first, untimed, so that the just-started
 * broker and services (JIT, connection pools, the first full pass on cold caches) are measured in
 * their steady state; `warmUpMs` reports those POSTs apart. `latencyMs` is every POST's after it,
 * and the target is judged on it; `bySecondMs` gives each timed second's p50 / p99 and its POSTs'
 * acceptance p99.
 */
import { kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { dropDatabase, dropUnlessKept } from './support/bench-database';
import { deleteTenantKeys, runBench } from './support/bench-cleanup';
import { benchBrokers } from './support/bench-env';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
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
  // The same load warms the just-started broker and services first; only what follows is timed.
  const warmFrom = performance.now();
  const started = warmFrom + WARMUP_SECONDS * 1000;
  let sent = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; performance.now() - warmFrom < (WARMUP_SECONDS + SECONDS) * 1000; i++) {
    const due = warmFrom + i * interval;
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
  const sentSeconds = (performance.now() - warmFrom) / 1000;
  for (const deadline = performance.now() + 30_000; (seen.at(-1)?.value ?? 0) < sent && performance.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 200));
  }
  abort.abort();
  await stream;
  // A POST's count may be reached by the figure before later-started POSTs finish: take the first
  // value at or above it that arrived after the POST started.
  const quantile = (list: number[], x: number) => Math.round(list[Math.min(list.length - 1, Math.ceil(x * list.length) - 1)]);
  const allHits = posts.map((p) => ({ p, hit: seen.find((s) => s.value >= p.count && s.at >= p.at) }));
  const latencyOf = ({ p, hit }: (typeof allHits)[number]) => (hit ? hit.at - p.at : Number.POSITIVE_INFINITY);
  const warming = allHits
    .filter(({ p }) => p.at < started)
    .map(latencyOf)
    .sort((a, b) => a - b);
  const warmUpMs =
    warming.length === 0 ? null : { seconds: WARMUP_SECONDS, p50: quantile(warming, 0.5), p99: quantile(warming, 0.99), max: quantile(warming, 1) };
  const hits = allHits.filter(({ p }) => p.at >= started);
  const latencies = hits.map(latencyOf).sort((a, b) => a - b);
  const q = (x: number) => quantile(latencies, x);
  // Where the time goes: until the service began computing the value (ingestion, Kafka, the
  // store, coalescing), and from then until the stream delivered it (SQL, Redis pub/sub, SSE).
  const split = (f: (p: (typeof posts)[number], hit: Seen) => number) => {
    const list = hits.flatMap(({ p, hit }) => (hit ? [f(p, hit)] : [])).sort((a, b) => a - b);
    return { p50: quantile(list, 0.5), p90: quantile(list, 0.9), p99: quantile(list, 0.99) };
  };
  // Each timed second on its own: a slow second shows apart from a slow run.
  const bySecond: { second: number; p50: number; p99: number; acceptedP99: number }[] = [];
  for (let second = 0; second < Math.ceil(SECONDS); second++) {
    const these = hits.filter(({ p }) => Math.floor((p.at - started) / 1000) === second);
    const list = these.map(latencyOf).sort((a, b) => a - b);
    const accepted = these.map(({ p }) => p.ackMs).sort((a, b) => a - b);
    if (list.length > 0) bySecond.push({ second, p50: quantile(list, 0.5), p99: quantile(list, 0.99), acceptedP99: quantile(accepted, 0.99) });
  }
  const acks = hits.map(({ p }) => p.ackMs).sort((a, b) => a - b);
  const ackMs = { p50: Math.round(acks[Math.floor(acks.length / 2)]), p99: Math.round(acks[Math.floor(acks.length * 0.99)]) };
  await Promise.all([stop(ingestion), stop(metrics)]);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${metrics.output()}\n${ingestion.output()}\n`);
  process.stdout.write(
    `${JSON.stringify({ timedFrom: new Date(performance.timeOrigin + started).toISOString(), eventsPerSecond: Math.round(sent / sentSeconds), posts: hits.length, sseUpdates: seen.length, lastValue: seen.at(-1)?.value ?? 0, sent, postAcceptedMs: ackMs, latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) }, warmUpMs, postToComputeMs: split((p, h) => h.computedAt - p.at), computeToStreamMs: split((_p, h) => h.at - h.computedAt), bySecondMs: bySecond.map((s) => `${s.second}: ${s.p50} / ${s.p99} (accepted ${s.acceptedP99})`) }, null, 2)}\n`,
  );
}

runBench(main, cleanUp);
