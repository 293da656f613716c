import { TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const ADMIN = { authorization: 'Bearer dev-admin' };

describe('live queues from the event store', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'queues-test' });
  const producer = new BatchingPublisher(kafka);
  const tenant = uniqueId('q');
  let app: NestFastifyApplication;
  let n = 0;
  const ev = (subject: string, type: string, time: string, data: Record<string, unknown>) => ({
    specversion: '1.0',
    id: `q${++n}`,
    source: `urn:la:999:${tenant}`,
    type,
    time,
    subject,
    tenant,
    data,
  });
  const events = [
    ev('C10', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K10' }),
    ev('C11', 'csc.contact.received', '2026-11-01T09:00:00Z', { contactId: 'K11' }),
    ev('C11', 'csc.contact.decided', '2026-11-02T09:00:00Z', { contactId: 'K11', outcome: 'nfa' }),
    ev('C12', 'csc.referral.received', '2026-11-03T10:00:00Z', { referralId: 'R12' }),
    ev('C12', 'csc.assessment.started', '2026-11-04T10:00:00Z', { assessmentId: 'A12', referralId: 'R12' }),
    ev('C13', 'csc.referral.received', '2026-11-03T11:00:00Z', { referralId: 'R13' }),
    ev('C13', 'csc.worker.allocated', '2026-11-04T11:00:00Z', { workerId: 'SW1', teamId: 'T1' }),
    ev('C14', 'csc.referral.received', '2026-11-01T11:00:00Z', { referralId: 'R14' }),
    ev('C14', 'csc.worker.allocated', '2026-11-02T11:00:00Z', { workerId: 'SW2', teamId: 'T2' }),
    ev('C14', 'csc.worker.unallocated', '2026-11-05T11:00:00Z', { workerId: 'SW2' }),
  ];
  const queue = async (id: string) => app.inject({ url: `/v1/tenants/${tenant}/queues/${id}`, headers: ADMIN });

  beforeAll(async () => {
    app = await startMetrics();
    await producer.publish(TOPICS.tenants, [
      { key: tenant, value: JSON.stringify({ tenant, name: 'Q', nation: 'england', population0to17: 1000, updatedAt: '2026-11-01T00:00:00Z' }) },
    ]);
    await producer.publish(
      TOPICS.caseEvents,
      events.map((e) => ({ key: caseEventKey(tenant, e.subject), value: JSON.stringify(e) })),
    );
    const ds = app.get(DataSource);
    await waitFor(
      async () => {
        const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [tenant]);
        const [{ t }] = await ds.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
        return c === events.length && t === 1 ? true : undefined;
      },
      { what: 'queue scenario applied' },
    );
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
  });

  it('lists contacts awaiting a decision, oldest first', async () => {
    const res = await queue('contacts-awaiting-decision');
    expect(res.json().items).toEqual([{ subject: 'C10', since: '2026-11-02T09:00:00.000Z', ageDays: expect.any(Number) }]);
  });

  it('lists open referrals whose child has no allocated worker now', async () => {
    const items = (await queue('referrals-awaiting-allocation')).json().items;
    expect(items.map((i: { subject: string }) => i.subject)).toEqual(['C14', 'C12']);
  });

  it('counts the referrals awaiting allocation as the queue lists them', async () => {
    const res = await app.inject({ url: `/v1/tenants/${tenant}/metrics/referrals.awaiting-allocation?period=2026-11`, headers: ADMIN });
    expect(res.json()).toMatchObject({ value: 2 }); // C12 and C14 (C13 is allocated)
  });

  it('lists open assessments with their due time, 45 working days after the referral', async () => {
    const items = (await queue('assessments-open')).json().items;
    // Referral Tue 3 Nov 2026 + 45 working days (Christmas Day, Boxing Day substitute and New Year's Day skipped).
    expect(items).toEqual([
      { subject: 'C12', since: '2026-11-04T10:00:00.000Z', due: new Date('2027-01-08T23:59:59Z').toISOString(), ageDays: expect.any(Number) },
    ]);
  });

  it('answers 404 for an unknown queue', async () => {
    expect((await queue('no-such-queue')).statusCode).toBe(404);
  });

  it("lists overdue assessments and visits from the children's deadlines", async () => {
    // C12's referral of 3 Nov is due 8 Jan 2027: not overdue. Nothing else has an assessment clock overdue.
    expect((await queue('assessments-overdue')).json().items).toEqual([]);
    expect((await queue('visits-overdue')).json().items).toEqual([]);
  });
});
