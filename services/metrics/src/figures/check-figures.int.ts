import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };

/** Health and dental checks of looked-after children at the end of October 2026 (England). */
describe('lac.health-up-to-date and lac.dental-up-to-date from a hand-computed scenario', () => {
  const s = new Scenario(uniqueId('checks'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  const lac = (child: string, date: string, extra: Record<string, unknown> = {}) =>
    e(child, 'csc.lac.started', date, { periodId: `L-${child}`, legalStatus: 'C2', placementType: 'U1', ...extra });
  const events = [
    // C1: under 5 (born May 2023): health on 10 May is within 6 months of 31 Oct (from 30 Apr);
    // dental on 30 Oct 2025 is one day older than 12 months.
    lac('C1', '2026-06-01'),
    e('C1', 'csc.child.details-recorded', '2026-06-01', { birthDate: '2023-05' }),
    e('C1', 'csc.health-assessment.completed', '2026-05-10', { kind: 'review' }),
    e('C1', 'csc.dental-check.completed', '2025-10-30', {}),
    e('C1', 'csc.worker.allocated', '2026-06-01', { teamId: 'T1', workerId: 'W1' }),
    // C2: looked after from 5 Oct, 19 working days by 31 Oct: not yet due checks.
    lac('C2', '2026-10-05'),
    // C3: no date of birth, so 12 months: health 1 Nov 2025 and dental 1 Mar 2026 are both current.
    lac('C3', '2026-01-05'),
    e('C3', 'csc.health-assessment.completed', '2025-11-01', { kind: 'review' }),
    e('C3', 'csc.dental-check.completed', '2026-03-01', {}),
    e('C3', 'csc.worker.allocated', '2026-01-05', { teamId: 'T2', workerId: 'W2' }),
    // C4: a short break, never counted.
    lac('C4', '2026-01-05', { legalStatus: 'V3', shortBreak: true }),
    // C5: under 5 (born Jan 2024); health on 29 Apr is older than 6 months; no dental check.
    lac('C5', '2026-02-02'),
    e('C5', 'csc.child.details-recorded', '2026-02-02', { birthDate: '2024-01' }),
    e('C5', 'csc.health-assessment.completed', '2026-04-29', { kind: 'initial' }),
    e('C5', 'csc.worker.allocated', '2026-02-02', { teamId: 'T1', workerId: 'W5' }),
  ];

  const figure = async (id: string, scope = 'la') => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/${id}?period=2026-10&scope=${scope}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    const { value, numerator, denominator } = res.json();
    return { value, numerator, denominator };
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Checks', nation: 'england', population0to17: 1000 }, events, storeHas(app, s.tenant, events.length));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('health: C1 and C3 of C1, C3, C5 are up to date', async () => {
    expect(await figure('lac.health-up-to-date')).toEqual({ value: 66.7, numerator: 2, denominator: 3 });
    const cases = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/lac.health-up-to-date/cases?period=2026-10`, headers: ADMIN });
    expect(cases.json().items.map((c: { subject: string; dates: string[] }) => [c.subject, c.dates])).toEqual([
      ['C3', ['2025-11-01']],
      ['C1', ['2026-05-10']],
    ]);
  });

  it('dental: only C3 of the same three', async () => {
    expect(await figure('lac.dental-up-to-date')).toEqual({ value: 33.3, numerator: 1, denominator: 3 });
  });

  it('cuts by the team holding the case', async () => {
    expect(await figure('lac.health-up-to-date', 'team:T1')).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(await figure('lac.dental-up-to-date', 'worker:W2')).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('is empty, not zero, before anyone was due checks', async () => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/lac.dental-up-to-date?period=2025-12`, headers: ADMIN });
    expect(res.json()).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });
});
