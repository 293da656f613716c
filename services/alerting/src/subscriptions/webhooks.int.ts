import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Webhook } from 'standardwebhooks';
import { startAlerting } from '../testing/alerting-harness';
import { tenantKnown } from '../testing/tenant-known';
import { startWebhookReceiver, type ReceivedRequest } from '../testing/webhook-receiver';
import { casewatchSignature } from './webhook-signing';

const ADMIN = { authorization: 'Bearer dev-admin' };
const FAST_RETRIES = { DELIVERY_RETRY_BASE_MS: '50', DELIVERY_RETRY_CAP_MS: '200', DELIVERY_MAX_ATTEMPTS: '4' };
jest.setTimeout(120_000);

type Body = { version: string; tenant: string; alerts: { deadlineId: string; kind: string; alertId: string }[] };
const accepted = (hook: { requests: ReceivedRequest[] }, failFirst: number) => hook.requests.slice(failFirst);
const bodyOf = (r: ReceivedRequest) => JSON.parse(r.raw) as Body;

describe('webhook delivery', () => {
  const s = new Scenario(uniqueId('hook'));
  const group = uniqueId('alerting-hooks');
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    hook = await startWebhookReceiver(2);
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group, ...FAST_RETRIES });
    await s.publishTenant({ name: 'Hooks', nation: 'england', population0to17: 1000 });
    await tenantKnown(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await hook.close();
  });

  const subscribe = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; digest: string; secret?: string };
  };

  it('delivers one overdue and one resolved per deadline, signed, through a receiver that fails at first', async () => {
    const sub = await subscribe({ channel: 'webhook', target: hook.url(), secret: 's3cret', filter: { rules: ['cp-visit'], kinds: ['overdue', 'resolved'] } });
    expect(sub).toMatchObject({ digest: 'none' });
    expect(sub.secret).toBeUndefined();

    await s.publishEvents([s.event('C1', 'csc.cp-plan.started', '2026-10-01', { cpPlanId: 'P1', category: 'NEG' })]);
    await waitFor(() => (accepted(hook, 2).length === 1 ? true : undefined), { what: 'the overdue alert', timeoutMs: 30_000 });
    // The visit recorded late, and sent twice: the first deadline is met, a new one is overdue.
    const visit = s.event('C1', 'csc.visit.completed', '2026-10-14', { visitId: 'V1', kind: 'cp', seen: true }, '2026-11-20T09:00:00Z');
    await s.publishEvents([visit, visit]);
    await waitFor(() => (accepted(hook, 2).length === 3 ? true : undefined), { what: 'resolved and the next overdue', timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show up

    const got = accepted(hook, 2);
    const alerts = got.map((g) => bodyOf(g).alerts[0]);
    expect(got.every((g) => g.headers['x-casewatch-signature'] === casewatchSignature(g.raw, 's3cret'))).toBe(true);
    expect(got.every((g) => bodyOf(g).version === '1' && bodyOf(g).tenant === s.tenant)).toBe(true);
    expect(got).toHaveLength(3);
    const first = alerts.find((a) => a.kind === 'resolved')?.deadlineId;
    expect(
      alerts
        .filter((a) => a.deadlineId === first)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['overdue', 'resolved']);
    expect(alerts.filter((a) => a.deadlineId !== first).map((a) => a.kind)).toEqual(['overdue']);
    expect(hook.requests).toHaveLength(5); // two refused, three accepted

    const deliveries = (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${sub.id}/deliveries`, headers: ADMIN })).json().items;
    expect(deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('signs every attempt with the Standard Webhooks headers, which the standardwebhooks library verifies; webhook-id stays the same across retries', async () => {
    // Both forms of secret: a plain one (its UTF-8 bytes are the key) and a Standard Webhooks one.
    const plain = 'plain secret ✓';
    const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const hooks = [await startWebhookReceiver(1), await startWebhookReceiver(1)];
    const subs: { id: string }[] = [];
    try {
      subs.push(await subscribe({ channel: 'webhook', target: hooks[0].url(), secret: plain, filter: { rules: ['contact-decision'] } }));
      subs.push(await subscribe({ channel: 'webhook', target: hooks[1].url(), secret: whsec, filter: { rules: ['contact-decision'] } }));
      await s.publishEvents([s.event('C3', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K3' })]);
      await waitFor(() => (hooks.every((h) => h.requests.length === 2) ? true : undefined), {
        what: 'a refused and an accepted attempt each',
        timeoutMs: 30_000,
      });

      const receivers = [new Webhook(Buffer.from(plain, 'utf8'), { format: 'raw' }), new Webhook(whsec)];
      hooks.forEach((h, i) => {
        const [refused, delivered] = h.requests;
        for (const r of h.requests) {
          const headers = {
            'webhook-id': String(r.headers['webhook-id']),
            'webhook-timestamp': String(r.headers['webhook-timestamp']),
            'webhook-signature': String(r.headers['webhook-signature']),
          };
          expect(receivers[i].verify(r.raw, headers)).toMatchObject({ version: '1', tenant: s.tenant });
          // Tampered body or another secret: refused.
          expect(() => receivers[i].verify(r.raw.replace('"version":"1"', '"version":"2"'), headers)).toThrow();
          expect(() => receivers[1 - i].verify(r.raw, headers)).toThrow();
          expect(r.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
        }
        expect(refused.headers['webhook-id']).toBe(delivered.headers['webhook-id']);
        expect(delivered.headers['webhook-id']).toBe(delivered.headers['x-casewatch-delivery']);
      });
      expect(hooks[0].requests[1].headers['x-casewatch-signature']).toBe(casewatchSignature(hooks[0].requests[1].raw, plain));
    } finally {
      for (const sub of subs) await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${sub.id}`, headers: ADMIN });
      await Promise.all(hooks.map((h) => h.close()));
    }
  });

  it('shows a delivery that failed for good after the last retry', async () => {
    const down = await startWebhookReceiver(Infinity);
    try {
      const sub = await subscribe({ channel: 'webhook', target: down.url(), filter: { rules: ['contact-decision'] } });
      await s.publishEvents([s.event('C2', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K2' })]);
      const deliveries = async () =>
        (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${sub.id}/deliveries`, headers: ADMIN })).json().items as {
          status: string;
          attempts: number;
          lastError: string | null;
        }[];
      const failed = await waitFor(
        async () => {
          const items = await deliveries();
          return items.length === 1 && items[0].status === 'failed' ? items[0] : undefined;
        },
        { what: 'the delivery to fail for good', timeoutMs: 30_000 },
      );
      expect(failed).toMatchObject({ attempts: 4, lastError: 'HTTP 500' });
      expect(down.requests).toHaveLength(4);
    } finally {
      await down.close();
    }
  });

  it('refuses email without an SMTP relay configured (501) and bad subscriptions (400); lists and deletes', async () => {
    const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN, payload });
    expect((await post({ channel: 'email', target: 'tm@example.org' })).statusCode).toBe(501);
    expect((await post({ channel: 'webhook', target: 'not a url' })).statusCode).toBe(400);
    expect((await post({ channel: 'webhook', target: hook.url(), digest: 'weekly' })).statusCode).toBe(400);
    const badSecret = await post({ channel: 'webhook', target: hook.url(), secret: 'whsec_not base64!' });
    expect(badSecret.statusCode).toBe(400);
    expect(badSecret.json().errors).toEqual([expect.objectContaining({ pointer: '/secret' })]);
    expect((await post({ channel: 'webhook', target: hook.url(), digest: 'daily' })).json()).toMatchObject({ digest: 'daily' });
    const list = (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN })).json().items;
    expect(list).toHaveLength(3);
    const del = await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${list[1].id}`, headers: ADMIN });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${list[1].id}`, headers: ADMIN })).statusCode).toBe(404);
  });
});
