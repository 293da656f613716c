import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, postEvents, startIngestion, visitEvent } from './testing/ingestion-harness';

describe('ingestion health, metrics and docs', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startIngestion();
  });
  afterAll(() => app.close());

  it('is live, and ready once Postgres, Redis, Kafka and the topics answer', async () => {
    expect((await app.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(ready.json().details).sort()).toEqual(['kafka', 'postgres', 'redis', 'topics']);
  });

  it('counts accepted and duplicate events for Prometheus', async () => {
    const tenant = await createTenant(app);
    const event = visitEvent(tenant);
    await postEvents(app, event);
    await postEvents(app, event);
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/^casewatch_events_accepted_total\{service="ingestion"\} [1-9]/m);
    expect(text).toMatch(/^casewatch_events_duplicate_total\{service="ingestion"\} [1-9]/m);
    expect(text).toContain('casewatch_publish_duration_seconds_bucket');
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('serves its OpenAPI description at /docs', async () => {
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
    const doc = (await app.inject({ url: '/docs-json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/tenants/{tenant}']));
  });
});
