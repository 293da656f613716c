import { TOPICS, type MetricValue } from '@casewatch/contracts';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { MetricTopic } from './metric-topic';

const value = (v: number, first = v): MetricValue => ({
  metricId: 'contacts.received',
  title: 'Contacts received',
  unit: 'count',
  period: '2026-09',
  scope: 'team:T1',
  value: v,
  numerator: null,
  denominator: null,
  polarity: 'info',
  target: null,
  rag: null,
  direction: 'up',
  trend: 'neutral',
  firstReported: first,
  revised: first !== v,
  asOf: new Date().toISOString(),
});

/** The gate to csc.metrics.v1: changed values only, a second apart per key, finals once, across restarts. */
describe('metric topic gate', () => {
  const reader = new TopicReader(TOPICS.metrics);
  const tenant = uniqueId('gate');
  const key = `${tenant}:contacts.received:team:T1:2026-09`;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startMetrics({ METRICS_TOPIC: 'true' });
  });

  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  const sent = async (mark: Map<number, string>, count: number) =>
    waitFor(async () => {
      const found = await reader.readSince(mark, (m) => m.key === key);
      return found.length >= count ? found : undefined;
    });

  it('publishes a changed value, holds the next one for a second, and skips what did not change', async () => {
    const topic = app.get(MetricTopic);
    const mark = await reader.mark();
    expect(await topic.offer(tenant, [value(1)])).toHaveLength(1);
    const held = Date.now();
    // Changed, so streamed; held for the topic.
    expect(await topic.offer(tenant, [value(2)])).toHaveLength(1);
    expect(await topic.offer(tenant, [value(3)])).toHaveLength(1);
    const messages = await sent(mark, 2);
    expect(Date.now() - held).toBeGreaterThanOrEqual(900);
    // Only the latest held value goes out, a second after the first.
    expect(messages.map((m) => JSON.parse(m.value as string).value)).toEqual([1, 3]);
    expect(messages.map((m) => m.headers.figure)).toEqual(['live', 'live']);
    expect(await topic.offer(tenant, [value(3)])).toHaveLength(0);
  });

  it('after a restart, publishes nothing unchanged; a final once, then revisions', async () => {
    await app.close();
    app = await startMetrics({ METRICS_TOPIC: 'true' });
    const topic = app.get(MetricTopic);
    const mark = await reader.mark();
    expect(await topic.offer(tenant, [value(3)])).toHaveLength(0);
    // The cut-off passed: the same value is published once more, as the final.
    expect(await topic.offer(tenant, [value(3)], true)).toHaveLength(1);
    expect(await topic.offer(tenant, [value(3)], true)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await topic.offer(tenant, [value(4, 3)], true)).toHaveLength(1);
    const messages = await sent(mark, 2);
    expect(messages.map((m) => [m.headers.figure, JSON.parse(m.value as string).value])).toEqual([
      ['final', 3],
      ['revision', 4],
    ]);
    expect(await topic.isFinal(tenant, '2026-09', 'team:T1', ['contacts.received'])).toBe(true);
  });
});
