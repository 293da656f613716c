import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { groupsSql } from '../breakdowns/breakdown.store';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { ShareDefinition } from '../catalogue/metric-definition';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';
import { figureSql } from './event-figures.store';

jest.setTimeout(60_000);

const ADMIN = { authorization: 'Bearer dev-admin' };

/**
 * `referrals.repeat-12m` ("another referral within the 12 months before"), read as a window over
 * the child's referrals: the edges of the 365 days, referrals at the same instant, a withdrawn
 * earlier referral, one recorded late, one under another team, another type of event. October
 * 2026, hand-computed: 12 referrals, 5 repeats.
 */
describe('a prior-referral figure read as a window', () => {
  const s = new Scenario(uniqueId('prior'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const withdrawn = e('Q5', 'csc.referral.received', '2026-03-01', { referralId: 'R5a' });
  const events = [
    // Q1: exactly 365 days before (counted), under T2 by its events.
    e('Q1', 'csc.referral.received', '2025-10-05', { referralId: 'R1a', teamId: 'T2' }),
    e('Q1', 'csc.referral.received', '2026-10-05', { referralId: 'R1b', teamId: 'T2' }),
    // Q2: 366 days before (not).
    e('Q2', 'csc.referral.received', '2025-10-04', { referralId: 'R2a' }),
    e('Q2', 'csc.referral.received', '2026-10-05', { referralId: 'R2b' }),
    // Q3: two at the same instant: neither is before the other.
    e('Q3', 'csc.referral.received', '2026-10-06T10:00:00Z', { referralId: 'R3a' }),
    e('Q3', 'csc.referral.received', '2026-10-06T10:00:00Z', { referralId: 'R3b' }),
    // Q4: two on one day, hours apart: the later one counts.
    e('Q4', 'csc.referral.received', '2026-10-07T09:00:00Z', { referralId: 'R4a' }),
    e('Q4', 'csc.referral.received', '2026-10-07T15:00:00Z', { referralId: 'R4b' }),
    // Q5: the earlier referral withdrawn on 18 November: counted as known on 1 November, not now.
    withdrawn,
    e('Q5', 'csc.referral.received', '2026-10-08', { referralId: 'R5b' }),
    e('Q5', 'csc.event.retracted', '2026-11-18', { id: withdrawn.id }, '2026-11-18T09:00:00Z'),
    // Q6: the earlier referral while T2 held the case, this one T1's: counted in T1's scope.
    e('Q6', 'csc.worker.allocated', '2026-04-01', { workerId: 'W2', teamId: 'T2' }),
    e('Q6', 'csc.referral.received', '2026-05-01', { referralId: 'R6a' }),
    e('Q6', 'csc.worker.allocated', '2026-09-01', { workerId: 'W1', teamId: 'T1' }),
    e('Q6', 'csc.referral.received', '2026-10-09', { referralId: 'R6b' }),
    // Q7: the earlier referral recorded only on 20 November: counted now, not as known on 1 November.
    e('Q7', 'csc.referral.received', '2026-06-01', { referralId: 'R7a' }, '2026-11-20T09:00:00Z'),
    e('Q7', 'csc.referral.received', '2026-10-10', { referralId: 'R7b' }),
    // Q8: a CP plan before, no referral: not a repeat.
    e('Q8', 'csc.cp-plan.started', '2026-06-01', { cpPlanId: 'P8', category: 'NEG' }),
    e('Q8', 'csc.referral.received', '2026-10-11', { referralId: 'R8' }),
    // Q9: two in the month: the second counts, the first has nothing before it.
    e('Q9', 'csc.referral.received', '2026-10-12', { referralId: 'R9a' }),
    e('Q9', 'csc.referral.received', '2026-10-20', { referralId: 'R9b' }),
  ];

  const get = async (url: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/referrals.repeat-12m${url}`, headers: ADMIN });
    expect([url, res.statusCode]).toEqual([url, 200]);
    return res.json();
  };
  const figure = async (query: string) => {
    const { numerator, denominator } = await get(`?${query}`);
    return [numerator, denominator];
  };
  const cases = async (query: string) => ((await get(`/cases?${query}`)).items as { subject: string }[]).map((c) => c.subject);

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Prior window', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('counts a referral with another of the child strictly before it, within 365 days, as known at asAt', async () => {
    expect(await figure('period=2026-10')).toEqual([5, 12]);
    expect(await cases('period=2026-10')).toEqual(['Q1', 'Q4', 'Q6', 'Q7', 'Q9']);
    const before = `period=2026-10&asAt=${encodeURIComponent('2026-11-01T00:00:00Z')}`;
    expect(await figure(before)).toEqual([5, 12]);
    expect(await cases(before)).toEqual(['Q1', 'Q4', 'Q5', 'Q6', 'Q9']);
    // A year earlier: the first referrals, with nothing before them.
    expect(await figure('period=2025-10')).toEqual([0, 2]);
    // A quarter and a week read the same referrals and the same days before them.
    expect(await figure('period=fy2026-Q3')).toEqual([5, 12]);
    expect(await figure('period=2026-W41')).toEqual([4, 10]);
  });

  it('checks the earlier referral whoever held the case, and counts only the scope’s rows', async () => {
    expect(await figure('period=2026-10&scope=team:T1')).toEqual([1, 1]);
    expect(await figure('period=2026-10&scope=team:T2')).toEqual([1, 1]);
    const { items } = await get('/breakdown?by=team&period=2026-10');
    expect(Object.fromEntries((items as { key: string; numerator: number; denominator: number }[]).map((i) => [i.key, [i.numerator, i.denominator]]))).toEqual({
      T1: [1, 1],
      T2: [1, 1],
      unknown: [3, 10],
    });
  });

  it('reads the year once, with a window, not a probe per referral', async () => {
    const def = METRIC_CATALOGUE.find((m) => m.id === 'referrals.repeat-12m')?.definition as ShareDefinition;
    const q = { tenant: s.tenant, first: '2026-10-01', last: '2026-10-31', asAt: new Date().toISOString() };
    const db = app.get(DataSource);
    for (const { text, params } of [figureSql(def, q), groupsSql(def, q, { team: true })]) {
      const plan = JSON.stringify(await db.query(`EXPLAIN (FORMAT JSON) ${text}`, params));
      expect(plan).toContain('"Node Type":"WindowAgg"');
      expect(plan).not.toContain('"Alias":"p"');
    }
  });
});
