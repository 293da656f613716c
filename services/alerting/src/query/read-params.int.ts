import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(90_000);

/** Parameters of the alerting routes (a bad one is a 400 problem naming it), unknown tenants, and paging. */
describe('alerting read parameters, unknown tenants and paging', () => {
  const s = new Scenario(uniqueId('apage'));
  const other = new Scenario(uniqueId('apage-other'));
  let app: NestFastifyApplication;
  // Five contacts from October, never decided: five overdue contact-decision deadlines, five overdue alerts.
  const contacts = ['2026-10-05', '2026-10-06', '2026-10-06', '2026-10-08', '2026-10-09'].map((day, i) =>
    s.event(`D${i + 1}`, 'csc.contact.received', `${day}T09:00:00Z`, { contactId: `K${i + 1}` }),
  );
  let expected = contacts.length;

  const count =
    (table: string, tenant = s.tenant) =>
    async () => {
      const [{ c }] = await app.get(DataSource).query(`SELECT count(*)::int AS c FROM ${table} WHERE tenant = $1`, [tenant]);
      return c >= expected;
    };
  const until = (probe: () => Promise<boolean>, what: string) => waitFor(async () => ((await probe()) ? true : undefined), { what });
  const get = (path: string, tenant = s.tenant) => app.inject({ url: `/v1/tenants/${tenant}${path}`, headers: ADMIN });
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
  /** Two more overdue contacts: one due before every earlier one, one after. */
  const moreContacts = async (prefix: string) => {
    expected += 2;
    await s.publishEvents([
      s.event(`${prefix}0`, 'csc.contact.received', '2026-09-01T09:00:00Z', { contactId: `${prefix}K0` }),
      s.event(`${prefix}9`, 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: `${prefix}K9` }),
    ]);
    await until(count('deadlines'), 'new deadlines');
    await until(count('alerts'), 'new alerts');
  };

  beforeAll(async () => {
    app = await startAlerting();
    await other.publishTenant({ name: 'Other', nation: 'england', population0to17: 1000 });
    await s.publish({ name: 'Paging', nation: 'england', population0to17: 1000 }, contacts, count('alerts'));
    await waitFor(async () => ((await get('/deadlines', other.tenant)).statusCode === 200 ? true : undefined), { what: 'other tenant known' });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await other.close();
  });

  it('answers 404 problems for a tenant that does not exist, on every route', async () => {
    for (const tenant of [`no-such-${s.tenant}`, 'Not_A_Tenant']) {
      for (const res of [
        await get('/deadlines', tenant),
        await get('/alerts', tenant),
        await app.inject({ method: 'POST', url: `/v1/tenants/${tenant}/alerts/x.overdue/ack`, headers: ADMIN, payload: { comment: 'x' } }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it.each([
    ['/deadlines', 'state', 'late'],
    ['/deadlines', 'state', 'open,'],
    ['/deadlines', 'rule', 'Lac Visit'],
    ['/deadlines', 'subject', 'a b'],
    ['/deadlines', 'teamId', ''],
    ['/deadlines', 'workerId', 'x'.repeat(65)],
    ['/deadlines', 'limit', '0'],
    ['/deadlines', 'limit', '10001'],
    ['/alerts', 'status', 'open'],
    ['/alerts', 'rule', 'cp_visit'],
    ['/alerts', 'since', '2026-02-30T00:00:00Z'],
    ['/alerts', 'since', 'yesterday'],
    ['/alerts', 'limit', 'many'],
  ])('%s answers 400 naming %s for %j', async (path, param, value) => {
    await expectBad(`${path}?${param}=${encodeURIComponent(value)}`, param);
  });

  it('takes several states as one comma list; a repeated state is a 400, not a 500', async () => {
    expect((await get('/deadlines?state=open,due-soon,overdue')).json().items).toHaveLength(expected);
    const repeated = await get('/deadlines?state=open&state=overdue');
    expect(repeated.statusCode).toBe(400);
    expect(repeated.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an acknowledgement whose comment PostgreSQL could not store', async () => {
    const [alert] = (await get('/alerts?limit=1')).json().items;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/tenants/${s.tenant}/alerts/${alert.alertId}/ack`,
      headers: ADMIN,
      payload: { comment: 'a\u0000b' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('pages deadlines soonest due first: each once, nextCursor absent on the last page, none repeated or skipped when deadlines arrive between pages', async () => {
    const before = (await get('/deadlines')).json().items.map((d: { deadlineId: string }) => d.deadlineId);
    expect(before).toHaveLength(5);
    const pages = await follow<{ deadlineId: string; dueAt: string }>('/deadlines?state=overdue&limit=2', async (page) => {
      if (page === 1) await moreContacts('DL');
    });
    const ids = pages.flat().map((d) => d.deadlineId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => before.includes(id))).toEqual(before);
    const due = pages.flat().map((d) => Date.parse(d.dueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    // The one due after the cursor is listed; the one due before it waits for the next reading.
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
  });

  it('pages alerts newest first: each once, none repeated when alerts fire between pages', async () => {
    const before = (await get('/alerts')).json().items.map((a: { alertId: string }) => a.alertId);
    expect(before.length).toBeGreaterThan(2);
    const pages = await follow<{ alertId: string }>('/alerts?status=firing&limit=2', async (page) => {
      if (page === 1) await moreContacts('AL');
    });
    const ids = pages.flat().map((a) => a.alertId);
    expect(ids).toEqual(before);
    // Pages of two, the last holding what remains (and no nextCursor, or follow would not have stopped).
    expect(pages.map((p) => p.length)).toEqual(
      before
        .map((_: string, i: number) => i)
        .filter((i: number) => i % 2 === 0)
        .map((i: number) => Math.min(2, before.length - i)),
    );
  });

  it('refuses a tampered cursor, or one from another list or tenant, with 400', async () => {
    const { nextCursor } = (await get('/deadlines?limit=1')).json();
    expect(nextCursor).toEqual(expect.any(String));
    const body = JSON.parse(Buffer.from(nextCursor, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...body, k: ['2026-02-30T00:00:00.000000Z', 'x'] })).toString('base64url');
    for (const bad of [forged, nextCursor.slice(0, -3), `${nextCursor}A`, '%%%']) {
      await expectBad(`/deadlines?cursor=${encodeURIComponent(bad)}`, 'cursor');
    }
    await expectBad(`/alerts?cursor=${nextCursor}`, 'cursor');
    expect((await get(`/deadlines?cursor=${nextCursor}`, other.tenant)).statusCode).toBe(400);
    await expectBad(`/deadlines?state=met&cursor=${nextCursor}`, 'state');
    expect((await get(`/deadlines?cursor=${nextCursor}&limit=2`)).json().items).toHaveLength(2);
  });
});
