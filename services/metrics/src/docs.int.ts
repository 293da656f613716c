import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { operationsWithoutSchemas, unresolvedRefs } from '@casewatch/service-kit';
import { startMetrics } from './testing/metrics-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('metrics OpenAPI at /docs-json', () => {
  let app: NestFastifyApplication;
  let doc: Json;

  beforeAll(async () => {
    app = await startMetrics();
    const res = await app.inject({ url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 whose $refs all resolve', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(unresolvedRefs(doc)).toEqual([]);
  });

  it('gives every body a schema', () => {
    expect(operationsWithoutSchemas(doc)).toEqual([]);
  });

  it('names the schema of each event of the SSE stream', () => {
    const ok = doc.paths['/v1/tenants/{tenant}/stream'].get.responses['200'];
    expect(JSON.stringify(ok.content['text/event-stream'].schema)).toContain('#/components/schemas/MetricStreamEvent');
    expect(JSON.stringify(ok.content['text/event-stream'].schema)).toContain('#/components/schemas/QueueStreamEvent');
  });

  it('answers each figure and queue route with its contract, and errors with problem+json', () => {
    const get = (path: string) => doc.paths[path].get.responses;
    const json = (path: string) => get(path)['200'].content['application/json'].schema;
    expect(json('/v1/tenants/{tenant}/metrics')).toEqual(ref('MetricList'));
    expect(doc.components.schemas.MetricList.properties.items).toEqual({ type: 'array', items: ref('MetricValue') });
    expect(json('/v1/tenants/{tenant}/metrics/{metricId}')).toEqual(ref('MetricWithHistory'));
    expect(json('/v1/tenants/{tenant}/metrics/{metricId}/cases')).toEqual(ref('MetricCases'));
    expect(json('/v1/tenants/{tenant}/queues/{queueId}')).toEqual(ref('QueueList'));
    for (const status of ['400', '401', '403', '404', '429']) {
      expect(get('/v1/tenants/{tenant}/metrics')[status].content).toEqual({ 'application/problem+json': { schema: ref('Problem') } });
    }
  });
});
