import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(90_000);

/** Parameters of the read routes (a bad one is a 400 problem naming it) and paging of the lists. */
describe('metrics read parameters and paging', () => {
  const s = new Scenario(uniqueId('mpage'));
  let app: NestFastifyApplication;
  const e = s.event.bind(s);
  // Five October contacts, never decided: five cases of contacts.received and five items of the queue.
  const contacts = [
    e('P1', 'csc.contact.received', '2026-10-05T09:00:00Z', { contactId: 'K1' }),
    e('P2', 'csc.contact.received', '2026-10-06T09:00:00Z', { contactId: 'K2' }),
    e('P3', 'csc.contact.received', '2026-10-06T09:00:00Z', { contactId: 'K3' }),
    e('P4', 'csc.contact.received', '2026-10-08T09:00:00Z', { contactId: 'K4' }),
    e('P5', 'csc.contact.received', '2026-10-09T09:00:00Z', { contactId: 'K5' }),
  ];
  // Three referrals from May, never assessed: overdue assessments (a queue computed from the deadlines).
  const referrals = [
    e('R1', 'csc.referral.received', '2026-05-04', { referralId: 'F1' }),
    e('R2', 'csc.referral.received', '2026-05-05', { referralId: 'F2' }),
    e('R3', 'csc.referral.received', '2026-05-05', { referralId: 'F3' }),
  ];
  let stored = contacts.length + referrals.length;

  const applied = () => waitFor(async () => ((await storeHas(app, s.tenant, stored)()) ? true : undefined), { what: 'events stored' });
  const get = (path: string) => app.inject({ url: `/v1/tenants/${s.tenant}${path}`, headers: ADMIN });
  const expectBad = async (path: string, param: string) => {
    const res = await get(path);
    expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors?.[0]?.pointer).toBe(`/${param}`);
  };
  /** Follows nextCursor from `first`, calling `between` after each page; the items of every page. */
  const follow = async <T>(first: string, between: (page: number) => Promise<void> = async () => undefined) => {
    const pages: T[][] = [];
    let res = await get(first);
    for (;;) {
      expect(res.statusCode).toBe(200);
      const body = res.json();
      pages.push(body.items);
      if (!body.nextCursor) return pages;
      await between(pages.length);
      res = await get(`${first.split('?')[0]}?cursor=${body.nextCursor}`);
    }
  };

  const other = new Scenario(uniqueId('mpage-other'));

  beforeAll(async () => {
    app = await startMetrics();
    await other.publish({ name: 'Other', nation: 'england', population0to17: 1000 }, [], storeHas(app, other.tenant, 0));
    await s.publish({ name: 'Paging', nation: 'england', population0to17: 1000 }, [...contacts, ...referrals], storeHas(app, s.tenant, stored));
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await other.close();
  });

  it.each([
    ['period', 'fy9999'],
    ['period', '0000-01'],
    ['period', '2026-13'],
    ['period', 'fy1899'],
    ['period', '2999-01'],
    ['period', 'last-month'],
    ['period', 'fy2026-Q5'],
    ['period', '2026-W00'],
    ['period', '2025-W53'],
    ['period', '2026-W54'],
    ['asAt', '2026-02-30T12:00:00Z'],
    ['asAt', '2026-02-30'],
    ['asAt', '2026-11-01T24:00:00Z'],
    ['asAt', '2026-11-01T10:00:00+25:00'],
    ['scope', 'team:'],
    ['scope', 'boss'],
  ])('answers 400 naming %s for %s, on every figure route', async (param, value) => {
    const q = `?${param}=${encodeURIComponent(value)}`;
    await expectBad(`/metrics${q}`, param);
    await expectBad(`/metrics/contacts.received${q}`, param);
    await expectBad(`/metrics/contacts.received/cases${q}`, param);
    if (param !== 'asAt') await expectBad(`/stream${q}`, param);
  });

  it.each(['0', '37', 'x', '1.5'])('answers 400 for history=%s', async (history) => {
    await expectBad(`/metrics/contacts.received?history=${history}`, 'history');
  });

  it('accepts the first years it allows, and a repeated parameter is a 400, not a 500', async () => {
    expect((await get('/metrics/contacts.received?period=1900-01&history=3')).statusCode).toBe(200);
    expect((await get('/metrics/contacts.received?period=fy1900')).statusCode).toBe(200);
    expect((await get('/metrics/contacts.received?period=fy1900-Q1&history=3')).statusCode).toBe(200);
    expect((await get('/metrics/contacts.received?period=1900-W01&history=3')).statusCode).toBe(200);
    expect((await get('/metrics/contacts.received?asAt=2026-11-01t10:00:00.123456z')).statusCode).toBe(200);
    const repeated = await get('/metrics/contacts.received?period=2026-10&period=2026-09');
    expect(repeated.statusCode).toBe(400);
    expect(repeated.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 problems for an unknown metric, queue or tenant', async () => {
    for (const path of ['/metrics/no.such/cases', '/metrics/no.such', '/queues/no-such-queue']) {
      const res = await get(path);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const res = await app.inject({ url: `/v1/tenants/no-such-${s.tenant}/queues/assessments-open`, headers: ADMIN });
    expect(res.statusCode).toBe(404);
  });

  it.each(['0', '10001', '-1', 'ten'])('answers 400 for limit=%s on every list', async (limit) => {
    await expectBad(`/metrics/contacts.received/cases?period=2026-10&limit=${limit}`, 'limit');
    await expectBad(`/queues/contacts-awaiting-decision?limit=${limit}`, 'limit');
    await expectBad(`/queues/assessments-overdue?limit=${limit}`, 'limit');
  });

  it('pages the children behind a figure: each once, the last page without nextCursor, nothing repeated when events arrive between pages', async () => {
    const pages = await follow<{ subject: string; dates: string[] }>('/metrics/contacts.received/cases?period=2026-10&limit=2', async (page) => {
      if (page !== 1) return;
      // One dated before the first page's children, one after the rest.
      const now = new Date().toISOString();
      const late = [
        e('P0', 'csc.contact.received', '2026-10-01T09:00:00Z', { contactId: 'K0' }, now),
        e('P9', 'csc.contact.received', '2026-10-20T09:00:00Z', { contactId: 'K9' }, now),
      ];
      stored += late.length;
      await s.publishEvents(late);
      await applied();
    });
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const subjects = pages.flat().map((c) => c.subject);
    // Later pages count as known when the first was read.
    expect(subjects).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('pages a queue read from the store: each item once, oldest first, even with items arriving between pages', async () => {
    const before = (await get('/queues/contacts-awaiting-decision')).json().items.map((i: { subject: string }) => i.subject);
    const pages = await follow<{ subject: string }>('/queues/contacts-awaiting-decision?limit=2', async (page) => {
      if (page !== 1) return;
      const more = [
        e('Q0', 'csc.contact.received', '2026-09-01T09:00:00Z', { contactId: 'KQ0' }),
        e('Q9', 'csc.contact.received', '2026-11-30T09:00:00Z', { contactId: 'KQ9' }),
      ];
      stored += more.length;
      await s.publishEvents(more);
      await applied();
    });
    const subjects = pages.flat().map((i) => i.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects.filter((x) => before.includes(x))).toEqual(before);
    // Q9 came after the cursor and is listed; Q0 came before it and waits for the next reading.
    expect(subjects).toContain('Q9');
    expect(subjects).not.toContain('Q0');
    expect(pages[pages.length - 1].length).toBeGreaterThan(0);
  });

  it('pages a queue computed from the deadlines, oldest first', async () => {
    const pages = await follow<{ subject: string }>('/queues/assessments-overdue?limit=1');
    expect(pages.map((p) => p.map((i) => i.subject))).toEqual([['R1'], ['R2'], ['R3']]);
  });

  it('refuses a tampered cursor, or one from another list or tenant, with 400', async () => {
    const first = (await get('/metrics/contacts.received/cases?period=2026-10&limit=1')).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor: string = first.nextCursor;
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...body, k: ['2026-10-01', 'P1'] })).toString('base64url');
    const flipped = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    for (const bad of [forged, flipped, cursor.slice(0, -4), 'not a cursor', '']) {
      await expectBad(`/metrics/contacts.received/cases?cursor=${encodeURIComponent(bad)}`, 'cursor');
    }
    await expectBad(`/metrics/contacts.received/cases?period=2026-09&cursor=${cursor}`, 'period');
    await expectBad(`/metrics/contacts.decided-1wd/cases?cursor=${cursor}`, 'cursor');
    await expectBad(`/queues/contacts-awaiting-decision?cursor=${cursor}`, 'cursor');
    const elsewhere = await app.inject({ url: `/v1/tenants/${other.tenant}/metrics/contacts.received/cases?cursor=${cursor}`, headers: ADMIN });
    expect(elsewhere.statusCode).toBe(400);
    // The same query repeated beside its cursor is fine, and limit may change.
    expect((await get(`/metrics/contacts.received/cases?period=2026-10&limit=3&cursor=${cursor}`)).json().items).toHaveLength(3);
  });
});
