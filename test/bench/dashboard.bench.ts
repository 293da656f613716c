/**
 * `npm run bench:dashboard`: the dashboard's own costs, against a stand-in for the metrics and
 * alerting APIs (canned answers, so the figures measure the dashboard, not the figures' computing):
 *  1. overview server render: BENCH_RENDERS (default 200) requests of `/tenants/bench`, one at a
 *     time after one cold request; p50/p95/max.
 *  2. SSE relay: BENCH_BROWSERS (default 200) browser streams on `/tenants/bench/live`, the
 *     upstream `/stream` sending BENCH_CHANGES (default 50) figure changes a second for
 *     BENCH_SECONDS (default 20); each change carries its send time as its value, so each browser
 *     measures upstream send → browser receipt. p50/p99/max, messages delivered, dashboard RSS.
 * Prints JSON. Numbers, not assertions.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtFile, stop, waitReady, type RunningService } from '../support/services';

const RENDERS = Number(process.env.BENCH_RENDERS ?? 200);
const BROWSERS = Number(process.env.BENCH_BROWSERS ?? 200);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_DASHBOARD_PORT ?? 3290);

const AREAS = ['contacts', 'referrals', 'cin', 'assessments', 'cp', 'lac', 'missing', 'care-leavers', 'caseload', 'adoption'];
const METRIC_IDS = Array.from({ length: 50 }, (_, i) => `${AREAS[i % AREAS.length]}.m${i}`);

function month(d = new Date()): string {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).formatToParts(d);
  return `${p.find((x) => x.type === 'year')!.value}-${p.find((x) => x.type === 'month')!.value}`;
}

function metricValue(metricId: string, value: number, period = month()) {
  const i = METRIC_IDS.indexOf(metricId);
  const unit = (['count', 'percent', 'rate10k', 'days'] as const)[i % 4];
  return {
    metricId,
    title: `Indicator ${i}`,
    unit,
    period,
    scope: 'la',
    value,
    numerator: unit === 'percent' ? 40 : null,
    denominator: unit === 'percent' ? 50 : null,
    polarity: 'high',
    target: i % 3 === 0 ? 80 : null,
    rag: i % 3 === 0 ? (['red', 'amber', 'green'] as const)[(i / 3) % 3] : null,
    direction: 'up',
    trend: 'better',
    firstReported: value,
    revised: false,
    asOf: new Date().toISOString(),
  };
}

/** The stand-in APIs: canned figures, queues and deadlines, and a stream of changes. */
function startFakeApis(): Promise<{ url: string; close: () => void; streams: () => number; sent: () => number }> {
  const streams = new Set<ServerResponse>();
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/health/live') return json(res, { status: 'ok' });
    let m: RegExpExecArray | null;
    if ((m = /^\/v1\/tenants\/[^/]+\/metrics$/.exec(path)))
      return json(res, { asOf: new Date().toISOString(), items: METRIC_IDS.map((id, i) => metricValue(id, 10 + i)) });
    if ((m = /^\/v1\/tenants\/[^/]+\/metrics\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1]);
      const history = Array.from({ length: 12 }, (_, k) => metricValue(id, 10 + ((k * 7) % 13), `2026-${String(k + 1).padStart(2, '0')}`));
      return json(res, { ...metricValue(id, 12), history });
    }
    if (/^\/v1\/tenants\/[^/]+\/queues\//.test(path)) {
      return json(res, {
        asOf: new Date().toISOString(),
        items: Array.from({ length: 150 }, (_, k) => ({
          subject: `C${k}`,
          since: '2026-10-01',
          ageDays: 60 - (k % 60),
          teamId: `T${k % 10}`,
          workerId: `SW${k % 60}`,
        })),
      });
    }
    if (/^\/v1\/tenants\/[^/]+\/deadlines/.test(path)) return json(res, { items: [] });
    if (/^\/v1\/tenants\/[^/]+\/stream$/.test(path)) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    res.writeHead(404).end();
  });
  // CHANGES a second, by the clock (timers drift under load); the value is the send time (ms since the epoch).
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) * CHANGES) / 1000);
    for (; sent < due; sent++) {
      const frame = `id: ${sent}\nevent: metric\ndata: ${JSON.stringify(metricValue(METRIC_IDS[sent % METRIC_IDS.length], Date.now()))}\n\n`;
      for (const s of streams) s.write(frame);
    }
  }, 10);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        streams: () => streams.size,
        sent: () => sent,
        close: () => {
          clearInterval(timer);
          for (const s of streams) s.end();
          server.close();
        },
      }),
    ),
  );
}

function startDashboard(apis: string): RunningService {
  const child = spawn(process.execPath, [builtFile('services/dashboard/src/main.js')], {
    env: { ...process.env, NODE_ENV: 'development', PORT: String(PORT), HOST: '127.0.0.1', METRICS_URL: apis, ALERTING_URL: apis, DEFAULT_TENANT: 'bench' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  return { name: 'dashboard', port: PORT, url: `http://127.0.0.1:${PORT}`, process: child, output: () => log };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function renderBench(base: string) {
  const t0 = performance.now();
  const cold = await fetch(`${base}/tenants/bench`);
  await cold.text();
  const coldMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const s = performance.now();
    const res = await fetch(`${base}/tenants/bench`);
    const html = await res.text();
    if (res.status !== 200 || !html.includes('data-metric-id')) throw new Error(`overview answered ${res.status}`);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return {
    renders: RENDERS,
    coldMs: Math.round(coldMs),
    p50Ms: +pct(times, 50).toFixed(1),
    p95Ms: +pct(times, 95).toFixed(1),
    maxMs: +times[times.length - 1].toFixed(1),
  };
}

async function browser(url: string, signal: AbortSignal, latencies: number[]): Promise<number> {
  const res = await fetch(url, { signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let got = 0;
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return got;
    const at = Date.now();
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!data || !block.includes('event: metric')) continue;
      const sent = Number((JSON.parse(data) as { dataValue: string }).dataValue);
      if (sent > 1e12) {
        latencies.push(at - sent);
        got++;
      }
    }
  }
}

async function relayBench(base: string, dashboard: RunningService, apis: { streams: () => number; sent: () => number }) {
  const controller = new AbortController();
  const latencies: number[] = [];
  const rssBefore = rssMb(dashboard.process.pid!);
  const clients = Array.from({ length: BROWSERS }, () => browser(`${base}/tenants/bench/live`, controller.signal, latencies));
  await new Promise((r) => setTimeout(r, 2000));
  latencies.length = 0; // the snapshot and start-up are not the steady state
  const sentBefore = apis.sent();
  let ended = 0;
  clients.forEach((c) => void c.then(() => ended++));
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssMb(dashboard.process.pid!)), 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(sampler);
  const upstreams = apis.streams();
  const sent = apis.sent() - sentBefore;
  const droppedBrowsers = ended;
  controller.abort();
  await Promise.allSettled(clients);
  latencies.sort((a, b) => a - b);
  return {
    browsers: BROWSERS,
    changesPerSecond: CHANGES,
    seconds: SECONDS,
    upstreamConnections: upstreams,
    changesSent: sent,
    delivered: latencies.length,
    expected: BROWSERS * sent,
    droppedBrowsers,
    relayP50Ms: pct(latencies, 50),
    relayP99Ms: pct(latencies, 99),
    relayMaxMs: latencies[latencies.length - 1],
    rssMbBefore: Math.round(rssBefore),
    rssMbMax: Math.round(Math.max(...rss)),
  };
}

async function main(): Promise<void> {
  const apis = await startFakeApis();
  const dashboard = startDashboard(apis.url);
  try {
    await waitReady(dashboard);
    const render = await renderBench(dashboard.url);
    const relay = await relayBench(dashboard.url, dashboard, apis);
    console.log(JSON.stringify({ bench: 'dashboard', node: process.version, render, relay }, null, 2));
  } finally {
    await stop(dashboard);
    apis.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
