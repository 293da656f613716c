import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { Alert } from '@casewatch/contracts';
import { addDays, londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startAlerting } from '../testing/alerting-harness';
import { startSmtpSink } from '../testing/smtp-sink';
import { tenantKnown } from '../testing/tenant-known';
import { DigestStore, type ClaimedDigest } from './digest.store';
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
    await tenantKnown(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await sink.close();
  });

  // Daily subscriptions whose alerts stay overdue would be reminded in every later digest of the
  // shared test database: each test's are removed when it ends.
  const daily: string[] = [];
  afterEach(async () => {
    for (const id of daily.splice(0)) await app.inject({ method: 'DELETE', url: `/v1/tenants/${s.tenant}/subscriptions/${id}`, headers: ADMIN });
  });

  const subscribe = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/subscriptions`, headers: ADMIN, payload: body });
    expect(res.statusCode).toBe(201);
    const sub = res.json() as { id: string; channel: string; digest: string };
    if (sub.digest === 'daily') daily.push(sub.id);
    return sub;
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
      expect(
        blocks
          .slice(1)
          .map((b) => b.split('\n')[1])
          .sort(),
      ).toEqual(children.map((c) => `Child: ${c}`));
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

  it('repeats an overdue alert in each daily digest as a reminder until it is acknowledged or resolved', async () => {
    const to = `${uniqueId('remind')}@example.gov.uk`;
    const hook = await receiver();
    try {
      // Other rules and kinds are no business of this test: a contact not decided within a working day.
      const filter = { rules: ['contact-decision'], kinds: ['overdue', 'resolved'] };
      const mailSub = await subscribe({ channel: 'email', target: to, filter, digest: 'daily' });
      const hookSub = await subscribe({ channel: 'webhook', target: hook.url, filter, digest: 'daily' });
      const scheduler = app.get(DigestScheduler);
      // Days of their own (the test database is shared, and today's digest is the test above's).
      const today = londonDateOf(Date.now());
      const [day1, day2, day3, day4] = [1, 2, 3, 4].map((n) => addDays(today, n));
      const waiting = async (n: number) => {
        for (const sub of [mailSub, hookSub]) {
          await waitFor(async () => ((await deliveries(sub.id)).filter((d) => d.status === 'pending-digest').length === n ? true : undefined), {
            what: `${n} alerts waiting for the digest`,
            timeoutMs: 30_000,
          });
        }
      };
      const digestOf = async (date: string) => {
        const id = (sub: { id: string }) => `${sub.id}:digest:${date}`;
        await scheduler.runDigest(date);
        const [mail, body] = await waitFor(
          () => {
            const m = sink.mails.find((x) => x.deliveryId === id(mailSub));
            const i = hook.deliveryIds.indexOf(id(hookSub));
            return m && i >= 0 ? ([m, hook.bodies[i]] as const) : undefined;
          },
          { what: `the digests of ${date}`, timeoutMs: 30_000 },
        );
        await waitFor(async () => ((await deliveries(mailSub.id)).every((d) => d.status === 'delivered') ? true : undefined), {
          what: `the digest of ${date} recorded`,
        });
        const blocks = mail.text.trim().split('\n\n');
        return {
          subject: mail.subject,
          summary: blocks[0],
          // "<first line> / <child>" for each alert of the email, in its order
          items: blocks.slice(1).map((b) => `${b.split('\n')[0]} / ${b.split('\n')[1].replace('Child: ', '')}`),
          alerts: body.alerts as unknown as Alert[],
        };
      };
      const contact = (child: string) => s.event(child, 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: `K-${child}` });
      const overdueOf = async (child: string): Promise<Alert> =>
        ((await app.inject({ url: `/v1/tenants/${s.tenant}/alerts?rule=contact-decision`, headers: ADMIN })).json().items as Alert[]).find(
          (a) => a.subject === child && a.kind === 'overdue',
        ) as Alert;

      // Day 1: three contacts overdue, in the digest as new alerts.
      await s.publishEvents(['C61', 'C62', 'C63'].map(contact));
      await waiting(3);
      const first = await digestOf(day1);
      expect(first.subject).toBe(`[Casewatch] Daily digest ${day1}: 3 alerts`);
      expect(first.summary).toBe('3 alerts since the last digest.');
      expect(first.items.sort()).toEqual(['C61', 'C62', 'C63'].map((c) => `Overdue: contact-decision / ${c}`));
      expect(first.alerts.map((a) => a.subject).sort()).toEqual(['C61', 'C62', 'C63']);

      // Day 2: one more; the three of day 1 are still firing and nobody acknowledged them.
      await s.publishEvents([contact('C64')]);
      await waiting(1);
      const second = await digestOf(day2);
      expect(second.subject).toBe(`[Casewatch] Daily digest ${day2}: 1 alert, 3 still overdue`);
      expect(second.summary).toBe('1 alert since the last digest; 3 earlier alerts still overdue, not acknowledged.');
      // (Day 1's three fired together: among themselves they come in alert id order.)
      expect(second.items[0]).toBe('Overdue: contact-decision / C64');
      expect(second.items.slice(1).sort()).toEqual(['C61', 'C62', 'C63'].map((c) => `Still overdue, not acknowledged: contact-decision / ${c}`));
      // The webhook: the reminders follow the new alert in the same array, as the alerts stand now.
      expect(second.alerts[0].subject).toBe('C64');
      const reminded = second.alerts.slice(1);
      expect(reminded.map((a) => a.alertId).sort()).toEqual(first.alerts.map((a) => a.alertId).sort());
      expect(reminded.every((a) => a.kind === 'overdue' && a.status === 'firing' && !a.acknowledged && !('tenant' in a))).toBe(true);
      // Reminders go only where the alert went: the original deliveries stay as they were.
      expect((await deliveries(mailSub.id)).map((d) => d.digestDate).sort()).toEqual([day1, day1, day1, day2]);

      // C61 is acknowledged with a comment; C62's contact is decided (late): its alert resolves.
      const ack = await app.inject({
        method: 'POST',
        url: `/v1/tenants/${s.tenant}/alerts/${(await overdueOf('C61')).alertId}/ack`,
        headers: ADMIN,
        payload: { comment: 'strategy discussion booked' },
      });
      expect(ack.statusCode).toBe(200);
      await s.publishEvents([s.event('C62', 'csc.contact.decided', '2026-11-06T10:00:00Z', { contactId: 'K-C62', outcome: 'referral' })]);
      await waiting(1); // the resolution of C62
      expect((await overdueOf('C62')).status).toBe('resolved');

      // Day 2's digest was decided when it was assembled: were it sent again, it would say the same.
      const again = await app.get(DigestStore).contentOf({ subscription_id: hookSub.id, digest_date: day2 } as ClaimedDigest);
      expect(JSON.parse(JSON.stringify([...again.alerts, ...again.reminders].map(({ tenant: _t, ...a }: Alert & { tenant?: string }) => a)))).toEqual(
        second.alerts,
      );

      // Day 3: the resolution is new; C61 (acknowledged) and C62 (resolved) are not repeated; C63 and C64 are.
      const third = await digestOf(day3);
      expect(third.subject).toBe(`[Casewatch] Daily digest ${day3}: 1 alert, 2 still overdue`);
      expect(third.items).toEqual([
        'Resolved (met late): contact-decision / C62',
        'Still overdue, not acknowledged: contact-decision / C63',
        'Still overdue, not acknowledged: contact-decision / C64',
      ]);
      expect(third.alerts.map((a) => `${a.subject}:${a.kind}`)).toEqual(['C62:resolved', 'C63:overdue', 'C64:overdue']);

      // Day 4: nothing new, yet the two still overdue are repeated; a second run that day adds no digest.
      const fourth = await digestOf(day4);
      expect(fourth.subject).toBe(`[Casewatch] Daily digest ${day4}: no new alerts, 2 still overdue`);
      expect(fourth.summary).toBe('No new alerts since the last digest; 2 earlier alerts still overdue, not acknowledged.');
      expect(fourth.items).toEqual(['C63', 'C64'].map((c) => `Still overdue, not acknowledged: contact-decision / ${c}`));
      await scheduler.runDigest(day4);
      await settle();
      expect(sink.mails.filter((m) => m.deliveryId.startsWith(`${mailSub.id}:`)).map((m) => m.subject)).toEqual(
        [first, second, third, fourth].map((d) => d.subject),
      );
      expect(hook.bodies).toHaveLength(4);
    } finally {
      await hook.close();
    }
  });

  it('marks an email failed after the last retry when the relay cannot be reached, and shows it', async () => {
    await sink.close(); // from here on nothing listens on the relay's port
    const sub = await subscribe({ channel: 'email', target: `${uniqueId('down')}@example.gov.uk`, filter: { rules: ['contact-decision'] } });
    await s.publishEvents([s.event('C4', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K4' })]);
    const failed = await waitFor(
      async () => {
        const items = await deliveries(sub.id);
        return items.length === 1 && items[0].status === 'failed' ? items[0] : undefined;
      },
      { what: 'the delivery to fail for good', timeoutMs: 30_000 },
    );
    expect(failed).toMatchObject({ attempts: 4, digestDate: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
  });
});

/** A webhook receiver on loopback that keeps the bodies it is sent, and their delivery ids. */
async function receiver() {
  const bodies: { version: string; tenant: string; alerts: Record<string, unknown>[] & { subject: string }[] }[] = [];
  const deliveryIds: string[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      deliveryIds.push(String(req.headers['x-casewatch-delivery']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    bodies,
    deliveryIds,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/digest`,
    close: () => new Promise((r) => server.close(r)),
  };
}
