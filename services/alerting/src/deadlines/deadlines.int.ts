import { TOPICS } from '@casewatch/contracts';
import { Scenario, TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(90_000);

/** Backdated events drive the clocks; only the timer test waits (seconds) for real time. */
describe('deadlines and alerts from case events', () => {
  const s = new Scenario(uniqueId('al'));
  const topic = new TopicReader(TOPICS.alerts);
  const group = uniqueId('alerting-int');
  let app: NestFastifyApplication;
  let mark: Map<number, string>;

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}${path}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const alertsOnTopic = () => topic.readSince(mark, (m) => m.key?.startsWith(`${s.tenant}:`) ?? false);
  const deadlineCount = (n: number) => async () => {
    const [{ c }] = await app.get(DataSource).query('SELECT count(*)::int AS c FROM deadlines WHERE tenant = $1', [s.tenant]);
    return c >= n;
  };

  beforeAll(async () => {
    mark = await topic.mark();
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group });
    await s.publishTenant({ name: 'Alerts', nation: 'england', population0to17: 1000 });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await topic.close();
  });

  const plan = s.event('C1', 'csc.cp-plan.started', '2026-10-01', { cpPlanId: 'P1', category: 'NEG', teamId: 'T1' });

  it('opens a CP visit deadline that is already overdue and fires one overdue alert', async () => {
    await s.publish({ name: 'Alerts', nation: 'england', population0to17: 1000 }, [plan], deadlineCount(1));
    const { items } = await waitFor(async () => {
      const list = await get('/deadlines?rule=cp-visit');
      return list.items.length === 1 && list.items[0].state === 'overdue' ? list : undefined;
    });
    // 10 working days after Thursday 1 October 2026: end of Thursday 15 October (BST).
    expect(items[0]).toMatchObject({ rule: 'cp-visit', subject: 'C1', startedAt: '2026-10-01', dueAt: '2026-10-15T23:59:59+01:00', metAt: null, teamId: 'T1' });
    expect(items[0].explain).toContain('2026-10-01');
    const alerts = await waitFor(async () => {
      const found = await alertsOnTopic();
      return found.length === 1 ? found : undefined;
    });
    expect(JSON.parse(alerts[0].value as string)).toMatchObject({ tenant: s.tenant, kind: 'overdue', status: 'firing', rule: 'cp-visit', subject: 'C1' });
  });

  it('turns the deadline met when a visit recorded late is dated before dueAt, resolves the alert once, and opens the next clock', async () => {
    const visit = s.event('C1', 'csc.visit.completed', '2026-10-14', { visitId: 'V1', kind: 'cp', seen: true }, '2026-11-20T09:00:00Z');
    await s.publishEvents([visit, visit]); // the second copy must change nothing
    const met = await waitFor(async () => {
      const list = await get('/deadlines?rule=cp-visit&state=met');
      return list.items.length === 1 ? list.items[0] : undefined;
    });
    expect(met).toMatchObject({ state: 'met', startedAt: '2026-10-01' });
    // The next visit is due 10 working days after 14 October: Wednesday 28 October, overdue too.
    const next = await waitFor(async () => {
      const list = await get('/deadlines?rule=cp-visit&state=overdue');
      return list.items.length === 1 ? list.items[0] : undefined;
    });
    expect(next).toMatchObject({ startedAt: '2026-10-14', dueAt: '2026-10-28T23:59:59+00:00' });
    const kinds = await waitFor(async () => {
      const found = (await alertsOnTopic()).map((m) => JSON.parse(m.value as string));
      return found.length === 3 ? found : undefined;
    });
    // Alerts of different deadlines may sit in different partitions: compare them by deadline.
    expect(kinds.map((a) => a.kind).sort()).toEqual(['overdue', 'overdue', 'resolved']);
    const first = kinds.find((a) => a.kind === 'overdue' && kinds.some((r) => r.kind === 'resolved' && r.deadlineId === a.deadlineId));
    expect(first).toBeDefined();
    expect(kinds.find((a) => a.kind === 'resolved')).toMatchObject({ deadlineId: first.deadlineId, reason: 'met', status: 'resolved' });
    const resolved = await get('/alerts?status=resolved');
    expect(resolved.items.map((a: { kind: string }) => a.kind).sort()).toEqual(['overdue', 'resolved']);
  });

  it('fires an overdue alert within a second or two of dueAt, driven by the clock', async () => {
    // Return interviews are due 72 clock hours after the return; this one falls due in ~3 s.
    const returned = new Date(Date.now() - 72 * 3_600_000 + 3000).toISOString();
    await s.publishEvents([
      s.event('C2', 'csc.missing.started', new Date(Date.now() - 80 * 3_600_000).toISOString(), { missingId: 'M2', kind: 'missing' }),
      s.event('C2', 'csc.missing.ended', returned, { missingId: 'M2' }),
    ]);
    const deadline = await waitFor(async () => {
      const list = await get('/deadlines?rule=return-interview&state=open,due-soon');
      return list.items.length === 1 ? list.items[0] : undefined;
    });
    const dueAt = Date.parse(deadline.dueAt);
    const overdue = await waitFor(
      async () => {
        const found = (await alertsOnTopic()).map((m) => JSON.parse(m.value as string)).filter((a) => a.rule === 'return-interview' && a.kind === 'overdue');
        return found.length === 1 ? found[0] : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const lag = Date.parse(overdue.firedAt) - dueAt;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(2000);
  });

  it('fires nothing again after a restart, and lets a manager acknowledge an alert', async () => {
    const before = (await alertsOnTopic()).length;
    await app.close();
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group });
    await s.publishEvents([s.event('C9', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K9' })]);
    await waitFor(deadlineCount(4), { what: 'contact deadline' });
    const after = await waitFor(async () => {
      const found = (await alertsOnTopic()).map((m) => JSON.parse(m.value as string));
      return found.some((a) => a.rule === 'contact-decision') ? found : undefined;
    });
    // Only the new contact's overdue alert is added.
    expect(after.length).toBe(before + 1);
    expect(after.filter((a) => a.rule === 'contact-decision').map((a) => a.kind)).toEqual(['overdue']);

    const firing = await get('/alerts?status=firing&rule=contact-decision');
    const id = firing.items[0].alertId;
    const ack = await app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/alerts/${id}/ack`, headers: ADMIN, payload: { comment: 'on it' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().acknowledged).toMatchObject({ by: 'dev-admin', comment: 'on it' });
    const missing = await app.inject({ method: 'POST', url: `/v1/tenants/${s.tenant}/alerts/nope/ack`, headers: ADMIN, payload: { comment: 'x' } });
    expect(missing.statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: `/v1/tenants/${s.tenant}/deadlines?state=late`, headers: ADMIN });
    expect(bad.statusCode).toBe(400);
  });
});
