import { EXAMPLE_EVENTS } from '@casewatch/contracts';
import { EventStoreWriter, type EventRow, type WithinApply } from '@casewatch/event-store';
import { uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';
import { QueueChildrenToEvaluate } from '../pipeline/alerting-steps';
import { EvaluationQueue } from './evaluation-queue';

/** A child is queued for evaluation in the transaction that stores its events: both or neither. */
describe('children queued with their events', () => {
  let app: NestFastifyApplication;
  const tenant = uniqueId('queued');
  const consumer = uniqueId('queued-consumer');
  const row = (id: string, offset: string): EventRow => {
    const event = { ...EXAMPLE_EVENTS['csc.contact.received'], id, tenant, subject: 'C9', source: `urn:la:999:${tenant}` };
    return { offset, event, practiceAt: Date.parse(event.time), practiceDate: event.time.slice(0, 10), recordedAt: Date.now() } as EventRow;
  };
  const counts = async () => {
    const db = app.get(DataSource);
    const [{ events }] = await db.query('SELECT count(*)::int AS events FROM case_events WHERE tenant = $1', [tenant]);
    const [{ applied }] = await db.query('SELECT count(*)::int AS applied FROM applied_offsets WHERE consumer = $1', [consumer]);
    // The worker may already have evaluated and removed it: count both ways a child shows it was queued.
    const [{ queued }] = await db.query(
      `SELECT (SELECT count(*) FROM children_to_evaluate WHERE tenant = $1)::int + (SELECT count(*) FROM deadlines WHERE tenant = $1)::int AS queued`,
      [tenant],
    );
    return { events, applied, queued };
  };

  beforeAll(async () => {
    app = await startAlerting();
  });

  afterAll(async () => {
    await app.close();
  });

  it('stores nothing and queues nothing when the transaction fails after queueing', async () => {
    const failing: WithinApply = { withinApply: async () => Promise.reject(new Error('crash after queueing')) };
    const writer = app.get(EventStoreWriter);
    const tracker = app.get(QueueChildrenToEvaluate);
    await expect(writer.apply(consumer, 'test-topic', 0, '0', [row(uniqueId('e'), '0')], [tracker, failing])).rejects.toThrow('crash after queueing');
    expect(await counts()).toEqual({ events: 0, applied: 0, queued: 0 });
    await writer.apply(consumer, 'test-topic', 0, '0', [row(uniqueId('e'), '0')], [tracker]);
    expect(await counts()).toEqual({ events: 1, applied: 1, queued: 1 });
  });

  it('keeps a waiting child from the workers until the transaction that queued it again commits', async () => {
    const db = app.get(DataSource);
    const child = { tenant, subject: uniqueId('C') };
    // Waiting already (a raw insert wakes no worker).
    await db.query('INSERT INTO children_to_evaluate (tenant, subject) VALUES ($1, $2)', [child.tenant, child.subject]);
    const consumer = db.createQueryRunner();
    await consumer.connect();
    await consumer.startTransaction();
    try {
      // As the consumer does with a batch's new events for the child, before it commits.
      await app.get(EvaluationQueue).add([child], consumer.manager);
      // What a worker would take now: if it could take the child, it would read its events
      // without the batch's and nothing would be left waiting for them.
      const takeable = await db.query('SELECT subject FROM children_to_evaluate WHERE tenant = $1 AND subject = $2 FOR UPDATE SKIP LOCKED', [
        child.tenant,
        child.subject,
      ]);
      expect(takeable).toEqual([]);
    } finally {
      await consumer.commitTransaction();
      await consumer.release();
    }
  });
});
