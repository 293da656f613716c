import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };

/** Timeliness and up-to-date figures from the timescale rules, October 2026 (England). */
describe('rule-based metrics from a hand-computed scenario', () => {
  const s = new Scenario(uniqueId('rules'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const events = [
    // Contacts: K1 decided the next working day (Fri 2 Oct → Mon 5 Oct: in time); K2 two working days later (late).
    e('C40', 'csc.contact.received', '2026-10-02T10:00:00Z', { contactId: 'K1' }),
    e('C40', 'csc.contact.decided', '2026-10-05T10:00:00Z', { contactId: 'K1', outcome: 'referral' }),
    e('C41', 'csc.contact.received', '2026-10-05T10:00:00Z', { contactId: 'K2' }),
    e('C41', 'csc.contact.decided', '2026-10-07T10:00:00Z', { contactId: 'K2', outcome: 'nfa' }),
    // Assessments: R3 on 1 Sep (due 45 working days later, 2 Nov) still open at 31 Oct: not overdue yet.
    e('C42', 'csc.referral.received', '2026-09-01', { referralId: 'R3' }),
    // R4 on 1 Jul: due 1 Sep; completed 15 Oct (late). R5 on 1 Oct, completed 20 Oct (in time).
    e('C43', 'csc.referral.received', '2026-07-01', { referralId: 'R4' }),
    e('C43', 'csc.assessment.started', '2026-07-02', { assessmentId: 'A4', referralId: 'R4' }),
    e('C43', 'csc.assessment.completed', '2026-10-15', { assessmentId: 'A4' }),
    e('C44', 'csc.referral.received', '2026-10-01', { referralId: 'R5' }),
    e('C44', 'csc.assessment.started', '2026-10-02', { assessmentId: 'A5', referralId: 'R5' }),
    e('C44', 'csc.assessment.completed', '2026-10-20', { assessmentId: 'A5' }),
    // R6 on 1 Jun, never completed: overdue at 31 Oct.
    e('C45', 'csc.referral.received', '2026-06-01', { referralId: 'R6' }),
    // CP visits: C46's plan from 1 Oct, visited 12 Oct and 23 Oct (up to date at 31 Oct);
    // C47's plan from 1 Sep, last visited 10 Sep: overdue at 31 Oct.
    e('C46', 'csc.cp-plan.started', '2026-10-01', { cpPlanId: 'P46', category: 'NEG' }),
    e('C46', 'csc.visit.completed', '2026-10-12', { visitId: 'V1', kind: 'cp', seen: true }),
    e('C46', 'csc.visit.completed', '2026-10-23', { visitId: 'V2', kind: 'cp', seen: true }),
    e('C47', 'csc.cp-plan.started', '2026-09-01', { cpPlanId: 'P47', category: 'PHY' }),
    e('C47', 'csc.visit.completed', '2026-09-10', { visitId: 'V3', kind: 'cp', seen: true }),
  ];

  const figure = async (id: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/${id}?period=2026-10`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    const { value, numerator, denominator } = res.json();
    return { value, numerator, denominator };
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Rules', nation: 'england', population0to17: 1000 }, events, storeHas(app, s.tenant, events.length));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('contacts decided within 1 working day', async () => {
    expect(await figure('contacts.decided-1wd')).toEqual({ value: 50, numerator: 1, denominator: 2 });
  });

  it('assessments within 45 working days, and those open beyond it', async () => {
    expect(await figure('assessments.within-45wd')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await figure('assessments.overdue')).toMatchObject({ value: 1 });
    const cases = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/assessments.overdue/cases?period=2026-10`, headers: ADMIN });
    expect(cases.json().items.map((c: { subject: string }) => c.subject)).toEqual(['C45']);
  });

  it('children on a CP plan with visits up to date at the period end', async () => {
    expect(await figure('cp.visits-up-to-date')).toEqual({ value: 50, numerator: 1, denominator: 2 });
  });

  it('lists the overdue assessments and visits as queues, oldest first (as of now, 23 Nov 2026 or later)', async () => {
    const queue = async (id: string) =>
      (await app.inject({ url: `/v1/tenants/${s.tenant}/queues/${id}`, headers: ADMIN })).json().items as { subject: string; since: string }[];
    // R6 (1 Jun) and R3 (1 Sep, due 2 Nov) are both past their 45 working days now.
    expect((await queue('assessments-overdue')).map((i) => [i.subject, i.since.slice(0, 10)])).toEqual([
      ['C45', '2026-05-31'],
      ['C42', '2026-08-31'],
    ]);
    // C47 last seen 10 Sep; C46 last seen 23 Oct, due 6 Nov.
    expect((await queue('visits-overdue')).map((i) => i.subject)).toEqual(['C47', 'C46']);
  });

  it('gives null where nothing was due (no ICPCs, no return interviews)', async () => {
    expect(await figure('icpc.within-15wd')).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(await figure('missing.rhi-72h')).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
