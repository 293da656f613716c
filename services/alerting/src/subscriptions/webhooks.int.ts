import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startAlerting } from '../testing/alerting-harness';
import { signature } from './webhook-sender';

const ADMIN = { authorization: 'Bearer dev-admin' };
const FAST_RETRIES = { DELIVERY_RETRY_BASE_MS: '50', DELIVERY_RETRY_CAP_MS: '200', DELIVERY_MAX_ATTEMPTS: '4' };
jest.setTimeout(120_000);

interface Received {
  body: { version: string; tenant: string; alerts: { deadlineId: string; kind: string; alertId: string }[] };
  signed: boolean;
}

/** A webhook receiver on loopback that refuses the first `failFirst` requests (or all while `down`). */
function receiver(failFirst: number) {
  const got: Received[] = [];
  const state = { requests: 0, down: false, secret: '' };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      state.requests++;
      if (state.down || state.requests <= failFirst) {
        res.writeHead(500).end('not now');
        return;
      }
      got.push({ body: JSON.parse(raw), signed: req.headers['x-casewatch-signature'] === signature(raw, state.secret) });
      res.writeHead(204).end();
    });
  });
  return { got, state, server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe('webhook delivery', () => {
  const s = new Scenario(uniqueId('hook'));
  const group = uniqueId('alerting-hooks');
  const hook = receiver(2);
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await new Promise<void>((r) => hook.server.listen(0, '127.0.0.1', r));
    hook.state.secret = 's3cret';
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group, ...FAST_RETRIES });
    await s.publishTenant({ name: 'Hooks', nation: 'england', population0to17: 1000 });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await new Promise((r) => hook.server.close(r));
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
    await waitFor(() => (hook.got.length === 1 ? true : undefined), { what: 'the overdue alert', timeoutMs: 30_000 });
    // The visit recorded late, and sent twice: the first deadline is met, a new one is overdue.
    const visit = s.event('C1', 'csc.visit.completed', '2026-10-14', { visitId: 'V1', kind: 'cp', seen: true }, '2026-11-20T09:00:00Z');
    await s.publishEvents([visit, visit]);
    await waitFor(() => (hook.got.length === 3 ? true : undefined), { what: 'resolved and the next overdue', timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show up

    const alerts = hook.got.map((g) => g.body.alerts[0]);
    expect(hook.got.every((g) => g.signed && g.body.version === '1' && g.body.tenant === s.tenant)).toBe(true);
    expect(hook.got).toHaveLength(3);
    const first = alerts.find((a) => a.kind === 'resolved')?.deadlineId;
    expect(alerts.filter((a) => a.deadlineId === first).map((a) => a.kind).sort()).toEqual(['overdue', 'resolved']);
    expect(alerts.filter((a) => a.deadlineId !== first).map((a) => a.kind)).toEqual(['overdue']);
    expect(hook.state.requests).toBe(5); // two refused, three accepted

    const deliveries = (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${sub.id}/deliveries`, headers: ADMIN })).json().items;
    expect(deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('shows a delivery that failed for good after the last retry', async () => {
    const down = receiver(0);
    down.state.down = true;
    await new Promise<void>((r) => down.server.listen(0, '127.0.0.1', r));
    try {
      const sub = await subscribe({ channel: 'webhook', target: down.url(), filter: { rules: ['contact-decision'] } });
      await s.publishEvents([s.event('C2', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K2' })]);
      const deliveries = async () =>
        (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${sub.id}/deliveries`, headers: ADMIN })).json().items as {
          status: string;
          attempts: number;
          lastError: string | null;
        }[];
      const failed = await waitFor(async () => {
        const items = await deliveries();
        return items.length === 1 && items[0].status === 'failed' ? items[0] : undefined;
      }, { what: 'the delivery to fail for good', timeoutMs: 30_000 });
      expect(failed).toMatchObject({ attempts: 4, lastError: 'HTTP 500' });
      expect(down.state.requests).toBe(4);
    } finally {
      await new Promise((r) => down.server.close(r));
    }
  });

  it('refuses email without an SMTP relay configured (501) and bad subscriptions (400); lists and deletes', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN, payload });
    expect((await post({ channel: 'email', target: 'tm@example.org' })).statusCode).toBe(501);
    expect((await post({ channel: 'webhook', target: 'not a url' })).statusCode).toBe(400);
    expect((await post({ channel: 'webhook', target: hook.url(), digest: 'weekly' })).statusCode).toBe(400);
    expect((await post({ channel: 'webhook', target: hook.url(), digest: 'daily' })).json()).toMatchObject({ digest: 'daily' });
    const list = (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN })).json().items;
    expect(list).toHaveLength(3);
    const del = await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${list[1].id}`, headers: ADMIN });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${list[1].id}`, headers: ADMIN })).statusCode).toBe(404);
  });
});
