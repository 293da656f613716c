import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { TOPICS } from '@casewatch/contracts';
import { generateHistory } from '@casewatch/event-generator';
import { Scenario, TEST_ENV, waitFor, type ScenarioEvent } from '@casewatch/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { kill9, runBuiltCommand, startBuiltService, waitReady, type RunningService } from '../support/services';

/**
 * Issue 3: "Kill -9 the service repeatedly during a replay of at least 100,000 events, restart,
 * and the final figures equal those of an undisturbed run."
 *
 * One generated history (deterministic: seed, children, window) is put on csc.case-events.v1 for
 * a tenant of this run. Two built metrics services replay it from the same starting offsets, each
 * with a database and a consumer group of its own: the reference is left alone; the other is
 * killed with SIGKILL at seeded points while it is applying and restarted each time. Once both
 * have applied everything, their stores must hold exactly the generated events (none lost, none
 * twice, the same retractions and corrections) and the HTTP API must give identical figures.
 */
const KILLS = 5;
const SEED = 20261201;
const HISTORY = { seed: 3, children: 9_000, from: '2024-04-01', to: '2026-10-31' } as const;
const MIN_EVENTS = 100_000;
/** Figures as known at a fixed instant after the history, so that both answers can be compared whole. */
const AS_AT = '2026-11-20T00:00:00Z';
const PERIODS = ['fy2025', '2026-06', '2026-10'];
/**
 * Every kind of definition (count, share, open, interval, latest, caseload, per10k, timeliness,
 * up-to-date), not the whole catalogue: at 100,000 events some figures take 5–100 s each today
 * (contacts.awaiting-decision, cin.children, the rule-based ones; docs/metrics.md), and the whole
 * catalogue for one month took ~280 s on the 2-core machine. The store comparison covers every row.
 */
const METRICS = [
  'contacts.received', 'referrals.received', 'assessments.completed', 's47.started', 'cp.started', 'cp.ended',
  'lac.started', 'lac.ceased', 'lac.ceased-permanence', 'missing.episodes', 'cp.children', 'cp.rate10k',
  'lac.children', 'lac.rate10k', 'lac.uasc', 'lac.placements-3plus', 'plo.children', 'plo.over-26-weeks',
  'cp.repeat', 'cp.avg-duration-days', 'adoption.a2-days', 'care-leavers.in-touch', 'care-leavers.eet',
  'caseload.average', 'caseload.max',
];
/** The rule engine's kinds are slower (every child's deadlines): one period only. */
const RULE_METRICS = ['lac.visits-up-to-date', 'lac.iha-20wd'];
const RULE_PERIOD = '2026-10';
const ADMIN = { authorization: 'Bearer dev-admin' };
const TOPIC = TOPICS.caseEvents;

jest.setTimeout(480_000);

/** mulberry32: the kill points are "random" but the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One metrics service of the test: its own database, consumer group and port, restartable. */
class Replica {
  service: RunningService | undefined;
  readonly db: Client;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly database: string,
    readonly group: string,
    readonly port: number,
  ) {
    this.db = new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database });
    this.env = { METRICS_DB: database, METRICS_CONSUMER_GROUP: group, METRICS_FROM_BEGINNING: 'false' };
  }

  start(): RunningService {
    this.service = startBuiltService('metrics', this.port, this.env);
    return this.service;
  }

  /** Messages applied since `from`, by the store's own offsets (what a restart resumes from). */
  async applied(from: Map<number, bigint>, to: Map<number, bigint>): Promise<bigint> {
    const { rows } = await this.db.query<{ partition: number; next_offset: string }>(
      'SELECT partition, next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2',
      [this.group, TOPIC],
    );
    const next = new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
    let sum = 0n;
    for (const [p, end] of to) {
      const start = from.get(p) ?? 0n;
      const at = next.get(p) ?? start;
      sum += (at < end ? at : end) - start;
    }
    return sum;
  }

  async store(tenant: string) {
    const { rows } = await this.db.query<{ events: number; distinct: number; retracted: number; superseded: number; ids: string; rows: string }>(
      `SELECT count(*)::int AS events,
              count(DISTINCT (source, event_id))::int AS distinct,
              count(retracted_at)::int AS retracted,
              count(superseded_at)::int AS superseded,
              md5(string_agg(source || ' ' || event_id, E'\\n' ORDER BY source COLLATE "C", event_id COLLATE "C")) AS ids,
              md5(string_agg(concat_ws(' ', source, event_id, type, subject, practice_at, recorded_at, team_id, worker_id,
                                       data::text, retracted_at, superseded_at), E'\\n' ORDER BY source COLLATE "C", event_id COLLATE "C")) AS rows
         FROM case_events WHERE tenant = $1`,
      [tenant],
    );
    return rows[0];
  }

  /** One figure per request, as a dashboard tile asks for it. */
  async figures(tenant: string, pairs: [metric: string, period: string][]): Promise<Record<string, unknown>[]> {
    const answers: Record<string, unknown>[] = [];
    for (const [metric, period] of pairs) {
      const res = await fetch(`http://127.0.0.1:${this.port}/v1/tenants/${tenant}/metrics/${metric}?period=${period}&asAt=${AS_AT}`, { headers: ADMIN });
      answers.push({ status: res.status, ...((await res.json()) as Record<string, unknown>) });
    }
    return answers;
  }
}

describe('metrics killed with SIGKILL again and again during a replay of 100,000+ events', () => {
  const run = randomBytes(4).toString('hex');
  const scenario = new Scenario(`kill-${run}`);
  const kafka = new Kafka({ brokers: (TEST_ENV.KAFKA_BROKERS as string).split(','), clientId: 'casewatch-kill-replay', logLevel: logLevel.ERROR });
  let admin: Admin;
  let killed: Replica;
  let reference: Replica;
  const replicas = () => [killed, reference].filter(Boolean);
  let expected: { events: number; ids: string };
  let start: Map<number, bigint>;
  let end: Map<number, bigint>;
  const kills: { at: number; of: number; signal: NodeJS.Signals | null; downMs: number }[] = [];
  const t0 = Date.now();
  const timings: Record<string, number> = {};

  const offsets = async () => new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, BigInt(o.high)]));

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    killed = new Replica(`casewatch_metrics_kill_${run}_test`, `kill-replay-${run}-killed`, await freePort());
    reference = new Replica(`casewatch_metrics_ref_${run}_test`, `kill-replay-${run}-reference`, await freePort());
    await Promise.all(replicas().map((r) => runBuiltCommand('services/metrics/src/database/migrate.js', r.env)));
    await Promise.all(replicas().map((r) => r.db.connect()));

    await scenario.publishTenant({
      name: 'Kill replay',
      nation: 'england',
      population0to17: 60_000,
      targets: { 'assessments.within-45wd': { target: 85, amberTolerance: 5 }, 'cp.repeat': { target: 20, amberTolerance: 3 } },
    });
    // Both groups start where the topic ends now, set in Kafka before either exists: a process
    // killed before its first commit on a partition still starts there, not at the latest offset.
    start = await offsets();
    const history = [...generateHistory({ tenant: scenario.tenant, ...HISTORY })] as unknown as ScenarioEvent[];
    const ids = history.map((e) => `${e.source as string} ${e.id}`);
    expected = { events: new Set(ids).size, ids: createHash('md5').update(ids.sort().join('\n')).digest('hex') };
    for (let i = 0; i < history.length; i += 2000) await scenario.publishEvents(history.slice(i, i + 2000));
    end = await offsets();
    for (const r of replicas()) {
      await admin.setOffsets({ groupId: r.group, topic: TOPIC, partitions: [...start].map(([partition, offset]) => ({ partition, offset: offset.toString() })) });
    }
    timings.publishedS = (Date.now() - t0) / 1000;
  }, 180_000);

  afterAll(async () => {
    // SIGKILL: a graceful stop would wait for a figure still being computed.
    for (const r of replicas()) {
      if (r.service) await kill9(r.service);
      await r.db.end().catch(() => undefined);
    }
    const pg = new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database: 'postgres' });
    await pg.connect();
    for (const r of replicas()) await pg.query(`DROP DATABASE IF EXISTS ${r.database} WITH (FORCE)`);
    await pg.end();
    await admin?.deleteGroups(replicas().map((r) => r.group)).catch(() => undefined);
    await admin?.disconnect();
    await scenario.close();
    process.stderr.write(`kill-replay: ${JSON.stringify({ events: expected?.events, kills, timings })}\n`);
  });

  it('applies every event exactly once, as an undisturbed replay does', async () => {
    expect(expected.events).toBeGreaterThanOrEqual(MIN_EVENTS);
    let total = 0n;
    for (const [p, e] of end) total += e - (start.get(p) ?? 0n);
    expect(total).toBeGreaterThanOrEqual(BigInt(expected.events));

    reference.start();
    killed.start();
    await Promise.all(replicas().map((r) => waitReady(r.service as RunningService)));

    const random = prng(SEED);
    for (let k = 0; k < KILLS; k++) {
      // Spread over the replay, each somewhere in its own stretch, and only once this process
      // has applied something itself: every kill lands while a batch may be in flight.
      const threshold = BigInt(Math.floor(Number(total) * ((k + 0.3 + 0.4 * random()) / (KILLS + 0.5))));
      const service = killed.service as RunningService;
      const atStart = await killed.applied(start, end);
      await waitFor(
        async () => {
          if (service.process.exitCode !== null) throw new Error(`the killed replica exited by itself:\n${service.output().slice(-4000)}`);
          const now = await killed.applied(start, end);
          return now >= threshold && now > atStart;
        },
        { timeoutMs: 120_000, intervalMs: 20, what: `kill point ${k + 1} (${threshold} of ${total} applied)` },
      );
      await sleep(Math.floor(random() * 200));
      const at = await killed.applied(start, end);
      const signal = await kill9(service);
      const down = Date.now();
      killed.start();
      await waitReady(killed.service as RunningService);
      kills.push({ at: Number(at), of: Number(total), signal, downMs: Date.now() - down });
    }
    // Every kill was a real SIGKILL in the middle of the replay, not after it had finished.
    for (const kill of kills) {
      expect(kill.signal).toBe('SIGKILL');
      expect(kill.at).toBeGreaterThan(0);
      expect(kill.at).toBeLessThan(Number(total));
    }

    for (const r of replicas()) {
      await waitFor(async () => (await r.applied(start, end)) === total, { timeoutMs: 240_000, intervalMs: 250, what: `${r.group} to apply all ${total} messages` });
    }
    timings.appliedS = (Date.now() - t0) / 1000;

    const [afterKills, undisturbed] = await Promise.all([killed.store(scenario.tenant), reference.store(scenario.tenant)]);
    expect(afterKills.events).toBe(expected.events);
    expect(afterKills.distinct).toBe(expected.events);
    expect(afterKills.ids).toBe(expected.ids);
    expect(undisturbed.ids).toBe(expected.ids);
    expect(afterKills.retracted).toBeGreaterThan(0);
    expect(afterKills.superseded).toBeGreaterThan(0);
    // Same rows, retraction and supersession times included.
    expect(afterKills).toEqual(undisturbed);
  });

  it('then gives the same figures as the undisturbed replay', async () => {
    const pairs: [string, string][] = [...PERIODS.flatMap((p) => METRICS.map((m): [string, string] => [m, p])), ...RULE_METRICS.map((m): [string, string] => [m, RULE_PERIOD])];
    const [afterKills, undisturbed] = await Promise.all([killed.figures(scenario.tenant, pairs), reference.figures(scenario.tenant, pairs)]);
    expect(afterKills.map((f) => f.status)).toEqual(pairs.map(() => 200));
    // Value, numerator, denominator, firstReported and revised (late events), direction, rag…
    expect(afterKills).toEqual(undisturbed);
    // Real figures, not two empty answers: most are non-zero and some were revised by late events.
    expect(afterKills.filter((f) => typeof f.value === 'number' && f.value !== 0).length).toBeGreaterThan(pairs.length * 0.7);
    expect(afterKills.some((f) => f.revised === true)).toBe(true);
    timings.figures = pairs.length;
    timings.figuresS = (Date.now() - t0) / 1000;
  });
});
