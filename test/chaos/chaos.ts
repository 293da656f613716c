/**
 * `npm run test:chaos` (issue 13): the three built services under a paced stream of case events
 * while each is killed with SIGKILL and restarted, and the broker, PostgreSQL and Redis are each
 * stopped and started again. Afterwards every event acknowledged with 202 must be applied exactly
 * once by metrics and by alerting, a webhook subscriber must have been told of each alert once, and
 * the figures must equal those of a reference tenant sent the same history without faults.
 * Prints a JSON summary (docs/reliability.md) and exits 1 when an invariant broke.
 *
 * Env: CHAOS_CHILDREN (default 3000), CHAOS_SECONDS (sending time, default 150), CHAOS_SEED.
 * It stops and starts the machine's PostgreSQL, Redis and Kafka: run it alone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { CaseEvent } from '@casewatch/contracts';
import { TOPICS } from '@casewatch/contracts';
import { generateHistory } from '@casewatch/event-generator';
import { TEST_ENV, TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import { runBuiltCommand, stop } from '../support/services';
import { ensureProjectTopics } from '../support/topics';
import { killAndRestart, restartBroker, restartPostgres, restartRedis, Stack, type Fault } from './faults';
import { sendPaced } from './sender';
import { deadlineCounts, deliveriesLeft, differences, figures, firedAlerts, missing, storedIds } from './verify';

const CHILDREN = Number(process.env.CHAOS_CHILDREN ?? 3000);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 150);
const SEED = Number(process.env.CHAOS_SEED ?? 13);
const WINDOW = { from: '2025-04-01', to: '2026-10-31' };
const AS_AT = '2026-11-20T00:00:00Z';
const PERIODS = ['fy2025', '2026-10'];
const DB = { ingestion: 'casewatch_ingestion_chaos', metrics: 'casewatch_metrics_chaos', alerting: 'casewatch_alerting_chaos' };
const PORTS = { ingestion: 3201, metrics: 3202, alerting: 3203 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dropDb(name: string): Promise<void> {
  const admin = new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

function history(tenant: string): CaseEvent[] {
  return [...generateHistory({ tenant, seed: SEED, children: CHILDREN, ...WINDOW, source: 'urn:casewatch:chaos' })];
}

/** A webhook receiver: every request's delivery id and alerts. */
function receiver() {
  const told = new Map<string, Set<string>>(); // `deadlineId kind` → delivery ids
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests++;
      const id = String(req.headers['webhook-id'] ?? req.headers['x-casewatch-delivery']);
      for (const a of (JSON.parse(raw) as { alerts: { deadlineId: string; kind: string }[] }).alerts) {
        const key = `${a.deadlineId} ${a.kind}`;
        told.set(key, (told.get(key) ?? new Set()).add(id));
      }
      res.writeHead(204).end();
    });
  });
  return { server, told, requests: () => requests };
}

async function main(): Promise<void> {
  await ensureProjectTopics();
  for (const [svc, db] of Object.entries(DB)) {
    await dropDb(db);
    await runBuiltCommand(`services/${svc}/src/database/migrate.js`, { [`${svc.toUpperCase()}_DB`]: db });
  }
  const groups = { metrics: uniqueId('chaos-metrics'), alerting: uniqueId('chaos-alerting') };
  const stack = new Stack(PORTS, {
    ingestion: { INGESTION_DB: DB.ingestion },
    metrics: { METRICS_DB: DB.metrics, METRICS_CONSUMER_GROUP: groups.metrics },
    alerting: {
      ALERTING_DB: DB.alerting,
      ALERTING_CONSUMER_GROUP: groups.alerting,
      DELIVERY_RETRY_BASE_MS: '200',
      DELIVERY_RETRY_CAP_MS: '2000',
      DIGEST_TIMER: 'false',
    },
  });
  const hook = receiver();
  await new Promise<void>((ok) => hook.server.listen(0, '127.0.0.1', ok));
  const reader = new TopicReader(TOPICS.caseEvents);
  try {
    for (const name of ['ingestion', 'metrics', 'alerting'] as const) await stack.start(name);
    const tenant = await putTenant(stack, 'chaos');
    const reference = await putTenant(stack, 'chaos-ref');
    await waitFor(
      async () =>
        (await fetch(`${stack.url('alerting')}/v1/tenants/${tenant}/deadlines?limit=1`, { headers: { authorization: 'Bearer dev-admin' } })).status === 200,
      { timeoutMs: 30_000, intervalMs: 250, what: 'alerting knows the tenant' },
    );
    const sub = await fetch(`${stack.url('alerting')}/v1/tenants/${tenant}/subscriptions`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'webhook',
        target: `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook`,
        secret: 'chaos-secret-0123456789',
      }),
    });
    if (sub.status !== 201) throw new Error(`subscription: ${sub.status} ${await sub.text()}`);

    const events = history(tenant);
    const mark = await reader.mark();
    const started = Date.now();
    const at = (s: number) => sleep(Math.max(0, started + s * 1000 - Date.now()));
    const faults: Fault[] = [];
    const inject = async (s: number, name: string, fault: () => Promise<void>) => {
      await at(s);
      const f: Fault = { name, at: Math.round((Date.now() - started) / 100) / 10 };
      faults.push(f);
      await fault();
      await stack.allReady();
      f.recoveredAfter = Math.round((Date.now() - started) / 100) / 10 - f.at;
    };
    const step = SECONDS / 8;
    const sending = sendPaced(stack.url('ingestion'), events, { batch: 250, seconds: SECONDS, giveUpMs: 240_000, started });
    const injecting = (async () => {
      await inject(step, 'kill -9 ingestion', () => killAndRestart(stack, 'ingestion'));
      await inject(2 * step, 'kill -9 metrics', () => killAndRestart(stack, 'metrics'));
      await inject(3 * step, 'kill -9 alerting', () => killAndRestart(stack, 'alerting'));
      await inject(4 * step, 'Kafka broker stopped 10 s', () => restartBroker(10_000));
      await inject(5 * step, 'PostgreSQL stopped 5 s', () => restartPostgres(5_000));
      await inject(6 * step, 'Redis stopped 5 s', () => restartRedis(5_000));
      await inject(7 * step, 'kill -9 all three at once', async () => {
        await Promise.all((['ingestion', 'metrics', 'alerting'] as const).map((n) => killAndRestart(stack, n)));
      });
    })();
    const [sent] = await Promise.all([sending, injecting]);
    const sentSeconds = (Date.now() - started) / 1000;

    // Applied: each store holds every acknowledged event (its primary key makes "once" structural).
    const settle = Date.now();
    let lost = { metrics: [] as string[], alerting: [] as string[] };
    await waitFor(
      async () => {
        lost = {
          metrics: missing(sent.acknowledged, await storedIds(DB.metrics, tenant)),
          alerting: missing(sent.acknowledged, await storedIds(DB.alerting, tenant)),
        };
        return lost.metrics.length === 0 && lost.alerting.length === 0;
      },
      { timeoutMs: 300_000, intervalMs: 1000, what: 'every acknowledged event applied' },
    ).catch(() => undefined);
    const appliedAfter = (Date.now() - settle) / 1000;
    const onTopic = await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    const topicIds = onTopic.map((m) => {
      const e = JSON.parse(String(m.value)) as CaseEvent;
      return `${e.source} ${e.id}`;
    });

    // Told once: every alert fired was delivered, none twice under another delivery.
    await waitFor(async () => (await deliveriesLeft(DB.alerting, tenant)) === 0, { timeoutMs: 300_000, intervalMs: 1000, what: 'deliveries done' }).catch(
      () => undefined,
    );
    const fired = await firedAlerts(DB.alerting, tenant);
    const toldTwice = [...hook.told].filter(([, ids]) => ids.size > 1).map(([k]) => k);
    const notTold = [...fired].filter((k) => (k.endsWith(' overdue') || k.endsWith(' resolved') || k.endsWith(' due-soon')) && !hook.told.has(k));

    // The same history for the reference tenant, undisturbed; then the figures of both.
    const refEvents = history(reference);
    const ref = await sendPaced(stack.url('ingestion'), refEvents, { batch: 2000, seconds: 0, giveUpMs: 60_000, started: Date.now() });
    await waitFor(
      async () =>
        missing(ref.acknowledged, await storedIds(DB.metrics, reference)).length === 0 &&
        missing(ref.acknowledged, await storedIds(DB.alerting, reference)).length === 0,
      { timeoutMs: 300_000, intervalMs: 1000, what: 'reference applied' },
    );
    await sleep(5000); // projections and deadline evaluation catch up
    const figureDiffs = differences(
      await figures(stack.url('metrics'), tenant, PERIODS, AS_AT),
      await figures(stack.url('metrics'), reference, PERIODS, AS_AT),
    );
    // Deadlines by rule and state must agree, except `cancelled`: a deadline opened and then cancelled
    // by a later event of the same child exists only if the two events were evaluated apart, which
    // depends on how the events arrived (paced here, in one burst for the reference), not on faults.
    const all = differences(await deadlineCounts(DB.alerting, tenant), await deadlineCounts(DB.alerting, reference));
    const deadlineDiffs = all.filter((d) => !d.includes(' cancelled:'));
    const cancelledDiffs = all.filter((d) => d.includes(' cancelled:'));

    const summary = {
      children: CHILDREN,
      events: events.length,
      sendingSeconds: Math.round(sentSeconds),
      faults,
      acknowledged: sent.acknowledged.size,
      givenUp: sent.givenUp.size,
      attempts: sent.attempts,
      failedAttempts: sent.failures,
      onTopic: topicIds.length,
      publishedTwice: topicIds.length - new Set(topicIds).size,
      lost: { metrics: lost.metrics.length, alerting: lost.alerting.length },
      appliedAfterSeconds: Math.round(appliedAfter),
      alerts: { fired: fired.size, webhookRequests: hook.requests(), toldTwice: toldTwice.length, notTold: notTold.length },
      figuresCompared: PERIODS,
      figureDifferences: figureDiffs,
      deadlineDifferences: deadlineDiffs,
      cancelledDeadlineDifferences: cancelledDiffs,
      serverErrors: sent.failures['500'] ?? 0,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    // A 500 is a bug even under faults: an outage is a 503 the sender retries.
    const broken =
      lost.metrics.length + lost.alerting.length + toldTwice.length + notTold.length + figureDiffs.length + deadlineDiffs.length + (sent.failures['500'] ?? 0) >
      0;
    if (broken) process.exitCode = 1;
  } finally {
    await reader.close().catch(() => undefined);
    for (const s of stack.services.values()) await stop(s).catch(() => undefined);
    hook.server.close();
    if (process.env.CHAOS_KEEP !== 'true') for (const db of Object.values(DB)) await dropDb(db).catch(() => undefined);
  }
}

async function putTenant(stack: Stack, prefix: string): Promise<string> {
  const tenant = uniqueId(prefix);
  const res = await fetch(`${stack.url('ingestion')}/v1/tenants/${tenant}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Chaos ${prefix}`, nation: 'england', population0to17: 60_000 }),
  });
  if (res.status !== 201) throw new Error(`tenant ${tenant}: ${res.status} ${await res.text()}`);
  return tenant;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
