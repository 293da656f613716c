import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { TOPICS } from '@casewatch/contracts';
import { generateHistory } from '@casewatch/event-generator';
import { Scenario, TEST_ENV, waitFor, type ScenarioEvent } from '@casewatch/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { kill9, runBuiltCommand, startBuiltService, waitReady, type RunningService } from '../support/services';
import { ensureProjectTopics } from '../support/topics';

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
/**
 * 141,774 events, ~49 MB: about 4 MB a partition, so the replay is only ~16 partition batches
 * (one transaction each, three at a time). Each life of the killed process applies one or a few
 * before its kill, so five kills must leave some of the replay still to do.
 */
const HISTORY = { seed: 3, children: 12_000, from: '2024-04-01', to: '2026-10-31' } as const;
const MIN_EVENTS = 100_000;
/** Figures as known at a fixed instant after the history, so that both answers can be compared whole. */
const AS_AT = '2026-11-20T00:00:00Z';
const PERIODS = ['fy2025', '2026-10'];
/** Every metric the catalogue defines in SQL (count, share, open, interval, latest, caseload, per10k). */
const METRICS = [
  'contacts.received',
  'contacts.awaiting-decision',
  'referrals.received',
  'referrals.awaiting-allocation',
  'cin.children',
  'cin.rate10k',
  'assessments.completed',
  's47.started',
  'cp.children',
  'cp.rate10k',
  'cp.started',
  'cp.ended',
  'lac.children',
  'lac.rate10k',
  'lac.started',
  'lac.ceased',
  'lac.ceased-permanence',
  'lac.ceased-sgo',
  'lac.adopted',
  'lac.uasc',
  'missing.episodes',
  'referrals.repeat-12m',
  'referrals.domestic-abuse',
  'assessments.avg-working-days',
  'cp.repeat',
  'cp.ended-2y-plus',
  'cp.avg-duration-days',
  'lac.placements-3plus',
  'lac.dual-status',
  'care-leavers.in-touch',
  'care-leavers.suitable-accommodation',
  'care-leavers.eet',
  'plo.over-26-weeks',
  'caseload.average',
  'caseload.max',
  'adoption.a1-days',
  'adoption.a2-days',
  'plo.children',
];
/**
 * One of each rule kind (timeliness, up-to-date, overdue, check-up-to-date), for one period: each
 * evaluates every child's deadlines and took 4–15 s at this size on the 2-core machine.
 */
const RULE_METRICS = ['lac.iha-20wd', 'lac.visits-up-to-date', 'assessments.overdue', 'lac.health-up-to-date'];
const RULE_PERIOD = '2026-10';
const FIGURES: [metric: string, period: string][] = [
  ...PERIODS.flatMap((p) => METRICS.map((m): [string, string] => [m, p])),
  ...RULE_METRICS.map((m): [string, string] => [m, RULE_PERIOD]),
];
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

/**
 * One metrics service of the test: its own database, consumer group and port, restartable. Redis
 * is shared (hot `current` figures, SSE): the comparison asks for past periods `asAt` a fixed
 * instant, which are always computed from the replica's own PostgreSQL store.
 */
class Replica {
  service: RunningService | undefined;
  /** The slowest figures asked for (printed at the end: this size is where figures get slow). */
  slowest: string[] = [];
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
      const asked = Date.now();
      const res = await fetch(`http://127.0.0.1:${this.port}/v1/tenants/${tenant}/metrics/${metric}?period=${period}&asAt=${AS_AT}`, { headers: ADMIN });
      answers.push({ status: res.status, ...((await res.json()) as Record<string, unknown>) });
      this.slowest = [...this.slowest, `${metric} ${period} ${Date.now() - asked} ms`]
        .sort((a, b) => Number(b.split(' ')[2]) - Number(a.split(' ')[2]))
        .slice(0, 5);
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
  /** The reference's figures, asked for as soon as it has applied everything (while the other is down). */
  let referenceFigures: Promise<Record<string, unknown>[]> | undefined;
  const kills: { at: number; of: number; signal: NodeJS.Signals | null; downMs: number }[] = [];
  const t0 = Date.now();
  const timings: Record<string, number> = {};

  const offsets = async () => new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, BigInt(o.high)]));

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureProjectTopics();
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
    // In order, one request at a time: a child's events keep their order, as through ingestion.
    for (let i = 0; i < history.length; i += 5000) await scenario.publishEvents(history.slice(i, i + 5000));
    end = await offsets();
    for (const r of replicas()) {
      await admin.setOffsets({
        groupId: r.group,
        topic: TOPIC,
        partitions: [...start].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
      });
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
    process.stderr.write(`kill-replay: ${JSON.stringify({ events: expected?.events, kills, timings, slowest: killed?.slowest })}\n`);
  });

  it('applies every event exactly once, as an undisturbed replay does', async () => {
    expect(expected.events).toBeGreaterThanOrEqual(MIN_EVENTS);
    let total = 0n;
    for (const [p, e] of end) total += e - (start.get(p) ?? 0n);
    expect(total).toBeGreaterThanOrEqual(BigInt(expected.events));

    reference.start();
    killed.start();
    await Promise.all(replicas().map((r) => waitReady(r.service as RunningService)));
    const applyAll = (r: Replica) =>
      waitFor(async () => (await r.applied(start, end)) === total, { timeoutMs: 240_000, intervalMs: 250, what: `${r.group} to apply all ${total} messages` });
    referenceFigures = applyAll(reference).then(() => reference.figures(scenario.tenant, FIGURES));
    referenceFigures.catch(() => undefined); // awaited in the next test; not an unhandled rejection meanwhile

    const random = prng(SEED);
    for (let k = 0; k < KILLS; k++) {
      // Seeded points spread over the first ~40 % of the replay, and in any case only once this
      // process has applied a batch itself, then at once (0–50 ms): the kill lands while the
      // batches of the other partitions applied at the same time are in flight.
      const threshold = BigInt(Math.floor(Number(total) * ((k + 0.2 + 0.6 * random()) / (KILLS * 2.5))));
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
      await sleep(Math.floor(random() * 50));
      const at = await killed.applied(start, end);
      const signal = await kill9(service);
      const down = Date.now();
      killed.start();
      await waitReady(killed.service as RunningService);
      kills.push({ at: Number(at), of: Number(total), signal, downMs: Date.now() - down });
    }
    // Every kill was a real SIGKILL in the middle of the replay, not after it had finished (else
    // the test would prove nothing: it fails rather than pass vacuously).
    kills.forEach((kill, i) => {
      expect(kill.signal).toBe('SIGKILL');
      expect(kill.at).toBeGreaterThan(i === 0 ? 0 : kills[i - 1].at); // every life applied something
      expect(kill.at).toBeLessThan(Number(total));
    });

    await Promise.all(replicas().map(applyAll));
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
    const afterKills = await killed.figures(scenario.tenant, FIGURES);
    const undisturbed = await (referenceFigures as Promise<Record<string, unknown>[]>);
    expect(afterKills.map((f) => f.status)).toEqual(FIGURES.map(() => 200));
    // Value, numerator, denominator, firstReported and revised (late events), direction, rag…
    expect(afterKills).toEqual(undisturbed);
    // Real figures, not two empty answers: most are non-zero and some were revised by late events.
    expect(afterKills.filter((f) => typeof f.value === 'number' && f.value !== 0).length).toBeGreaterThan(FIGURES.length * 0.7);
    expect(afterKills.some((f) => f.revised === true)).toBe(true);
    timings.figures = FIGURES.length;
    timings.figuresS = (Date.now() - t0) / 1000;
  });
});
