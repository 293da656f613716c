import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';
import { tenantKnown } from '../testing/tenant-known';
import { DEV_WEBHOOK_SECRET_KEY, SecretBox } from './secret-box';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(120_000);

describe('the subscriptions API', () => {
  const s = new Scenario(uniqueId('subs'));
  let app: NestFastifyApplication;
  const path = (tenant = s.tenant) => `/v1/tenants/${tenant}/subscriptions`;
  const post = (payload: Record<string, unknown>, tenant = s.tenant) => app.inject({ method: 'POST', url: path(tenant), headers: ADMIN, payload });
  const target = (n: number | string) => `http://127.0.0.1:9/hook-${n}`;

  beforeAll(async () => {
    app = await startAlerting();
    await s.publishTenant({ name: 'Subscriptions', nation: 'england', population0to17: 1000 });
    await tenantKnown(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('answers 404 (a problem) for a tenant that does not exist, whatever the call', async () => {
    const nobody = uniqueId('nobody');
    const calls = [
      post({ channel: 'webhook', target: target('x') }, nobody),
      app.inject({ url: path(nobody), headers: ADMIN }),
      app.inject({ url: `${path(nobody)}/some-id/deliveries`, headers: ADMIN }),
      app.inject({ method: 'DELETE', url: `${path(nobody)}/some-id`, headers: ADMIN }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 404, detail: `tenant ${nobody} not found` });
    }
    const stored: unknown[] = await app.get(DataSource).query('SELECT 1 FROM subscriptions WHERE tenant = $1', [nobody]);
    expect(stored).toHaveLength(0);
  });

  it('keeps the secret only encrypted, usable for signing, and never returns it', async () => {
    const secret = `secret-${uniqueId('value')}`;
    const created = await post({ channel: 'webhook', target: target('secret'), secret });
    expect(created.statusCode).toBe(201);
    expect(created.payload).not.toContain(secret);
    const { id } = created.json() as { id: string };

    const [row]: { whole: string; secret_sealed: string }[] = await app
      .get(DataSource)
      .query('SELECT row_to_json(s)::text AS whole, secret_sealed FROM subscriptions s WHERE id = $1', [id]);
    expect(row.whole).not.toContain(secret);
    expect(row.whole).not.toContain(Buffer.from(secret).toString('base64'));
    expect(new SecretBox(Buffer.from(DEV_WEBHOOK_SECRET_KEY, 'base64')).open(row.secret_sealed, id)).toBe(secret);

    const listed = await app.inject({ url: path(), headers: ADMIN });
    expect(listed.statusCode).toBe(200);
    expect(listed.payload).not.toContain(secret);
    expect(listed.payload).not.toContain(row.secret_sealed);
    expect((listed.json().items as { id: string }[]).find((i) => i.id === id)).not.toHaveProperty('secret');
  });

  it('pages the list: every subscription exactly once in id order, new ones included, nextCursor only while more remain', async () => {
    const t = new Scenario(uniqueId('pages'));
    try {
      await t.publishTenant({ name: 'Pages', nation: 'england', population0to17: 1000 });
      await tenantKnown(app, t.tenant);
      const made: string[] = [];
      const make = async (n: number) => {
        const res = await post({ channel: 'webhook', target: target(n) }, t.tenant);
        expect(res.statusCode).toBe(201);
        made.push(res.json().id);
      };
      for (let n = 0; n < 23; n++) await make(n);

      const seen: string[] = [];
      let url = `${path(t.tenant)}?limit=5`;
      let pages = 0;
      for (;;) {
        const res = await app.inject({ url, headers: ADMIN });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: { id: string }[]; nextCursor?: string };
        seen.push(...page.items.map((i) => i.id));
        pages++;
        // Two arrive while the list is being read: they come after every cursor handed out.
        if (pages === 2) for (const n of [23, 24]) await make(n);
        if (!page.nextCursor) break;
        expect(page.items).toHaveLength(5);
        url = `${path(t.tenant)}?cursor=${encodeURIComponent(page.nextCursor)}`;
      }
      expect(pages).toBe(5);
      expect(seen).toHaveLength(25);
      expect(new Set(seen)).toEqual(new Set(made));
      expect(seen).toEqual([...seen].sort());

      const whole = (await app.inject({ url: path(t.tenant), headers: ADMIN })).json();
      expect(whole.items).toHaveLength(25);
      expect(whole).not.toHaveProperty('nextCursor');

      const first = (await app.inject({ url: `${path(t.tenant)}?limit=1`, headers: ADMIN })).json();
      for (const [query, pointer] of [
        ['limit=0', '/limit'],
        ['limit=10001', '/limit'],
        ['cursor=nonsense', '/cursor'],
      ]) {
        const res = await app.inject({ url: `${path(t.tenant)}?${query}`, headers: ADMIN });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual([expect.objectContaining({ pointer })]);
      }
      expect((await app.inject({ url: `${path(t.tenant)}?limit=1&limit=2`, headers: ADMIN })).statusCode).toBe(400);
      // A cursor belongs to its list: another tenant's is refused.
      const foreign = await app.inject({ url: `${path()}?cursor=${encodeURIComponent(first.nextCursor)}`, headers: ADMIN });
      expect(foreign.statusCode).toBe(400);
    } finally {
      await t.close();
    }
  });
});
