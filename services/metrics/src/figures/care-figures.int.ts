import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import type { CareDefinition } from '../catalogue/metric-definition';
import { ProjectionQueue } from '../projection/projection-queue';
import { startMetrics } from '../testing/metrics-harness';
import { projectedByThisBuild } from '../testing/reproject';
import { storeHas } from '../testing/store-counts';
import { CareFigures } from './care-figures';
import { CareFiguresStore } from './care-figures.store';
import { ChildEventsStore } from './child-events.store';

jest.setTimeout(120_000);
const ADMIN = { authorization: 'Bearer dev-admin' };

/**
 * DfE's looked-after definitions (metrics.md "Short breaks", "Looked-after flows count children"),
 * hand-computed for October 2026, from the projections and from the events alike.
 */
describe('looked-after figures by the legal status in force, counting children', () => {
  const s = new Scenario(uniqueId('care'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const lac = (child: string, date: string, periodId: string, legalStatus: string, extra: Record<string, unknown> = {}) =>
    e(child, 'csc.lac.started', date, { periodId, legalStatus, placementType: 'U1', ...extra });
  const events = [
    // K1: a short break (V3, no shortBreak flag) from September, C2 from 12 October.
    lac('K1', '2026-09-10', 'L1', 'V3'),
    e('K1', 'csc.lac.legal-status-changed', '2026-10-12', { periodId: 'L1', legalStatus: 'C2' }),
    // K2 (T1): ceases twice in October, adopted then home; the second ending recorded late.
    e('K2', 'csc.worker.allocated', '2026-01-01', { workerId: 'W1', teamId: 'T1' }),
    lac('K2', '2026-01-05', 'L1', 'C2'),
    e('K2', 'csc.lac.ended', '2026-10-05', { periodId: 'L1', reason: 'E11' }),
    lac('K2', '2026-10-10', 'L2', 'C2'),
    e('K2', 'csc.lac.ended', '2026-10-20', { periodId: 'L2', reason: 'E13' }, '2026-11-20T09:00:00Z'),
    // K3: C2, then V4 from September: its special guardianship ending is no ceasing.
    lac('K3', '2026-01-05', 'L1', 'C2'),
    e('K3', 'csc.lac.legal-status-changed', '2026-09-01', { periodId: 'L1', legalStatus: 'V4' }),
    e('K3', 'csc.lac.ended', '2026-10-15', { periodId: 'L1', reason: 'E45' }),
    // K4: an unaccompanied child; a new period (named for team T2) starts while the first is open.
    lac('K4', '2026-03-02', 'L1', 'C2', { uasc: true }),
    lac('K4', '2026-10-07', 'L2', 'C2', { teamId: 'T2' }),
    // K5: a period imported mid-way (startInferred).
    lac('K5', '2026-10-03', 'L1', 'C2', { startInferred: true }),
    // K6: on a CP plan; three placements in the 12 months, the first in progress on 1 November 2025.
    lac('K6', '2025-06-01', 'L1', 'C2'),
    e('K6', 'csc.lac.placement-changed', '2026-01-10', { periodId: 'L1', placementType: 'U3' }),
    e('K6', 'csc.lac.placement-changed', '2026-06-01', { periodId: 'L1', placementType: 'U4' }),
    e('K6', 'csc.cp-plan.started', '2026-05-01', { cpPlanId: 'P6', category: 'NEG' }),
    // K7: two placements and a change of legal status (not a placement).
    lac('K7', '2025-12-01', 'L1', 'C1'),
    e('K7', 'csc.lac.legal-status-changed', '2026-02-01', { periodId: 'L1', legalStatus: 'C2' }),
    e('K7', 'csc.lac.placement-changed', '2026-06-01', { periodId: 'L1', placementType: 'U3' }),
    // K8 (T2): adopted in October.
    e('K8', 'csc.worker.allocated', '2026-01-01', { workerId: 'W2', teamId: 'T2' }),
    lac('K8', '2026-01-05', 'L1', 'C2'),
    e('K8', 'csc.lac.ended', '2026-10-16', { periodId: 'L1', reason: 'E11' }),
  ];

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}${path}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const figure = async (id: string, period = '2026-10', scope = '') => {
    const { value, numerator, denominator } = await get(`/metrics/${id}?period=${period}${scope && `&scope=${scope}`}`);
    return { value, numerator, denominator };
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Care', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
    await projectedByThisBuild(app, s.tenant);
  });
  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('snapshots follow the legal status in force and the period open (one at a time)', async () => {
    expect(await figure('lac.children')).toMatchObject({ value: 5 }); // K1, K4, K5, K6, K7
    expect(await figure('lac.children', '2026-09')).toMatchObject({ value: 5 }); // K2, K4, K6, K7, K8
    expect(await figure('lac.rate10k')).toMatchObject({ value: 5 });
    expect(await figure('lac.uasc')).toMatchObject({ value: 0 });
    expect(await figure('lac.uasc', '2026-09')).toMatchObject({ value: 1 });
    expect(await figure('lac.dual-status')).toMatchObject({ value: 1 });
    expect(await figure('lac.placements-3plus')).toEqual({ value: 20, numerator: 1, denominator: 5 });
    expect((await get('/metrics/lac.children/cases?period=2026-10')).items).toEqual([
      { subject: 'K6', dates: ['2025-06-01'] },
      { subject: 'K7', dates: ['2025-12-01'] },
      { subject: 'K5', dates: ['2026-10-03'] },
      { subject: 'K4', dates: ['2026-10-07'] },
      { subject: 'K1', dates: ['2026-10-12'] },
    ]);
  });

  it('flows count children: the first start, the last ending, no short breaks, no inferred starts', async () => {
    expect(await figure('lac.started')).toMatchObject({ value: 2 }); // K2, K4
    expect(await figure('lac.ceased')).toMatchObject({ value: 2 }); // K2 (E13), K8 (E11)
    expect(await get('/metrics/lac.adopted?period=2026-10')).toMatchObject({ value: 50, numerator: 1, denominator: 2, firstReported: 100, revised: true });
    expect(await figure('lac.ceased-permanence')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await figure('lac.ceased-sgo')).toEqual({ value: 0, numerator: 0, denominator: 2 });
    expect((await get('/metrics/lac.ceased/cases?period=2026-10')).items).toEqual([
      { subject: 'K8', dates: ['2026-10-16'] },
      { subject: 'K2', dates: ['2026-10-20'] },
    ]);
    expect(await figure('lac.started', 'fy2025')).toMatchObject({ value: 6 }); // K2, K3, K4, K6, K7, K8 (K1 a short break)
    expect(await figure('lac.started', 'fy2026')).toMatchObject({ value: 2 }); // K2 and K4 again: a child once per period, not once ever
  });

  it('cuts flows by the allocation at the event, or the team the event names', async () => {
    expect(await figure('lac.ceased', '2026-10', 'team:T1')).toMatchObject({ value: 1 });
    expect(await figure('lac.started', '2026-10', 'team:T2')).toMatchObject({ value: 1 }); // K4's new period
    expect(await figure('lac.adopted', '2026-10', 'worker:W2')).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('are the same from the events as from the projections', async () => {
    const projected = app.get(CareFigures);
    const fromEvents = new CareFigures(app.get(CareFiguresStore), app.get(ChildEventsStore), { caughtUp: async () => false } as unknown as ProjectionQueue);
    const ids = [
      'lac.children',
      'lac.rate10k',
      'lac.uasc',
      'lac.dual-status',
      'lac.placements-3plus',
      'lac.started',
      'lac.ceased',
      'lac.ceased-permanence',
      'lac.ceased-sgo',
      'lac.adopted',
    ];
    let compared = 0;
    for (const [first, last] of [
      ['2026-10-01', '2026-10-31'],
      ['2026-09-01', '2026-09-30'],
      ['2026-04-01', '2027-03-31'],
    ]) {
      for (const asAt of [Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z')]) {
        for (const scope of [undefined, { kind: 'team' as const, id: 'T1' }, { kind: 'team' as const, id: 'T2' }]) {
          const q = { tenant: s.tenant, scope, first, last, asAt: new Date(asAt).toISOString() };
          for (const id of ids) {
            const def = METRICS_BY_ID.get(id)?.definition as CareDefinition;
            const a = await projected.figure(def, q, asAt, 60_000);
            const b = await fromEvents.figure(def, q, asAt);
            expect({ id, q, ...a }).toEqual({ id, q, ...b });
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(3 * 2 * 3 * ids.length);
  });
});
