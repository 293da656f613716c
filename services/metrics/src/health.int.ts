import { TEST_ENV } from '@casewatch/testing';
import { startMetrics } from './testing/metrics-harness';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildMetricsApp } from './bootstrap';
import { loadMetricsConfig } from './config';

describe('metrics service health', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startMetrics();
  });
  afterAll(() => app.close());

  it('is live, ready once Postgres, Redis, Kafka, the topics and its consumer group answer, and serves /metrics and /docs', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(ready.json().details).sort()).toEqual(['consumer', 'kafka', 'postgres', 'redis', 'topics']);
    expect((await app.inject({ url: '/metrics' })).body).toContain('service="metrics"');
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('reports not ready, naming the part, when Redis cannot be reached', async () => {
    const broken = await buildMetricsApp(loadMetricsConfig({ ...TEST_ENV, REDIS_URL: 'redis://127.0.0.1:1' }));
    await broken.init();
    try {
      const ready = await broken.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
      expect(ready.json().detail).toMatch(/^not ready: .*redis/);
    } finally {
      await broken.close();
    }
  });
});
