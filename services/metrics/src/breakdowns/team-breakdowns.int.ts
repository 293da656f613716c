import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { projectedByThisBuild } from '../testing/reproject';
import { storeHas } from '../testing/store-counts';

jest.setTimeout(120_000);
const ADMIN = { authorization: 'Bearer dev-admin' };

interface Item {
  key: string;
  label: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

/** `by=team` in October 2026, hand-computed: each team's item is the figure of `scope=team:{id}`. */
describe('GET …/breakdown?by=team', () => {
  const s = new Scenario(uniqueId('brkt'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const events = [
    // M1 moves from T1 to T2 on 15 October: its first referral is T1's, its second T2's, and at the month end it is T2's.
    e('M1', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('M1', 'csc.referral.received', '2026-10-03', { referralId: 'R1a', source: '6' }),
    e('M1', 'csc.worker.allocated', '2026-10-15', { workerId: 'W2', teamId: 'T2' }),
    e('M1', 'csc.referral.received', '2026-10-20', { referralId: 'R1b', source: '6' }),
    e('M2', 'csc.worker.allocated', '2026-09-01', { workerId: 'W2', teamId: 'T2' }),
    e('M2', 'csc.referral.received', '2026-10-05', { referralId: 'R2', source: '2A' }),
    // M3: never allocated, no team on the event: unknown. M4: never allocated, the event names T1.
    e('M3', 'csc.referral.received', '2026-10-06', { referralId: 'R3', source: '6' }),
    e('M4', 'csc.referral.received', '2026-10-07', { referralId: 'R4', source: '6', teamId: 'T1' }),
    // M5: unallocated before its referral: unknown (no team's scope counts it).
    e('M5', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('M5', 'csc.worker.unallocated', '2026-10-01', {}),
    e('M5', 'csc.referral.received', '2026-10-08', { referralId: 'R5', source: '6' }),
    // M6: T1's, referred in September and still open.
    e('M6', 'csc.worker.allocated', '2026-08-01', { workerId: 'W1', teamId: 'T1' }),
    e('M6', 'csc.referral.received', '2026-09-10', { referralId: 'R6', source: '6' }),
    // K1 starts being looked after as T1's and moves to T2; K2 nobody's; K3 started by T1 and never allocated.
    e('K1', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('K1', 'csc.lac.started', '2026-10-02', { periodId: 'L1', legalStatus: 'C2', placementType: 'U4' }),
    e('K1', 'csc.worker.allocated', '2026-10-20', { workerId: 'W2', teamId: 'T2' }),
    e('K2', 'csc.lac.started', '2026-05-01', { periodId: 'L2', legalStatus: 'C2', placementType: 'U4' }),
    e('K3', 'csc.lac.started', '2026-04-01', { periodId: 'L3', legalStatus: 'V2', placementType: 'U6', teamId: 'T1' }),
  ];

  const get = async (url: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/${url}`, headers: ADMIN });
    expect([url, res.statusCode]).toEqual([url, 200]);
    return res.json();
  };
  const teams = async (id: string, query = '') => ((await get(`${id}/breakdown?by=team&period=2026-10${query}`)) as { items: Item[] }).items;
  const figure = async (id: string, scope = 'la') =>
    (await get(`${id}?period=2026-10&scope=${scope}`)) as { value: number | null; numerator: number | null; denominator: number | null };

  /** Each team item against its scope's figure; for a count, the items against the la figure. */
  const expectTeams = async (id: string, expected: Record<string, [number, number, number]>) => {
    const items = await teams(id);
    expect([id, Object.fromEntries(items.map((i) => [i.key, [i.value, i.numerator, i.denominator]]))]).toEqual([id, expected]);
    for (const i of items) {
      if (i.key === 'unknown') continue;
      expect(i.label).toBe(i.key);
      const scoped = await figure(id, `team:${i.key}`);
      expect([id, i.key, i.value]).toEqual([id, i.key, scoped.value]);
      if (scoped.numerator !== null) expect([id, i.key, i.numerator, i.denominator]).toEqual([id, i.key, scoped.numerator, scoped.denominator]);
    }
    return items;
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Team breakdowns', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
    await projectedByThisBuild(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('a count (flow): each referral under the team holding the case on its date; the items add up to the metric', async () => {
    const items = await expectTeams('referrals.received', { T1: [2, 2, 6], T2: [2, 2, 6], unknown: [2, 2, 6] });
    expect(items.reduce((a, i) => a + (i.value ?? 0), 0)).toBe((await figure('referrals.received')).value);
  });

  it('a snapshot: each child under the team holding it at the period end', async () => {
    const items = await expectTeams('cin.children', { T1: [2, 2, 6], T2: [2, 2, 6], unknown: [2, 2, 6] });
    expect(items.reduce((a, i) => a + (i.value ?? 0), 0)).toBe((await figure('cin.children')).value);
    await expectTeams('lac.children', { T1: [1, 1, 3], T2: [1, 1, 3], unknown: [1, 1, 3] });
    await expectTeams('lac.started', { T1: [1, 1, 1] });
  });

  it('a percentage: each team’s own, as its scope counts it (M1’s second referral is T2’s re-referral)', async () => {
    expect(await figure('referrals.repeat-12m')).toMatchObject({ value: 16.7, numerator: 1, denominator: 6 });
    await expectTeams('referrals.repeat-12m', { T2: [50, 1, 2], T1: [0, 0, 2], unknown: [0, 0, 2] });
  });

  it('within a team scope, only that team', async () => {
    expect((await teams('referrals.received', '&scope=team:T1')).map((i) => [i.key, i.value])).toEqual([['T1', 2]]);
    expect((await teams('lac.children', '&scope=team:T2')).map((i) => [i.key, i.value])).toEqual([['T2', 1]]);
  });
});
