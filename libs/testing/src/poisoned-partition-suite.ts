import { DLQ_HEADERS, TOPICS, caseEventKey } from '@casewatch/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { uniqueId, waitFor } from './test-env';
import { TopicReader } from './topic-reader';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export interface PoisonedPartitionSuite {
  service: string;
  /** A child id of the suite's own. */
  subject: string;
  /** The service started with this consumer group. */
  start: (group: string) => Promise<NestFastifyApplication>;
}

/**
 * Another producer than ingestion (nothing stops one) publishes events PostgreSQL cannot store
 * between good events of the same child: the partition must keep flowing. The same for every
 * service that follows the case events.
 */
export function describePoisonedPartition(s: PoisonedPartitionSuite): void {
  describe(`${s.service}: a poisoned partition keeps flowing`, () => {
    // A plain kafkajs producer: another producer than ingestion, as in the story.
    const kafka = new Kafka({ brokers: BROKERS, clientId: `${s.service}-poison-test`, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const source = new TopicReader(TOPICS.caseEvents);
    const dlq = new TopicReader(TOPICS.caseEventsDlq);
    const tenant = uniqueId('poison');
    const subject = s.subject;
    const key = caseEventKey(tenant, subject);
    const group = uniqueId('poison-group');
    let app: NestFastifyApplication;

    const visit = (visitId: string, time = '2026-11-02T10:00:00Z') => ({
      specversion: '1.0',
      id: uniqueId('ev'),
      source: 'urn:la:999:test',
      type: 'csc.visit.completed',
      time,
      subject,
      tenant,
      recordedtime: '2026-11-02T12:00:00Z',
      data: { visitId, kind: 'cp', seen: true },
    });
    const publish = (values: string[]) => producer.send({ topic: TOPICS.caseEvents, messages: values.map((value) => ({ key, value })) });
    const stored = async (): Promise<string[]> =>
      ((await app.get(DataSource).query('SELECT event_id FROM case_events WHERE tenant = $1', [tenant])) as { event_id: string }[]).map((r) => r.event_id);

    beforeAll(async () => {
      await producer.connect();
      app = await s.start(group);
    });

    afterAll(async () => {
      await app.close();
      await producer.disconnect();
      await source.close();
      await dlq.close();
    });

    it('dead-letters events with a lone surrogate, a NUL or a date PostgreSQL refuses, with the reason, and applies the good ones around them', async () => {
      const sourceMark = await source.mark();
      const dlqMark = await dlq.mark();
      const before = visit(uniqueId('V'));
      // JSON.stringify writes a lone surrogate as the escape "\ud800", a NUL as "\u0000".
      const surrogate = visit('V\ud800');
      const nul = visit('V\u00001');
      const yearZero = visit(uniqueId('V'), '0000-06-01T10:00:00Z');
      const between = visit(uniqueId('V'));
      const after = visit(uniqueId('V'));
      const poisoned = [surrogate, nul, yearZero].map((e) => JSON.stringify(e));
      expect(poisoned[0]).toContain('\\ud800');
      expect(poisoned[1]).toContain('\\u0000');
      // One produce request: the consumer meets them in one batch.
      await publish([JSON.stringify(before), poisoned[0], poisoned[1], JSON.stringify(between), poisoned[2]]);
      await publish([JSON.stringify(after)]);

      const sent = await waitFor(async () => {
        const found = await source.readSince(sourceMark, (m) => m.key === key);
        return found.length === 6 ? found : undefined;
      });
      const poisonedAt = sent.filter((m) => poisoned.includes(m.value ?? ''));
      expect(poisonedAt).toHaveLength(3);
      const last = sent[sent.length - 1];
      expect(last.value).toBe(JSON.stringify(after));

      // This app's consumer (the test database is shared with other runs' consumers) passes them all.
      const consumerDown: unknown[] = [];
      await waitFor(
        async () => {
          const ready = await app.inject({ url: '/health/ready' });
          if (ready.statusCode !== 200 && ready.json().error?.consumer) consumerDown.push(ready.json().error.consumer);
          const [applied]: { next_offset: string }[] = await app
            .get(DataSource)
            .query('SELECT next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3', [group, TOPICS.caseEvents, last.partition]);
          return (applied && BigInt(applied.next_offset) > BigInt(last.offset)) || undefined;
        },
        { what: 'the consumer past the poisoned events and the good ones after them', timeoutMs: 45_000 },
      );
      expect((await stored()).sort()).toEqual([before.id, between.id, after.id].sort());

      // Dead-lettering is at least once (a batch tried again may send one twice): one per source offset.
      const dead = await waitFor(async () => {
        const found = await dlq.readSince(dlqMark, (m) => m.key === key);
        const bySource = new Map(found.map((m) => [m.headers[DLQ_HEADERS.offset], m]));
        return bySource.size >= 3 ? [...bySource.values()].sort((a, b) => Number(a.headers.offset) - Number(b.headers.offset)) : undefined;
      });
      expect(dead.map((m) => [m.value, m.headers[DLQ_HEADERS.sourceTopic], m.headers[DLQ_HEADERS.partition], m.headers[DLQ_HEADERS.offset]])).toEqual(
        poisonedAt.map((m) => [m.value, TOPICS.caseEvents, String(m.partition), m.offset]),
      );
      // The first two the consumer's own validation refuses (other runs' consumers on the shared topic
      // may word it otherwise); year 0 the schema allows (today) and PostgreSQL refuses: the store
      // sets it aside. Should the schema come to refuse it, the reason names the field.
      expect(dead[0].headers[DLQ_HEADERS.error]).toMatch(/lone (UTF-16 )?surrogate/);
      expect(dead[1].headers[DLQ_HEADERS.error]).toMatch(/U\+0000/);
      expect(dead[2].headers[DLQ_HEADERS.error]).toMatch(/^PostgreSQL 22008: date\/time field value out of range|^\/time: /);

      expect(consumerDown).toEqual([]);
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    });
  });
}
