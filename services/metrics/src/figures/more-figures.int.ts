import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { projectedByThisBuild } from '../testing/reproject';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };

/** Re-referrals, domestic abuse, averages, durations, dual status, placements, care leavers, PLO, caseloads, adoption: October 2026. */
describe('more metrics from a hand-computed scenario', () => {
  const s = new Scenario(uniqueId('more'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const events = [
    e('C20', 'csc.referral.received', '2026-01-10', { referralId: 'R20a' }),
    e('C20', 'csc.referral.received', '2026-10-05', { referralId: 'R20b' }), // re-referral within 12 months
    e('C21', 'csc.referral.received', '2026-10-06', { referralId: 'R21', factors: ['3A'] }), // domestic abuse on the referral
    e('C22', 'csc.referral.received', '2026-10-07', { referralId: 'R22' }),
    e('C22', 'csc.assessment.started', '2026-10-08', { assessmentId: 'A22', referralId: 'R22' }),
    e('C22', 'csc.assessment.completed', '2026-10-20', { assessmentId: 'A22', factors: ['3B'] }), // ... on its assessment; 9 working days
    e('C23', 'csc.referral.received', '2024-01-01', { referralId: 'R23a' }),
    e('C23', 'csc.referral.received', '2026-10-09', { referralId: 'R23b' }), // earlier one > 12 months before
    e('C24', 'csc.cp-plan.started', '2024-09-01', { cpPlanId: 'P24', category: 'NEG' }),
    e('C24', 'csc.cp-plan.ended', '2026-10-10', { cpPlanId: 'P24' }), // 769 days, over 2 years
    e('C25', 'csc.cp-plan.started', '2026-04-01', { cpPlanId: 'P25', category: 'NEG' }),
    e('C25', 'csc.cp-plan.ended', '2026-10-11', { cpPlanId: 'P25' }), // 193 days
    e('C26', 'csc.cp-plan.started', '2025-01-01', { cpPlanId: 'P26a', category: 'EMO' }),
    e('C26', 'csc.cp-plan.ended', '2025-06-01', { cpPlanId: 'P26a' }),
    e('C26', 'csc.cp-plan.started', '2026-10-12', { cpPlanId: 'P26b', category: 'EMO' }), // a second plan
    e('C26', 'csc.lac.started', '2026-09-01', { periodId: 'L26', legalStatus: 'C2', placementType: 'U1' }), // dual status
    e('C27', 'csc.lac.started', '2026-08-01', { periodId: 'L27', legalStatus: 'C2', placementType: 'U1' }),
    e('C27', 'csc.lac.placement-changed', '2026-09-01', { periodId: 'L27', placementType: 'U3' }),
    e('C27', 'csc.lac.placement-changed', '2026-10-01', { periodId: 'L27', placementType: 'U4' }), // 3 placements
    e('C28', 'csc.care-leaver.contact-recorded', '2026-09-01', { inTouch: true, eet: true }),
    e('C28', 'csc.care-leaver.contact-recorded', '2026-10-05', { inTouch: false }), // the latest counts
    e('C29', 'csc.care-leaver.contact-recorded', '2026-10-01', { inTouch: true, eet: true, suitableAccommodation: true }),
    e('C30', 'csc.plo.started', '2026-03-01', { ploId: 'PL30' }), // over 26 weeks by 31 October
    e('C31', 'csc.plo.started', '2026-09-01', { ploId: 'PL31' }),
    e('C20', 'csc.worker.allocated', '2026-10-05', { workerId: 'SW1', teamId: 'T1' }),
    e('C21', 'csc.worker.allocated', '2026-10-06', { workerId: 'SW1', teamId: 'T1' }),
    e('C22', 'csc.worker.allocated', '2026-10-07', { workerId: 'SW2', teamId: 'T2' }),
    e('C23', 'csc.worker.allocated', '2026-10-09', { workerId: 'SW2', teamId: 'T2' }),
    e('C23', 'csc.worker.unallocated', '2026-10-15', { workerId: 'SW2' }),
    e('C32', 'csc.lac.started', '2025-01-01', { periodId: 'L32', legalStatus: 'E1', placementType: 'A3' }),
    e('C32', 'csc.adoption.placement-order-granted', '2025-06-01', { periodId: 'L32' }),
    e('C32', 'csc.adoption.matched', '2025-10-01', { periodId: 'L32' }),
    e('C32', 'csc.adoption.placed', '2026-09-01', { periodId: 'L32' }),
    e('C32', 'csc.lac.ended', '2026-10-20', { periodId: 'L32', reason: 'E11' }), // A1: 608 days
    e('C33', 'csc.adoption.placement-order-granted', '2026-06-01', { periodId: 'L33' }),
    e('C33', 'csc.adoption.matched', '2026-10-01', { periodId: 'L33' }), // A2: 122 days
  ];

  const value = async (id: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/${id}?period=2026-10`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    const { value: v, numerator, denominator } = res.json();
    return { value: v, numerator, denominator };
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'More', nation: 'england', population0to17: 10_000 }, events, storeHas(app, s.tenant, events.length));
    await projectedByThisBuild(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('re-referrals and domestic abuse (on the referral or its assessment)', async () => {
    expect(await value('referrals.received')).toMatchObject({ value: 4 });
    expect(await value('referrals.repeat-12m')).toEqual({ value: 25, numerator: 1, denominator: 4 });
    expect(await value('referrals.domestic-abuse')).toEqual({ value: 50, numerator: 2, denominator: 4 });
  });

  it('assessment working days, CP durations, repeat plans', async () => {
    expect(await value('assessments.avg-working-days')).toMatchObject({ value: 9 });
    expect(await value('cp.ended-2y-plus')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await value('cp.avg-duration-days')).toMatchObject({ value: 481 });
    expect(await value('cp.repeat')).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('dual status and placement stability', async () => {
    expect(await value('lac.dual-status')).toMatchObject({ value: 1 });
    expect(await value('lac.placements-3plus')).toEqual({ value: 50, numerator: 1, denominator: 2 });
  });

  it('care leavers by their latest contact', async () => {
    expect(await value('care-leavers.in-touch')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await value('care-leavers.eet')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await value('care-leavers.suitable-accommodation')).toEqual({ value: 50, numerator: 1, denominator: 2 });
  });

  it('PLO length, caseloads and adoption timeliness', async () => {
    expect(await value('plo.children')).toMatchObject({ value: 2 });
    expect(await value('plo.over-26-weeks')).toMatchObject({ value: 1 });
    expect(await value('caseload.average')).toMatchObject({ value: 1.5 });
    expect(await value('caseload.max')).toMatchObject({ value: 2 });
    expect(await value('adoption.a1-days')).toMatchObject({ value: 608 });
    expect(await value('adoption.a2-days')).toMatchObject({ value: 122 });
    const cases = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/adoption.a1-days/cases?period=2026-10`, headers: ADMIN });
    expect(cases.json().items).toEqual([{ subject: 'C32', dates: ['2025-01-01/2026-09-01'] }]);
  });
});
