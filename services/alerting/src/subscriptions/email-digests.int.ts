import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import { londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startAlerting } from '../testing/alerting-harness';
import { startSmtpSink } from '../testing/smtp-sink';
import { DigestScheduler } from './digest-scheduler';
import { deadlineLink } from './email-format';

// One file, one app: every app with SMTP on sends any email delivery in the shared test
// database through its own relay, so a second one would take this file's mail elsewhere.
const ADMIN = { authorization: 'Bearer dev-admin' };
const BASE = 'https://casewatch.example.gov.uk';
jest.setTimeout(120_000);

interface Delivery {
  alertId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  digestDate: string | null;
}

describe('email and daily digests', () => {
  const s = new Scenario(uniqueId('mail'));
  const refuse: Record<string, number> = {};
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    sink = await startSmtpSink(refuse);
    app = await startAlerting({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_FROM: 'alerts@casewatch.example.gov.uk',
      PUBLIC_BASE_URL: BASE,
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_RETRY_CAP_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '4',
    });
    await s.publishTenant({ name: 'Mail', nation: 'england', population0to17: 1000 });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await sink.close();
  });

  const subscribe = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; channel: string; digest: string };
  };
  const deliveries = async (id: string): Promise<Delivery[]> =>
    (await app.inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${id}/deliveries`, headers: ADMIN })).json().items;
  const settle = () => new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show up

  it('emails one overdue and one resolved per deadline, short and plain, through a relay that refuses the first attempts', async () => {
    const to = `${uniqueId('tm')}@example.gov.uk`;
    refuse[to] = 2;
    const sub = await subscribe({ channel: 'email', target: to, filter: { rules: ['cp-visit'], kinds: ['overdue', 'resolved'] } });
    expect(sub).toMatchObject({ channel: 'email', digest: 'none' });

    await s.publishEvents([s.event('C1', 'csc.cp-plan.started', '2026-10-01', { cpPlanId: 'P1', category: 'NEG' })]);
    await waitFor(() => (sink.to(to).length === 1 ? true : undefined), { what: 'the overdue email', timeoutMs: 30_000 });
    // The visit recorded late, and sent twice: the first deadline is met, a new one is overdue.
    const visit = s.event('C1', 'csc.visit.completed', '2026-10-14', { visitId: 'V1', kind: 'cp', seen: true }, '2026-11-20T09:00:00Z');
    await s.publishEvents([visit, visit]);
    await waitFor(() => (sink.to(to).length === 3 ? true : undefined), { what: 'resolved and the next overdue', timeoutMs: 30_000 });
    await settle();

    const mails = sink.to(to);
    expect(mails).toHaveLength(3);
    expect(sink.attempts.get(to)).toBe(5); // two refused with 451, three accepted
    const link = deadlineLink(BASE, s.tenant, { rule: 'cp-visit', subject: 'C1' });
    const texts = mails.map((m) => m.text.trim()).sort();
    expect(texts).toEqual(
      [
        ['Overdue: cp-visit', 'Child: C1', 'Due: 2026-10-15 23:59 London time', `Deadline: ${link}`],
        ['Overdue: cp-visit', 'Child: C1', 'Due: 2026-10-28 23:59 London time', `Deadline: ${link}`],
        ['Resolved (met): cp-visit', 'Child: C1', 'Due: 2026-10-15 23:59 London time', `Deadline: ${link}`],
      ].map((lines) => lines.join('\n')),
    );
    expect(mails.map((m) => m.subject).sort()).toEqual([
      '[Casewatch] Overdue: cp-visit, child C1',
      '[Casewatch] Overdue: cp-visit, child C1',
      '[Casewatch] Resolved (met): cp-visit, child C1',
    ]);
    expect(mails.every((m) => m.from === 'alerts@casewatch.example.gov.uk' && m.deliveryId.startsWith(`${sub.id}:`))).toBe(true);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    expect((await deliveries(sub.id)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('sends a daily digest once, by email and by webhook, gathering the day’s alerts', async () => {
    const to = `${uniqueId('digest')}@example.gov.uk`;
    const hook = await receiver();
    try {
      const filter = { rules: ['contact-decision'] };
      const mailSub = await subscribe({ channel: 'email', target: to, filter, digest: 'daily' });
      const hookSub = await subscribe({ channel: 'webhook', target: hook.url, filter, digest: 'daily' });
      expect(mailSub.digest).toBe('daily');

      const children = ['C31', 'C32', 'C33'];
      await s.publishEvents(children.map((c, i) => s.event(c, 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: `K3${i}` })));
      for (const sub of [mailSub, hookSub]) {
        await waitFor(async () => ((await deliveries(sub.id)).filter((d) => d.status === 'pending-digest').length === 3 ? true : undefined), {
          what: 'three alerts waiting for the digest',
          timeoutMs: 30_000,
        });
      }
      await settle();
      expect(sink.to(to)).toHaveLength(0);
      expect(hook.bodies).toHaveLength(0);

      // The day's hour comes, on two instances at once: one digest each, never two.
      const today = londonDateOf(Date.now());
      const scheduler = app.get(DigestScheduler);
      const made = await Promise.all([scheduler.runDigest(today), scheduler.runDigest(today)]);
      expect(made[0] + made[1]).toBeGreaterThanOrEqual(2);
      await waitFor(() => (sink.to(to).length === 1 && hook.bodies.length === 1 ? true : undefined), { what: 'the digests', timeoutMs: 30_000 });
      expect(await scheduler.runDigest(today)).toBe(0);
      await settle();

      const [mail] = sink.to(to);
      expect(sink.to(to)).toHaveLength(1);
      expect(mail.subject).toBe(`[Casewatch] Daily digest ${today}: 3 alerts`);
      expect(mail.deliveryId).toBe(`${mailSub.id}:digest:${today}`);
      const blocks = mail.text.trim().split('\n\n');
      expect(blocks[0]).toBe('3 alerts since the last digest.');
      expect(blocks.slice(1).map((b) => b.split('\n')[1]).sort()).toEqual(children.map((c) => `Child: ${c}`));
      expect(blocks.slice(1).every((b) => b.startsWith('Overdue: contact-decision\n'))).toBe(true);

      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({ version: '1', tenant: s.tenant });
      expect(hook.bodies[0].alerts.map((a) => a.subject).sort()).toEqual(children);
      expect(hook.bodies[0].alerts.every((a) => !('tenant' in a))).toBe(true);

      for (const sub of [mailSub, hookSub]) {
        const items = await deliveries(sub.id);
        expect(items.map((d) => [d.status, d.digestDate])).toEqual(children.map(() => ['delivered', today]));
      }
    } finally {
      await hook.close();
    }
  });

  it('marks an email failed after the last retry when the relay cannot be reached, and shows it', async () => {
    await sink.close(); // from here on nothing listens on the relay's port
    const sub = await subscribe({ channel: 'email', target: `${uniqueId('down')}@example.gov.uk`, filter: { rules: ['contact-decision'] } });
    await s.publishEvents([s.event('C4', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K4' })]);
    const failed = await waitFor(async () => {
      const items = await deliveries(sub.id);
      return items.length === 1 && items[0].status === 'failed' ? items[0] : undefined;
    }, { what: 'the delivery to fail for good', timeoutMs: 30_000 });
    expect(failed).toMatchObject({ attempts: 4, digestDate: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
  });
});

/** A webhook receiver on loopback that keeps the bodies it is sent. */
async function receiver() {
  const bodies: { version: string; tenant: string; alerts: Record<string, unknown>[] & { subject: string }[] }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    bodies,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/digest`,
    close: () => new Promise((r) => server.close(r)),
  };
}
