import { metricKey, TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import { londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('live figures: SSE stream and csc.metrics.v1', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'live-test' });
  const producer = new BatchingPublisher(kafka);
  const metricsTopic = new TopicReader(TOPICS.metrics);
  const tenant = uniqueId('live');
  let app: NestFastifyApplication;
  let url: string;
  const abort = new AbortController();

  beforeAll(async () => {
    app = await startMetrics({ METRICS_TOPIC: 'true' });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    await producer.publish(TOPICS.tenants, [
      { key: tenant, value: JSON.stringify({ tenant, name: 'Live', nation: 'england', population0to17: 1000, updatedAt: '2026-11-01T00:00:00Z' }) },
    ]);
    await waitFor(
      async () => (await fetch(`${url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers: { authorization: 'Bearer dev-admin' } })).status === 200,
      {
        what: 'tenant known to metrics',
      },
    );
  });

  afterAll(async () => {
    abort.abort();
    await app.close();
    await producer.disconnect();
    await metricsTopic.close();
  });

  it('sends a changed figure to SSE clients and to the compacted metrics topic', async () => {
    const res = await fetch(`${url}/v1/tenants/${tenant}/stream`, { headers: { authorization: 'Bearer dev-admin' }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return pattern.test(text);
    };
    expect(await readUntil(/: connected/)).toBe(true);

    const mark = await metricsTopic.mark();
    const now = new Date();
    const event = {
      specversion: '1.0',
      id: uniqueId('k'),
      source: `urn:la:999:${tenant}`,
      type: 'csc.contact.received',
      time: now.toISOString(),
      subject: 'C77',
      tenant,
      data: { contactId: 'K77' },
    };
    await producer.publish(TOPICS.caseEvents, [{ key: caseEventKey(tenant, 'C77'), value: JSON.stringify(event) }]);

    expect(await readUntil(/event: metric\ndata: \{"metricId":"contacts\.received"[^\n]*"value":1/)).toBe(true);
    expect(await readUntil(/event: queue\ndata: \{"queueId":"contacts-awaiting-decision","size":1\}/)).toBe(true);

    const period = londonDateOf(now.getTime()).slice(0, 7);
    const key = metricKey(tenant, 'contacts.received', 'la', period);
    const published = await waitFor(async () => {
      const found = await metricsTopic.readSince(mark, (m) => m.key === key);
      return found.length > 0 ? found : undefined;
    });
    expect(JSON.parse(published[published.length - 1].value as string)).toMatchObject({ tenant, metricId: 'contacts.received', value: 1, period });
  });
});
