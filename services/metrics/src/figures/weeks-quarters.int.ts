import { Scenario, uniqueId } from '@casewatch/testing';
import { addDays, londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(90_000);

/**
 * Hand-computed weeks (ISO, Monday to Sunday) and quarters of the financial year (Q1 April–June …
 * Q4 January–March). 2026-W44 is Monday 26 October to Sunday 1 November 2026, across a month end;
 * 2026-W45 is 2–8 November, whose reporting cut-off is the end of Friday 20 November (the 10th
 * working day after Sunday 8 November; November's own is 14 December). fy2025-Q4 is January to
 * March 2026, the quarter that crosses the calendar year.
 */
describe('weeks and quarters', () => {
  const s = new Scenario(uniqueId('wkq'));
  const e = s.event.bind(s);
  let app: NestFastifyApplication;
  const events = [
    // Contacts around the end of October: K1 in W43 (decided in W44), K2–K4 in W44, K5 in W45.
    e('P1', 'csc.contact.received', '2026-10-25T10:00:00Z', { contactId: 'K1' }),
    e('P1', 'csc.contact.decided', '2026-10-27T10:00:00Z', { contactId: 'K1', outcome: 'nfa' }),
    e('P2', 'csc.contact.received', '2026-10-26T09:00:00Z', { contactId: 'K2' }),
    e('P3', 'csc.contact.received', '2026-10-31T23:59:00Z', { contactId: 'K3' }),
    e('P4', 'csc.contact.received', '2026-11-01T00:01:00Z', { contactId: 'K4' }),
    e('P5', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K5' }),
    // Referrals of W45: one recorded at once, one before the week's cut-off, one after it.
    e('R1', 'csc.referral.received', '2026-11-03', { referralId: 'F1' }),
    e('R2', 'csc.referral.received', '2026-11-05', { referralId: 'F2' }, '2026-11-19T12:00:00Z'),
    e('R3', 'csc.referral.received', '2026-11-06', { referralId: 'F3' }, '2026-11-23T09:00:00Z'),
    // Contacts around the turn of 2025–26: Q3 on 31 December, Q4 on 1 January and 31 March, Q1 on 1 April.
    e('Q1', 'csc.contact.received', '2025-12-31', { contactId: 'KQ1' }),
    e('Q2', 'csc.contact.received', '2026-01-01', { contactId: 'KQ2' }),
    e('Q3', 'csc.contact.received', '2026-03-31', { contactId: 'KQ3' }),
    e('Q4', 'csc.contact.received', '2026-04-01', { contactId: 'KQ4' }),
  ];

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}${path}`, headers: ADMIN });
    expect({ path, status: res.statusCode }).toEqual({ path, status: 200 });
    return res.json();
  };
  const values = (body: { history: { period: string; value: number }[] }) => body.history.map((h): [string, number] => [h.period, h.value]);

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Weeks', nation: 'england', population0to17: 1000 }, events, storeHas(app, s.tenant, events.length));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('counts a week across a month end in that week only', async () => {
    expect(await get('/metrics/contacts.received?period=2026-W44')).toMatchObject({ period: '2026-W44', value: 3, direction: 'up', revised: false });
    expect(await get('/metrics/contacts.received?period=2026-W43')).toMatchObject({ value: 1 });
    expect(await get('/metrics/contacts.received?period=2026-W45')).toMatchObject({ value: 1 });
    expect(await get('/metrics/contacts.received?period=2026-10')).toMatchObject({ value: 3 }); // K1, K2, K3
    expect(await get('/metrics/contacts.received?period=2026-11')).toMatchObject({ value: 2 }); // K4, K5
    // A snapshot is taken at the week's end: on Sunday 1 November K2, K3 and K4 are undecided (and
    // the four contacts of the quarters below, never decided); on Sunday 25 October K1 still was.
    expect(await get('/metrics/contacts.awaiting-decision?period=2026-W44')).toMatchObject({ value: 3 + 4 });
    expect(await get('/metrics/contacts.awaiting-decision?period=2026-W43')).toMatchObject({ value: 1 + 4 });
    expect((await get('/metrics/contacts.received/cases?period=2026-W44')).items).toEqual([
      { subject: 'P2', dates: ['2026-10-26'] },
      { subject: 'P3', dates: ['2026-10-31'] },
      { subject: 'P4', dates: ['2026-11-01'] },
    ]);
    const list = await get('/metrics?period=2026-W44');
    expect(list.items.find((m: { metricId: string }) => m.metricId === 'contacts.received')).toMatchObject({ period: '2026-W44', value: 3 });
  });

  it('gives the last N weeks, oldest first, ending with the one asked', async () => {
    expect(values(await get('/metrics/contacts.received?period=2026-W45&history=4'))).toEqual([
      ['2026-W42', 0],
      ['2026-W43', 1],
      ['2026-W44', 3],
      ['2026-W45', 1],
    ]);
  });

  it('reports a closed week as at its own cut-off, and revises it after', async () => {
    expect(await get('/metrics/referrals.received?period=2026-W45')).toMatchObject({ value: 3, firstReported: 2, revised: true });
    expect(await get(`/metrics/referrals.received?period=2026-W45&asAt=${encodeURIComponent('2026-11-10T00:00:00Z')}`)).toMatchObject({
      value: 1,
      asOf: '2026-11-10T00:00:00.000Z',
    });
    // November's cut-off (14 December) is later: R3 was on time for it.
    expect(await get('/metrics/referrals.received?period=2026-11')).toMatchObject({ value: 3, firstReported: 3, revised: false });
  });

  it('counts a quarter across the calendar year (fy2025-Q4 is January to March 2026)', async () => {
    expect(await get('/metrics/contacts.received?period=fy2025-Q4')).toMatchObject({ period: 'fy2025-Q4', value: 2, direction: 'up' });
    expect(await get('/metrics/contacts.received?period=fy2025-Q3')).toMatchObject({ value: 1 });
    expect((await get('/metrics/contacts.received/cases?period=fy2025-Q4')).items).toEqual([
      { subject: 'Q2', dates: ['2026-01-01'] },
      { subject: 'Q3', dates: ['2026-03-31'] },
    ]);
    expect(values(await get('/metrics/contacts.received?period=fy2026-Q1&history=4'))).toEqual([
      ['fy2025-Q2', 0],
      ['fy2025-Q3', 1],
      ['fy2025-Q4', 2],
      ['fy2026-Q1', 1],
    ]);
    expect(await get('/metrics/contacts.received?period=fy2026-Q1')).toMatchObject({ value: 1, direction: 'down' });
  });

  it("gives a financial year's history as financial years, each the sum of its quarters", async () => {
    const years = values(await get('/metrics/contacts.received?period=fy2026&history=3'));
    expect(years.map(([period]) => period)).toEqual(['fy2024', 'fy2025', 'fy2026']);
    const quarters = values(await get('/metrics/contacts.received?period=fy2025-Q4&history=4'));
    expect(quarters.map(([period]) => period)).toEqual(['fy2025-Q1', 'fy2025-Q2', 'fy2025-Q3', 'fy2025-Q4']);
    expect(years[1][1]).toBe(quarters.reduce((sum, [, value]) => sum + value, 0));
    expect(years[1][1]).toBeGreaterThanOrEqual(3);
    expect(years[2][1]).toBe((await get('/metrics/contacts.received?period=fy2026')).value);
  });

  it('refuses quarters and weeks that do not exist or have not begun', async () => {
    for (const period of ['fy2026-Q5', 'fy2026-Q0', '2026-W00', '2025-W53', '2026-W54', 'fy2099-Q1', '2099-W01']) {
      const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/contacts.received?period=${period}`, headers: ADMIN });
      expect({ period, status: res.statusCode, pointer: res.json().errors?.[0]?.pointer }).toEqual({ period, status: 400, pointer: '/period' });
    }
  });
});

/** The running week and quarter, to date: dated from today, whenever the test runs. */
describe('the running week and quarter', () => {
  const s = new Scenario(uniqueId('wkq-now'));
  // All recorded now, so only the period's end (today) leaves tomorrow's out, not what was known.
  const recorded = new Date().toISOString();
  const e = (subject: string, type: string, time: string, data: Record<string, unknown>) => s.event(subject, type, time, data, recorded);
  let app: NestFastifyApplication;
  const today = londonDateOf(Date.now());
  const week = isoWeekByThursday(today);
  const month = Number(today.slice(5, 7));
  const fy = month >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  const q = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
  const quarter = `fy${fy}-Q${q}`;
  const quarterFirst = `${today.slice(0, 4)}-${String([4, 7, 10, 1][q - 1]).padStart(2, '0')}-01`;
  const events = [
    // The week: one today, one a week ago (the week before); one tomorrow, not yet counted.
    e('W1', 'csc.contact.received', today, { contactId: 'K1' }),
    e('W0', 'csc.contact.received', addDays(today, -7), { contactId: 'K0' }),
    e('W2', 'csc.contact.received', addDays(today, 1), { contactId: 'K2' }),
    // The quarter: its first day and today; the day before it; tomorrow.
    e('Q1', 'csc.referral.received', quarterFirst, { referralId: 'F1' }),
    e('Q2', 'csc.referral.received', today, { referralId: 'F2' }),
    e('Q0', 'csc.referral.received', addDays(quarterFirst, -1), { referralId: 'F0' }),
    e('Q3', 'csc.referral.received', addDays(today, 1), { referralId: 'F3' }),
  ];

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}${path}`, headers: ADMIN });
    expect({ path, status: res.statusCode }).toEqual({ path, status: 200 });
    return res.json();
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Running', nation: 'england', population0to17: 1000 }, events, storeHas(app, s.tenant, events.length));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('counts the running week to date', async () => {
    expect(await get(`/metrics/contacts.received?period=${week}`)).toMatchObject({
      period: week,
      value: 1,
      firstReported: 1,
      revised: false,
      direction: 'same',
    });
    expect((await get(`/metrics/contacts.received/cases?period=${week}`)).items).toEqual([{ subject: 'W1', dates: [today] }]);
    const history = await get(`/metrics/contacts.received?period=${week}&history=2`);
    expect(history.history.map((h: { value: number }) => h.value)).toEqual([1, 1]);
    expect(history.history[1].period).toBe(week);
  });

  it('counts the running quarter to date', async () => {
    expect(await get(`/metrics/referrals.received?period=${quarter}`)).toMatchObject({
      period: quarter,
      value: 2,
      firstReported: 2,
      revised: false,
      direction: 'up',
    });
  });
});

/** ISO week of a date by the Thursday rule (independent of the service's own reckoning). */
function isoWeekByThursday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
