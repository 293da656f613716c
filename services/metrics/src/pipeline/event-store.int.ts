import { TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

function visit(tenant: string, subject: string, extra: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: uniqueId('ev'),
    source: 'urn:la:999:test',
    type: 'csc.visit.completed',
    time: '2026-11-02T10:00:00Z',
    subject,
    tenant,
    recordedtime: '2026-11-02T12:00:00Z',
    data: { visitId: uniqueId('V'), kind: 'cp', seen: true },
    ...extra,
  };
}

jest.setTimeout(90_000);

describe('metrics event store: exactly-once effect and dead letters', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'metrics-test-producer' });
  const producer = new BatchingPublisher(kafka);
  const dlq = new TopicReader(TOPICS.caseEventsDlq);
  let app: NestFastifyApplication;
  const group = uniqueId('metrics-eo');
  const tenant = uniqueId('t');
  const subject = 'C900001';

  const send = (events: unknown[]) =>
    producer.publish(
      TOPICS.caseEvents,
      events.map((e) => ({ key: caseEventKey(tenant, subject), value: typeof e === 'string' ? e : JSON.stringify(e) })),
    );
  const rows = async () =>
    (await app.get(DataSource).query('SELECT event_id, retracted_at FROM case_events WHERE tenant = $1 ORDER BY event_id', [tenant])) as {
      event_id: string;
      retracted_at: Date | null;
    }[];

  beforeAll(async () => {
    app = await startMetrics({ METRICS_CONSUMER_GROUP: group });
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
    await dlq.close();
  });

  it('stores an event once however often Kafka carries it, and dead-letters what it cannot use', async () => {
    const mark = await dlq.mark();
    const a = visit(tenant, subject);
    const b = visit(tenant, subject);
    await send([a, a, 'not json {', { ...b, data: { kind: 'weekly' } }, b, a]);
    await waitFor(async () => (await rows()).length === 2 || undefined, { what: 'two events stored' });

    // Dead-lettering is at least once (a retried batch may send one twice): count by source offset.
    const dead = await waitFor(async () => {
      const found = await dlq.readSince(mark, (m) => m.key === caseEventKey(tenant, subject));
      const bySource = new Map(found.map((m) => [m.headers.offset, m]));
      return bySource.size >= 2 ? [...bySource.values()] : undefined;
    });
    expect(dead).toHaveLength(2);
    expect(dead.map((m) => m.headers['source-topic'])).toEqual([TOPICS.caseEvents, TOPICS.caseEvents]);
    expect(dead[0].value).toBe('not json {');
    expect(dead[0].headers.error).toBe('value is not JSON');
    expect(dead[1].headers.error).toContain('/data');
    expect(Number(dead[1].headers.offset)).toBeGreaterThan(Number(dead[0].headers.offset));
    expect((await rows()).map((r) => r.event_id).sort()).toEqual([a.id, b.id].sort());
  });

  it('records a retraction as the moment the event stopped counting', async () => {
    const c = visit(tenant, subject);
    await send([c, { ...visit(tenant, subject), type: 'csc.event.retracted', data: { id: c.id }, recordedtime: '2026-11-20T09:00:00Z' }]);
    await waitFor(async () => (await rows()).find((r) => r.event_id === c.id && r.retracted_at) ?? undefined, {
      what: 'retraction applied',
    });
    const retracted = (await rows()).find((r) => r.event_id === c.id);
    expect(retracted?.retracted_at?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('applies nothing twice after a restart of the same consumer group', async () => {
    const before = await rows();
    await app.close();
    app = await startMetrics({ METRICS_CONSUMER_GROUP: group });
    const d = visit(tenant, subject);
    await send([d]);
    await waitFor(async () => (await rows()).length === before.length + 1 || undefined, { what: 'new event after restart', timeoutMs: 60_000 });
    expect((await rows()).map((r) => r.event_id).sort()).toEqual([...before.map((r) => r.event_id), d.id].sort());
  });
});
