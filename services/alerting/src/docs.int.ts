import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { operationsWithoutSchemas, unresolvedRefs } from '@casewatch/service-kit';
import { startAlerting } from './testing/alerting-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('alerting OpenAPI at /docs-json', () => {
  let app: NestFastifyApplication;
  let doc: Json;

  beforeAll(async () => {
    app = await startAlerting();
    const res = await app.inject({ url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 whose $refs all resolve and whose every body has a schema', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(unresolvedRefs(doc)).toEqual([]);
    expect(operationsWithoutSchemas(doc)).toEqual([]);
  });

  it('answers deadlines, alerts and subscriptions with their contracts', () => {
    const json = (path: string, method: string, status: string) => doc.paths[path][method].responses[status].content['application/json'].schema;
    const base = '/v1/tenants/{tenant}';
    expect(json(`${base}/deadlines`, 'get', '200')).toEqual(ref('DeadlineList'));
    expect(doc.components.schemas.DeadlineList.properties.items.items).toEqual(ref('Deadline'));
    expect(json(`${base}/alerts`, 'get', '200')).toEqual(ref('AlertList'));
    expect(json(`${base}/alerts/{alertId}/ack`, 'post', '200')).toEqual(ref('Alert'));
    expect(doc.paths[`${base}/alerts/{alertId}/ack`].post.requestBody.content['application/json'].schema).toEqual(ref('AcknowledgeRequest'));
    expect(doc.paths[`${base}/subscriptions`].post.requestBody.content['application/json'].schema).toEqual(ref('SubscriptionRequest'));
    expect(json(`${base}/subscriptions`, 'post', '201')).toEqual(ref('Subscription'));
    expect(json(`${base}/subscriptions`, 'get', '200')).toEqual(ref('SubscriptionList'));
    expect(json(`${base}/subscriptions/{id}/deliveries`, 'get', '200')).toEqual(ref('DeliveryList'));
    expect(doc.paths[`${base}/subscriptions/{id}`].delete.responses['404'].content['application/problem+json'].schema).toEqual(ref('Problem'));
  });
});
