import { ApiKeyRegistry, generateApiKey, type AuthSettings } from '@casewatch/auth';
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
  share?: number | null;
  numerator?: number;
  denominator?: number;
  rank: number;
}

/** Breakdowns of October 2026 (metrics.md "Breakdowns"), hand-computed. */
describe('GET /v1/tenants/{tenant}/metrics/{metricId}/breakdown', () => {
  const s = new Scenario(uniqueId('brk'));
  const other = new Scenario(uniqueId('brkx'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const keys = {
    reader: generateApiKey([s.tenant], ['read']),
    ingestOnly: generateApiKey([s.tenant], ['ingest']),
    otherReader: generateApiKey([other.tenant], ['read']),
  };
  const auth: AuthSettings = { devTokenEnabled: true, apiKeys: new ApiKeyRegistry(Object.values(keys).map((k) => k.stored)) };
  const events = [
    // C1 (T1): 10 on 15 October; a referral with three factors on the 2nd, a CP plan on the 15th.
    e('C1', 'csc.child.details-recorded', '2026-01-01', { birthDate: '2016-10-15' }),
    e('C1', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('C1', 'csc.referral.received', '2026-10-02', { referralId: 'R1', source: '6', primaryNeed: 'N1', factors: ['3B', '4B', '2B'] }),
    e('C1', 'csc.assessment.completed', '2026-10-10', { assessmentId: 'A1', factors: ['3B', '4B'], outcome: 'cp' }),
    e('C1', 'csc.cp-plan.started', '2026-10-15', { cpPlanId: 'P1', category: 'NEG' }),
    // C2 (T1): referred by a school, closed before the month ends.
    e('C2', 'csc.worker.allocated', '2026-09-01', { workerId: 'W2', teamId: 'T1' }),
    e('C2', 'csc.referral.received', '2026-10-05', { referralId: 'R2', source: '2A', primaryNeed: 'N1', factors: ['3B'] }),
    e('C2', 'csc.assessment.completed', '2026-10-12', { assessmentId: 'A2', factors: ['3B'], outcome: 'cin' }),
    e('C2', 'csc.s47.started', '2026-10-13', { s47Id: 'S2' }),
    e('C2', 'csc.referral.closed', '2026-10-28', { referralId: 'R2' }),
    // C3: born in March 2026 (a month only); a referral with no need or factors, recorded late.
    e('C3', 'csc.child.details-recorded', '2026-03-20', { birthDate: '2026-03' }),
    e('C3', 'csc.referral.received', '2026-10-20', { referralId: 'R3', source: '6' }, '2026-11-20T09:00:00Z'),
    e('C3', 'csc.assessment.completed', '2026-10-22', { assessmentId: 'A3', outcome: 'cin' }),
    // C4: referred in December 2025 (never closed) and again in October: a re-referral, two open.
    e('C4', 'csc.referral.received', '2025-12-01', { referralId: 'R4a', source: '6' }),
    e('C4', 'csc.referral.received', '2026-10-25', { referralId: 'R4b', source: '2A', primaryNeed: 'N4', factors: ['4B'] }),
    // C5: a second CP plan; C6: a plan open since March.
    e('C5', 'csc.cp-plan.started', '2025-01-01', { cpPlanId: 'P5a', category: 'EMO' }),
    e('C5', 'csc.cp-plan.ended', '2025-06-01', { cpPlanId: 'P5a' }),
    e('C5', 'csc.cp-plan.started', '2026-10-18', { cpPlanId: 'P5b', category: 'EMO' }),
    e('C6', 'csc.cp-plan.started', '2026-03-01', { cpPlanId: 'P6', category: 'PHY' }),
    // Looked after: K1 starts (unaccompanied); K2 changes status and placement; K3 adopted; K4 home; K5 a short break.
    e('K1', 'csc.lac.started', '2026-10-03', { periodId: 'L1', legalStatus: 'C2', placementType: 'U4', uasc: true }),
    e('K2', 'csc.lac.started', '2026-01-05', { periodId: 'L2', legalStatus: 'V2', placementType: 'U6' }),
    e('K2', 'csc.lac.legal-status-changed', '2026-10-10', { periodId: 'L2', legalStatus: 'C1' }),
    e('K2', 'csc.lac.placement-changed', '2026-10-12', { periodId: 'L2', placementType: 'K2' }),
    e('K3', 'csc.child.details-recorded', '2025-06-01', { birthDate: '2009-10-25' }),
    e('K3', 'csc.lac.started', '2025-06-01', { periodId: 'L3', legalStatus: 'C2', placementType: 'U1' }),
    e('K3', 'csc.lac.ended', '2026-10-20', { periodId: 'L3', reason: 'E11' }),
    e('K4', 'csc.lac.started', '2026-02-01', { periodId: 'L4', legalStatus: 'C2', placementType: 'P1' }),
    e('K4', 'csc.lac.ended', '2026-10-21', { periodId: 'L4', reason: 'E13' }),
    e('K5', 'csc.lac.started', '2026-10-08', { periodId: 'L5', legalStatus: 'V3', placementType: 'U4' }),
  ];

  const call = (url: string, token = 'dev-admin') => app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  const breakdown = async (metric: string, by: string, query = '') => {
    const res = await call(`/v1/tenants/${s.tenant}/metrics/${metric}/breakdown?by=${by}&period=2026-10${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { metricId: string; period: string; scope: string; by: string; asOf: string; items: Item[] };
  };
  const values = async (metric: string, by: string, query = '') => Object.fromEntries((await breakdown(metric, by, query)).items.map((i) => [i.key, i.value]));
  const metric = async (id: string, query = '') => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/${id}?period=2026-10${query}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json() as { value: number; numerator: number | null; denominator: number | null };
  };

  beforeAll(async () => {
    app = await startMetrics({}, auth);
    await other.publishTenant({ name: 'Other', nation: 'england', population0to17: 1000 });
    await s.publish({ name: 'Breakdowns', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
    await projectedByThisBuild(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await other.close();
  });

  it('a child with several factors counts under each: shares add up to more than 100', async () => {
    const b = await breakdown('referrals.received', 'factor');
    expect(b).toMatchObject({ metricId: 'referrals.received', period: '2026-10', scope: 'la', by: 'factor' });
    expect(b.items).toEqual([
      { key: '3B', label: 'Domestic abuse: parent', value: 2, share: 50, numerator: 2, denominator: 4, rank: 1 },
      { key: '4B', label: 'Mental health: parent', value: 2, share: 50, numerator: 2, denominator: 4, rank: 1 },
      { key: '2B', label: 'Drug misuse: parent', value: 1, share: 25, numerator: 1, denominator: 4, rank: 3 },
      { key: 'unknown', label: 'Not recorded', value: 1, share: 25, numerator: 1, denominator: 4, rank: 3 },
    ]);
    const assessed = await breakdown('assessments.completed', 'factor');
    expect(assessed.items.map((i) => [i.key, i.value, i.share, i.rank])).toEqual([
      ['3B', 2, 66.7, 1],
      ['4B', 1, 33.3, 2],
      ['unknown', 1, 33.3, 2],
    ]);
  });

  it('a single-valued dimension adds up to its metric, a record without the field under unknown', async () => {
    const cases: [string, string, Record<string, number>][] = [
      ['referrals.received', 'source', { '6': 2, '2A': 2 }],
      ['referrals.received', 'primaryNeed', { N1: 2, N4: 1, unknown: 1 }],
      ['contacts.received', 'source', {}],
      ['assessments.completed', 'outcome', { cin: 2, cp: 1 }],
      ['cp.started', 'category', { NEG: 1, EMO: 1 }],
      // C4 has two referrals open: its latest (N4) decides; C2's closed.
      ['cin.children', 'primaryNeed', { N1: 1, N4: 1, unknown: 1 }],
      ['cp.children', 'category', { NEG: 1, EMO: 1, PHY: 1 }],
      ['lac.children', 'legalStatus', { C1: 1, C2: 1 }],
      ['lac.children', 'placementType', { U4: 1, K2: 1 }],
      ['lac.children', 'uasc', { yes: 1, no: 1 }],
      ['lac.started', 'legalStatus', { C2: 1 }],
      ['lac.started', 'uasc', { yes: 1 }],
      ['lac.ceased', 'reason', { E11: 1, E13: 1 }],
    ];
    for (const [id, by, expected] of cases) {
      const got = await values(id, by);
      expect([id, by, got]).toEqual([id, by, expected]);
      const sum = Object.values(got).reduce<number>((a, b) => a + (b ?? 0), 0);
      expect([id, by, sum]).toEqual([id, by, (await metric(id)).value]);
    }
    expect((await breakdown('cp.started', 'category')).items.map((i) => i.rank)).toEqual([1, 1]);
    expect((await breakdown('lac.ceased', 'reason')).items[0]).toMatchObject({ key: 'E11', label: 'Adopted: application unopposed', share: 50 });
  });

  it('a percentage: each key’s numerator counted as the metric’s', async () => {
    expect(await metric('referrals.repeat-12m')).toMatchObject({ value: 25, numerator: 1, denominator: 4 });
    expect((await breakdown('referrals.repeat-12m', 'source')).items).toEqual([
      { key: '2A', label: 'Schools', value: 50, numerator: 1, denominator: 2, rank: 1 },
      { key: '6', label: 'Police', value: 0, numerator: 0, denominator: 2, rank: 2 },
    ]);
    expect((await breakdown('cp.repeat', 'category')).items).toEqual([
      { key: 'EMO', label: 'Emotional abuse', value: 100, numerator: 1, denominator: 1, rank: 1 },
      { key: 'NEG', label: 'Neglect', value: 0, numerator: 0, denominator: 1, rank: 2 },
    ]);
  });

  it('age bands: at the event for flows, at the period end for snapshots (C1 turns 10 on 15 October)', async () => {
    expect(await values('referrals.received', 'ageBand')).toEqual({ unknown: 2, '5-9': 1, 'under-1': 1 });
    expect(await values('cin.children', 'ageBand')).toEqual({ '10-15': 1, 'under-1': 1, unknown: 1 });
    expect(await values('cp.children', 'ageBand')).toEqual({ '10-15': 1, unknown: 2 });
    expect(await values('lac.children', 'ageBand')).toEqual({ unknown: 2 });
  });

  it('age bands on the other counts, adding up to their metric (K3 ceased on 20 October, five days before turning 17)', async () => {
    const cases: [string, Record<string, number>][] = [
      ['cp.started', { '10-15': 1, unknown: 1 }],
      ['assessments.completed', { '5-9': 1, 'under-1': 1, unknown: 1 }],
      ['s47.started', { unknown: 1 }],
      ['missing.episodes', {}],
      ['lac.ceased', { '16-17': 1, unknown: 1 }],
      ['lac.uasc', { unknown: 1 }],
    ];
    for (const [id, expected] of cases) {
      const got = await values(id, 'ageBand');
      expect([id, got]).toEqual([id, expected]);
      const sum = Object.values(got).reduce<number>((a, b) => a + (b ?? 0), 0);
      expect([id, sum]).toEqual([id, (await metric(id)).value]);
    }
  });

  it('scope and asAt as for /metrics', async () => {
    expect(await values('referrals.received', 'source', '&scope=team:T1')).toEqual({ '6': 1, '2A': 1 });
    // C3's referral was recorded on 20 November.
    const before = await breakdown('referrals.received', 'source', '&asAt=2026-11-01T00:00:00Z');
    expect(before.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(before.items.map((i) => [i.key, i.value, i.share, i.rank])).toEqual([
      ['2A', 2, 66.7, 1],
      ['6', 1, 33.3, 2],
    ]);
  });

  it('400 naming the metric’s dimensions for one it does not have, or none', async () => {
    for (const url of [
      `/v1/tenants/${s.tenant}/metrics/referrals.received/breakdown?by=category`,
      `/v1/tenants/${s.tenant}/metrics/referrals.received/breakdown?by=nonsense`,
      `/v1/tenants/${s.tenant}/metrics/referrals.received/breakdown`,
    ]) {
      const res = await call(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('source, factor, primaryNeed, ageBand');
      expect(res.json().errors[0].pointer).toBe('/by');
    }
    const none = await call(`/v1/tenants/${s.tenant}/metrics/cin.rate10k/breakdown?by=source`);
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toContain('no breakdowns');
    expect((await call(`/v1/tenants/${s.tenant}/metrics/no.such/breakdown?by=source`)).statusCode).toBe(404);
    expect((await call(`/v1/tenants/${s.tenant}/metrics/referrals.received/breakdown?by=source&period=2026-13`)).statusCode).toBe(400);
  });

  it('tenant and role checks as for /metrics', async () => {
    const url = `/v1/tenants/${s.tenant}/metrics/referrals.received/breakdown?by=source&period=2026-10`;
    expect((await app.inject({ url })).statusCode).toBe(401);
    expect((await call(url, keys.reader.key)).statusCode).toBe(200);
    expect((await call(url, keys.ingestOnly.key)).statusCode).toBe(403);
    expect((await call(url, keys.otherReader.key)).statusCode).toBe(404);
    expect((await call(`/v1/tenants/${uniqueId('nobody')}/metrics/referrals.received/breakdown?by=source`)).statusCode).toBe(404);
  });
});
