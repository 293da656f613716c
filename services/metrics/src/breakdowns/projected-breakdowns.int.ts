import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { breakdownsOf, DIMENSIONS } from '../catalogue/breakdown-dimensions';
import type { FigureQuery } from '../catalogue/figure-query.model';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { CountDefinition, OpenDefinition, ShareDefinition } from '../catalogue/metric-definition';
import { isProjectedOpen } from '../projection/open-items';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { startMetrics } from '../testing/metrics-harness';
import { projectedByThisBuild } from '../testing/reproject';
import { storeHas } from '../testing/store-counts';
import { BreakdownStore, type Groups } from './breakdown.store';
import { ageBandOf } from './child-keys';

jest.setTimeout(120_000);

/**
 * A snapshot's breakdown read from its projected items (the keys kept with them) gives the groups
 * the events give, for every snapshot metric and dimension, scope and asAt: including the cases
 * that tell a row apart (two items on one day, a key corrected later, a multi-valued key left
 * empty, a child unallocated or never allocated, a month-only date of birth).
 */
describe('projected snapshot breakdowns', () => {
  const s = new Scenario(uniqueId('brkp'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const corrected = e('P4', 'csc.referral.received', '2026-09-03', { referralId: 'R4', source: '6', primaryNeed: 'N5' }, '2026-10-20T09:00:00Z');
  const events = [
    // P1: two referrals open from the same day (N2 and N7): one child, the greater key.
    e('P1', 'csc.child.details-recorded', '2026-01-01', { birthDate: '2015-10-20' }),
    e('P1', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('P1', 'csc.referral.received', '2026-10-02T09:00:00Z', { referralId: 'R1a', source: '6', primaryNeed: 'N7', factors: ['3B'] }),
    e('P1', 'csc.referral.received', '2026-10-02T15:00:00Z', { referralId: 'R1b', source: '2A', primaryNeed: 'N2', factors: [] }),
    // P2: allocated then unallocated; born in a month only; a CP plan open.
    e('P2', 'csc.child.details-recorded', '2026-02-01', { birthDate: '2026-02' }),
    e('P2', 'csc.worker.allocated', '2026-08-01', { workerId: 'W2', teamId: 'T2' }),
    e('P2', 'csc.referral.received', '2026-08-05', { referralId: 'R2', source: '6', primaryNeed: 'N1' }),
    e('P2', 'csc.cp-plan.started', '2026-08-20', { cpPlanId: 'C2', category: 'PHY' }),
    e('P2', 'csc.worker.unallocated', '2026-10-10', {}),
    // P3: never allocated, the referral names T3; an older referral closed; the date of birth corrected by a later record.
    e('P3', 'csc.child.details-recorded', '2025-01-01', { birthDate: '2010-01-01' }),
    e('P3', 'csc.referral.received', '2025-05-01', { referralId: 'R3a', source: '6', primaryNeed: 'N3' }),
    e('P3', 'csc.referral.closed', '2025-07-01', { referralId: 'R3a' }),
    e('P3', 'csc.referral.received', '2026-09-15', { referralId: 'R3b', source: '6', primaryNeed: 'N4', teamId: 'T3' }),
    e('P3', 'csc.child.details-recorded', '2026-10-05', { birthDate: '2012-11-30' }),
    // P4: its referral's need corrected on 20 October (N5 → N6): asAt before and after tell them apart.
    e('P4', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    corrected,
    {
      ...e('P4', 'csc.referral.received', '2026-09-03', { referralId: 'R4', source: '6', primaryNeed: 'N6' }, '2026-10-25T09:00:00Z'),
      supersedes: corrected.id,
    },
    e('P4', 'csc.cp-plan.started', '2026-09-10', { cpPlanId: 'C4', category: 'NEG' }),
    // P5: no primary need recorded; closed a CP plan before the period end.
    e('P5', 'csc.referral.received', '2026-10-06', { referralId: 'R5', source: '6' }),
    e('P5', 'csc.cp-plan.started', '2026-06-01', { cpPlanId: 'C5', category: 'EMO' }),
    e('P5', 'csc.cp-plan.ended', '2026-10-01', { cpPlanId: 'C5' }),
  ];

  const snapshots = METRIC_CATALOGUE.flatMap((m) =>
    m.definition.kind === 'open' && isProjectedOpen(m.definition) ? breakdownsOf(m).map((by) => ({ id: m.id, def: m.definition as OpenDefinition, by })) : [],
  );

  beforeAll(async () => {
    app = await startMetrics({});
    await s.publish({ name: 'Projected breakdowns', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
    await projectedByThisBuild(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  /** Groups by key, ages as bands (a month-only date of birth is kept as recorded from the events, as its first day projected). */
  const byKey = (g: Groups) => {
    const keys = new Map<string, [number, number]>();
    for (const x of g.groups) {
      const key = x.day === null ? (x.key as string) : ageBandOf(x.birth, x.day);
      const [n, d] = keys.get(key) ?? [0, 0];
      keys.set(key, [n + x.numerator, d + x.denominator]);
    }
    return { numerator: g.numerator, denominator: g.denominator, keys: Object.fromEntries([...keys].sort(([a], [b]) => a.localeCompare(b))) };
  };

  async function both(def: OpenDefinition, by: keyof typeof DIMENSIONS, q: FigureQuery, asAt: number) {
    const store = app.get(BreakdownStore);
    const from = DIMENSIONS[by].from;
    const items = await app.get(ProjectedFactsStore).openItems(def, q, asAt, { holder: 'team' in from });
    const projected = await store.projectedGroups(def, items, from, q);
    return { events: byKey(await store.groups(def, q, from)), projected: byKey(projected), raw: projected };
  }

  it('covers the snapshot metrics and their dimensions', () => {
    expect(snapshots.map((x) => `${x.id} by ${x.by}`)).toEqual(
      expect.arrayContaining(['cin.children by primaryNeed', 'cin.children by ageBand', 'cin.children by team', 'cp.children by category']),
    );
  });

  it.each([
    ['October 2026, known now', '2026-10-01', '2026-10-31', '2026-12-01T00:00:00Z', undefined],
    ['October 2026, before the correction', '2026-10-01', '2026-10-31', '2026-10-22T00:00:00Z', undefined],
    ['September 2026', '2026-09-01', '2026-09-30', '2026-12-01T00:00:00Z', undefined],
    ['October 2026, team T1', '2026-10-01', '2026-10-31', '2026-12-01T00:00:00Z', { kind: 'team' as const, id: 'T1' }],
  ])('%s: the same groups from the projected items as from the events', async (_, first, last, asAtIso, scope) => {
    const asAt = Date.parse(asAtIso);
    for (const { id, def, by } of snapshots) {
      const { events: fromEvents, projected } = await both(def, by, { tenant: s.tenant, first, last, asAt: asAtIso, scope }, asAt);
      expect([id, by, projected]).toEqual([id, by, fromEvents]);
    }
  });

  it('a flow’s ages from the projected dates of birth are those from the events', async () => {
    const flows = METRIC_CATALOGUE.filter((m) => (m.definition.kind === 'count' || m.definition.kind === 'share') && breakdownsOf(m).includes('ageBand'));
    expect(flows.map((m) => m.id)).toContain('referrals.received');
    const store = app.get(BreakdownStore);
    for (const asAt of ['2026-12-01T00:00:00Z', '2026-10-03T00:00:00Z']) {
      const q: FigureQuery = { tenant: s.tenant, first: '2026-09-01', last: '2026-10-31', asAt };
      for (const m of flows) {
        const def = m.definition as CountDefinition | ShareDefinition;
        const projected = byKey(await store.groups(def, q, DIMENSIONS.ageBand.from, true));
        expect([m.id, asAt, projected]).toEqual([m.id, asAt, byKey(await store.groups(def, q, DIMENSIONS.ageBand.from, false))]);
      }
    }
    const referrals = METRIC_CATALOGUE.find((m) => m.id === 'referrals.received')?.definition as CountDefinition;
    const q: FigureQuery = { tenant: s.tenant, first: '2026-09-01', last: '2026-10-31', asAt: '2026-12-01T00:00:00Z' };
    // P1 (10 on 2 October) twice, P3 (13 on 15 September, by its later date of birth); P4 and P5 none recorded.
    expect(byKey(await store.groups(referrals, q, DIMENSIONS.ageBand.from, true)).keys).toEqual({ '10-15': [3, 3], unknown: [2, 2] });
  });

  it('keys read from what was known: the corrected need, the later date of birth, the latest of two same-day referrals', async () => {
    const def = METRIC_CATALOGUE.find((m) => m.id === 'cin.children')?.definition as OpenDefinition;
    const q = (asAt: string): FigureQuery => ({ tenant: s.tenant, first: '2026-10-01', last: '2026-10-31', asAt });
    const keys = async (asAt: string, by: 'primaryNeed' | 'ageBand' | 'team') =>
      Object.fromEntries((await both(def, by, q(asAt), Date.parse(asAt))).raw.groups.map((g) => [g.key ?? `${g.day} ${g.birth}`, g.numerator]));
    expect(await keys('2026-12-01T00:00:00Z', 'primaryNeed')).toEqual({ N1: 1, N4: 1, N6: 1, N7: 1, unknown: 1 });
    expect(await keys('2026-10-22T00:00:00Z', 'primaryNeed')).toEqual({ N1: 1, N4: 1, N5: 1, N7: 1, unknown: 1 });
    expect(await keys('2026-12-01T00:00:00Z', 'team')).toEqual({ T1: 2, T3: 1, unknown: 2 });
    expect(await keys('2026-12-01T00:00:00Z', 'ageBand')).toEqual({
      '2026-10-31 2015-10-20': 1,
      '2026-10-31 2026-02-01': 1,
      '2026-10-31 2012-11-30': 1,
      '2026-10-31 null': 2,
    });
  });
});
