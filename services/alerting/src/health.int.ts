import { TEST_ENV, waitFor } from '@casewatch/testing';
import { startAlerting } from './testing/alerting-harness';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildAlertingApp } from './bootstrap';
import { loadAlertingConfig } from './config';

describe('alerting service health', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startAlerting();
  });
  afterAll(() => app.close());

  it('is live, ready once Postgres, Redis, Kafka, the topics and its consumer group answer, and serves /metrics and /docs', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await waitFor(async () => {
      const res = await app.inject({ url: '/health/ready' });
      return res.statusCode === 200 ? res : undefined;
    });
    expect(Object.keys(ready.json().details).sort()).toEqual(['consumer', 'kafka', 'postgres', 'redis', 'topics']);
    expect((await app.inject({ url: '/metrics' })).body).toContain('service="alerting"');
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('reports not ready, naming the part, when Redis cannot be reached', async () => {
    const broken = await buildAlertingApp(loadAlertingConfig({ ...TEST_ENV, REDIS_URL: 'redis://127.0.0.1:1' }));
    await broken.init();
    try {
      const ready = await broken.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    } finally {
      await broken.close();
    }
  });
});
