import { DLQ_HEADERS, EXAMPLE_EVENTS, TOPICS, caseEventKey } from '@casewatch/contracts';
import { CaseEventsConsumer, EventStoreWriter, type EventRow, type SetAsideRow, type WithinApply } from '@casewatch/event-store';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, type EntityManager } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

jest.setTimeout(90_000);

/** A write that fails in PostgreSQL with this SQLSTATE, as a projection's or a lost race's would. */
const raise = (m: EntityManager, sqlstate: string) => m.query(`DO $$ BEGIN RAISE EXCEPTION 'test failure' USING ERRCODE = '${sqlstate}'; END $$`);

/**
 * What the store sets aside and what it retries: only a failure the rows' own values cause
 * (a data exception) is set aside; a serialization failure, a lost connection… are retried.
 */
describe('event store: setting aside what PostgreSQL refuses, retrying the rest', () => {
  let app: NestFastifyApplication;
  const tenant = uniqueId('isolate');
  const row = (offset: string, contactId = uniqueId('K')): EventRow => {
    const event = { ...EXAMPLE_EVENTS['csc.contact.received'], id: uniqueId('e'), tenant, subject: 'C9', data: { contactId } };
    return { offset, event, practiceAt: Date.parse(event.time), practiceDate: event.time.slice(0, 10), recordedAt: Date.now() } as EventRow;
  };
  const batch = (rows: EventRow[]) => ({ topic: 'test-topic', partition: 0, lastOffset: rows[rows.length - 1].offset, rows });
  const storedIds = async () =>
    ((await app.get(DataSource).query('SELECT event_id FROM case_events WHERE tenant = $1', [tenant])) as { event_id: string }[]).map((r) => r.event_id).sort();
  const nextOffset = async (consumer: string) =>
    ((await app.get(DataSource).query('SELECT next_offset FROM applied_offsets WHERE consumer = $1', [consumer])) as { next_offset: string }[])[0]?.next_offset;

  beforeAll(async () => {
    app = await startMetrics();
  });

  afterAll(async () => {
    await app.close();
  });

  it('sets aside the rows PostgreSQL refuses (a lone surrogate, a NUL) and stores the others with the offset, in one transaction', async () => {
    const writer = app.get(EventStoreWriter);
    const consumer = uniqueId('isolate-consumer');
    // Past the consumer's own validation, as a producer's other bug might bring them.
    const rows = [row('10'), row('11', 'K\ud800'), row('12'), row('13', 'K\u00001'), row('14')];
    // One transaction for the batch: PostgreSQL refuses it whole.
    await expect(writer.applyAll(consumer, [batch(rows)])).rejects.toMatchObject({ code: '22P02' });
    expect(await storedIds()).toEqual([]);

    const told: SetAsideRow[][] = [];
    // A write that goes with each event (as a projection's does): one marker row per event.
    const hook: WithinApply = {
      withinApply: async (m, r) => {
        for (const x of r)
          await m.query(`INSERT INTO applied_offsets (consumer, topic, partition, next_offset) VALUES ($1, 'marker', 0, 0)`, [`${consumer}:${x.offset}`]);
      },
    };
    const result = await writer.applyIsolating(consumer, batch(rows), [hook], async (s) => void told.push(s));
    expect(told).toHaveLength(1);
    expect(told[0].map((s) => [s.row.offset, s.reason])).toEqual([
      ['11', 'PostgreSQL 22P02: invalid input syntax for type json (Unicode low surrogate must follow a high surrogate.)'],
      ['13', 'PostgreSQL 22P05: unsupported Unicode escape sequence (\\u0000 cannot be converted to text.)'],
    ]);
    expect(result.inserted).toBe(3);
    expect(result.applied.map((r) => r.offset)).toEqual(['10', '12', '14']);
    expect(await storedIds()).toEqual([rows[0], rows[2], rows[4]].map((r) => r.event.id).sort());
    expect(await nextOffset(consumer)).toBe('15');
    // The writes that went with the refused rows were rolled back with them.
    const markers: { consumer: string }[] = await app
      .get(DataSource)
      .query(`SELECT consumer FROM applied_offsets WHERE consumer LIKE $1 || ':%' ORDER BY 1`, [consumer]);
    expect(markers.map((x) => x.consumer)).toEqual(['10', '12', '14'].map((o) => `${consumer}:${o}`));
  });

  it('sets aside an event that a write going with it cannot apply (a data exception), and applies the others', async () => {
    const writer = app.get(EventStoreWriter);
    const consumer = uniqueId('isolate-consumer');
    const rows = [row('0'), row('1', 'unappliable'), row('2')];
    const projection: WithinApply = {
      withinApply: async (m, r) => {
        if (r.some((x) => (x.event.data as { contactId: string }).contactId === 'unappliable')) await raise(m, '22023');
      },
    };
    const told: SetAsideRow[] = [];
    const result = await writer.applyIsolating(consumer, batch(rows), [projection], async (s) => void told.push(...s));
    expect(told.map((s) => [s.row.offset, s.reason])).toEqual([['1', 'PostgreSQL 22023: test failure']]);
    expect(result.applied.map((r) => r.offset)).toEqual(['0', '2']);
    expect(await storedIds()).toEqual(expect.arrayContaining([rows[0].event.id, rows[2].event.id]));
    expect(await storedIds()).not.toContain(rows[1].event.id);
  });

  it.each(['40001', '40P01', '57014', '08006'])(
    'throws a transient failure (%s): nothing stored, nothing set aside, and the batch applies when tried again',
    async (sqlstate) => {
      const writer = app.get(EventStoreWriter);
      const consumer = uniqueId('isolate-consumer');
      const rows = [row('0'), row('1')];
      let failures = 1;
      const flaky: WithinApply = {
        withinApply: async (m) => {
          if (failures-- > 0) await raise(m, sqlstate);
        },
      };
      const setAside = jest.fn(async () => undefined);
      await expect(writer.applyIsolating(consumer, batch(rows), [flaky], setAside)).rejects.toMatchObject({ code: sqlstate });
      expect(setAside).not.toHaveBeenCalled();
      expect(await nextOffset(consumer)).toBeUndefined();
      expect(await storedIds()).not.toContain(rows[0].event.id);

      await writer.applyIsolating(consumer, batch(rows), [flaky], setAside);
      expect(setAside).not.toHaveBeenCalled();
      expect(await storedIds()).toEqual(expect.arrayContaining(rows.map((r) => r.event.id)));
      expect(await nextOffset(consumer)).toBe('2');
    },
  );

  describe('the consumer', () => {
    const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'metrics-isolation-test' });
    const producer = new BatchingPublisher(kafka);
    const dlq = new TopicReader(TOPICS.caseEventsDlq);
    const key = caseEventKey(tenant, 'C10');
    const contact = (contactId: string) => ({ ...EXAMPLE_EVENTS['csc.contact.received'], id: uniqueId('e'), tenant, subject: 'C10', data: { contactId } });

    afterAll(async () => {
      await producer.disconnect();
      await dlq.close();
    });

    it('retries a batch whose store fails for the moment (a serialization failure) and dead-letters nothing; dead-letters an event a projection cannot apply', async () => {
      const mark = await dlq.mark();
      const marker = uniqueId('applied-by');
      let serializationFailures = 2;
      // A projection step of this app's consumer (others share the test database): it marks what it applies.
      app.get(CaseEventsConsumer).inTransaction({
        withinApply: async (m, rows) => {
          const mine = rows.filter((r) => r.event.tenant === tenant);
          if (mine.some((r) => (r.event.data as { contactId: string }).contactId === 'unappliable')) await raise(m, '22023');
          if (mine.length > 0 && serializationFailures-- > 0) await raise(m, '40001');
          for (const r of mine)
            await m.query(`INSERT INTO applied_offsets (consumer, topic, partition, next_offset) VALUES ($1, 'marker', 0, 0)`, [`${marker}:${r.event.id}`]);
        },
      });
      const appliedHere = async () =>
        ((await app.get(DataSource).query(`SELECT consumer FROM applied_offsets WHERE consumer LIKE $1 || ':%'`, [marker])) as { consumer: string }[])
          .map((r) => r.consumer.slice(marker.length + 1))
          .sort();
      const events = [contact('K1'), contact('unappliable'), contact('K2')];
      await producer.publish(
        TOPICS.caseEvents,
        events.map((e) => ({ key, value: JSON.stringify(e) })),
      );

      await waitFor(async () => ((await appliedHere()).length === 2 ? true : undefined), { what: 'the events around the failures', timeoutMs: 45_000 });
      expect(await appliedHere()).toEqual([events[0].id, events[2].id].sort());
      expect(serializationFailures).toBeLessThan(0);
      const dead = await waitFor(async () => {
        const found = await dlq.readSince(mark, (m) => m.key === key);
        return found.length > 0 ? found : undefined;
      });
      // Only the event the projection cannot apply, however often the batch was tried.
      expect(new Set(dead.map((m) => m.value))).toEqual(new Set([JSON.stringify(events[1])]));
      expect(dead[0].headers[DLQ_HEADERS.error]).toBe('PostgreSQL 22023: test failure');
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    });
  });
});
